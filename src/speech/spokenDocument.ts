// A document as spoken text, block by block (blocks.ts), prepared lazily and kept across versions: an edit
// re-prepares only the blocks whose text changed. Each block's sentences are found once, in bounded windows
// (sentences.ts). Readers (reader.ts) walk these blocks in order; nothing here knows about VS Code.
import { cellEditKeepsBlocks, plainEditKeepsBlocks, prefixOf, splitBlocks, type Block } from './blocks';
import { formatReader } from './formats/load';
import { MAX_PROMPT_CHARS } from '../api/types';
import { billingLength } from './billing';
import { cutLong, sentenceRanges, trimRange, type Range } from './sentences';
import type { Pronunciations } from './pronunciations';
import type { Pause } from './slices';
import { compiledDictionary, prepareBlock, type PrepareOptions, type PreparedBlock } from './textPrep';

/** One block of the current version: where it is, what is said, and its sentences (spoken offsets, trimmed, each at most one prompt long). */
export interface SpokenBlock {
  block: Block;
  prepared: PreparedBlock;
  sentences: Range[];
}

interface Entry {
  prepared: PreparedBlock;
  sentences: Range[];
}

/** Sentence ranges of a block's spoken text with surrounding whitespace trimmed (never before a combining mark). */
function trimmedSentences(spoken: string, locale?: string): Range[] {
  const out: Range[] = [];
  for (const [s0, e0] of sentenceRanges(spoken, 0, spoken.length, locale)) {
    const [s, e] = trimRange(spoken, s0, e0);
    if (e <= s) continue;
    if (billingLength(spoken, s, e) <= MAX_PROMPT_CHARS) {
      out.push([s, e]);
      continue;
    }
    // Longer than one prompt: cut once here (at words), not on every read of the block.
    for (const [p0, p1] of cutLong(spoken, s, e, MAX_PROMPT_CHARS, locale)) {
      const [ps, pe] = trimRange(spoken, p0, p1);
      if (pe > ps) out.push([ps, pe]);
    }
  }
  return out;
}

export class SpokenDocument {
  private text = '';
  private split: Block[] = [];
  private definitions = '';
  private readonly cache = new Map<string, Entry>();
  private readonly entries: Array<Entry | undefined> = [];
  /** Set once when some block could not be parsed and was read as plain text. */
  fallback: string | undefined;

  private readonly dict: Pronunciations | undefined;

  constructor(
    readonly opts: PrepareOptions,
    private readonly locale?: string,
  ) {
    this.dict = compiledDictionary(opts);
  }

