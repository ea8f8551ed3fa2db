// Bytes → AudioData, the one reading every path applies: a download, a cached file, a voice preview, the parts
// Save Audio joins. The bytes must be the whole file (a download is decoded only once its transfer completed);
// a WAV whose header carries a streaming placeholder size gets the true sizes written in.
import type { AudioData } from './types';
import { dataRunsToEnd, extensionFor, parseWav, PLACEHOLDER_SIZES, sniffAudio, wholeDataBytes } from './wav';

export class AudioDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AudioDecodeError';
  }
}

/**
 * What the complete bytes hold. Throws AudioDecodeError when they are not audio (by their magic numbers) or are
 * a WAV without a usable `fmt ` and `data` chunk.
 *
 * Services that stream a WAV write its header before the length is known: the data size (and the RIFF size)
 * is then 0xFFFFFFFF, 0x7FFFFFFF or 0. Since these bytes are the whole file, a data size that is such a
 * placeholder, or larger than the bytes that follow, means "to the end of the file": the returned bytes are a
 * copy with the true data and RIFF sizes (a trailing part of a frame dropped), so that every later reader (the
 * cache, the player, the joiner, a saved file) sees a plain, correct WAV. Bytes that need no change are returned
 * as they are.
 */
export function decodeAudio(bytes: Uint8Array): AudioData {
  const format = sniffAudio(bytes);
  if (format === 'unknown') throw new AudioDecodeError('the bytes are not audio (no RIFF/WAVE, ID3/MPEG or OggS signature)');
  const audio: AudioData = { bytes, format, extension: extensionFor(format) };
  if (format !== 'wav') return audio;
  let info;
  try {
    info = parseWav(bytes);
  } catch (e) {
    throw new AudioDecodeError((e as Error).message);
  }
  const data = wholeDataBytes(info);
  const end = info.dataOffset + data;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riff = dv.getUint32(4, true);
  const dataToEnd = dataRunsToEnd(info);
  const riffWrong = PLACEHOLDER_SIZES.includes(riff) || riff + 8 > bytes.length;
  let out = bytes;
  if (dataToEnd || riffWrong) {
    // With the data running to the end, nothing after it belongs to another chunk: keep whole frames only.
    out = bytes.slice(0, dataToEnd ? end : bytes.length);
    const odv = new DataView(out.buffer, out.byteOffset, out.byteLength);
    if (dataToEnd) odv.setUint32(info.dataOffset - 4, data, true);
    odv.setUint32(4, out.length - 8, true);
  }
  return {
    ...audio,
    bytes: out,
    sampleRate: info.sampleRate,
    channels: info.channels,
    bitsPerSample: info.bitsPerSample,
    durationSec: data / (info.byteRate || info.sampleRate * (info.blockAlign || (info.channels * info.bitsPerSample) / 8)),
  };
}
