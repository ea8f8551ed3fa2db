// Reads ranges of a SpokenDocument in order, one chunk at a time. It advances in the spoken text: each
// chunk starts exactly where the previous one ended (only whitespace between them), so a source mapping
// that is off can at worst misplace a highlight, never skip or repeat a word. The source offset of the
// read position is kept too, shifted through edits, and is used only when the block being read changed.
import { MAX_PROMPT_CHARS } from '../api/types';
import type { SourceChunk } from './chunker';
import { billingLength } from './billing';
import { cutLong, trimRange } from './sentences';
import { wordSpans } from '../audio/aligner';
import { firstAtOrAfter, type SpokenBlock, type SpokenDocument } from './spokenDocument';
import type { PreparedBlock } from './textPrep';

export interface Span {
  start: number;
  end: number;
}

/** A sentence (or a piece of an over-long one) of one block: spoken offsets in that block. */
interface Unit {
  blockIndex: number;
  block: SpokenBlock;
  s: number;
  e: number;
}

/** Where reading continues: a source offset, and the exact spoken offset while its block is unchanged. */
export interface ReadPosition {
  cursor: number;
  exact?: { prepared: PreparedBlock; spoken: number };
  rangeIndex: number;
  spokenSoFar: number;
}

export interface ChunkingOptions {
  /** First audio fast: the first chunk is short, each later one at most RAMP.growth × the text before it. */
  ramp: boolean;
  maxChars?: number;
  locale?: string;
  /** False: chunks carry no word spans (counting parts for the cost question needs none). Default true. */
  words?: boolean;
}

/** Chunk sizes at the start of a run: the first chunk about one sentence, each later at most `growth` × the text before it. */
export const RAMP = { firstChars: 80, firstMaxChars: 200, growth: 1 } as const;

export class SpokenReader {
  pos: ReadPosition;

  constructor(
    readonly doc: SpokenDocument,
    /** Offsets to read, in order; `end` may be Infinity. Shifted in place by the owner through edits. */
    readonly ranges: Span[],
    from: number,
    private readonly opts: ChunkingOptions = { ramp: true },
  ) {
    this.pos = { cursor: from, rangeIndex: Math.max(0, ranges.findIndex((r) => r.end > from)), spokenSoFar: 0 };
  }

  private get max(): number {
    return Math.max(2, Math.min(this.opts.maxChars ?? MAX_PROMPT_CHARS, MAX_PROMPT_CHARS));
  }

  /** The next chunk from the read position, or undefined at the end. */
  next(): SourceChunk | undefined {
    const p = this.pos;
    while (p.rangeIndex < this.ranges.length) {
      const units = this.unitsFrom(this.ranges[p.rangeIndex], p);
      if (units.length) {
        const chunk = this.pack(units);
        const last = chunk.units[chunk.units.length - 1];
        p.exact = { prepared: last.block.prepared, spoken: last.e };
        p.cursor = chunk.chunk.end;
        p.spokenSoFar += chunk.chunk.text.length;
        return chunk.chunk;
      }
      p.rangeIndex++;
      p.exact = undefined;
      if (p.rangeIndex < this.ranges.length) p.cursor = Math.max(p.cursor, this.ranges[p.rangeIndex].start);
    }
    return undefined;
  }

  /** Moves the read position to source offset `offset`. */
  rewindTo(offset: number): void {
    this.pos = { cursor: offset, rangeIndex: Math.max(0, this.ranges.findIndex((r) => r.end > offset)), spokenSoFar: this.pos.spokenSoFar };
  }

  /** The source start of the sentence holding `offset` (or of the next one when `offset` is between sentences). */
  sentenceStartAt(offset: number): number {
    const doc = this.doc;
    for (let i = doc.indexAt(offset); i < doc.count; i++) {
      const b = doc.get(i);
      const k = firstAtOrAfter(b.prepared.ends, b.block.start, offset + 1);
      const sentence = b.sentences.find(([, e]) => e > k);
      if (sentence) return Math.min(b.block.start + b.prepared.starts[sentence[0]], Math.max(offset, b.block.start));
    }
    return offset;
  }

  /** The source start of the sentence holding `offset`, else of the first one after it (undefined: none). */
  firstSentenceFrom(offset: number): number | undefined {
    const doc = this.doc;
    for (let i = doc.indexAt(offset); i < doc.count; i++) {
      const b = doc.get(i);
      const k = firstAtOrAfter(b.prepared.ends, b.block.start, offset + 1);
      const sentence = b.sentences.find(([, e]) => e > k);
      if (sentence) return b.block.start + b.prepared.starts[sentence[0]];
    }
    return undefined;
  }