  /** A document of one block already prepared as a whole (chunking text prepared elsewhere). */
  static ofPrepared(p: { spoken: string; toSource(o: number): number; toSourceEnd?(o: number): number; sourceLength?: number }, locale?: string): SpokenDocument {
    const n = p.spoken.length;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      starts[i] = p.toSource(i);
      ends[i] = p.toSourceEnd ? p.toSourceEnd(i + 1) : starts[i] + 1;
    }
    const doc = new SpokenDocument({ languageId: 'plaintext', codeBlocks: 'announce' }, locale);
    const length = p.sourceLength ?? (n ? Math.max(ends[n - 1], starts[n - 1]) : 0);
    doc.text = ' '.repeat(length);
    doc.split = [{ start: 0, end: length }];
    const prepared = { spoken: p.spoken, starts, ends };
    doc.entries[0] = { prepared, sentences: trimmedSentences(p.spoken, locale) };
    doc.fixed = true;
    return doc;
  }

  private fixed = false;

  /** How many updates moved the blocks instead of splitting the document again (a diagnostic for tests). */
  movedSplits = 0;

  /** Whether the format's split is a whole-document parse that can be made a slice at a time (HTML). */
  get splitsInSlices(): boolean {
    return !this.fixed && Boolean(formatReader(this.opts.languageId)?.blocksInSlices);
  }

  /** Takes the document as it is now (blocks whose text is unchanged keep their preparation). */
  update(text: string): void {
    if (this.fixed || text === this.text) return;
    const moved = this.text ? this.movedSplit(text) : undefined;
    if (moved) {
      this.movedSplits++;
      return this.takeMoved(text, moved);
    }
    this.take(text, splitBlocks(text, this.opts.languageId));
  }

  /**
   * As update, but where the format's split is a whole-document parse it is made a slice at a time, `pause`
   * awaited between steps (the text is taken as it was when called; a later update brings it up to date).
   */
  async updateInSlices(text: string, pause: Pause): Promise<void> {
    if (this.fixed || text === this.text) return;
    const inSlices = formatReader(this.opts.languageId)?.blocksInSlices;
    if (!inSlices) return this.update(text);
    const moved = this.text ? this.movedSplit(text) : undefined;
    if (moved) {
      this.movedSplits++;
      return this.takeMoved(text, moved);
    }
    const before = this.text;
    const split = await inSlices(text, pause);
    // A newer version taken meanwhile stays.
    if (this.fixed || this.text !== before) return;
    this.take(text, split);
  }

  private take(text: string, { blocks, definitions }: { blocks: Block[]; definitions: string }): void {
    this.text = text;
    if (definitions !== this.definitions) {
      this.definitions = definitions;
      this.cache.clear();
    }
    this.split = blocks;
    this.entries.length = 0;
    this.entries.length = blocks.length;
    // Keep only what the new version can reuse.
    const keys = new Set(blocks.map((b) => this.keyOf(b)));
    for (const k of this.cache.keys()) if (!keys.has(k)) this.cache.delete(k);
  }

  /**
   * Takes a split moved through an edit: every block but the `edited` ones (the block edited, and later parts
   * of a table whose header rows were edited) keeps its preparation (the same text, prepared relative to its
   * start), so nothing is looked up by the whole document's text.
   */
  private takeMoved(text: string, { blocks, edited }: { blocks: Block[]; edited: number[] }): void {
    for (const k of edited) this.cache.delete(this.keyOf(this.split[k]));
    this.text = text;
    this.split = blocks;
    for (const k of edited) this.entries[k] = undefined;
  }

  /**
   * The split of `text` as the current split moved through the edit that made it, when the format's reader
   * says the edit leaves every block as it was (HTML, whose split is a whole-document parse; Markdown and plain
   * text, whose split is a scan of every line: a few milliseconds a keystroke on a long document; a group of
   * cells of a very wide table row, by the rules of cellEditKeepsBlocks). The edit is found as the text between
   * the common start and the common end of the two versions; it must lie inside one spoken block, short of its
   * end (text typed at a block's end could join a word the next block begins).
   * Undefined: split again.
   */
  private movedSplit(text: string): { blocks: Block[]; edited: number[] } | undefined {
    const languageId = this.opts.languageId;
    const reader = formatReader(languageId);
    const keeps = reader ? reader.keepsBlocks : (source: string, at: number, removed: string, inserted: string) => plainEditKeepsBlocks(languageId, source, at, removed, inserted);
    if (!keeps) return undefined;
    const old = this.text;
    const [p, q] = commonEnds(old, text);
    const oldEnd = old.length - q;
    const i = this.indexAt(Math.max(0, p - 1));
    const b = this.split[i];
    if (!b || b.silent || b.prefix || p <= b.start || oldEnd >= b.end) return undefined;
    const removed = old.slice(p, oldEnd);
    const inserted = text.slice(p, text.length - q);
    if (!(b.cells ? cellEditKeepsBlocks(old, p, removed, inserted) : keeps(old, p, removed, inserted))) return undefined;
    const delta = text.length - old.length;
    // Offsets at or past the edit's old end move; a table's header rows (a later part's prefix) move with them.
    const shift = (o: number): number => (o >= oldEnd ? o + delta : o);
    const blocks = this.split.map((x, k) => (k < i ? x : {
      ...x,
      start: shift(x.start),
      end: shift(x.end),
      ...(x.prefix && typeof x.prefix !== 'string' ? { prefix: { start: shift(x.prefix.start), end: shift(x.prefix.end) } } : {}),
    }));
    const edited = [i];
    for (let k = i + 1; k < this.split.length; k++) {
      const pre = this.split[k].prefix;
      if (pre && typeof pre !== 'string' && pre.start < oldEnd && pre.end > p) edited.push(k);
    }
    return { blocks, edited };
  }

  /** Drops every prepared block (they are prepared again when asked for): what they say has changed. */
  forgetPrepared(): void {
    this.cache.clear();
    this.entries.length = 0;
    this.entries.length = this.split.length;
  }

  get source(): string {
    return this.text;
  }

  get count(): number {
    return this.split.length;
  }

  private keyOf(b: Block): string {
    return `${b.silent ? 's' : b.cells ? 'c' : ''}${prefixOf(this.text, b)}\u0000${this.text.slice(b.start, b.end)}`;
  }

  /** Whether block `i` is prepared already (no parsing needed to read it). */
  isReady(i: number): boolean {
    return this.entries[i] !== undefined || this.cache.has(this.keyOf(this.split[i]));
  }

  /** Block `i`, prepared (from the cache when its text is unchanged). */
  get(i: number): SpokenBlock {
    const block = this.split[i];
    let entry = this.entries[i];
    if (!entry) {
      const key = this.keyOf(block);
      entry = this.cache.get(key);
      if (!entry) {
        const prepared = prepareBlock(this.text, block, this.opts, this.definitions, this.dict);
        if (prepared.fallback) this.fallback ??= prepared.fallback;
        entry = { prepared, sentences: trimmedSentences(prepared.spoken, this.locale) };
        this.cache.set(key, entry);
      }
      this.entries[i] = entry;
    }
    return { block, prepared: entry.prepared, sentences: entry.sentences };
  }

  /** Where block `i` is (without preparing it). */
  blockAt(i: number): Block {
    return this.split[i];
  }

  /** Index of the block holding source offset `offset` (the last block for offsets past the end). */
  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.split.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.split[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * The lengths of the longest common start of `a` and `b`, and of their longest common end short of that. Runs of
 * characters are compared a few thousand at a time (string equality is a native comparison; a loop over
 * characters took about a millisecond on 200K), then one by one near the difference.
 */
export function commonEnds(a: string, b: string): [number, number] {
  const limit = Math.min(a.length, b.length);
  let p = 0;
  for (let step = 4096; p < limit;) {
    const e = Math.min(limit, p + step);
    if (a.slice(p, e) === b.slice(p, e)) p = e;
    else if (e - p > 32) step = (e - p) >> 2;
    else break;
  }
  while (p < limit && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  const [ae, be] = [a.length, b.length];
  let q = 0;
  for (let step = 4096; q < limit - p;) {
    const n = Math.min(limit - p, q + step);
    if (a.slice(ae - n, ae - q) === b.slice(be - n, be - q)) q = n;
    else if (n - q > 32) step = (n - q) >> 2;
    else break;
  }
  while (q < limit - p && a.charCodeAt(ae - 1 - q) === b.charCodeAt(be - 1 - q)) q++;
  return [p, q];
}

/** The first index in `starts` whose value + base is ≥ `offset` (starts are non-decreasing). */
export function firstAtOrAfter(starts: Int32Array, base: number, offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] + base < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
