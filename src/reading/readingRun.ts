// One reading of one document: its live source, the follower that plays it and moves the highlight, its
// pipeline passes (a new pass reads an edited sentence again, or goes on from a paragraph or heading moved to)
// and its end (where reading stopped, what Retry needs). ReadAloud (readAloud.ts) runs one at a time, owns
// the state everyone sees and turns the end into a state and a notification.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { EvolinkClient } from '../api/client';
import { Follower, type FollowedClip } from '../highlight/follower';
import type { Highlighter } from '../highlight/highlighter';
import type { Log } from '../log';
import type { Player } from '../player/player';
import type { PauseAfter } from '../settings';
import { ANCHOR_MAX } from '../speech/anchor';
import type { AudioCache } from '../speech/cache';
import type { SourceChunk } from '../speech/chunker';
import { nextAfter, outlineOf, paragraphIndexAt, previousFrom, type Outline } from '../speech/outline';
import { ReadingPipeline, type PollPlanner, type ResumeChunk } from '../speech/pipeline';
import type { RunInfo, SpeechState } from '../speech/state';
import { LiveDocumentSource, type EditEvent } from './liveDocument';
import type { ReadRequest } from './readRequest';
import type { ReadingPositions } from './readingPositions';

/** What a run works with: the controller's services, and the two ways it hears from the run. */
export interface RunDeps {
  player: Player;
  highlighter: Highlighter;
  log: Log;
  timeScale: number;
  positions: ReadingPositions | undefined;
  pauseAfter: () => PauseAfter;
  /** The learned poll timing, shared by every run. */
  planner: PollPlanner;
  /** Undefined when the cache is off. */
  cache: AudioCache | undefined;
  /** The run being read now; a run that is not it any more only winds down, and says nothing. */
  current(): ReadingRun | undefined;
  /** What the pipeline of the run being read says (not a pass that was let go). */
  onState(s: SpeechState, info: RunInfo): void;
}

/** The document being read and where (ReadAloud.reading). */
export interface ReadingPlace {
  document: vscode.TextDocument;
  from: number;
  end: number;
  sentence?: { start: number; end: number };
  secondsPerChar?: number;
}

export class ReadingRun {
  readonly abort = new AbortController();
  readonly req: ReadRequest;
  readonly source: LiveDocumentSource;
  readonly follower: Follower;
  /** Where the last pass failed (the pipeline's failedAt): Retry resumes there. */
  failedOffset?: number;
  /** The part the last pass failed at (the pipeline's failedAt.chunk): Retry hands it out again. */
  failedChunk?: SourceChunk;
  /** What the last pass left of the parts it failed at or had in flight (the pipeline's failedAt.resume), for Retry. */
  failedResume?: readonly ResumeChunk[];
  /** Set while reading is paused at a boundary by evolinkTts.pauseAfter (the status bar says so). */
  pausedAfter: 'sentence' | 'paragraph' | undefined;
  /** Aborts the current pipeline pass only (to read an edited sentence again). */
  private pass?: AbortController;
  /** Set when the user edited the sentence being heard: read again from there after this clip. */
  private reread?: { sentence: { start: number }; chunk: SourceChunk };
  /** Set when the user moved to a paragraph or heading whose audio this run does not hold: a new pass from there. */
  private jump?: number;
  /**
   * Each part's Idempotency-Key for the whole run: a part handed out again in a later pass (after a move or an
   * edit) is asked for under the same key, so Evolink answers with the task it already has and charges once.
   */
  private readonly keys = new WeakMap<SourceChunk, string>();
  private readonly remember: boolean;
  private readonly subs: vscode.Disposable[] = [];
  private outlineCache: { version: number; outline: Outline } | undefined;

