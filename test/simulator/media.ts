// The media origin: audio files of completed tasks, no auth, 403 once expired, and the audio download faults;
// the streaming forms (placeholder WAV sizes, no Content-Length) per run or per download.
import { parseWav, samples } from './audio';
import { encodeMp3 } from './encoders';
import type { Engine } from './engine';
import type { Reply } from './http';
import { WAV_PLACEHOLDERS, type Fault } from './types';

const xml = (status: number, code: string, message: string): Reply => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`),
});

/** The run's streaming forms (options), overridden by the download's fault. */
export function handleMedia(engine: Engine, method: string, path: string, fault?: Fault): Reply {
  const reply = mediaReply(engine, method, path, fault);
  const chunked = !(fault?.contentLength ?? engine.opts.audioContentLength ?? true);
  return reply.status === 200 && chunked ? { ...reply, chunked } : reply;
}

function mediaReply(engine: Engine, method: string, path: string, f?: Fault): Reply {
  const fault = f?.audio;
  if (method !== 'GET' && method !== 'HEAD') return xml(405, 'MethodNotAllowed', 'The specified method is not allowed');
  const file = engine.media.get(path);
  if (!file) return xml(404, 'NoSuchKey', 'The specified key does not exist.');
  if (fault === 'expired' || Date.now() >= file.expiresMs) return xml(403, 'AccessDenied', 'Request has expired');
  const headers = { 'content-type': file.contentType, 'cache-control': 'private, max-age=86400' };
  const placeholder = f?.wavPlaceholder ?? file.placeholder;
  const bytes = placeholder !== undefined ? withWavSizes(file.bytes, WAV_PLACEHOLDERS[placeholder]) : file.bytes;
  switch (fault) {
    case 'notAudio':
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: Buffer.from('<!DOCTYPE html><html><head><title>Loading</title></head><body><p>Please wait…</p></body></html>\n'),
      };
    case 'truncated':
      return { status: 200, headers, body: bytes, cutAt: Math.floor(bytes.length / 2) };
    case 'shortData':
      return { status: 200, headers, body: claimMoreData(file.bytes) };
    case 'mp3': {
      if (file.format !== 'wav') return { status: 200, headers, body: file.bytes };
      const pcm = parseWav(file.bytes);
      return { status: 200, headers: { ...headers, 'content-type': 'audio/mpeg' }, body: encodeMp3(samples(pcm), pcm.sampleRate) };
    }
    default:
      return { status: 200, headers, body: bytes };
  }
}

/** A copy of a WAV whose data and RIFF sizes are both `size` (other bytes are returned as they are). */
function withWavSizes(wav: Buffer, size: number): Buffer {
  if (wav.toString('ascii', 0, 4) !== 'RIFF') return wav;
  const out = Buffer.from(wav);
  out.writeUInt32LE(size, parseWav(out).dataOffset - 4);
  out.writeUInt32LE(size, 4);
  return out;
}

/** A WAV whose header states a data size 50% larger than the bytes that follow (and a matching RIFF size). */
function claimMoreData(wav: Buffer): Buffer {
  if (wav.toString('ascii', 0, 4) !== 'RIFF') return wav.subarray(0, Math.floor(wav.length / 2));
  const out = Buffer.from(wav);
  const pcm = parseWav(out);
  const claimed = Math.floor(pcm.data.length * 1.5);
  out.writeUInt32LE(claimed, pcm.dataOffset - 4);
  out.writeUInt32LE(pcm.dataOffset - 8 + claimed, 4);
  return out;
}
