// What `activate()` returns. Integration tests drive the extension only through its commands and this
// object (the bundle the editor loaded is a different module instance from anything a test imports).
// Types only from src/speech, src/shared and src/voices/types, so tests can import this file without pulling in vscode.
import type { SpeechState, RunInfo } from './speech/state';
import type { PreviewSnapshot, VoiceRecord } from './voices/types';

export interface StatusBarSnapshot {
  text: string;
  tooltip: string;
  /** The ThemeColor id of the background, if any (e.g. `statusBarItem.errorBackground`). */
  backgroundColor?: string;
  /** The command id a click runs. */
  command?: string;
  visible: boolean;
}

/** A notification the extension showed, with the titles of the buttons it offered. */
export interface NotificationRecord {
  severity: 'info' | 'warning' | 'error';
  message: string;
  actions: string[];
}

export interface EvolinkTtsApi {
  /** The current state of the read-aloud run. */
  readonly state: SpeechState;
  /** Facts about the current (or last) run: voice, task id, credits reserved. */
  readonly runInfo: RunInfo | undefined;
  /** Fires on every state change, in order. */
  onDidChangeState(listener: (s: SpeechState) => void): { dispose(): void };
  /** What the status bar item shows right now. */
  statusBar(): StatusBarSnapshot;
  /** Notifications shown since activation (newest last), for tests that check the offered actions. */
  notifications(): readonly NotificationRecord[];
  /** Whether the player page has had its "Start listening" click (browsers refuse sound before one). */
  readonly playerUnlocked: boolean;
  /** Number of timers, requests and polls still alive in the speech core (0 when nothing runs). */
  activeWork(): number;
  /** The voices in the extension's own list (designed here or entered by name), newest first. */
  voices(): readonly VoiceRecord[];
  /** The last voice preview: loading, waitingForClick, playing, ended, stopped or failed. */
  readonly preview: PreviewSnapshot;
}
