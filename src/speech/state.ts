// The remote work as one state union; the status bar renders it from one table (src/statusBar).
import type { ApiError } from '../api/errors';
import type { RunCost } from './cost';

/** Facts about the current run that the tooltip shows; kept beside the state, not inside each variant. */
export interface RunInfo {
  voice: string;
  languageType?: string;
  /** The task currently being waited on, if any. */
  taskId?: string;
  /** Sum of `usage.credits_reserved` over the tasks created in this run. */
  creditsReserved: number;
  /** Number of chunks in this run. */
  total: number;
  /** What the tasks this run finished cost (settled where Evolink reports it); absent before the first. */
  cost?: RunCost;
}

export type SpeechState =
  | { kind: 'idle' }
  | { kind: 'submitting'; chunk: number; total: number }
  | { kind: 'queued'; chunk: number; total: number; taskId: string }
  | { kind: 'processing'; chunk: number; total: number; taskId: string; progress: number }
  | { kind: 'downloading'; chunk: number; total: number; taskId: string }
  /** Audio is ready but the browser needs one click inside the player before it may play sound. */
  | { kind: 'waitingForClick'; chunk: number; total: number }
  | { kind: 'playing'; chunk: number; total: number }
  /** `after`: paused by evolinkTts.pauseAfter at the end of a sentence or paragraph (Pause/Resume goes on). */
  | { kind: 'paused'; chunk: number; total: number; after?: 'sentence' | 'paragraph' }
  | { kind: 'done'; total: number }
  | { kind: 'failed'; error: ApiError | Error; chunk?: number; total?: number }
  | { kind: 'cancelled' };

export type SpeechStateKind = SpeechState['kind'];

/** States in which something is running that Stop can end. */
export function isBusy(s: SpeechState): boolean {
  return s.kind !== 'idle' && s.kind !== 'done' && s.kind !== 'failed' && s.kind !== 'cancelled';
}
