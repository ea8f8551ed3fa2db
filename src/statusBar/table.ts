// What the status item shows for each state: ONE table, no vscode import (the texts are unit-tested
// and integration tests compare them through EvolinkTtsApi.statusBar()).
import { Commands } from '../constants';
import type { RunCost } from '../speech/cost';
import type { PanelPhase } from '../shared/protocol';
import type { RunInfo, SpeechState, SpeechStateKind } from '../speech/state';

/** What the status bar item shows right now (EvolinkTtsApi.statusBar()). */
export interface StatusBarSnapshot {
  text: string;
  tooltip: string;
  /** The ThemeColor id of the background, if any (e.g. `statusBarItem.errorBackground`). */
  backgroundColor?: string;
  /** The command id a click runs. */
  command?: string;
  visible: boolean;
  /** The item's accessibilityInformation label (what a screen reader says). */
  accessibilityLabel?: string;
}

export type Background = 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';

export interface StatusView {
  text: string;
  /** First tooltip line; the run's facts follow it. */
  summary: string;
  /** Last tooltip line: what a click does. */
  clickHint?: string;
  command?: string;
  background?: Background;
  visible: boolean;
  /** Return to rest (hidden) this long after entering the state. */
  hideAfterMs?: number;
  /** The run is over: the tooltip gives its final cost. */
  final?: boolean;
}

type Of<K extends SpeechStateKind> = Extract<SpeechState, { kind: K }>;

/** " 2/3" for multi-part runs, nothing for a single part. */
const part = (chunk: number, total: number): string => (total > 1 ? ` ${chunk}/${total}` : '');
const partWords = (chunk: number, total: number): string => (total > 1 ? ` (part ${chunk} of ${total})` : '');

const SPIN = '$(loading~spin)';
const stopHint = 'Click to stop.';

export const STATUS_TABLE: { [K in SpeechStateKind]: (s: Of<K>) => StatusView } = {
  idle: () => ({
    text: '$(unmute) Read Aloud',
    summary: 'Evolink TTS: select text and run “Speak Selection”.',
    command: Commands.speakSelection,
    visible: false,
  }),
  submitting: (s) => ({
    text: `${SPIN} TTS: submitting${part(s.chunk, s.total)}`,
    summary: `Sending the text to Evolink${partWords(s.chunk, s.total)}…`,
    clickHint: stopHint,
    command: Commands.stop,
    visible: true,
  }),
  queued: (s) => ({
    text: `${SPIN} TTS: queued${part(s.chunk, s.total)}`,
    summary: `Waiting for Evolink to start the task${partWords(s.chunk, s.total)}…`,
    clickHint: stopHint,
    command: Commands.stop,
    visible: true,
  }),
  processing: (s) => ({
    text: `${SPIN} TTS: ${Math.round(s.progress)}%${part(s.chunk, s.total)}`,
    summary: `Evolink is synthesizing the speech${partWords(s.chunk, s.total)}: ${Math.round(s.progress)}%`,
    clickHint: stopHint,
    command: Commands.stop,
    visible: true,
  }),
  downloading: (s) => ({
    text: `${SPIN} TTS: downloading${part(s.chunk, s.total)}`,
    summary: `Downloading the audio${partWords(s.chunk, s.total)}…`,
    clickHint: stopHint,
    command: Commands.stop,
    visible: true,
  }),
  waitingForClick: (s) => ({
    text: '$(play-circle) TTS: click Start listening',
    summary: `The audio is ready${partWords(s.chunk, s.total)}. The browser plays sound only after a click: press “Start listening” in the Read Aloud panel.`,
    clickHint: 'Click to open the Read Aloud panel.',
    command: Commands.showPlayer,
    background: 'statusBarItem.warningBackground',
    visible: true,
  }),
  playing: (s) => ({
    text: `$(unmute) TTS: playing${part(s.chunk, s.total)}`,
    summary: `Playing${partWords(s.chunk, s.total)}.`,
    clickHint: stopHint,
    command: Commands.stop,
    visible: true,
  }),
  paused: (s) => ({
    text: s.after ? `$(debug-pause) TTS: paused after ${s.after}` : `$(debug-pause) TTS: paused${part(s.chunk, s.total)}`,
    summary: s.after
      ? `Paused after the ${s.after} (evolinkTts.pauseAfter). Press Ctrl+Alt+P (macOS Ctrl+Cmd+P), Pause or Resume Reading, to go on.`
      : `Paused${partWords(s.chunk, s.total)}.`,
    clickHint: s.after ? 'Click to go on.' : 'Click to resume.',
    command: Commands.pauseResume,
    visible: true,
  }),
  done: (s) => ({
    text: '$(check) TTS: done',
    summary: `Finished reading${s.total > 1 ? ` ${s.total} parts` : ''}.`,
    visible: true,
    final: true,
    hideAfterMs: 5000,
  }),
  failed: (s) => ({
    text: '$(error) TTS: failed',
    summary: `Reading aloud failed${s.total && s.total > 1 && s.chunk ? ` (part ${s.chunk} of ${s.total})` : ''}: ${s.error.message}`,
    clickHint: 'Click to show the log.',
    command: Commands.showLog,
    background: 'statusBarItem.errorBackground',
    visible: true,
    hideAfterMs: 60_000,
  }),
  cancelled: () => ({
    text: '$(circle-slash) TTS: stopped',
    summary: 'Stopped.',
    visible: true,
    hideAfterMs: 3000,
  }),
};

