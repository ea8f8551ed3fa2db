// Splits text into ordered chunks of at most 600 UTF-16 code units (the qwen3-tts-vd prompt limit),
// at sentence boundaries where possible (Intl.Segmenter, which also knows CJK punctuation), then at word
// boundaries, then between grapheme clusters, then between code points: never inside a surrogate pair.
import { MAX_PROMPT_CHARS } from '../api/types';

export interface Chunk {
  /** Exactly `source.slice(start, end)`: leading and trailing whitespace excluded, never empty. */
  text: string;
  /** UTF-16 offsets into the source. Whatever lies between consecutive chunks is whitespace only. */
  start: number;
  end: number;
}

export interface ChunkOptions {
  /** Upper bound per chunk in UTF-16 code units; default and maximum 600. */
  maxChars?: number;
  /** BCP 47 locale for the segmenters; default: the runtime's. */
  locale?: string;
}

type Range = [start: number, end: number];
type Level = 'sentence' | 'word' | 'grapheme';
const NEXT: Record<Level, Level | undefined> = { sentence: 'word', word: 'grapheme', grapheme: undefined };

function segmentRanges(text: string, start: number, end: number, level: Level, locale?: string): Range[] {
  const seg = new Intl.Segmenter(locale, { granularity: level });
  const out: Range[] = [];
  for (const s of seg.segment(text.slice(start, end))) {
    out.push([start + s.index, start + s.index + s.segment.length]);
  }
  return out;
}

/** Splits at code points, at most `max` code units each (a code point is never cut in two). */
function codePointRanges(text: string, start: number, end: number, max: number): Range[] {
  const out: Range[] = [];
  let s = start;
  while (s < end) {
    let e = Math.min(s + max, end);
    const prev = text.charCodeAt(e - 1);
    if (e < end && e - 1 > s && prev >= 0xd800 && prev <= 0xdbff) e -= 1;
    out.push([s, e]);
    s = e;
  }
  return out;
}

/** Contiguous pieces covering [start, end), each at most `max` long, cut at the coarsest level that fits. */
function pieces(text: string, start: number, end: number, level: Level | undefined, max: number, locale?: string): Range[] {
  if (end - start <= max) return [[start, end]];
  if (!level) return codePointRanges(text, start, end, max);
  const out: Range[] = [];
  for (const [s, e] of segmentRanges(text, start, end, level, locale)) {
    out.push(...pieces(text, s, e, NEXT[level], max, locale));
  }
  return out;
}

const isSpace = (ch: string): boolean => /\s/u.test(ch);

export function chunkText(text: string, opts: ChunkOptions = {}): Chunk[] {
  const max = Math.max(2, Math.min(opts.maxChars ?? MAX_PROMPT_CHARS, MAX_PROMPT_CHARS));
  const chunks: Chunk[] = [];
  const flush = (s: number, e: number): void => {
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (e > s) chunks.push({ text: text.slice(s, e), start: s, end: e });
  };
  let cur: Range | undefined;
  // Whole sentences are packed greedily; an over-long sentence arrives here as word-sized pieces.
  for (const [s, e] of pieces(text, 0, text.length, 'sentence', max, opts.locale)) {
    if (cur && e - cur[0] <= max) {
      cur[1] = e;
    } else {
      if (cur) flush(cur[0], cur[1]);
      cur = [s, e];
    }
  }
  if (cur) flush(cur[0], cur[1]);
  return chunks;
}

// --- Chunks of prepared text, with source ranges per chunk and per sentence (proofreading by ear) ---

/** One sentence of a SourceChunk: where it is in the source and inside `chunk.text`. */
export interface SourceSentence {
  /** Source offsets (UTF-16) of the sentence: [start, end). */
  start: number;
  end: number;
  /** Offsets inside the chunk's `text`. */
  textStart: number;
  textEnd: number;
}

