// The pipeline's ChunkSource over a document that can change while it is read (no VS Code here: the
// editor side feeds it the text and the edits). A SpokenReader walks the document's blocks, brought up to
// date with the text on every next(), so edits reach the chunks not yet synthesized. The ranges to read,
// the read position and every chunk already handed out (with its sentences) are shifted through edits, so
// highlights stay on their words. Blocks are prepared ahead in short slices between the pipeline's calls,
// so no call blocks the caller's thread for long.
import { shiftAll, shiftRange, type OffsetChange } from '../highlight/position';
import type { SourceChunk } from './chunker';
import { mathReadyFor } from './formats/load';
import type { ChunkSource } from './pipeline';
import { compilePronunciationsInSlices } from './pronunciations';
import { SpokenReader, type Span } from './reader';
import { afterEditorTurn, slices, SLICE_MS } from './slices';
import { SpokenDocument } from './spokenDocument';
import type { PrepareOptions } from './textPrep';
import { warmUpReading } from './warmUp';

/** The document as it is now; `version` changes with every edit. */
export interface TextSnapshot {
  /** Changes with every edit (the editor's version number). */
  version: unknown;
  closed: boolean;
  getText(): string;
}

/** What an edit did to the run: the chunks and sentences it touched (their audio no longer matches the text). */
export interface EditEvent {
  touched: SourceChunk[];
  touchedSentences: ReadonlySet<SourceChunk['sentences'][number]>;
}


export class DocumentSource implements ChunkSource {
  private readonly doc: SpokenDocument;
  private readonly ranges: Span[];
  private readonly reader: SpokenReader;
  private readonly issued: SourceChunk[] = [];
  /** Chunks an edit touched: their text changed after they were handed out. */
  private readonly dirty = new WeakSet<SourceChunk>();
  /** Handed out again before reading on (after rereading an edited sentence). */
  private replay: SourceChunk[] = [];
  private warming = false;
  /** A split of the edited document is being made in slices (formats whose split is a whole-page parse). */
  private splitting = false;
  private disposed = false;

  /**
   * Reads `ranges` of `document` in order (offsets; `end` may be Infinity for "to the end"), starting at
   * source offset `from`.
   */
  constructor(
    private readonly snapshot: () => TextSnapshot,
    ranges: readonly Span[],
    from: number,
    prep: PrepareOptions,
  ) {
    this.doc = new SpokenDocument(prep);
    this.ranges = ranges.map((r) => ({ ...r }));
    this.reader = new SpokenReader(this.doc, this.ranges, from);
  }

  private get closed(): boolean {
    return this.disposed || this.snapshot().closed;
  }

  private syncedVersion: unknown = Symbol('never');

  private sync(): void {
    const s = this.snapshot();
    if (s.version === this.syncedVersion) return;
    this.syncedVersion = s.version;
    this.doc.update(s.getText());
  }

  /** The next chunk from the read position, prepared from the document as it is now. */
  next(): SourceChunk | undefined {
    if (this.closed) return undefined;
    this.sync();
    let chunk: SourceChunk | undefined;
    while (this.replay.length && !chunk) {
      const c = this.replay.shift()!;
      if (this.dirty.has(c)) {
        // Edited since it was read ahead: read its range again, as it is now.
        const fresh = this.chunksOf({ start: c.start, end: c.end }, c.start);
        if (!fresh.length) continue;
        this.replay.unshift(...fresh.slice(1));
        chunk = fresh[0];
      } else {
        chunk = c;
      }
      if (!this.issued.includes(chunk)) this.issued.push(chunk);
      this.reader.pos.spokenSoFar += chunk.text.length;
    }
    if (!chunk) {
      chunk = this.reader.next();
      if (chunk) this.issued.push(chunk);
    }
    this.warmSoon();
    return chunk;
  }

  /** Whether an edit touched `chunk` after it was handed out (its audio no longer matches the text). */
  isEdited(chunk: SourceChunk): boolean {
    return this.dirty.has(chunk);
  }

  /** The source offset reading continues from. */
  get position(): number {
    return this.reader.pos.cursor;
  }

  /** Every chunk handed out so far (offsets kept current through edits). */
  get chunks(): readonly SourceChunk[] {
    return this.issued;
  }

  /** Set when part of the document could not be parsed and is read as plain text: why. */
  get fallback(): string | undefined {
    return this.doc.fallback;
  }

  /** Whether `offset` is inside the ranges this source reads (offsets current through edits). */
  reads(offset: number): boolean {
    return this.ranges.some((r) => r.start <= offset && offset < r.end);
  }

