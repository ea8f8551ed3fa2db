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
  /** The chunk's words, in order (when the chunker gave them). */
  words?: SentenceSpan[];
}

/**
 * When each sentence of a clip starts, in seconds, as the aligner (src/audio/align.ts) measured it from
 * the audio: one per sentence of the chunk, in order.
 */
export interface SentenceTimes {
  sentences: readonly { start: number; end?: number }[];
}

/** The alignment's starts when they fit the chunk (one finite start per sentence, in order); else undefined. */
function alignedStarts(chunk: SpannedChunk, alignment: SentenceTimes | undefined): number[] | undefined {
  const starts = alignment?.sentences?.map((s) => s?.start);
  if (!starts || starts.length !== chunk.sentences.length || starts.length === 0) return undefined;
  for (let i = 0; i < starts.length; i++) {
    if (!Number.isFinite(starts[i]) || (i > 0 && starts[i] < starts[i - 1])) return undefined;
  }
  return starts;
}

/**
 * The sentence heard at `currentTime` of a clip lasting `duration` seconds: with an alignment that fits the
 * chunk, the last sentence started by then; otherwise the clip's time is shared among the sentences in
 * proportion to their characters in the spoken text. 0 when unknown.
 */
export function sentenceAtTime(chunk: SpannedChunk, currentTime: number, duration: number, alignment?: SentenceTimes): number {
  const n = chunk.sentences.length;
  if (n <= 1 || !(duration > 0) || !Number.isFinite(currentTime)) return 0;
  const starts = alignedStarts(chunk, alignment);
  if (starts) {
    for (let i = n - 1; i > 0; i--) if (currentTime >= starts[i]) return i;
    return 0;
  }
  const at = (Math.min(Math.max(currentTime, 0), duration) / duration) * chunk.text.length;
  for (let i = n - 1; i > 0; i--) {
    if (at >= chunk.sentences[i].textStart) return i;
  }
  return 0;
}

/** Seconds into the clip at which sentence `i` starts (the inverse of sentenceAtTime, with the same alignment). */
export function timeOfSentence(chunk: SpannedChunk, i: number, duration: number, alignment?: SentenceTimes): number {
  const k = Math.min(Math.max(i, 0), chunk.sentences.length - 1);
  const s = chunk.sentences[k];
  if (!s || !(duration > 0)) return 0;
  const starts = alignedStarts(chunk, alignment);
  if (starts) return Math.min(duration, Math.max(0, starts[k]));
  if (chunk.text.length === 0) return 0;
  // A hair past the boundary, so the sentence itself (not the one before) is reported at that time.
  return Math.min(duration, (s.textStart / chunk.text.length) * duration + 0.01);
}

/** How far into the silence after a sentence its end is taken to be: room for a quiet last sound. */
const SAID_MARGIN_S = 0.1;

/**
 * Seconds into the clip by which sentence `i` has been said, so that reading can pause there without a sound
 * of the next one: with an alignment that fits, a little after the sentence's measured end (at most half the
 * silence before the next sentence, leaving the rest of it for the player's next position report to land
 * in); otherwise (or for the last sentence) where the next one starts.
 */
export function timeSentenceSaid(chunk: SpannedChunk, i: number, duration: number, alignment?: SentenceTimes): number {
  const next = timeOfSentence(chunk, i + 1, duration, alignment);
  if (i + 1 >= chunk.sentences.length) return duration > 0 ? duration : 0;
  const end = alignedStarts(chunk, alignment) ? alignment?.sentences[i]?.end : undefined;
  if (end === undefined || !Number.isFinite(end) || end > next || end < timeOfSentence(chunk, i, duration, alignment)) return next;
  return end + Math.min((next - end) / 2, SAID_MARGIN_S);
}

/** One word of a chunk: source offsets and offsets inside the chunk's text (position.ts's SentenceSpan). */
export type WordSpan = SentenceSpan;

/** When each word of a clip is said, in seconds, as the aligner measured it: one per word of the chunk, in order. */
export interface WordTimes {
  words: readonly { start: number; end: number }[];
}

/** The alignment's word starts when they fit the chunk's words (one finite start per word, in order); else undefined. */
function alignedWordStarts(words: readonly WordSpan[] | undefined, alignment: WordTimes | undefined): number[] | undefined {
  const starts = alignment?.words?.map((w) => w?.start);
  if (!words || !starts || starts.length !== words.length || starts.length === 0) return undefined;
  for (let i = 0; i < starts.length; i++) {
    if (!Number.isFinite(starts[i]) || (i > 0 && starts[i] < starts[i - 1])) return undefined;
  }
  return starts;
}