  /** Reads `req` (its prepared source when it has one); `total` is the estimated number of parts. */
  constructor(readonly id: number, req: ReadRequest, readonly total: number, private readonly deps: RunDeps) {
    this.source = req.prepared && !req.prepared.document.isClosed ? req.prepared
      : new LiveDocumentSource(req.document, req.ranges, req.from, req.prep);
    this.follower = new Follower(deps.player, deps.highlighter, req.document.uri, () => this.total, {
      pauseAt: (before, after) => (this.live ? this.boundary(before, after) : undefined),
      onPausedAt: (why) => {
        if (this.live) this.pausedAfter = why;
      },
    });
    if (req.startAtWord !== undefined) this.follower.startAtWord(req.startAtWord);
    this.req = { ...req, prepared: undefined, startAtWord: undefined };
    const uri = req.document.uri;
    this.remember = req.remember === true && deps.positions !== undefined;
    if (this.remember) {
      deps.positions!.started(uri);
      // The sentence being heard is kept as reading goes (where it stops is where Continue Reading starts).
      this.subs.push(deps.highlighter.onDidChange((h) => {
        if (this.live && h && h.uri === uri.toString()) deps.positions!.heard(uri, { offset: h.start, text: h.text.slice(0, ANCHOR_MAX) });
      }));
    }
    this.subs.push(this.source.onDidEdit((e) => this.edited(e)));
  }

  private get live(): boolean {
    return this.deps.current() === this;
  }

  /** The document being read and where: the sentence heard now (offsets current through edits), where the reading started and ends, its pace. */
  get place(): ReadingPlace {
    const { document, ranges, from } = this.req;
    const last = ranges[ranges.length - 1]?.end ?? Infinity;
    const s = this.follower.currentSentence;
    return {
      document,
      from,
      end: Number.isFinite(last) ? last : document.getText().length,
      sentence: s && { start: s.start, end: s.end },
      secondsPerChar: this.follower.secondsPerChar,
    };
  }

  /**
   * Reads to the end, to a failure or until aborted, then keeps where reading stopped. Resolves with the
   * failure (undefined when read to the end or aborted); the source is the caller's to keep or let go.
   */
  async read(client: EvolinkClient): Promise<unknown> {
    const { document } = this.req;
    const uri = document.uri;
    let error: unknown;
    try {
      await this.readPasses(client);
    } catch (e) {
      error = e;
    } finally {
      for (const d of this.subs) d.dispose();
      // Where reading was when it ended (a Stop can come before the highlight event of the sentence it stops in).
      const last = this.follower.currentSentence;
      if (this.remember && last && !document.isClosed) this.deps.positions!.heard(uri, { offset: last.start, text: document.getText().slice(last.start, Math.min(last.end, last.start + ANCHOR_MAX)) });
      this.follower.dispose();
    }
    if (this.remember) {
      // Read to the end: the position is forgotten; stopped, closed or failed: it is kept and marked.
      const now = this.deps.current();
      const next = now && now !== this && now.req.document.uri.toString() === uri.toString();
      if (error === undefined && !this.abort.signal.aborted) this.deps.positions!.finished(uri, Boolean(next));
      else this.deps.positions!.stopped(uri, Boolean(next));
    }
    return error;
  }

  /** The user edited the document: the highlight follows, and an edit of the part being heard is read again. */
  private edited(e: EditEvent): void {
    if (!this.live) return;
    const follower = this.follower;
    follower.refresh();
    const heard = follower.currentChunk as SourceChunk | undefined;
    const current = follower.currentSentence;
    if (!heard || !current || this.reread || !e.touched.includes(heard)) return;
    // The first edited sentence from the one being heard on: its audio in this part is out of date.
    const from = heard.sentences.indexOf(current as SourceChunk['sentences'][number]);
    const edited = heard.sentences.slice(Math.max(0, from)).find((s) => e.touchedSentences.has(s));
    if (!edited) return;
    this.deps.log.info(`run ${this.id}: ${edited === current ? 'the sentence being read' : 'a later sentence of this part'} was edited; reading from it again after this part`);
    this.reread = { sentence: edited, chunk: heard };
  }