  /**
   * Reading moves to `offset` (a sentence start), for a new pass from there. The parts already handed out
   * from the one holding `offset` on, in document order while they follow each other, are handed out again
   * (the same objects: their audio comes from the cache, or their task is asked for again under its key, never
   * paid twice); reading then goes on after them. Elsewhere reading starts afresh at `offset`, first part short.
   */
  jumpTo(offset: number): void {
    this.sync();
    const sorted = this.issued.filter((c) => !this.dirty.has(c)).sort((a, b) => a.start - b.start);
    const i = sorted.findIndex((c) => c.start <= offset && offset < c.end);
    const chain: SourceChunk[] = i >= 0 ? [sorted[i]] : [];
    for (let k = i + 1; i >= 0 && k < sorted.length; k++) {
      const prev = chain[chain.length - 1];
      if (sorted[k].start < prev.end) continue;
      if (this.reader.firstSentenceFrom(prev.end) !== sorted[k].start) break;
      chain.push(sorted[k]);
    }
    this.replay = chain;
    this.reader.rewindTo(chain.length ? chain[chain.length - 1].end : offset);
    if (!chain.length) this.reader.pos.spokenSoFar = 0;
  }

  /** Moves the read position to `offset` (before reading starts). */
  rewindTo(offset: number): void {
    this.reader.rewindTo(offset);
  }

  /**
   * Reads again from `offset` inside `current` (the sentence the user edited while hearing it): first the
   * rest of that chunk as it is now, then the chunks already read ahead after it, the same objects when
   * their text is unchanged (so their audio comes from the cache), then on from the read position.
   */
  rereadFrom(offset: number, current: SourceChunk): void {
    this.sync();
    const i = this.issued.indexOf(current);
    const after = i >= 0 ? this.issued.slice(i + 1) : [];
    const piece = this.chunksOf({ start: offset, end: Math.max(offset, current.end) }, offset);
    this.replay = [...piece, ...after, ...this.replay.filter((c) => !after.includes(c))];
  }

  /**
   * Retry after `failed` failed: hands out again that part and the parts already read ahead after it (the
   * same objects while their text is unchanged, so whatever audio they got comes from the cache and is not
   * paid again; an edited one is read again as it is now), then reads on from where reading had got to.
   * False when `failed` is not one of this source's parts (then read anew from its offset).
   */
  retryFrom(failed: SourceChunk): boolean {
    const i = this.issued.indexOf(failed);
    if (i < 0 || this.disposed) return false;
    this.replay = [...this.issued.slice(i), ...this.replay.filter((c) => !this.issued.includes(c))];
    return true;
  }

  /**
   * All chunks from the read position to the end, as the run will read them: tasks and characters. Prepares
   * the document in short slices first (resolves undefined if `signal` aborts meanwhile). The chunks carry
   * their text and sentences but no word spans (nothing that asks the cost question needs them, and a long
   * document's words are hundreds of thousands of objects).
   */
  async estimate(signal?: AbortSignal): Promise<{ tasks: number; characters: number; chunks: SourceChunk[] }> {
    await this.prepareAll(signal);
    const probe = new SpokenReader(this.doc, this.ranges.map((r) => ({ ...r })), 0, { ramp: true, words: false });
    probe.pos = { ...this.reader.pos };
    const chunks: SourceChunk[] = [];
    const pause = slices();
    for (let c = probe.next(); c; c = probe.next()) {
      chunks.push(c);
      await pause();
    }
    return { tasks: chunks.length, characters: chunks.reduce((n, c) => n + c.text.length, 0), chunks };
  }

  /**
   * Read from Here: moves the read position to the start of the part that holds source `offset` as a
   * reading from the current position would cut it (from the start of the document, the parts Speak
   * Document cut, so a part heard before comes from the cache), and returns that part; undefined when
   * nothing is read from `offset` on. Prepares the document in short slices first.
   */
  async rewindToPartAt(offset: number, signal?: AbortSignal): Promise<SourceChunk | undefined> {
    await this.prepareAll(signal);
    const probe = new SpokenReader(this.doc, this.ranges.map((r) => ({ ...r })), 0);
    probe.pos = { ...this.reader.pos };
    const pause = slices();
    for (;;) {
      if (signal?.aborted) return undefined;
      const before = { ...probe.pos };
      const c = probe.next();
      if (!c) return undefined;
      if (c.end > offset) {
        this.reader.pos = before;
        return c;
      }
      await pause();
    }
  }

  /** The start of the sentence at `offset` (or of the next one when `offset` is between sentences). */
  sentenceStartAt(offset: number): number {
    this.sync();
    return this.reader.sentenceStartAt(offset);
  }

  /** The start of the sentence holding `offset`, else of the first one after it (undefined: none after it). */
  sentenceFrom(offset: number): number | undefined {
    this.sync();
    return this.reader.firstSentenceFrom(offset);
  }

  /** Chunks of `range` from `from` on, with no ramp (parts read again). */
  private chunksOf(range: Span, from: number): SourceChunk[] {
    const r = new SpokenReader(this.doc, [range], from, { ramp: false });
    const out: SourceChunk[] = [];
    for (let c = r.next(); c; c = r.next()) out.push(c);
    return out;
  }

