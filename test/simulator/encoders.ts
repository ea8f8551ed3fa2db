// Real MP3 (lamejs, pure JS) and Ogg Opus (libopus via opusscript, WASM) for voice-design previews and the mp3 fault.

interface Mp3EncoderCtor { new (channels: number, sampleRate: number, kbps: number): Mp3Encoder }
interface Mp3Encoder { encodeBuffer(left: Int16Array): Uint8Array; flush(): Uint8Array }

interface OpusScriptCtor {
  new (rate: number, channels: number, application: number): OpusEncoder;
  Application: { AUDIO: number; VOIP: number };
}
interface OpusEncoder { encode(pcm: Buffer, frameSize: number): Buffer; setBitrate(bps: number): void; delete(): void }

let mp3Ctor: Mp3EncoderCtor | undefined;
function lame(): Mp3EncoderCtor {
  if (!mp3Ctor) {
    // The package's "require" entry is an IIFE that exports nothing; load its ES module build (Node 20.19+ require(esm)).
    const esm = require.resolve('@breezystack/lamejs').replace(/lamejs\.iife\.js$/, 'lamejs.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mp3Ctor = (require(esm) as { Mp3Encoder: Mp3EncoderCtor }).Mp3Encoder;
  }
  return mp3Ctor;
}

/** MPEG audio: 8/16/22.05/24/48 kHz mono, 64 kbit/s. */
export function encodeMp3(pcm: Int16Array, sampleRate: number): Buffer {
  const enc = new (lame())(1, sampleRate, 64);
  const parts: Buffer[] = [];
  const block = 1152 * 16;
  for (let i = 0; i < pcm.length; i += block) parts.push(Buffer.from(enc.encodeBuffer(pcm.subarray(i, i + block))));
  parts.push(Buffer.from(enc.flush()));
  return Buffer.concat(parts);
}

const OPUS_RATES = [8000, 12000, 16000, 24000, 48000];

/** Ogg Opus (RFC 7845): 20 ms frames, mono, `sampleRate` one of 8/12/16/24/48 kHz. */
export function encodeOggOpus(pcm: Int16Array, sampleRate: number): Buffer {
  if (!OPUS_RATES.includes(sampleRate)) throw new Error(`Opus cannot encode at ${sampleRate} Hz`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const OpusScript = require('opusscript') as OpusScriptCtor;
  const enc = new OpusScript(sampleRate, 1, OpusScript.Application.AUDIO);
  const frame = sampleRate / 50;
  const packets: Buffer[] = [];
  try {
    enc.setBitrate(32000);
    // One extra frame so that the decoded length covers pre-skip + input (end trimming by the last granule).
    for (let i = 0; i < pcm.length + frame; i += frame) {
      const f = new Int16Array(frame);
      f.set(pcm.subarray(i, i + frame));
      packets.push(Buffer.from(enc.encode(Buffer.from(f.buffer), frame)));
    }
  } finally {
    enc.delete();
  }
  const preSkip = 312;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head.writeUInt8(1, 8);
  head.writeUInt8(1, 9);
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(sampleRate, 12);
  head.writeInt16LE(0, 16);
  head.writeUInt8(0, 18);
  const vendor = Buffer.from('evolink-simulator');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'ascii');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendor.length);

  const serial = 0x45564f4c;
  const pages: Buffer[] = [oggPage([head], 0n, serial, 0, 0x02), oggPage([tags], 0n, serial, 1, 0)];
  const total48 = BigInt(Math.round((pcm.length * 48000) / sampleRate)) + BigInt(preSkip);
  let seq = 2;
  let granule = 0n;
  for (let i = 0; i < packets.length; i += 50) {
    const group = packets.slice(i, i + 50);
    granule += BigInt(group.length * 960);
    const last = i + 50 >= packets.length;
    pages.push(oggPage(group, last ? total48 : granule, serial, seq++, last ? 0x04 : 0));
  }
  return Buffer.concat(pages);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

function oggCrc(b: Buffer): number {
  let crc = 0;
  for (const x of b) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ x) & 0xff]) >>> 0;
  return crc;
}

function oggPage(packets: Buffer[], granule: bigint, serial: number, seq: number, flags: number): Buffer {
  const lacing: number[] = [];
  for (const p of packets) {
    let n = p.length;
    while (n >= 255) {
      lacing.push(255);
      n -= 255;
    }
    lacing.push(n);
  }
  if (lacing.length > 255) throw new Error('Ogg page too large');
  const h = Buffer.alloc(27 + lacing.length);
  h.write('OggS', 0, 'ascii');
  h.writeUInt8(0, 4);
  h.writeUInt8(flags, 5);
  h.writeBigUInt64LE(granule, 6);
  h.writeUInt32LE(serial, 14);
  h.writeUInt32LE(seq, 18);
  h.writeUInt32LE(0, 22);
  h.writeUInt8(lacing.length, 26);
  lacing.forEach((l, i) => h.writeUInt8(l, 27 + i));
  const page = Buffer.concat([h, ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}