  /**
   * The sentences that can go into the next chunk, in order: from the read position to the end of `range`,
   * lazily (stops as soon as more could not fit in one chunk).
   */
  private unitsFrom(range: Span, p: ReadPosition): Unit[] {
    const doc = this.doc;
    const text = doc.source;
    const rs = Math.max(0, Math.min(range.start, text.length));
    const re = Math.max(rs, Math.min(range.end, text.length));
    const at = Math.max(p.cursor, rs);
    if (at >= re || doc.count === 0) return [];
    const out: Unit[] = [];
    let budget = 0;
    let i = doc.indexAt(at);
    // The exact position names a block: the one at the cursor, or (at a block boundary) the one before it.
    let spokenFrom: number | undefined;
    if (p.exact) {
      for (const k of [i, i - 1]) {
        if (k >= 0 && k < doc.count && doc.isReady(k) && doc.get(k).prepared === p.exact.prepared) {
          i = k;
          spokenFrom = p.exact.spoken;
          break;
        }
      }
    }
    for (; i < doc.count && doc.get(i).block.start < re; i++) {
      const b = doc.get(i);
      const { starts } = b.prepared;
      const base = b.block.start;
      // The part of this block inside the range: spoken characters whose source starts in [rs, re).
      const lo = Math.max(firstAtOrAfter(starts, base, rs), spokenFrom ?? firstAtOrAfter(starts, base, at));
      const hi = firstAtOrAfter(starts, base, re);
      spokenFrom = undefined;
      for (const [s0, e0] of b.sentences) {
        if (e0 <= lo) continue;
        if (s0 >= hi) break;
        const [s, e] = trimRange(b.prepared.spoken, Math.max(s0, lo), Math.min(e0, hi));
        if (e <= s) continue;
        const cost = billingLength(b.prepared.spoken, s, e);
        for (const [p0, p1] of cost > this.max ? cutLong(b.prepared.spoken, s, e, this.max, this.opts.locale) : [[s, e]]) {
          const [ps, pe] = trimRange(b.prepared.spoken, p0, p1);
          if (pe <= ps) continue;
          out.push({ blockIndex: i, block: b, s: ps, e: pe });
          budget += billingLength(b.prepared.spoken, ps, pe);
        }
        if (budget > this.max) return out;
      }
    }
    return out;
  }

  /** Packs the first units into one chunk, by the ramp, and builds its text and ranges. */
  private pack(units: Unit[]): { chunk: SourceChunk; units: Unit[] } {
    const max = this.max;
    const first = this.pos.spokenSoFar === 0;
    const limit = !this.opts.ramp ? max : first ? Math.min(max, RAMP.firstMaxChars) : Math.min(max, Math.max(RAMP.firstMaxChars, RAMP.growth * this.pos.spokenSoFar));
    const taken: Unit[] = [units[0]];
    let text = slice(units[0]);
    // Sizes are in billing characters (a Han character counts 2 toward the prompt limit).
    let cost = billingLength(text);
    for (let k = 1; k < units.length; k++) {
      const u = units[k];
      const prev = taken[taken.length - 1];
      // What lies between two sentences is said too (whitespace, by construction; anything else is kept).
      const gap = prev.blockIndex === u.blockIndex ? u.block.prepared.spoken.slice(prev.e, u.s) : '\n';
      const more = gap + slice(u);
      const next = cost + billingLength(more);
      if (first && this.opts.ramp && text.length >= RAMP.firstChars) break;
      if (next > limit) break;
      text += more;
      cost = next;
      taken.push(u);
    }
    const sentences: SourceChunk['sentences'] = [];
    const words: SourceChunk['sentences'] = [];
    let offset = 0;
    for (let k = 0; k < taken.length; k++) {
      const u = taken[k];
      if (k > 0) offset += taken[k - 1].blockIndex === u.blockIndex ? u.s - taken[k - 1].e : 1;
      sentences.push({ start: srcStart(u, u.s), end: srcEnd(u, u.e), textStart: offset, textEnd: offset + (u.e - u.s) });
      // Words of the sentence, mapped to the source the way the sentence is (a replaced word spans its source word).
      for (const w of this.opts.words === false ? [] : wordSpans(slice(u), this.opts.locale)) {
        words.push({ start: srcStart(u, u.s + w.textStart), end: srcEnd(u, u.s + w.textEnd), textStart: offset + w.textStart, textEnd: offset + w.textEnd });
      }
      offset += u.e - u.s;
    }
    return {
      chunk: { text, start: sentences[0].start, end: sentences[sentences.length - 1].end, sentences, ...(this.opts.words === false ? {} : { words }) },
      units: taken,
    };
  }
}

const slice = (u: Unit): string => u.block.prepared.spoken.slice(u.s, u.e);
const srcStart = (u: Unit, s: number): number => u.block.block.start + u.block.prepared.starts[s];
const srcEnd = (u: Unit, e: number): number => u.block.block.start + u.block.prepared.ends[e - 1];