/** The phase a listener sees: the panel shows it, and the status bar's accessible label starts with its line. */
export function phaseOf(s: SpeechState): PanelPhase {
  switch (s.kind) {
    case 'submitting':
    case 'queued':
    case 'processing':
    case 'downloading':
      return 'preparing';
    case 'cancelled':
      return 'stopped';
    default:
      return s.kind;
  }
}

const ofParts = (chunk: number, total: number): string => (total > 1 ? ` part ${chunk} of ${total}` : '');

/**
 * One line saying what is happening, the same in the panel and in the status item's accessible label:
 * "Preparing part 1 of 4…", "Playing part 2 of 4.", "Paused at part 2 of 4.", "Done: read 4 parts."
 */
export function statusLine(s: SpeechState): string {
  switch (s.kind) {
    case 'idle':
      return 'Idle: nothing is being read.';
    case 'submitting':
    case 'queued':
    case 'processing':
    case 'downloading':
      return s.total > 1 ? `Preparing${ofParts(s.chunk, s.total)}…` : 'Preparing the speech…';
    case 'waitingForClick':
      return 'Ready: press “Start listening” in the Read Aloud panel.';
    case 'playing':
      return `Playing${ofParts(s.chunk, s.total)}.`;
    case 'paused':
      return `Paused${s.total > 1 ? ` at${ofParts(s.chunk, s.total)}` : ''}.`;
    case 'done':
      return s.total > 1 ? `Done: read ${s.total} parts.` : 'Done.';
    case 'failed':
      return `Failed${s.total && s.total > 1 && s.chunk ? ` at${ofParts(s.chunk, s.total)}` : ''}: ${s.error.message}`;
    case 'cancelled':
      return 'Stopped.';
  }
}

/** The status item's accessible label: what is happening, then what activating it does. */
export function accessibleLabel(s: SpeechState): string {
  const hint = viewFor(s).clickHint;
  return `Evolink TTS: ${statusLine(s)}${hint ? ` ${hint}` : ''}`;
}

export function viewFor(s: SpeechState): StatusView {
  return (STATUS_TABLE[s.kind] as (s: SpeechState) => StatusView)(s);
}

/** Facts the tooltip shows beside the run's: the playback speed and the account's remaining credits. */
export interface TooltipExtras {
  rate?: number;
  remainingCredits?: number;
  /** The editor stopped following the voice: the tooltip says so and offers Back to Reading. */
  followYielded?: boolean;
}

/** The full tooltip: summary, the run's facts, an optional note, what a click does. */
export function tooltipFor(view: StatusView, info: RunInfo | undefined, showFacts: boolean, note?: string, extras: TooltipExtras = {}): string {
  const lines = [view.summary];
  if (showFacts && info) {
    lines.push(`Voice: ${info.voice}`);
    if (info.languageType) lines.push(`Language: ${info.languageType}`);
    if (info.taskId) lines.push(`Task: ${info.taskId}`);
    lines.push(`Credits reserved: ${formatCredits(info.creditsReserved)}`);
    if (view.final && info.cost) lines.push(costLine(info.cost));
  }
  if (showFacts && extras.remainingCredits !== undefined) lines.push(`Credits remaining: ${formatCredits(extras.remainingCredits)}`);
  if (showFacts && extras.rate !== undefined && extras.rate !== 1) lines.push(`Speed: ${extras.rate}×`);
  if (note) lines.push(note);
  if (showFacts && extras.followYielded) lines.push('The editor stopped following the voice (you scrolled or moved the cursor away).');
  if (view.clickHint) lines.push(view.clickHint);
  return lines.join('\n');
}

/** "Final cost: …": settled figures where Evolink reported them, the reservation for the parts it did not. */
export function costLine(cost: RunCost): string {
  const n = cost.settled + cost.reservedOnly;
  const asReserved = cost.reservedOnly === 0 ? ''
    : cost.settled === 0 ? ' (as reserved: Evolink reported no final figure)'
      : ` (${cost.reservedOnly} of ${n} parts as reserved: Evolink reported no final figure for them)`;
  return `Final cost: ${formatCredits(cost.credits)} credits${asReserved}`;
}

function formatCredits(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 1000) / 1000) : '0';
}