  /** Runs the pipeline; after the user edited the sentence being heard, runs it again from that sentence. */
  private async readPasses(client: EvolinkClient): Promise<void> {
    const { req, source, follower, deps } = this;
    const keyBase = randomBytes(8).toString('hex');
    let keyCount = 0;
    for (;;) {
      const pass = new AbortController();
      this.pass = pass;
      const onAbort = () => pass.abort();
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
      const pipeline = new ReadingPipeline(
        {
          client,
          cache: deps.cache,
          planner: deps.planner,
          timeScale: deps.timeScale,
          log: (line: string) => deps.log.info(line),
          sink: {
            play: async (clip: FollowedClip, signal: AbortSignal) => {
              if (source.isEdited(clip.chunk) && !signal.aborted) {
                // Edited after it was fetched ahead: read this part again as it is now, instead of the old audio.
                deps.log.info(`run ${this.id}: part ${clip.index + 1} was edited after it was fetched; reading it again`);
                this.reread = { sentence: { start: clip.chunk.start }, chunk: clip.chunk };
                pass.abort();
                return;
              }
              await follower.play(clip, signal);
              if (this.reread && !signal.aborted) pass.abort();
            },
          },
          onState: (s: SpeechState, info: RunInfo) => {
            if (this.live && !pass.signal.aborted) deps.onState(s, info);
          },
        },
        {
          voice: req.voiceFor ? (text: string) => req.voiceFor!(text) || req.voice : req.voice,
          languageType: req.languageType,
          maxParallel: req.maxParallel,
          resume: req.resume,
          keyFor: (chunk) => {
            let key = this.keys.get(chunk);
            if (!key) this.keys.set(chunk, key = `evtts-${keyBase}-${keyCount++}`);
            return key;
          },
        },
      );
      try {
        await pipeline.run(source, pass.signal);
        return;
      } catch (e) {
        this.failedOffset = pipeline.failedAt?.chunk.start;
        this.failedChunk = pipeline.failedAt?.chunk;
        this.failedResume = pipeline.failedAt?.resume;
        const { reread, jump } = this;
        if ((!reread && jump === undefined) || this.abort.signal.aborted || !pass.signal.aborted) throw e;
        this.reread = undefined;
        this.jump = undefined;
        if (jump !== undefined) {
          source.jumpTo(jump);
          follower.skipTo(jump);
          deps.log.info(`run ${this.id}: reading on from offset ${jump}`);
          continue;
        }
        source.rereadFrom(reread!.sentence.start, reread!.chunk);
        deps.log.info(`run ${this.id}: reading again from offset ${reread!.sentence.start}`);
      } finally {
        this.abort.signal.removeEventListener('abort', onAbort);
      }
    }
  }

  /**
   * Moves reading to the next or previous paragraph or heading (Markdown headings; in other documents,
   * paragraphs). Previous first goes back to the start of the block being read, as a player's Previous does.
   * Returns false when there is nowhere to go.
   */
  move(unit: 'paragraph' | 'heading', direction: 1 | -1): boolean {
    const o = this.outline();
    const starts = unit === 'heading' && o.headings.length ? o.headings.map((h) => h.start) : o.paragraphs;
    const here = this.follower.currentSentence?.start ?? this.req.from;
    const first = (offset: number) => this.source.sentenceFrom(offset) ?? offset;
    const target = direction > 0 ? nextAfter(starts, here) : previousFrom(starts, here, first);
    const at = target === undefined ? undefined : this.source.sentenceFrom(target);
    if (at === undefined || !this.source.reads(at)) return false;
    this.jumpTo(at);
    return true;
  }

  /** Reading goes on at the sentence starting at `at`: in the audio this run holds, else in a new pass from there. */
  private jumpTo(at: number): void {
    this.pausedAfter = undefined;
    if (this.follower.jumpTo(at)) {
      this.deps.log.info(`run ${this.id}: moved to offset ${at} in audio already here`);
      return;
    }
    this.deps.log.info(`run ${this.id}: moving to offset ${at}: a new pass from there`);
    this.jump = at;
    this.reread = undefined;
    this.pass?.abort();
  }

  /** The outline of the document as it is now (kept while its version is unchanged). */
  private outline(): Outline {
    const doc = this.req.document;
    const c = this.outlineCache;
    if (c && c.version === doc.version) return c.outline;
    const outline = outlineOf(doc.getText(), doc.languageId === 'markdown');
    this.outlineCache = { version: doc.version, outline };
    return outline;
  }

  /** Whether evolinkTts.pauseAfter pauses between the sentences `before` and `after`, and why. */
  private boundary(before: { start: number }, after: { start: number }): 'sentence' | 'paragraph' | undefined {
    const mode = this.deps.pauseAfter();
    if (mode === 'sentence') return 'sentence';
    if (mode !== 'paragraph') return undefined;
    const o = this.outline();
    return paragraphIndexAt(o, before.start) !== paragraphIndexAt(o, after.start) ? 'paragraph' : undefined;
  }
}
