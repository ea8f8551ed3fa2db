// WAV to MP3 for Save Audio: mono, 64 kbit/s constant bit rate (plenty for one voice), encoded by LAME's
// JavaScript port (@breezystack/lamejs). Built as its own bundle, dist/mp3.js, and loaded by ./mp3.ts only
// when an MP3 is saved. The first frame is an "Info" frame with a LAME tag, written here because the port's
// encoder does not write one: it gives the number of frames and the encoder's delay and padding, so that
// players know the exact duration and leave out the silence the encoder adds at both ends.
import { Mp3Encoder as BundledEncoder } from '@breezystack/lamejs';
import { parseWav, wholeDataBytes, WavError } from './wav';

/** Bit rate of a saved MP3, in kbit/s. */
export const MP3_KBPS = 64;

/** Sample rates MPEG audio layer III has (MPEG-1, MPEG-2 and MPEG-2.5). */
export const MP3_RATES: readonly number[] = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

/** Samples LAME puts before the first input sample (its ENCDELAY). */
const ENCODER_DELAY = 576;

type Encoder = new (channels: number, sampleRate: number, kbps: number) => { encodeBuffer(left: Int16Array): Uint8Array; flush(): Uint8Array };

/**
 * The encoder class. Bundled by esbuild, the package's ES module build is inlined above; compiled by tsc
 * (tests), Node's `require` would pick the package's script build, which exports nothing, so its ES module
 * build is loaded instead (Node 20.19+ loads ES modules with `require`).
 */
function encoderClass(): Encoder {
  if (typeof BundledEncoder === 'function') return BundledEncoder;
  const esm = require.resolve('@breezystack/lamejs').replace(/lamejs\.iife\.js$/, 'lamejs.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  return (require(esm) as { Mp3Encoder: Encoder }).Mp3Encoder;
}

/** The WAV's samples as one mono 16-bit channel (channels averaged), and its sample rate. */
export function monoSamples(wav: Uint8Array): { samples: Int16Array; sampleRate: number } {
  const info = parseWav(wav);
  const bytes = info.bitsPerSample / 8;
  if (![1, 3, 0xfffe].includes(info.formatTag) || ![1, 2, 3, 4].includes(bytes) || (info.formatTag === 3 && bytes !== 4)) {
    throw new WavError(`WAV audio with ${info.bitsPerSample}-bit samples (format ${info.formatTag}) cannot be converted to MP3`);
  }
  const float = info.formatTag === 3;
  const dv = new DataView(wav.buffer, wav.byteOffset + info.dataOffset, wholeDataBytes(info));
  const frame = info.channels * bytes;
  const n = Math.floor(dv.byteLength / frame);
  const samples = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < info.channels; c++) {
      const at = i * frame + c * bytes;
      if (float) sum += dv.getFloat32(at, true) * 32767;
      else if (bytes === 1) sum += (dv.getUint8(at) - 128) * 256;
      else if (bytes === 2) sum += dv.getInt16(at, true);
      else if (bytes === 3) sum += ((dv.getUint8(at + 2) << 24) | (dv.getUint8(at + 1) << 16) | (dv.getUint8(at) << 8)) / 65536;
      else sum += dv.getInt32(at, true) / 65536;
    }
    samples[i] = Math.max(-32768, Math.min(32767, Math.round(sum / info.channels)));
  }
  return { samples, sampleRate: info.sampleRate };
}

/** `samples` at the nearest MPEG rate at or above `rate` (linear interpolation; as they are when `rate` is one). */
export function toMpegRate(samples: Int16Array, rate: number): { samples: Int16Array; sampleRate: number } {
  if (MP3_RATES.includes(rate)) return { samples, sampleRate: rate };
  const to = MP3_RATES.find((r) => r >= rate) ?? 48000;
  const n = Math.round((samples.length * to) / rate);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i * rate) / to;
    const j = Math.floor(x);
    const a = samples[Math.min(j, samples.length - 1)];
    const b = samples[Math.min(j + 1, samples.length - 1)];
    out[i] = Math.round(a + (b - a) * (x - j));
  }
  return { samples: out, sampleRate: to };
}

