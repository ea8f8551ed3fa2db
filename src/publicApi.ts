// What `activate()` returns. Integration tests drive the extension only through its commands and this
// object (the bundle the editor loaded is a different module instance from anything a test imports).
// Each module owns its types; this file re-exports them. Only from files without a vscode import (src/speech,
// src/voices/types, the status table, the error messages), so tests can import it without pulling in vscode.
import type { NotificationRecord } from './errorMessages';
import type { SpeechState, RunInfo } from './speech/state';
import type { PanelView } from './shared/protocol';
import type { StatusBarSnapshot } from './statusBar/table';
import type { PreviewSnapshot, VoiceRecord } from './voices/types';

export type { NotificationRecord, PanelView, StatusBarSnapshot };

/** The sentence being spoken, as document offsets and the text it covers. */
export interface HighlightRecord {
  uri: string;
  start: number;
  end: number;
  text: string;
}

/** Where reading is: the clip (0-based), the sentence in it, the page's playback position and speed. */
export interface PlaybackRecord {
  clip: number;
  sentence: number;
  currentTime: number;
  duration: number;
  rate: number;
}

export interface ChunkRecord {
  text: string;
  start: number;
  end: number;
  sentences: { start: number; end: number; textStart: number; textEnd: number }[];
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
  /**
   * Runs the button `title` of notification `index` (an index into notifications()) exactly as clicking it
   * would, and returns what its callback returned (awaited). For tests; throws if there is no such button.
   */
  runNotificationAction(index: number, title: string): Promise<unknown>;
  /** Whether the player page has had its "Start listening" click (browsers refuse sound before one). */
  readonly playerUnlocked: boolean;
  /** Number of timers, requests and polls still alive in the speech core (0 when nothing runs). */
  activeWork(): number;
  /** The highlighted sentence (undefined when nothing is highlighted). */
  highlight(): HighlightRecord | undefined;
  /** The highlight ranges drawn in the visible editors of `uri` right now. */
  highlightDrawnIn(uri: string): { start: number; end: number }[];
  /** Fires each time the highlight moves or clears. */
  onDidHighlight(listener: (h: HighlightRecord | undefined) => void): { dispose(): void };
  /** The highlighted word, inside the highlighted sentence (undefined when none is drawn). */
  wordHighlight(): HighlightRecord | undefined;
  /** The word highlight ranges drawn in the visible editors of `uri` right now. */
  wordHighlightDrawnIn(uri: string): { start: number; end: number }[];
  /** Fires each time the word highlight moves or clears. */
  onDidHighlightWord(listener: (h: HighlightRecord | undefined) => void): { dispose(): void };
  /** Playback position reports the player page sent this session (timeupdate messages), and when the last came (ms). */
  positionReports(): { count: number; lastAt: number | undefined };
  /** Where reading is in the current run. */
  readonly playback: PlaybackRecord | undefined;
  /** The source offset the next chunk will be read from (current through edits). */
  readonly readOffset: number | undefined;
  /** The chunks handed to the pipeline in the current run (offsets current through edits). */
  chunks(): ChunkRecord[];
  /** The voices in the extension's own list (designed here or entered by name), newest first. */
  voices(): readonly VoiceRecord[];
  /** The last voice preview: loading, waitingForClick, playing, ended, stopped or failed. */
  readonly preview: PreviewSnapshot;
  /**
   * Diagnostic: every message posted to the player webview this session (reading and voice previews; the
   * only webview), as JSON strings, oldest first, the last 1000 of them, and how many were posted in all.
   * Tests scan it for the API key.
   */
  webviewPosts(): { total: number; messages: readonly string[] };
  /** Whether the editor keeps the sentence being read in view (false after the user scrolled or moved away). */
  readonly following: boolean;
  /** The ranges the focus aid (`evolinkTts.focus`) dims right now, as offsets of the document being read. */
  focusDimmed(): { start: number; end: number }[];
  /** What the Read Aloud panel shows, built now from the reading's state. */
  panel(): PanelView;
  /** The view last handed to the panel (undefined before the first). */
  panelShown(): PanelView | undefined;
  /** Where the last reading of `uri` stopped, as kept in workspace state (its offset then and its words). */
  readingPosition(uri: string): { offset: number; text: string } | undefined;
  /** The "Reading stopped here" marks drawn in the visible editors of `uri` right now. */
  readingMarks(uri: string): { line: number; offset: number }[];
  /** When activate() began and returned (epoch milliseconds), for the startup measurement. */
  readonly activation: { start: number; end: number };
}
