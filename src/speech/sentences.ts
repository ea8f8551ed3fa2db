// Sentence boundaries of spoken text, found in bounded windows so the work stays proportional to the text
// asked about. Intl.Segmenter (ICU's UAX #29 rules, which know CJK punctuation) proposes the breaks; a break
// after a common abbreviation ("Mr.", "e.g.", "Fig. 3") is taken back, as ICU's own sentence-break
// suppressions would do if V8 exposed them (it ignores the `-u-ss-standard` locale keyword). A sentence
// longer than the prompt limit is cut at word boundaries, then graphemes, then code points; never inside a
// surrogate pair or before a combining mark.
//
// Why windows: V8 builds every segment's data object with its own copy of the input string, so one
// segmentation call costs segments × input length. Windows of a few hundred to a few thousand characters
// keep that linear in the text, whatever its script or punctuation.

import { billingEnd, billingLength } from './billing';

export type Range = [start: number, end: number];

/** Sentence windows: long enough for any real sentence, short enough to stay cheap. */
const SENTENCE_WINDOW = 2048;
/** Word windows: just over one prompt, since they are only used to cut an over-long sentence. */
const WORD_WINDOW = 720;

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(granularity: 'sentence' | 'word' | 'grapheme', locale?: string): Intl.Segmenter {
  const key = `${granularity}:${locale ?? ''}`;
  let s = segmenters.get(key);
  if (!s) segmenters.set(key, (s = new Intl.Segmenter(locale, { granularity })));
  return s;
}

/** Abbreviations after which a full stop ends no sentence, with what must follow for that to hold. */
const ALWAYS = new Set(['e.g', 'i.e', 'cf', 'vs', 'viz', 'approx', 'incl', 'z.B', 'z. B', 'bzw', 'usw', 'ca', 'd.h', 'p.ej', 'p. ej']);
const BEFORE_NAME = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'sr', 'sra', 'srta', 'jr', 'mme', 'mlle', 'hr', 'fr', 'gen', 'capt', 'rev', 'hon']);
const BEFORE_NUMBER = new Set(['no', 'nos', 'nr', 'fig', 'figs', 'eq', 'eqs', 'p', 'pp', 'vol', 'ch', 'sec', 'art', 'ref', 'tab']);
const BEFORE_LOWER = new Set(['etc', 'al', 'resp']);