  /**
   * Brings the document's split up to date, in slices where it is a whole-document parse (an HTML page), so
   * that the calls after it (finding a sentence, the first part) need not parse the page in one call.
   */
  async prepareSplit(signal?: AbortSignal): Promise<void> {
    // A session's first reading warms up a step per turn, not in its first part (warmUp.ts), each step after
    // the editor's messages (called from an I/O callback, as a command is, nextTurn would run the second step
    // right after the first); a long pronunciation list is compiled in slices, not by the first block that
    // needs it.
    await warmUpReading(this.doc.opts.languageId, afterEditorTurn);
    if (this.doc.opts.pronunciations) await compilePronunciationsInSlices(this.doc.opts.pronunciations, slices());
    const s = this.snapshot();
    if (s.version === this.syncedVersion || this.closed) return;
    const text = s.getText();
    await this.doc.updateInSlices(text, slices());
    if (signal?.aborted || this.closed) return;
    // Up to date with that version (the next sync takes any edit made meanwhile).
    if (this.doc.source === text) this.syncedVersion = s.version;
  }

  /** Prepares every block from the read position on, a slice at a time. */
  private async prepareAll(signal?: AbortSignal): Promise<void> {
    await this.prepareSplit(signal);
    if (signal?.aborted || this.closed) return;
    this.sync();
    // Mathematics is spoken by an engine that starts asynchronously, once, when a document has some.
    const math = mathReadyFor(this.doc.opts.languageId, this.doc.source, this.doc.opts.math);
    if (math) {
      await math;
      // Blocks prepared while it started (finding the sentence at the cursor) announced their formulas.
      this.doc.forgetPrepared();
      this.sync();
    }
    const pause = slices();
    for (let i = this.doc.indexAt(this.reader.pos.cursor); i < this.doc.count; i++) {
      // After a turn the document may have been edited: brought up to date first, in a slice of its own
      // when that took the slice's time (a long document's split follows an edit in a few milliseconds).
      if (await pause() && !this.closed) {
        this.sync();
        await pause();
      }
      if (signal?.aborted || this.closed) return;
      this.doc.get(i);
    }
  }

  /** After a chunk is handed out, prepares the blocks the next ones will need, between the pipeline's calls. */
  private warmSoon(): void {
    if (this.warming || this.disposed) return;
    this.warming = true;
    void (async () => {
      try {
        await afterEditorTurn();
        // An edited page being split in slices is not split again here in one call.
        if (this.closed || this.splitting) return;
        this.sync();
        const started = performance.now();
        const from = this.doc.indexAt(this.reader.pos.cursor);
        // About two chunks ahead: the blocks that start within 1,200 source characters of the read position.
        for (let i = from; i < this.doc.count && performance.now() - started < SLICE_MS; i++) {
          if (this.doc.blockAt(i).start > this.reader.pos.cursor + 1200) break;
          this.doc.get(i);
        }
      } finally {
        this.warming = false;
      }
    })();
  }

  /** Applies one edit event (offsets of the text before it) to every range this source holds. */
  applyEdit(changes: readonly OffsetChange[]): EditEvent {
    for (const r of this.ranges) shiftRange(r, changes);
    const pos = this.reader.pos;
    // The exact spoken position stays valid while its block's text is unchanged (the reader checks).
    pos.cursor = shiftAll(pos.cursor, changes, 'cursor');
    const touched: SourceChunk[] = [];
    const touchedSentences = new Set<SourceChunk['sentences'][number]>();
    for (const c of this.issued) {
      let hit = false;
      for (const s of c.sentences) {
        if (shiftRange(s, changes)) {
          touchedSentences.add(s);
          hit = true;
        }
      }
      // Words only move (an edited word's audio is the sentence's concern).
      for (const w of c.words ?? []) shiftRange(w, changes);
      hit = shiftRange(c, changes) || hit;
      if (hit) {
        touched.push(c);
        this.dirty.add(c);
      }
    }
    this.splitSoon();
    return { touched, touchedSentences };
  }

  dispose(): void {
    this.disposed = true;
  }

  /**
   * After an edit, where the format's split is a whole-page parse (HTML): brings the split up to date in
   * slices, soon, so the next part's sync() finds it made instead of parsing the page in one call. Typing
   * goes on meanwhile: the loop takes the newest version until it has caught up. A part asked for before the
   * slices end is still split in one call, as before.
   */
  private splitSoon(): void {
    if (this.splitting || this.disposed || !this.doc.splitsInSlices) return;
    this.splitting = true;
    void (async () => {
      try {
        do {
          await afterEditorTurn();
          if (this.closed) return;
          await this.prepareSplit();
        } while (!this.closed && this.snapshot().version !== this.syncedVersion);
      } catch {
        // The next part's sync() splits the page as it is then.
      } finally {
        this.splitting = false;
      }
    })();
  }
}
