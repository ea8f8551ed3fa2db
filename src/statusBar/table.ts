// What the status item shows for each state: ONE table, no vscode import (the texts are unit-tested
// and integration tests compare them through EvolinkTtsApi.statusBar()). The words go through
// @vscode/l10n, configured by the host with the editor's bundle; codicons stay outside the translated text.
import * as l10n from '@vscode/l10n';
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
const partWords = (chunk: number, total: number): string => (total > 1 ? l10n.t(' (part {0} of {1})', chunk, total) : '');

const SPIN = '$(loading~spin)';
const stopHint = (): string => l10n.t('Click to stop.');

export const STATUS_TABLE: { [K in SpeechStateKind]: (s: Of<K>) => StatusView } = {
  idle: () => ({
    text: `$(unmute) ${l10n.t('Read Aloud')}`,
    summary: l10n.t('Evolink TTS: select text and run “Speak Selection”.'),
    command: Commands.speakSelection,
    visible: false,
  }),
  submitting: (s) => ({
    text: `${SPIN} ${l10n.t('TTS: submitting')}${part(s.chunk, s.total)}`,
    summary: l10n.t('Sending the text to Evolink{0}…', partWords(s.chunk, s.total)),
    clickHint: stopHint(),
    command: Commands.stop,
    visible: true,
  }),
  queued: (s) => ({
    text: `${SPIN} ${l10n.t('TTS: queued')}${part(s.chunk, s.total)}`,
    summary: l10n.t('Waiting for Evolink to start the task{0}…', partWords(s.chunk, s.total)),
    clickHint: stopHint(),
    command: Commands.stop,
    visible: true,
  }),
  processing: (s) => ({
    text: `${SPIN} ${l10n.t('TTS: {0}%', Math.round(s.progress))}${part(s.chunk, s.total)}`,
    summary: l10n.t('Evolink is synthesizing the speech{0}: {1}%', partWords(s.chunk, s.total), Math.round(s.progress)),
    clickHint: stopHint(),
    command: Commands.stop,
    visible: true,
  }),
  downloading: (s) => ({
    text: `${SPIN} ${l10n.t('TTS: downloading')}${part(s.chunk, s.total)}`,
    summary: l10n.t('Downloading the audio{0}…', partWords(s.chunk, s.total)),
    clickHint: stopHint(),
    command: Commands.stop,
    visible: true,
  }),
  waitingForClick: (s) => ({
    text: `$(play-circle) ${l10n.t('TTS: click Start listening')}`,
    summary: l10n.t('The audio is ready{0}. The browser plays sound only after a click: press “Start listening” in the Read Aloud panel.', partWords(s.chunk, s.total)),
    clickHint: l10n.t('Click to open the Read Aloud panel.'),
    command: Commands.showPlayer,
    background: 'statusBarItem.warningBackground',
    visible: true,
  }),
  playing: (s) => ({
    text: `$(unmute) ${l10n.t('TTS: playing')}${part(s.chunk, s.total)}`,
    summary: l10n.t('Playing{0}.', partWords(s.chunk, s.total)),
    clickHint: stopHint(),
    command: Commands.stop,
    visible: true,
  }),
  paused: (s) => ({
    text: s.after ? `$(debug-pause) ${l10n.t('TTS: paused after {0}', unitWord(s.after))}` : `$(debug-pause) ${l10n.t('TTS: paused')}${part(s.chunk, s.total)}`,
    summary: s.after
      ? l10n.t('Paused after the {0} (evolinkTts.pauseAfter). Press Ctrl+Alt+P (macOS Ctrl+Cmd+P), Pause or Resume Reading, to go on.', unitWord(s.after))
      : l10n.t('Paused{0}.', partWords(s.chunk, s.total)),
    clickHint: s.after ? l10n.t('Click to go on.') : l10n.t('Click to resume.'),
    command: Commands.pauseResume,
    visible: true,
  }),
  done: (s) => ({
    text: `$(check) ${l10n.t('TTS: done')}`,
    summary: s.total > 1 ? l10n.t('Finished reading {0} parts.', s.total) : l10n.t('Finished reading.'),
    visible: true,
    final: true,
    hideAfterMs: 5000,
  }),
  failed: (s) => ({
    text: `$(error) ${l10n.t('TTS: failed')}`,
    summary: l10n.t('Reading aloud failed{0}: {1}', s.total && s.total > 1 && s.chunk ? partWords(s.chunk, s.total) : '', s.error.message),
    clickHint: l10n.t('Click to show the log.'),
    command: Commands.showLog,
    background: 'statusBarItem.errorBackground',
    visible: true,
    hideAfterMs: 60_000,
  }),
  cancelled: () => ({
    text: `$(circle-slash) ${l10n.t('TTS: stopped')}`,
    summary: l10n.t('Stopped.'),
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

const ofParts = (chunk: number, total: number): string => (total > 1 ? l10n.t(' part {0} of {1}', chunk, total) : '');

/**
 * One line saying what is happening, the same in the panel and in the status item's accessible label:
 * "Preparing part 1 of 4…", "Playing part 2 of 4.", "Paused at part 2 of 4.", "Done: read 4 parts."
 */
export function statusLine(s: SpeechState): string {
  switch (s.kind) {
    case 'idle':
      return l10n.t('Idle: nothing is being read.');
    case 'submitting':
    case 'queued':
    case 'processing':
    case 'downloading':
      return s.total > 1 ? l10n.t('Preparing{0}…', ofParts(s.chunk, s.total)) : l10n.t('Preparing the speech…');
    case 'waitingForClick':
      return l10n.t('Ready: press “Start listening” in the Read Aloud panel.');
    case 'playing':
      return l10n.t('Playing{0}.', ofParts(s.chunk, s.total));
    case 'paused':
      return s.total > 1 ? l10n.t('Paused at{0}.', ofParts(s.chunk, s.total)) : l10n.t('Paused.');
    case 'done':
      return s.total > 1 ? l10n.t('Done: read {0} parts.', s.total) : l10n.t('Done.');
    case 'failed':
      return s.total && s.total > 1 && s.chunk ? l10n.t('Failed at{0}: {1}', ofParts(s.chunk, s.total), s.error.message) : l10n.t('Failed: {0}', s.error.message);
    case 'cancelled':
      return l10n.t('Stopped.');
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
    lines.push(l10n.t('Voice: {0}', info.voice));
    if (info.languageType) lines.push(l10n.t('Language: {0}', info.languageType));
    if (info.taskId) lines.push(l10n.t('Task: {0}', info.taskId));
    lines.push(l10n.t('Credits reserved: {0}', formatCredits(info.creditsReserved)));
    if (view.final && info.cost) lines.push(costLine(info.cost));
  }
  if (showFacts && extras.remainingCredits !== undefined) lines.push(l10n.t('Credits remaining: {0}', formatCredits(extras.remainingCredits)));
  if (showFacts && extras.rate !== undefined && extras.rate !== 1) lines.push(l10n.t('Speed: {0}×', extras.rate));
  if (note) lines.push(note);
  if (showFacts && extras.followYielded) lines.push(l10n.t('The editor stopped following the voice (you scrolled or moved the cursor away).'));
  if (view.clickHint) lines.push(view.clickHint);
  return lines.join('\n');
}

/** "Final cost: …": settled figures where Evolink reported them, the reservation for the parts it did not. */
export function costLine(cost: RunCost): string {
  const n = cost.settled + cost.reservedOnly;
  const asReserved = cost.reservedOnly === 0 ? ''
    : cost.settled === 0 ? l10n.t(' (as reserved: Evolink reported no final figure)')
      : l10n.t(' ({0} of {1} parts as reserved: Evolink reported no final figure for them)', cost.reservedOnly, n);
  return l10n.t('Final cost: {0} credits{1}', formatCredits(cost.credits), asReserved);
}

/** The unit reading pauses after (evolinkTts.pauseAfter), in the user's language. */
function unitWord(u: string): string {
  return u === 'sentence' ? l10n.t('sentence') : u === 'paragraph' ? l10n.t('paragraph') : u;
}

function formatCredits(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 1000) / 1000) : '0';
}
