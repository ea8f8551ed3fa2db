// What audio bytes are, as read from the bytes themselves (never from a URL or a Content-Type).

export type AudioFormat = 'wav' | 'mp3' | 'ogg' | 'pcm' | 'unknown';

/** Audio bytes plus what was read from them (never from the URL or a Content-Type). */
export interface AudioData {
  bytes: Uint8Array;
  format: AudioFormat;
  /** File extension matching the sniffed bytes: `.wav`, `.mp3`, `.ogg`, `.pcm`. */
  extension: string;
  sampleRate?: number;
  channels?: number;
  bitsPerSample?: number;
  /** Seconds, computed from the WAV header where it is WAV. */
  durationSec?: number;
}