export interface SourceChunk {
  /** What is sent to the API: at most 600 UTF-16 code units, never empty, trimmed. */
  text: string;
  /** Source offsets (UTF-16) of the first and past the last character spoken: [start, end). */
  start: number;
  end: number;
  sentences: SourceSentence[];
}

/** Structural view of PreparedText (textPrep.ts), so the chunker needs no parser. */
export interface PreparedLike {
  spoken: string;
  toSource(spokenOffset: number): number;
  toSourceEnd?(spokenEnd: number): number;
}

export interface ChunkPreparedOptions extends ChunkOptions {
  /** Start at the sentence that contains this source offset (speak from the cursor); default the beginning. */
  fromSource?: number;
  /**
   * First audio fast (default true): the first chunk is the first sentence (a few when they are very short),
   * each later one at most as long as all the text before it (RAMP.growth), up to the limit. Pass false when
   * continuing a run.
   */
  ramp?: boolean;
}

/** Chunk sizes at the start of a run (see chunkPrepared). */
export const RAMP = { firstChars: 80, firstMaxChars: 200, growth: 1 } as const;

/** Trimmed sentence ranges of `text` from `from` on; an over-long sentence comes as word-sized pieces. */
function sentenceRanges(text: string, max: number, locale?: string): Range[] {
  const out: Range[] = [];
  const all = segmentRanges(text, 0, text.length, 'sentence', locale).flatMap(([s, e]) => pieces(text, s, e, 'word', max, locale));
  for (const [s0, e0] of all) {
    let s = s0;
    let e = e0;
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (e > s) out.push([s, e]);
  }
  return out;
}

/**
 * Splits prepared text into chunks of whole sentences (packed greedily up to `maxChars`, default and
 * maximum 600), remembering every chunk's and sentence's source range. Sentences come from Intl.Segmenter
 * (CJK punctuation included); text without a final full stop is still a sentence; a sentence longer than
 * the limit is cut at words, then graphemes, then code points.
 */
export function chunkPrepared(p: PreparedLike, opts: ChunkPreparedOptions = {}): SourceChunk[] {
  const max = Math.max(2, Math.min(opts.maxChars ?? MAX_PROMPT_CHARS, MAX_PROMPT_CHARS));
  const text = p.spoken;
  const srcEnd = (o: number): number => (p.toSourceEnd ? p.toSourceEnd(o) : p.toSource(o - 1) + 1);
  let sentences = sentenceRanges(text, max, opts.locale);
  if (opts.fromSource !== undefined && opts.fromSource > 0) {
    const from = opts.fromSource;
    // The first sentence that ends after the offset (the one containing it, or the next one).
    const i = sentences.findIndex(([, e]) => srcEnd(e) > from);
    sentences = i < 0 ? [] : sentences.slice(i);
  }
  const chunks: SourceChunk[] = [];
  let group: Range[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    const ts = group[0][0];
    const te = group[group.length - 1][1];
    chunks.push({
      text: text.slice(ts, te),
      start: p.toSource(ts),
      end: srcEnd(te),
      sentences: group.map(([s, e]) => ({ start: p.toSource(s), end: srcEnd(e), textStart: s - ts, textEnd: e - ts })),
    });
    group = [];
  };
  // The ramp: the first chunk is the first sentence (more while it is under RAMP.firstChars), every later
  // chunk at most RAMP.growth × what came before it, so each is synthesized before the audio before it runs out
  // even when one task takes longer than its audio lasts.
  const ramp = opts.ramp !== false;
  let before = 0;
  const full = (r: Range): boolean => {
    const len = r[1] - group[0][0];
    if (len > max) return true;
    if (!ramp) return false;
    if (chunks.length === 0) return group[group.length - 1][1] - group[0][0] >= RAMP.firstChars || len > RAMP.firstMaxChars;
    return len > Math.max(RAMP.firstMaxChars, RAMP.growth * before);
  };
  for (const r of sentences) {
    if (group.length > 0 && full(r)) {
      before += group[group.length - 1][1] - group[0][0];
      flush();
    }
    group.push(r);
  }
  flush();
  return chunks;
}
