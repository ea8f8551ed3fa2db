// Plain data about voices that the extension API (src/publicApi.ts) reports. No vscode import.
import type { VoiceLanguage } from '../api/types';

export interface VoiceRecord {
  /** The full voice name Evolink returned (`result_data.voice`): what evolinkTts.voice holds. */
  name: string;
  /** What the user asked for (`preferred_name`); absent for a voice entered by name. */
  preferredName?: string;
  /** The voice description (`voice_prompt`). */
  description?: string;
  language?: VoiceLanguage;
  targetModel?: string;
  /** ISO date and time it was designed (or entered). */
  created: string;
  /** The voice-design task id. */
  taskId?: string;
  /** A file URI of the preview clip, while it is still cached. */
  previewFile?: string;
  /** How it got into the list. */
  origin: 'designed' | 'entered';
  /** ISO date and time Evolink last refused it as unknown or expired (cleared when a reading with it works). */
  rejected?: string;
}

/** Where the last voice preview is: loading, waiting for the page's "Start listening" click, playing, … */
export type PreviewState = 'idle' | 'loading' | 'waitingForClick' | 'playing' | 'paused' | 'ended' | 'stopped' | 'failed';

export interface PreviewSnapshot {
  state: PreviewState;
  /** The voice whose preview it is. */
  voice?: string;
  /** Why it failed, when it did. */
  error?: string;
}