/**
 * The word of `chunk` heard at `currentTime`: the last word started by then (it stays lit through the pause
 * after it, until the next one starts); -1 before the first word, or when the alignment does not fit the
 * chunk's words (then no word is shown, only the sentence).
 */
export function wordAtTime(chunk: { words?: readonly WordSpan[] }, currentTime: number, alignment?: WordTimes): number {
  const starts = alignedWordStarts(chunk.words, alignment);
  if (!starts || !Number.isFinite(currentTime) || currentTime < starts[0]) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= currentTime) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The word of `chunk` at source `offset`: the word holding it, else the first word after it; -1 when none follows. */
export function wordAtOffset(chunk: { words?: readonly WordSpan[] }, offset: number): number {
  const words = chunk.words ?? [];
  for (let i = 0; i < words.length; i++) if (words[i].end > offset) return i;
  return -1;
}

/** Seconds into the clip at which word `i` starts (with an alignment that fits the chunk's words); undefined otherwise. */
export function timeOfWord(chunk: { words?: readonly WordSpan[] }, i: number, duration: number, alignment?: WordTimes): number | undefined {
  const starts = alignedWordStarts(chunk.words, alignment);
  if (!starts || i < 0 || i >= starts.length) return undefined;
  return Math.max(0, Math.min(starts[i], duration > 0 ? duration : starts[i]));
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
 * Whether the change's new text ends up before `offset`. Offsets before the replaced range are before
 * it, offsets after the range after it. At the range's edges: a replacement starting exactly at the
 * offset comes after it (a replacement starting at a range's end does not belong to the range; one
 * starting at the read position is still to be read), a replacement ending exactly at the offset comes
 * before it (one ending at a range's start does not touch the range). Text inserted at the offset goes
 * after a read position and before a range's start or end (see Side). Inside the replaced range a start
 * and the read position go to the start of the new text (pasted text over the read position is read),
 * an end to its end (a range around an edited word keeps covering the new word).
 */
function newTextBefore(offset: number, c: OffsetChange, side: Side): boolean {
  const oldEnd = c.rangeOffset + c.rangeLength;
  if (offset < c.rangeOffset) return false;
  if (offset > oldEnd) return true;
  if (c.rangeLength === 0) return side !== 'cursor';
  if (offset === c.rangeOffset) return false;
  if (offset === oldEnd) return true;
  return side === 'end';
}

/** How far `offset` moves through one change: old characters before it removed, new ones added. */
function moveBy(offset: number, c: OffsetChange, side: Side): number {
  const removedBefore = Math.min(Math.max(offset - c.rangeOffset, 0), c.rangeLength);
  return (newTextBefore(offset, c, side) ? c.textLength : 0) - removedBefore;
}

/** Where `offset` is after the change (the rules are at newTextBefore). */
export function shiftOffset(offset: number, c: OffsetChange, side: Side): number {
  return offset + moveBy(offset, c, side);
}

/**
 * Applies several changes of one edit event (offsets all refer to the document before it, the changes
 * do not overlap but may meet, in any order). Each change moves the offset by what it removes and adds
 * before it, all measured on the document before the event, so changes meeting at the offset (text
 * inserted where a deletion starts, say) are placed as they are in the document, whatever their order.
 */
export function shiftAll(offset: number, changes: readonly OffsetChange[], side: Side): number {
  return changes.reduce((o, c) => o + moveBy(offset, c, side), offset);
}

/**
 * Shifts a [start, end) range in place; returns whether its text changed: replaced text overlapping the
 * range, or text inserted inside it or at its end. A replacement that only meets the range (ending at
 * its start, or starting at its end) and text inserted at its start stay outside it, so they leave the
 * range untouched; so does inserting nothing. An empty range has no text to change: it is touched only
 * when replaced text around it grows it over the new text.
 */
export function shiftRange(r: { start: number; end: number }, changes: readonly OffsetChange[]): boolean {
  const touched = changes.some((c) => c.rangeLength > 0
    ? c.rangeOffset < r.end && c.rangeOffset + c.rangeLength > r.start
      // An empty range strictly inside the replaced text covers the new text (if any) afterwards.
      && (r.start < r.end || c.textLength > 0)
    : c.textLength > 0 && c.rangeOffset > r.start && c.rangeOffset <= r.end);
  r.start = shiftAll(r.start, changes, 'start');
  r.end = Math.max(r.start, shiftAll(r.end, changes, 'end'));
  return touched;
}
