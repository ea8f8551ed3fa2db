// Subtitles for saved audio (pure, no vscode): SubRip (.srt) and WebVTT (.vtt) text from cues, and the cues
// of a saved file from its parts' alignments (src/audio/align.ts): one cue per sentence, or one per word,
// at the part's place in the joined WAV.
import type { Alignment } from '../audio/align';

/** One subtitle: seconds from the start of the file, and the words shown. */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

/** One part of the saved file: its spoken text with sentence and word spans, and its alignment. */
export interface SubtitlePart {
  chunk: {
    text: string;
    sentences: readonly { textStart: number; textEnd: number }[];
    words?: readonly { textStart: number; textEnd: number }[];
  };
  alignment: Alignment;
  /** Seconds of audio before this part in the joined file. */
  offset: number;
}

/** The shortest cue written (players skip or refuse cues that end where they start). */
const MIN_CUE_SEC = 0.001;

/** `HH:MM:SS<sep>mmm`, from whole milliseconds (negative and non-finite times are 0). */
function timestamp(sec: number, sep: ',' | '.'): string {
  const ms = Number.isFinite(sec) && sec > 0 ? Math.round(sec * 1000) : 0;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(ms % 1000, 3)}`;
}

export const srtTimestamp = (sec: number): string => timestamp(sec, ',');
export const vttTimestamp = (sec: number): string => timestamp(sec, '.');

/**
 * Cues ready to write: text on one line (a blank line would end the cue), empty ones dropped, in order of
 * start, each ending after it starts (at least 1 ms, in whole milliseconds).
 */
export function tidyCues(cues: readonly Cue[]): Cue[] {
  const out: Cue[] = [];
  for (const c of cues) {
    const text = c.text.replace(/\s+/gu, ' ').trim();
    if (!text) continue;
    const start = Number.isFinite(c.start) && c.start > 0 ? Math.round(c.start * 1000) / 1000 : 0;
    const end = Number.isFinite(c.end) ? Math.round(c.end * 1000) / 1000 : start;
    out.push({ start, end: Math.max(end, start + MIN_CUE_SEC), text });
  }
  // Stable: cues starting together keep their order.
  return out.map((c, i) => ({ c, i })).sort((a, b) => a.c.start - b.c.start || a.i - b.i).map(({ c }) => c);
}

/** SubRip: numbered cues, `00:00:01,250 --> 00:00:02,000`. SubRip has no escapes: an arrow in the text is shortened so no parser takes it for a timing line. */
export function toSrt(cues: readonly Cue[]): string {
  return tidyCues(cues)
    .map((c, i) => `${i + 1}\n${srtTimestamp(c.start)} --> ${srtTimestamp(c.end)}\n${c.text.replace(/-->/g, '->')}\n`)
    .join('\n');
}

/** WebVTT text of a cue: &, < and > as character references (so `-->` and tags cannot occur). */
export function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** WebVTT: the header, then cues `00:00:01.250 --> 00:00:02.000`. */
export function toVtt(cues: readonly Cue[]): string {
  const body = tidyCues(cues).map((c) => `${vttTimestamp(c.start)} --> ${vttTimestamp(c.end)}\n${escapeVtt(c.text)}\n`);
  return ['WEBVTT\n', ...body].join('\n');
}

/** The cues of the joined file: one per sentence, or one per word, from each part's alignment. */
export function cuesOf(parts: readonly SubtitlePart[], level: 'sentence' | 'word'): Cue[] {
  const out: Cue[] = [];
  for (const { chunk, alignment, offset } of parts) {
    const spans = level === 'sentence' ? chunk.sentences : chunk.words ?? [];
    const times = level === 'sentence' ? alignment.sentences : alignment.words;
    if (times.length !== spans.length) continue;
    spans.forEach((s, i) => out.push({ start: offset + times[i].start, end: offset + times[i].end, text: chunk.text.slice(s.textStart, s.textEnd) }));
  }
  return out;
}
