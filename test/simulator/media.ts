// The media origin: audio files of completed tasks, no auth, 403 once expired, and the audio download faults.
import { parseWav, samples } from './audio';
import { encodeMp3 } from './encoders';
import type { Engine } from './engine';
import type { Reply } from './http';
import type { AudioFault } from './types';

const xml = (status: number, code: string, message: string): Reply => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`),
});

export function handleMedia(engine: Engine, method: string, path: string, fault?: AudioFault): Reply {
  if (method !== 'GET' && method !== 'HEAD') return xml(405, 'MethodNotAllowed', 'The specified method is not allowed');
  const file = engine.media.get(path);
  if (!file) return xml(404, 'NoSuchKey', 'The specified key does not exist.');
  if (fault === 'expired' || Date.now() >= file.expiresMs) return xml(403, 'AccessDenied', 'Request has expired');
  const headers = { 'content-type': file.contentType, 'cache-control': 'private, max-age=86400' };
  switch (fault) {
    case 'notAudio':
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: Buffer.from('<!DOCTYPE html><html><head><title>Loading</title></head><body><p>Please wait…</p></body></html>\n'),
      };
    case 'truncated':
      return { status: 200, headers, body: file.bytes, cutAt: Math.floor(file.bytes.length / 2) };
    case 'shortData':
      return { status: 200, headers, body: claimMoreData(file.bytes) };
    case 'mp3': {
      if (file.format !== 'wav') return { status: 200, headers, body: file.bytes };
      const pcm = parseWav(file.bytes);
      return { status: 200, headers: { ...headers, 'content-type': 'audio/mpeg' }, body: encodeMp3(samples(pcm), pcm.sampleRate) };
    }
    default:
      return { status: 200, headers, body: file.bytes };
  }
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
