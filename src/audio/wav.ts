// RIFF/WAVE parsing, byte sniffing and WAV concatenation. Pure functions on Uint8Array; no I/O.
import type { AudioFormat } from './types';

export interface WavInfo {
  /** WAVE format tag: 1 = PCM, 3 = IEEE float, 0xFFFE = extensible. */
  formatTag: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** Byte offset of the first sample in the buffer. */
  dataOffset: number;
  /** Data size the header declares (may exceed the bytes present when the file is truncated). */
  dataSize: number;
  /** Bytes of sample data actually present in the buffer (at most the declared size). */
  dataBytesPresent: number;
  /** Bytes from the first sample to the end of the buffer. */
  bytesToEnd: number;
  /** Seconds, from the declared data size. */
  durationSec: number;
}

export class WavError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavError';
  }
}

function ascii(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len && off + i < b.length; i++) s += String.fromCharCode(b[off + i]);
  return s;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** What the bytes are, from their magic numbers only (never from a URL or Content-Type). */
export function sniffAudio(b: Uint8Array): AudioFormat {
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WAVE') return 'wav';
  if (b.length >= 3 && ascii(b, 0, 3) === 'ID3') return 'mp3';
  if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0) return 'mp3';
  if (b.length >= 4 && ascii(b, 0, 4) === 'OggS') return 'ogg';
  return 'unknown';
}

export function extensionFor(format: AudioFormat): string {
  switch (format) {
    case 'wav': return '.wav';
    case 'mp3': return '.mp3';
    case 'ogg': return '.ogg';
    case 'pcm': return '.pcm';
    default: return '.bin';
  }
}

/**
 * Parses a RIFF/WAVE header by walking its chunks (LIST, fact, … are skipped; odd-sized chunks are
 * padded). Throws WavError when it is not a WAV or has no `fmt ` / `data` chunk.
 */
export function parseWav(b: Uint8Array): WavInfo {
  if (sniffAudio(b) !== 'wav') throw new WavError('not a RIFF/WAVE file');
  const dv = view(b);
  let off = 12;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataSize' | 'dataBytesPresent' | 'bytesToEnd' | 'durationSec'> | undefined;
  while (off + 8 <= b.length) {
    const id = ascii(b, off, 4);
    const size = dv.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > b.length) throw new WavError('WAV fmt chunk is too short');
      fmt = {
        formatTag: dv.getUint16(body, true),
        channels: dv.getUint16(body + 2, true),
        sampleRate: dv.getUint32(body + 4, true),
        byteRate: dv.getUint32(body + 8, true),
        blockAlign: dv.getUint16(body + 12, true),
        bitsPerSample: dv.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavError('WAV data chunk before fmt chunk');
      if (fmt.channels === 0 || fmt.sampleRate === 0 || fmt.bitsPerSample === 0) {
        throw new WavError('WAV fmt chunk has zero channels, rate or bit depth');
      }
      const toEnd = Math.max(0, b.length - body);
      const present = Math.min(size, toEnd);
      const byteRate = fmt.byteRate || (fmt.sampleRate * fmt.channels * fmt.bitsPerSample) / 8;
      return { ...fmt, dataOffset: body, dataSize: size, dataBytesPresent: present, bytesToEnd: toEnd, durationSec: size / byteRate };
    }
    off = body + size + (size % 2);
  }
  throw new WavError(fmt ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk');
}

/**
 * Sizes that services streaming a WAV write before they know the length: they mean "up to the end of the
 * file", never a real length.
 */
export const PLACEHOLDER_SIZES: readonly number[] = [0, 0x7fffffff, 0xffffffff];

/** Bytes of one sample frame (all channels), from the header; at least 1. */
export function frameBytes(info: WavInfo): number {
  return Math.max(1, info.blockAlign || Math.ceil((info.channels * info.bitsPerSample) / 8));
}

/** In a whole file: the declared data size is a placeholder or larger than what follows the header. */
export function dataRunsToEnd(info: WavInfo): boolean {
  return PLACEHOLDER_SIZES.includes(info.dataSize) || info.dataSize > info.bytesToEnd;
}

/**
 * The sample data a complete file holds, in whole frames. Call it only on bytes known to be the whole file:
 * a data size that is a placeholder, or larger than what follows the header, then means "to the end of the
 * file"; a trailing part of a frame is left out, so that nothing after it is shifted.
 */
export function wholeDataBytes(info: WavInfo): number {
  const n = dataRunsToEnd(info) ? info.bytesToEnd : info.dataSize;
  const frame = frameBytes(info);
  return n - (n % frame);
}

/** Builds a canonical 44-byte PCM WAV header. */
export function wavHeader(p: { sampleRate: number; channels: number; bitsPerSample: number; dataSize: number }): Uint8Array {
  const h = new Uint8Array(44);
  const dv = view(h);
  const put = (off: number, s: string): void => { for (let i = 0; i < s.length; i++) h[off + i] = s.charCodeAt(i); };
  const blockAlign = (p.channels * p.bitsPerSample) / 8;
  put(0, 'RIFF');
  dv.setUint32(4, 36 + p.dataSize, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  dv.setUint32(16, 16, true);
  dv.setUint16(20, 1, true);
  dv.setUint16(22, p.channels, true);
  dv.setUint32(24, p.sampleRate, true);
  dv.setUint32(28, p.sampleRate * blockAlign, true);
  dv.setUint16(32, blockAlign, true);
  dv.setUint16(34, p.bitsPerSample, true);
  put(36, 'data');
  dv.setUint32(40, p.dataSize, true);
  return h;
}

/**
 * Concatenates whole PCM WAV files into one. Every part must share format tag, rate, channels and bit depth;
 * otherwise throws a WavError naming the first mismatch.
 */
export function concatWav(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 0) throw new WavError('nothing to concatenate');
  const infos = parts.map((p, i) => {
    try {
      return parseWav(p);
    } catch (e) {
      throw new WavError(`part ${i + 1}: ${(e as Error).message}`);
    }
  });
  const first = infos[0];
  infos.forEach((w, i) => {
    if (w.formatTag !== first.formatTag || w.sampleRate !== first.sampleRate || w.channels !== first.channels ||
        w.bitsPerSample !== first.bitsPerSample) {
      throw new WavError(`part ${i + 1} is ${describe(w)} but part 1 is ${describe(first)}; cannot concatenate`);
    }
  });
  if (first.formatTag !== 1) throw new WavError(`only PCM WAV can be concatenated (format tag ${first.formatTag})`);
  // Every part is a whole file here, so a placeholder data size means "to the end", and every part is cut to
  // whole frames: a stray byte would shift all the parts after it by a byte (noise instead of speech).
  const sizes = infos.map(wholeDataBytes);
  const total = sizes.reduce((n, size) => n + size, 0);
  const out = new Uint8Array(44 + total);
  out.set(wavHeader({ sampleRate: first.sampleRate, channels: first.channels, bitsPerSample: first.bitsPerSample, dataSize: total }), 0);
  let pos = 44;
  parts.forEach((p, i) => {
    const w = infos[i];
    const n = sizes[i];
    out.set(p.subarray(w.dataOffset, w.dataOffset + n), pos);
    pos += n;
  });
  return out;
}

function describe(w: WavInfo): string {
  return `${w.sampleRate} Hz, ${w.channels} ch, ${w.bitsPerSample}-bit (tag ${w.formatTag})`;
}
