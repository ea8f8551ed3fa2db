// Pure arithmetic of following along (no vscode import, unit-tested): which sentence of a clip is being
// heard at a playback position, where a sentence starts in the clip, and how offsets move when the
// document is edited.

/** One sentence of a chunk: source offsets in the document and offsets inside the chunk's text. */
export interface SentenceSpan {
  start: number;
  end: number;
  textStart: number;
  textEnd: number;
}

/** The part of a SourceChunk (src/speech/chunker.ts) that following along needs. */
export interface SpannedChunk {
  text: string;
  start: number;
  end: number;
  sentences: SentenceSpan[];
}

/**
 * The sentence heard at `currentTime` of a clip lasting `duration` seconds: the clip's time is shared
 * among the sentences in proportion to their characters in the spoken text. 0 when unknown.
 */
export function sentenceAtTime(chunk: SpannedChunk, currentTime: number, duration: number): number {
  const n = chunk.sentences.length;
  if (n <= 1 || !(duration > 0) || !Number.isFinite(currentTime)) return 0;
  const at = (Math.min(Math.max(currentTime, 0), duration) / duration) * chunk.text.length;
  for (let i = n - 1; i > 0; i--) {
    if (at >= chunk.sentences[i].textStart) return i;
  }
  return 0;
}

/** Seconds into the clip at which sentence `i` starts (the inverse of sentenceAtTime). */
export function timeOfSentence(chunk: SpannedChunk, i: number, duration: number): number {
  const s = chunk.sentences[Math.min(Math.max(i, 0), chunk.sentences.length - 1)];
  if (!s || !(duration > 0) || chunk.text.length === 0) return 0;
  // A hair past the boundary, so the sentence itself (not the one before) is reported at that time.
  return Math.min(duration, (s.textStart / chunk.text.length) * duration + 0.01);
}

/** One replaced range of the document before the edit (TextDocumentContentChangeEvent's offsets). */
export interface OffsetChange {
  rangeOffset: number;
  rangeLength: number;
  /** Length of the inserted text. */
  textLength: number;
}

/**
 * Which end of something an offset is: a range's 'start' or 'end', or the read position ('cursor').
 * Text inserted exactly at a range's start goes before the range (a new line above a sentence); text
 * inserted at its end joins it (a word added to the sentence); text inserted at the read position is
 * still to be read.
 */
export type Side = 'start' | 'end' | 'cursor';

/**
 * Where `offset` is after the change. Offsets before the replaced range stay; offsets after it move by
 * the difference; an offset inside it goes to the start of the new text ('start', 'cursor') or its end
 * ('end'), so a range around an edited word keeps covering the new word.
 */
export function shiftOffset(offset: number, c: OffsetChange, side: Side): number {
  const oldEnd = c.rangeOffset + c.rangeLength;
  if (offset === c.rangeOffset && c.rangeLength === 0) return side === 'cursor' ? offset : offset + c.textLength;
  if (offset < c.rangeOffset || (offset === c.rangeOffset && side !== 'end')) return offset;
  if (offset >= oldEnd) return offset + c.textLength - c.rangeLength;
  return side === 'start' ? c.rangeOffset : c.rangeOffset + c.textLength;
}

/** Applies several changes of one edit event (offsets all refer to the document before it). */
export function shiftAll(offset: number, changes: readonly OffsetChange[], side: Side): number {
  // From the last change backwards, so each change's offsets are still valid when it is applied.
  const sorted = [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset);
  return sorted.reduce((o, c) => shiftOffset(o, c, side), offset);
}

/** Shifts a [start, end) range in place; returns whether any change touched it. */
export function shiftRange(r: { start: number; end: number }, changes: readonly OffsetChange[]): boolean {
  // Replaced text overlapping the range, or text inserted inside it or at its end (not right before it).
  const touched = changes.some((c) => c.rangeLength > 0
    ? c.rangeOffset < r.end && c.rangeOffset + c.rangeLength > r.start
    : c.rangeOffset > r.start && c.rangeOffset <= r.end);
  r.start = shiftAll(r.start, changes, 'start');
  r.end = Math.max(r.start, shiftAll(r.end, changes, 'end'));
  return touched;
}
