// What the Read Aloud panel shows, built from the reading's state (no vscode import, unit-tested). The panel
// and the status bar show the same state: both take their line from statusLine() in src/statusBar/table.ts.
import * as l10n from '@vscode/l10n';
import type { PanelView } from '../shared/protocol';
import { headingAt, type Heading } from '../speech/outline';
import type { SpeechState } from '../speech/state';
import { phaseOf, statusLine } from '../statusBar/table';

/**
 * Audio seconds per source character before any audio of the run has been heard: about 15 characters a
 * second at 1×, a usual pace for English prose read aloud (the estimate uses the run's own pace once a part
 * has played).
 */
export const DEFAULT_SECONDS_PER_CHAR = 1 / 15;
/** The longest sentence text handed to the page (a run-on line of a generated file can be huge). */
const MAX_SENTENCE_CHARS = 600;

/** The document being read and where in it. */
export interface PanelReading {
  /** The document's whole text (offsets below are into it). */
  text: string;
  /** Headings of the document (Markdown only; empty elsewhere). */
  headings: readonly Heading[];
  /** The sentence being read, if one is (not while the first part is being prepared). */
  sentence?: { start: number; end: number };
  /** Where the reading started and where it will end (source offsets). */
  from: number;
  end: number;
  /** Audio seconds per source character measured from the parts heard so far (at 1×). */
  secondsPerChar?: number;
}

export interface PanelInputs {
  state: SpeechState;
  reading?: PanelReading;
  followYielded: boolean;
  editor?: string;
  /** The active editor's document has a remembered reading position (Continue Reading would start there). */
  canContinue?: boolean;
  voice: string;
  rate: number;
  minRate: number;
  maxRate: number;
}

export function buildPanelView(i: PanelInputs): PanelView {
  const view: PanelView = {
    phase: phaseOf(i.state),
    status: statusLine(i.state),
    followYielded: i.followYielded,
    editor: i.editor,
    voice: i.voice,
    rate: i.rate,
    minRate: i.minRate,
    maxRate: i.maxRate,
  };
  const r = i.reading;
  const idle = view.phase === 'done' || view.phase === 'failed' || view.phase === 'stopped' || view.phase === 'idle';
  if (idle) view.canContinue = Boolean(i.canContinue && i.editor);
  if (!r || idle) return view;
  view.headingMoves = r.headings.length > 0;
  const length = Math.max(1, r.text.length);
  const at = r.sentence?.start ?? r.from;
  if (r.sentence) {
    const text = r.text.slice(r.sentence.start, r.sentence.end).replace(/\s+/g, ' ').trim();
    view.sentence = text.length > MAX_SENTENCE_CHARS ? `${text.slice(0, MAX_SENTENCE_CHARS - 1)}…` : text;
  }
  view.heading = headingAt(r.headings, at)?.title;
  view.progress = {
    fraction: Math.min(1, Math.max(0, at / length)),
    ticks: r.headings.map((h) => ({ at: h.start / length, title: h.title })),
  };
  const left = Math.max(0, Math.min(r.end, r.text.length) - at);
  const pace = r.secondsPerChar ?? DEFAULT_SECONDS_PER_CHAR;
  view.secondsLeft = Math.round((left * pace) / Math.max(0.1, i.rate));
  view.estimate = r.secondsPerChar !== undefined
    ? l10n.t('Estimated from the pace of the audio heard so far, at {0}×.', i.rate)
    : l10n.t('Estimated at about 15 characters a second, at {0}×, until the first part has played.', i.rate);
  return view;
}
