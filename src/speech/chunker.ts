// Splits text into ordered chunks of at most 600 UTF-16 code units (the qwen3-tts-vd prompt limit),
// at sentence boundaries where possible (Intl.Segmenter, which also knows CJK punctuation), then at word
// boundaries, then between grapheme clusters, then between code points: never inside a surrogate pair.
import { MAX_PROMPT_CHARS } from '../api/types';
import { SpokenReader } from './reader';
import { SpokenDocument } from './spokenDocument';

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
  /** The words of the chunk (Intl.Segmenter's word-like segments), in order, with the same two kinds of offsets. */
  words?: SourceSentence[];
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

export { RAMP } from './reader';

/**
 * Splits prepared text into chunks of whole sentences (packed greedily up to `maxChars`, default and
 * maximum 600), remembering every chunk's and sentence's source range: the reader's chunking (reader.ts)
 * over text prepared at once. Sentences come from Intl.Segmenter in bounded windows, not broken after
 * common abbreviations; text without a final full stop is still a sentence; a sentence longer than the
 * limit is cut at words, then graphemes, then code points.
 */
export function chunkPrepared(p: PreparedLike, opts: ChunkPreparedOptions = {}): SourceChunk[] {
  const doc = SpokenDocument.ofPrepared(p, opts.locale);
  const reader = new SpokenReader(doc, [{ start: 0, end: Infinity }], 0, { ramp: opts.ramp !== false, maxChars: opts.maxChars, locale: opts.locale });
  if (opts.fromSource !== undefined && opts.fromSource > 0) reader.rewindTo(reader.sentenceStartAt(opts.fromSource));
  const out: SourceChunk[] = [];
  for (let c = reader.next(); c; c = reader.next()) out.push(c);
  return out;
}