/** The bytes of a frame header: MPEG version, layer-3 frame length and samples per frame. */
export function frameInfo(h: Uint8Array, at = 0): { length: number; samples: number; sampleRate: number; mono: boolean } | undefined {
  if (h[at] !== 0xff || (h[at + 1] & 0xe0) !== 0xe0 || ((h[at + 1] >> 1) & 3) !== 1) return undefined;
  const version = (h[at + 1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  const bitrateIndex = h[at + 2] >> 4;
  const rateIndex = (h[at + 2] >> 2) & 3;
  if (version === 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const mpeg1 = version === 3;
  const kbps = (mpeg1 ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320] : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160])[bitrateIndex];
  const sampleRate = [44100, 48000, 32000][rateIndex] / (mpeg1 ? 1 : version === 2 ? 2 : 4);
  const samples = mpeg1 ? 1152 : 576;
  const padding = (h[at + 2] >> 1) & 1;
  return { length: Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding, samples, sampleRate, mono: (h[at + 3] >> 6) === 3 };
}

/** CRC-16 (polynomial 0x8005, reflected) as the LAME tag uses it. */
function crc16(b: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) {
    crc ^= b[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** The "Info" frame (Xing header of a constant bit rate file) with a LAME tag, shaped after `first`'s header. */
function infoFrame(first: Uint8Array, frames: number, audioBytes: number, inputSamples: number): Uint8Array {
  const header = Uint8Array.from(first.subarray(0, 4));
  header[1] |= 1; // no CRC
  header[2] &= ~2; // no padding
  const f = frameInfo(header);
  if (!f) throw new Error('the encoder wrote an MPEG frame this writer does not know');
  const out = new Uint8Array(f.length);
  out.set(header);
  const dv = new DataView(out.buffer);
  let at = 4 + (f.samples === 1152 ? (f.mono ? 17 : 32) : f.mono ? 9 : 17);
  const ascii = (s: string) => { for (const ch of s) out[at++] = ch.charCodeAt(0); };
  ascii('Info');
  dv.setUint32(at, 0xf); at += 4; // frames, bytes, table of contents, quality
  dv.setUint32(at, frames); at += 4;
  dv.setUint32(at, audioBytes + f.length); at += 4;
  for (let i = 0; i < 100; i++) out[at++] = Math.floor((i * 256) / 100); // constant bit rate: a straight line
  dv.setUint32(at, 50); at += 4;
  const tagStart = at;
  ascii('LAME3.100');
  out[at++] = 0x01; // tag revision 0, constant bit rate
  out[at++] = 0; // lowpass unknown
  at += 4 + 2 + 2; // peak, radio and audiophile gain: not given
  out[at++] = 0; // encoding flags, ATH type
  out[at++] = Math.min(255, MP3_KBPS);
  const padding = frames * f.samples - inputSamples - ENCODER_DELAY;
  const delays = (ENCODER_DELAY << 12) | Math.max(0, Math.min(4095, padding));
  out[at++] = delays >> 16; out[at++] = (delays >> 8) & 0xff; out[at++] = delays & 0xff;
  at += 1 + 1 + 2; // misc, MP3 gain, preset
  dv.setUint32(at, audioBytes + f.length); at += 4; // music length (the whole file)
  at += 2; // music CRC: not given
  if (at - tagStart !== 34) throw new Error('LAME tag has the wrong length');
  dv.setUint16(at, crc16(out, 0, at));
  return out;
}

/**
 * Encodes a WAV (any rate, mono or stereo, 8/16/24/32-bit or float) as a mono MP3 at 64 kbit/s, at the WAV's
 * sample rate when MPEG has it, else at the next one up. Throws WavError for audio it cannot read.
 */
export function wavToMp3(wav: Uint8Array): Uint8Array {
  const mono = monoSamples(wav);
  const { samples, sampleRate } = toMpegRate(mono.samples, mono.sampleRate);
  const encoder = new (encoderClass())(1, sampleRate, MP3_KBPS);
  const chunks: Uint8Array[] = [];
  const block = 1152 * 32;
  for (let i = 0; i < samples.length; i += block) chunks.push(Uint8Array.from(encoder.encodeBuffer(samples.subarray(i, i + block))));
  chunks.push(Uint8Array.from(encoder.flush()));
  const audio = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { audio.set(c, at); at += c.length; }
  let frames = 0;
  for (let p = 0; p + 4 <= audio.length; frames++) {
    const f = frameInfo(audio, p);
    if (!f) throw new Error(`the encoder wrote something other than an MPEG frame at byte ${p}`);
    p += f.length;
  }
  if (!frames) throw new WavError('the WAV audio has no samples to convert');
  const info = infoFrame(audio, frames, audio.length, samples.length);
  const out = new Uint8Array(info.length + audio.length);
  out.set(info);
  out.set(audio, info.length);
  return out;
}