const TAIL_WORD = /(?:^|[^\p{L}\p{N}.])((?:\p{L}\.\s?)*\p{L}+)\.["'”’)\]]*\s*$/u;

/** Whether the break between `before` (ending with a full stop) and `after` should be taken back. */
export function isAbbreviationBreak(before: string, after: string): boolean {
  const m = TAIL_WORD.exec(before.slice(-24));
  if (!m) return false;
  const word = m[1];
  const next = after.trimStart();
  const first = next.charAt(0);
  if (first === '') return false;
  const lower = word.toLowerCase();
  if (ALWAYS.has(word) || ALWAYS.has(lower)) return true;
  // A single capital is an initial ("J. R. R. Tolkien"), unless it is the pronoun "I".
  if (/^(?:\p{Lu}\.\s?)*\p{Lu}$/u.test(word)) return word !== 'I' && /[\p{Lu}]/u.test(first);
  if (BEFORE_NAME.has(lower)) return /[\p{Lu}\p{N}]/u.test(first);
  if (BEFORE_NUMBER.has(lower)) return /[\p{N}#]/u.test(first);
  if (BEFORE_LOWER.has(lower)) return /\p{Ll}/u.test(first);
  return false;
}

/**
 * Sentence ranges covering `text` from `from` to `to` (contiguous, in order; the last may run to `to`).
 * Whitespace stays with the sentence before it, as Intl.Segmenter gives it.
 */
export function sentenceRanges(text: string, from = 0, to = text.length, locale?: string): Range[] {
  const out: Range[] = [];
  const seg = segmenter('sentence', locale);
  let pos = from;
  let open = from; // start of the sentence being built (after a suppressed break it spans several segments)
  while (pos < to) {
    const wEnd = Math.min(to, pos + SENTENCE_WINDOW);
    const last = wEnd >= to;
    const parts: Range[] = [];
    for (const s of seg.segment(text.slice(pos, wEnd))) parts.push([pos + s.index, pos + s.index + s.segment.length]);
    // The window's last segment may be cut by the window: it is segmented again with the next window.
    const keep = last ? parts.length : parts.length - 1;
    for (let i = 0; i < keep; i++) {
      const [, e] = parts[i];
      const nextStart = e;
      if (nextStart < to && isAbbreviationBreak(text.slice(Math.max(open, e - 24), e), text.slice(nextStart, Math.min(to, nextStart + 8)))) continue;
      out.push([open, e]);
      open = e;
    }
    if (last) break;
    if (keep > 0) {
      pos = parts[keep - 1][1];
      continue;
    }
    // No break inside the whole window (unpunctuated text): cut at the window's last word boundary, so the
    // piece is still whole words; the over-long sentence is cut into prompt-sized pieces later anyway.
    const cut = lastWordBoundary(text, pos, wEnd, locale);
    out.push([open, cut]);
    open = cut;
    pos = cut;
  }
  if (open < to) out.push([open, to]);
  return out.filter(([s, e]) => e > s);
}

/** The last word boundary in (from, to], searched in the window's tail; `to` when none is found. */
function lastWordBoundary(text: string, from: number, to: number, locale?: string): number {
  const start = Math.max(from, to - WORD_WINDOW / 4);
  let best = -1;
  for (const s of segmenter('word', locale).segment(text.slice(start, to))) {
    const at = start + s.index;
    if (at > from) best = at;
  }
  return best > from ? best : safeCut(text, to, from);
}

const isSurrogateHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const COMBINING = /\p{M}/u;

/** `at` moved back so that it neither splits a surrogate pair nor leaves a combining mark at the start of what follows. */
export function safeCut(text: string, at: number, floor: number): number {
  let e = at;
  while (e > floor + 1 && (isSurrogateHigh(text.charCodeAt(e - 1)) || COMBINING.test(text.charAt(e)) || isLowSurrogateOfPair(text, e))) e--;
  return e;
}

function isLowSurrogateOfPair(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 0xdc00 && c <= 0xdfff && at > 0 && isSurrogateHigh(text.charCodeAt(at - 1));
}

/**
 * Cuts [start, end) into contiguous pieces of at most `max` billing characters: at word boundaries where
 * possible, else at grapheme boundaries, else between code points. Each piece is found in its own window.
 */
export function cutLong(text: string, start: number, end: number, max: number, locale?: string): Range[] {
  const out: Range[] = [];
  let s = start;
  while (billingLength(text, s, Math.min(end, s + 2 * max + 2)) > max) {
    // `max` is in billing characters (billing.ts): a piece of Chinese holds half as many characters.
    const limit = billingEnd(text, s, end, max);
    let cut = -1;
    const words = segmenter('word', locale).segment(text.slice(s, Math.min(end, s + WORD_WINDOW)));
    for (const w of words) {
      const at = s + w.index;
      if (at > limit) break;
      if (at > s) cut = at;
    }
    if (cut < 0 || cut - s < (limit - s) / 4) {
      // One word longer than the limit (a URL, a run of symbols): graphemes, then code points.
      let g = -1;
      for (const w of segmenter('grapheme', locale).segment(text.slice(s, Math.min(end, limit + 16)))) {
        const at = s + w.index;
        if (at > limit) break;
        if (at > s) g = at;
      }
      cut = Math.max(cut, g > s ? g : safeCut(text, limit, s));
    }
    out.push([s, cut]);
    s = cut;
  }
  if (end > s) out.push([s, end]);
  return out;
}

const SPACE = /\s/u;

/**
 * `[s, e)` of `text` without the whitespace at either end. A space that carries a combining mark (a
 * "spacing" form of the mark) is kept, so that mark is never left without its base.
 */
export function trimRange(text: string, s: number, e: number): [number, number] {
  while (s < e && SPACE.test(text[s]) && !COMBINING.test(text.charAt(s + 1))) s++;
  while (e > s && SPACE.test(text[e - 1])) e--;
  return [s, e];
}
