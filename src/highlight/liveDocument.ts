// The pipeline's ChunkSource over a live document: every next() re-reads the document as it is now,
// so edits reach the chunks not yet synthesized. The ranges to read, the read position and every chunk
// already handed out (with its sentences) are shifted through edits, so highlights stay on their words.
import * as vscode from 'vscode';
import { chunkPrepared, RAMP, type SourceChunk } from '../speech/chunker';
import type { ChunkSource } from '../speech/pipeline';
import { prepareText, type PrepareOptions } from '../speech/textPrep';
import { shiftAll, shiftRange, type OffsetChange } from './position';

export interface Span {
  start: number;
  end: number;
}

/** What an edit did to the run: the chunks and sentences it touched (their audio no longer matches the text). */
export interface EditEvent {
  touched: SourceChunk[];
  touchedSentences: ReadonlySet<SourceChunk['sentences'][number]>;
}

export class LiveDocumentSource implements ChunkSource, vscode.Disposable {
  private readonly ranges: Span[];
  private rangeIndex = 0;
  private cursor: number;
  private readonly issued: SourceChunk[] = [];
  /** Chunks an edit touched: their text changed after they were handed out. */
  private readonly dirty = new WeakSet<SourceChunk>();
  /** Handed out again before reading on (after rereading an edited sentence). */
  private replay: SourceChunk[] = [];
  /** Characters handed out so far: later chunks grow with it (the core's ramp, continued lazily). */
  private spokenSoFar = 0;
  private readonly edited = new vscode.EventEmitter<EditEvent>();
  private readonly sub: vscode.Disposable;

  /** Fires after an edit of the document has been applied to every range this source holds. */
  readonly onDidEdit = this.edited.event;

  /**
   * Reads `ranges` of `document` in order (offsets; `end` may be Infinity for "to the end"), starting at
   * source offset `from`.
   */
  constructor(
    readonly document: vscode.TextDocument,
    ranges: readonly Span[],
    from: number,
    private readonly prep: PrepareOptions,
  ) {
    this.ranges = ranges.map((r) => ({ ...r }));
    this.cursor = from;
    this.sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== this.document || e.contentChanges.length === 0) return;
      this.applyEdit(e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, textLength: c.text.length })));
    });
  }

  /** The next chunk from the read position, prepared from the document as it is now. */
  next(): SourceChunk | undefined {
    while (this.replay.length && !this.document.isClosed) {
      let c = this.replay.shift()!;
      if (this.dirty.has(c)) {
        // Edited since it was read ahead: read its range again, as it is now.
        const fresh = this.chunkAt({ start: c.start, end: c.end }, c.start, false);
        if (!fresh.length) continue;
        this.replay.unshift(...fresh.slice(1));
        c = fresh[0];
      }
      if (!this.issued.includes(c)) this.issued.push(c);
      this.spokenSoFar += c.text.length;
      return c;
    }
    while (this.rangeIndex < this.ranges.length && !this.document.isClosed) {
      const chunk = this.chunkAt(this.ranges[this.rangeIndex], this.cursor, true)[0];
      if (chunk) {
        this.cursor = chunk.end;
        this.issued.push(chunk);
        this.spokenSoFar += chunk.text.length;
        return chunk;
      }
      this.rangeIndex++;
    }
    return undefined;
  }

  /** The source offset reading continues from. */
  get position(): number {
    return this.cursor;
  }

  /** Every chunk handed out so far (offsets kept current through edits). */
  get chunks(): readonly SourceChunk[] {
    return this.issued;
  }

  /** Moves the read position to `offset` (before reading starts). */
  rewindTo(offset: number): void {
    this.cursor = offset;
    this.rangeIndex = Math.max(0, this.ranges.findIndex((r) => r.end > offset));
  }

  /**
   * Reads again from `offset` inside `current` (the sentence the user edited while hearing it): first the
   * rest of that chunk as it is now, then the chunks already read ahead after it, the same objects when
   * their text is unchanged (so their audio comes from the cache), then on from the read position.
   */
  rereadFrom(offset: number, current: SourceChunk): void {
    const i = this.issued.indexOf(current);
    const after = i >= 0 ? this.issued.slice(i + 1) : [];
    const piece = this.chunkAt({ start: offset, end: Math.max(offset, current.end) }, offset, false);
    this.replay = [...piece, ...after, ...this.replay.filter((c) => !after.includes(c))];
  }

  /** All chunks from the read position to the end, as they would be read now: tasks and characters. */
  estimate(): { tasks: number; characters: number; chunks: SourceChunk[] } {
    const chunks: SourceChunk[] = [];
    for (let i = this.rangeIndex; i < this.ranges.length; i++) chunks.push(...this.chunkAt(this.ranges[i], this.cursor, false));
    return { tasks: chunks.length, characters: chunks.reduce((n, c) => n + c.text.length, 0), chunks };
  }

  /** The start of the sentence at `offset` (or of the next one when `offset` is between sentences). */
  sentenceStartAt(offset: number): number {
    for (const r of this.ranges) {
      for (const c of this.chunkAt(r, r.start, false)) {
        const s = c.sentences.find((x) => x.end > offset);
        if (s) return Math.min(s.start, Math.max(offset, c.start));
      }
    }
    return offset;
  }

  /** Chunks of `range` from `from` on, with document offsets; only the first when `firstOnly`. */
  private chunkAt(range: Span, from: number, firstOnly: boolean): SourceChunk[] {
    const text = this.document.getText();
    const start = Math.max(0, Math.min(range.start, text.length));
    const end = Math.max(start, Math.min(range.end, text.length));
    const at = Math.max(from, start);
    if (at >= end) return [];
    const prepared = prepareText(text.slice(start, end), this.prep);
    const out: SourceChunk[] = [];
    // The core's ramp, one chunk at a time: the first chunk of a run is short (first audio fast), each later one at
    // most RAMP.growth × all the text before it, so the chunks are the ones chunkPrepared would give the whole
    // text at once (and estimate() counts the tasks the run will create).
    const opts = this.spokenSoFar === 0 || !firstOnly
      ? { fromSource: at - start, ramp: this.spokenSoFar === 0 }
      : { fromSource: at - start, ramp: false, maxChars: Math.max(RAMP.firstMaxChars, RAMP.growth * this.spokenSoFar) };
    for (const c of chunkPrepared(prepared, opts)) {
      if (c.end + start <= at) continue;
      out.push({
        text: c.text,
        start: c.start + start,
        end: c.end + start,
        sentences: c.sentences.map((s) => ({ ...s, start: s.start + start, end: s.end + start })),
      });
      if (firstOnly) break;
    }
    return out;
  }

  private applyEdit(changes: OffsetChange[]): void {
    for (const r of this.ranges) shiftRange(r, changes);
    this.cursor = shiftAll(this.cursor, changes, 'cursor');
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
      hit = shiftRange(c, changes) || hit;
      if (hit) {
        touched.push(c);
        this.dirty.add(c);
      }
    }
    this.edited.fire({ touched, touchedSentences });
  }

  dispose(): void {
    this.sub.dispose();
    this.edited.dispose();
  }
}
