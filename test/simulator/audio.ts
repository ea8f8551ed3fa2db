// Real speech for the simulator: eSpeak NG (WASM) WAV, plus the conversions a voice-design preview needs.
import { encodeMp3, encodeOggOpus } from './encoders';

/** eSpeak NG voice for a qwen3-tts-vd `language_type` or a voice-design `language`. */
const ESPEAK_VOICES: Record<string, string> = {
  English: 'en-us', Chinese: 'cmn', Japanese: 'ja', Korean: 'ko', French: 'fr', German: 'de', Spanish: 'es',
  Italian: 'it', Russian: 'ru', Portuguese: 'pt',
  en: 'en-us', zh: 'cmn', ja: 'ja', ko: 'ko', fr: 'fr', de: 'de', es: 'es', it: 'it', ru: 'ru', pt: 'pt',
};

/**
 * Picks the eSpeak voice: an explicit language wins; otherwise (`Auto`) the script of the text decides, and Latin
 * text uses the designed voice's language when that is a Latin-script one.
 */
export function espeakVoice(text: string, languageType?: string, voiceLanguage?: string): string {
  if (languageType && languageType !== 'Auto' && ESPEAK_VOICES[languageType]) return ESPEAK_VOICES[languageType];
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\uac00-\ud7af\u1100-\u11ff]/.test(text)) return 'ko';
  if (/[\u4e00-\u9fff]/.test(text)) return 'cmn';
  if (/[\u0400-\u04ff]/.test(text)) return 'ru';
  if (voiceLanguage && ['en', 'fr', 'de', 'es', 'it', 'pt'].includes(voiceLanguage)) return ESPEAK_VOICES[voiceLanguage];
  return 'en-us';
}

interface EspeakModule { FS: { readFile(path: string): Uint8Array } }
type EspeakFactory = (opts: { arguments: string[]; print?: (s: string) => void; printErr?: (s: string) => void }) =>
  Promise<EspeakModule>;

let factory: EspeakFactory | undefined;
function loadFactory(): EspeakFactory {
  // espeak-ng ships as an ES module; Node 20.19+ loads it through require().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  factory ??= (require('espeak-ng') as { default: EspeakFactory }).default;
  return factory;
}

const CACHE_LIMIT_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Buffer>();
let cacheBytes = 0;
let queue: Promise<unknown> = Promise.resolve();

/** Synthesizes `text` to a 22050 Hz mono 16-bit WAV. Calls run one at a time; results are cached (LRU, 64 MiB). */
export function synthesize(text: string, voice: string): Promise<Buffer> {
  const key = `${voice}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return Promise.resolve(hit);
  }
  const run = queue.then(async () => {
    const again = cache.get(key);
    if (again) return again;
    const quiet = () => undefined;
    const mod = await loadFactory()({ arguments: ['-w', 'out.wav', '-v', voice, '--', text], print: quiet, printErr: quiet });
    const wav = Buffer.from(mod.FS.readFile('out.wav'));
    cache.set(key, wav);
    cacheBytes += wav.length;
    for (const [k, v] of cache) {
      if (cacheBytes <= CACHE_LIMIT_BYTES) break;
      cache.delete(k);
      cacheBytes -= v.length;
    }
    return wav;
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Speech-like audio without eSpeak, for runs where what is said does not matter (SimulatorOptions.speechAudio):
 * a short tone per word at about 15 characters a second, a pause after each word, a longer one after sentence
 * and clause punctuation, so clips are as long as speech and have pauses where speech has them. Costs a few
 * milliseconds where eSpeak costs 0.3–1 s of CPU per chunk.
 */
export function toneSpeech(text: string, sampleRate: number): Buffer {
  const parts: Int16Array[] = [];
  const silence = (sec: number): Int16Array => new Int16Array(Math.round(sec * sampleRate));
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const tone = new Int16Array(Math.round((Array.from(word).length / 15) * sampleRate));
    for (let i = 0; i < tone.length; i++) tone[i] = Math.round(6000 * Math.sin((2 * Math.PI * 180 * i) / sampleRate));
    parts.push(tone, silence(/[.!?。！？]$/.test(word) ? 0.45 : /[,;:，；：]$/.test(word) ? 0.25 : 0.06));
  }
  if (parts.length === 0) parts.push(silence(0.1));
  const all = new Int16Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return makeWav(Buffer.from(all.buffer, all.byteOffset, all.byteLength), sampleRate);
}

export interface Pcm { sampleRate: number; channels: number; bitsPerSample: number; data: Buffer; dataOffset: number }

/** Reads the `fmt ` and `data` chunks of a RIFF/WAVE file. */
export function parseWav(wav: Buffer): Pcm {
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let off = 12;
  let fmt: { sampleRate: number; channels: number; bitsPerSample: number } | undefined;
  while (off + 8 <= wav.length) {
    const id = wav.toString('ascii', off, off + 4);
    const size = wav.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      fmt = { channels: wav.readUInt16LE(off + 10), sampleRate: wav.readUInt32LE(off + 12), bitsPerSample: wav.readUInt16LE(off + 22) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data before fmt');
      const start = off + 8;
      return { ...fmt, data: wav.subarray(start, Math.min(wav.length, start + size)), dataOffset: start };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error('WAV without data chunk');
}

/** Seconds of audio in a WAV file, from its header. */
export function wavDuration(wav: Buffer): number {
  const p = parseWav(wav);
  return p.data.length / (p.sampleRate * p.channels * (p.bitsPerSample / 8));
}

/** A canonical 44-byte-header PCM WAV. */
export function makeWav(data: Buffer, sampleRate: number, channels = 1, bitsPerSample = 16): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * (bitsPerSample / 8), 28);
  h.writeUInt16LE(channels * (bitsPerSample / 8), 32);
  h.writeUInt16LE(bitsPerSample, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** Mono 16-bit samples of a WAV as an Int16Array. */
export function samples(pcm: Pcm): Int16Array {
  const n = Math.floor(pcm.data.length / 2);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = pcm.data.readInt16LE(i * 2);
  return out;
}

/** Linear-interpolation resampling of mono 16-bit audio. */
export function resample(input: Int16Array, from: number, to: number): Int16Array {
  if (from === to) return input;
  const n = Math.max(1, Math.round((input.length * to) / from));
  const out = new Int16Array(n);
  const step = from / to;
  for (let i = 0; i < n; i++) {
    const x = i * step;
    const j = Math.floor(x);
    const a = input[Math.min(j, input.length - 1)] ?? 0;
    const b = input[Math.min(j + 1, input.length - 1)] ?? a;
    out[i] = Math.round(a + (b - a) * (x - j));
  }
  return out;
}

export function int16ToBuffer(s: Int16Array): Buffer {
  const b = Buffer.alloc(s.length * 2);
  for (let i = 0; i < s.length; i++) b.writeInt16LE(s[i], i * 2);
  return b;
}

export const CONTENT_TYPES: Record<string, string> = {
  wav: 'audio/wav', pcm: 'application/octet-stream', mp3: 'audio/mpeg', opus: 'audio/ogg',
};

/** Encodes a 22050 Hz espeak WAV as a preview clip in `format` at `sampleRate`. */
export function encodePreview(wav: Buffer, format: string, sampleRate: number): Buffer {
  const pcm = parseWav(wav);
  const s = resample(samples(pcm), pcm.sampleRate, sampleRate);
  switch (format) {
    case 'wav': return makeWav(int16ToBuffer(s), sampleRate);
    case 'pcm': return int16ToBuffer(s);
    case 'mp3': return encodeMp3(s, sampleRate);
    case 'opus': return encodeOggOpus(s, sampleRate);
    default: throw new Error(`unsupported preview format ${format}`);
  }
}
