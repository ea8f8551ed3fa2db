// One read-aloud run at a time: builds the client, reads a live document through the speech core's
// ReadingPipeline, follows along in the editor, keeps the state the status bar and EvolinkTtsApi show,
// and turns failures into notifications. A new run, Stop, or closing the document aborts the run; events
// from an aborted run are ignored.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { EvolinkClient } from '../api/client';
import type { LanguageType } from '../api/types';
import type { ClientFactory } from '../connection';
import { ContextKeys } from '../constants';
import { Follower, type FollowedClip, type FollowPosition } from '../highlight/follower';
import type { Highlighter } from '../highlight/highlighter';
import { LiveDocumentSource, type Span } from './liveDocument';
import type { ReadingPositions } from './readingPositions';
import { ANCHOR_MAX } from '../speech/anchor';
import { nextAfter, outlineOf, paragraphIndexAt, previousFrom, type Outline } from '../speech/outline';
import type { PauseAfter } from '../settings';
import type { Log } from '../log';
import type { Notifier } from '../notify';
import type { Player } from '../player/player';
import { AudioCache } from '../speech/cache';
import type { SourceChunk } from '../speech/chunker';
import { PollPlanner, ReadingPipeline, type ResumeChunk } from '../speech/pipeline';
import { isBusy, type RunInfo, type SpeechState } from '../speech/state';
import type { PrepareOptions } from '../speech/textPrep';
import type { CreditsWatcher } from '../statusBar/credits';

/** globalState key of the learned poll timing (LearnedTiming). */
const POLL_TIMING_KEY = 'evolinkTts.pollTiming';

export interface ReadRequest {
  document: vscode.TextDocument;
  /** Offsets to read, in order; `end` may be Infinity ("to the end of the document"). */
  ranges: Span[];
  /** Source offset to start at (inside the first range). */
  from: number;
  prep: PrepareOptions;
  voice: string;
  /** The voice per chunk text when it can differ (per-language voices); default `voice`. */
  voiceFor?: (text: string) => string;
  languageType: LanguageType;
  baseUrl: string;
  timeoutMs: number;
  maxParallel: number;
  /** 0 turns the cache off. */
  cacheMaxBytes: number;
  /** Retry: the failed part's task and Idempotency-Key, so that it is not paid for twice. */
  resume?: readonly ResumeChunk[];
  /**
   * The source the command already prepared (for its cost question) over these ranges, at `from`: the run
   * takes it over instead of preparing the document again. Used once; Retry builds a new one.
   */
  prepared?: LiveDocumentSource;
  /** Read from Here: the source offset of the word to start at (inside the first part). */
  startAtWord?: number;
  /** Keep where this reading stops (a reading to the end of the document: not a selection or a section). */
  remember?: boolean;
  /**
   * What is read next in the same reading when this one is read to its end (a notebook's next cell, another
   * document): the state goes on to it without a "done" between; undefined when there is nothing more.
   */
  next?: () => { req: ReadRequest; tasks: number } | undefined;
}

interface Run {
  id: number;
  abort: AbortController;
  /** Aborts the current pipeline pass only (to read an edited sentence again). */
  pass?: AbortController;
  source: LiveDocumentSource;
  follower: Follower;
  req: ReadRequest;
  /** Where the last pass failed (the pipeline's failedAt): Retry resumes there. */
  failedOffset?: number;
  /** The part the last pass failed at (the pipeline's failedAt.chunk): Retry hands it out again. */
  failedChunk?: SourceChunk;
  /** What the last pass left of the parts it failed at or had in flight (the pipeline's failedAt.resume), for Retry. */
  failedResume?: readonly ResumeChunk[];
  /** Set when the user edited the sentence being heard: read again from there after this clip. */
  reread?: { sentence: { start: number }; chunk: SourceChunk };
  /** Set when the user moved to a paragraph or heading whose audio this run does not hold: a new pass from there. */
  jump?: number;
  /**
   * Each part's Idempotency-Key for the whole run: a part handed out again in a later pass (after a move or an
   * edit) is asked for under the same key, so Evolink answers with the task it already has and charges once.
   */
  keys: WeakMap<SourceChunk, string>;
}

/** What a ReadAloud works with; built once in extension.ts. */
export interface ReadAloudDeps {
  player: Player;
  notifier: Notifier;
  log: Log;
  timeScale: number;
  highlighter: Highlighter;
  credits: CreditsWatcher;
  /** The audio cache folder (under the extension's global storage). */
  cacheDir: string;
  /** Where the service's learned timing is kept across sessions (globalState). */
  memory: vscode.Memento | undefined;
  /** Makes the run's EvolinkClient (src/connection.ts). */
  clients: ClientFactory;
  /** Where each document's reading stopped (kept in workspace state, marked in the gutter). */
  positions?: ReadingPositions;
  /** evolinkTts.pauseAfter, read at each boundary (a change applies at once). */
  pauseAfter?: () => PauseAfter;
}

export class ReadAloud implements vscode.Disposable {
  private _state: SpeechState = { kind: 'idle' };
  private _runInfo: RunInfo | undefined;
  private readonly changed = new vscode.EventEmitter<SpeechState>();
  private current: Run | undefined;
  private seq = 0;
  private busy = false;
  private total = 0;
  private cache: AudioCache | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly planner: PollPlanner;
  private plannerSaved = '';

  readonly onDidChangeState = this.changed.event;

  private readonly player: Player;
  private readonly notifier: Notifier;
  private readonly log: Log;
  readonly timeScale: number;
  private readonly highlighter: Highlighter;
  private readonly credits: CreditsWatcher;
  /** The audio cache folder (under the extension's global storage). */
  readonly cacheDir: string;
  /** Where the service's learned timing is kept across sessions (globalState). */
  private readonly memory: vscode.Memento | undefined;
  /** Makes the run's EvolinkClient (src/connection.ts). */
  private readonly clients: ClientFactory;
  private readonly positions: ReadingPositions | undefined;
  private readonly pauseAfter: () => PauseAfter;
  /** Set while reading is paused at a boundary by evolinkTts.pauseAfter (the status bar says so). */
  private pausedAfter: 'sentence' | 'paragraph' | undefined;
  private outlineCache: { doc: vscode.TextDocument; version: number; outline: Outline } | undefined;

  constructor(deps: ReadAloudDeps) {
    ({ player: this.player, notifier: this.notifier, log: this.log, timeScale: this.timeScale, highlighter: this.highlighter,
      credits: this.credits, cacheDir: this.cacheDir, memory: this.memory, clients: this.clients, positions: this.positions } = deps);
    this.pauseAfter = deps.pauseAfter ?? (() => 'none');
    // How long the service takes per character, learned from when tasks were seen completed: kept across
    // runs and sessions, so even the first part of the first reading is polled about when it should be done.
    // Kept in unscaled milliseconds (tests run the simulator's clock faster).
    this.planner = new PollPlanner(this.memory?.get<unknown>(POLL_TIMING_KEY), this.timeScale);
    // The page, not the speech core, knows whether the browser let the clip play.
    this.subs.push(this.player.onPlayback(({ kind, chunk, total }) => {
      if (!this.current) return;
      const next = kind === 'needsGesture' ? 'waitingForClick' : kind;
      if (kind === 'playing') this.pausedAfter = undefined;
      const s = this._state;
      if (next === 'paused' && this.pausedAfter) {
        if (s.kind !== 'paused' || s.after !== this.pausedAfter || s.chunk !== chunk) this.setState({ kind: 'paused', chunk, total, after: this.pausedAfter });
        return;
      }
      if (s.kind !== next || !('chunk' in s) || s.chunk !== chunk) this.setState({ kind: next, chunk, total });
    }));
    // Closing the document being read ends the run (the tab, or the document itself).
    this.subs.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.current?.req.document === d) this.stopBecause('its document was closed');
      }),
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        const run = this.current;
        if (!run || !e.closed.length) return;
        const uri = run.req.document.uri.toString();
        const shown = vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri));
        if (!shown && e.closed.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri)) {
          this.stopBecause('its editor was closed');
        }
      }),
    );
  }

  get state(): SpeechState {
    return this._state;
  }

  get runInfo(): RunInfo | undefined {
    return this._runInfo;
  }

  /** Where reading is in the current run: the clip, the sentence, the playback position. */
  get position(): (FollowPosition & { rate: number }) | undefined {
    const p = this.current?.follower.position;
    return p && { ...p, rate: this.player.rate };
  }

  /**
   * The document being read and where: the sentence heard now (offsets current through edits), where the
   * reading started and ends, and the run's pace so far. Undefined when nothing is read.
   */
  get reading(): { document: vscode.TextDocument; from: number; end: number; sentence?: { start: number; end: number }; secondsPerChar?: number } | undefined {
    const run = this.current;
    if (!run) return undefined;
    const { document, ranges, from } = run.req;
    const last = ranges[ranges.length - 1]?.end ?? Infinity;
    const s = run.follower.currentSentence;
    return {
      document,
      from,
      end: Number.isFinite(last) ? last : document.getText().length,
      sentence: s && { start: s.start, end: s.end },
      secondsPerChar: run.follower.secondsPerChar,
    };
  }

  /** Scrolls back to the sentence being read and follows the voice again. */
  backToReading(): Promise<void> {
    return this.highlighter.backToReading();
  }

  /** The source offset the next chunk will be read from. */
  get readOffset(): number | undefined {
    return this.current?.source.position;
  }

  /** The chunks handed to the pipeline in the current run (offsets current through edits). */
  get chunks(): readonly SourceChunk[] {
    return this.current?.source.chunks ?? [];
  }

  /** Stops whatever runs and reads `req`; resolves when this run has ended in any way. */
  async start(req: ReadRequest, estimatedTasks: number): Promise<void> {
    this.stop(false);
    const id = ++this.seq;
    const source = req.prepared && !req.prepared.document.isClosed ? req.prepared
      : new LiveDocumentSource(req.document, req.ranges, req.from, req.prep);
    if (this.retained !== source) this.retained?.dispose();
    this.retained = undefined;
    req = { ...req, prepared: undefined };
    const live = () => this.current === run;
    const follower = new Follower(this.player, this.highlighter, req.document.uri, () => this.total, {
      pauseAt: (before, after) => (live() ? this.boundary(req.document, before, after) : undefined),
      onPausedAt: (why) => {
        if (live()) this.pausedAfter = why;
      },
    });
    if (req.startAtWord !== undefined) follower.startAtWord(req.startAtWord);
    req = { ...req, startAtWord: undefined };
    const run: Run = { id, abort: new AbortController(), source, follower, req, keys: new WeakMap() };
    this.current = run;
    this.pausedAfter = undefined;
    const uri = req.document.uri;
    const remember = req.remember === true && this.positions !== undefined;
    if (remember) this.positions!.started(uri);
    // The sentence being heard is kept as reading goes (where it stops is where Continue Reading starts).
    const heardSub = remember ? this.highlighter.onDidChange((h) => {
      if (live() && h && h.uri === uri.toString()) this.positions!.heard(uri, { offset: h.start, text: h.text.slice(0, ANCHOR_MAX) });
    }) : undefined;
    this.total = estimatedTasks;
    this._runInfo = { voice: req.voice, languageType: req.languageType, creditsReserved: 0, total: estimatedTasks };
    this.log.info(`run ${id}: ${req.document.uri.toString(true)} (${req.document.languageId}) from offset ${req.from}, about ${estimatedTasks} chunk(s), voice ${req.voice}, language ${req.languageType}, up to ${req.maxParallel} tasks at once, ${req.baseUrl}`);
    this.setState({ kind: 'submitting', chunk: 1, total: estimatedTasks });

    const editSub = source.onDidEdit((e) => {
      if (!live()) return;
      follower.refresh();
      const heard = follower.currentChunk as SourceChunk | undefined;
      const current = follower.currentSentence;
      if (!heard || !current || run.reread || !e.touched.includes(heard)) return;
      // The first edited sentence from the one being heard on: its audio in this part is out of date.
      const from = heard.sentences.indexOf(current as SourceChunk['sentences'][number]);
      const edited = heard.sentences.slice(Math.max(0, from)).find((s) => e.touchedSentences.has(s));
      if (!edited) return;
      this.log.info(`run ${id}: ${edited === current ? 'the sentence being read' : 'a later sentence of this part'} was edited; reading from it again after this part`);
      run.reread = { sentence: edited, chunk: heard };
    });
    const client = this.clients({ baseUrl: req.baseUrl, timeoutMs: req.timeoutMs });
    this.credits.refresh(client);
    let error: unknown;
    try {
      await this.readPasses(run, client);
    } catch (e) {
      error = e;
    } finally {
      editSub.dispose();
      heardSub?.dispose();
      // Where reading was when it ended (a Stop can come before the highlight event of the sentence it stops in).
      const last = follower.currentSentence;
      if (remember && last && !req.document.isClosed) this.positions!.heard(uri, { offset: last.start, text: req.document.getText().slice(last.start, Math.min(last.end, last.start + ANCHOR_MAX)) });
      follower.dispose();
    }
    if (remember) {
      // Read to the end: the position is forgotten; stopped, closed or failed: it is kept and marked.
      const next = this.current && this.current !== run && this.current.req.document.uri.toString() === uri.toString();
      if (error === undefined && !run.abort.signal.aborted) this.positions!.finished(uri, Boolean(next));
      else this.positions!.stopped(uri, Boolean(next));
    }
    // A failed run keeps its source for Retry (its parts read ahead are handed out again, not cut anew: cut
    // anew, their audio would miss the cache and be paid twice); any other end lets it go.
    const keep = error !== undefined && !run.abort.signal.aborted && live() && run.failedChunk !== undefined;
    if (keep) this.keepForRetry(source);
    else source.dispose();
    this.keepTiming();
    if (!live()) return;
    this.current = undefined;
    this.highlighter.clear();
    this.credits.refresh(client);
    if (run.abort.signal.aborted) {
      this.setState({ kind: 'cancelled' });
    } else if (error !== undefined) {
      const s = this._state;
      const chunk = 'chunk' in s ? s.chunk : undefined;
      const total = this.total;
      this.log.error(`run ${id} failed${this._runInfo?.taskId ? ` (task ${this._runInfo.taskId})` : ''}:`, error);
      if (s.kind !== 'failed') this.setState({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)), chunk, total });
      // Retry resumes at the part that failed; parts already synthesized come from the cache.
      const at = run.failedOffset ?? follower.currentSentence?.start ?? req.from;
      this.notifier.showError(error, { voice: this._runInfo?.voice ?? req.voice, chunk, total }, () => {
        const kept = this.retained === source && run.failedChunk && source.retryFrom(run.failedChunk) ? source : undefined;
        return this.start({ ...req, from: Math.max(at, req.from), resume: run.failedResume, prepared: kept }, Math.max(1, total - (chunk ?? 1) + 1));
      });
    } else {
      this.log.info(`run ${id} done`);
      const next = req.next?.();
      if (next) return this.start(next.req, next.tasks);
      if (this._state.kind !== 'done') this.setState({ kind: 'done', total: this.total });
    }
  }

  /** Runs the pipeline; after the user edited the sentence being heard, runs it again from that sentence. */
  private async readPasses(run: Run, client: EvolinkClient): Promise<void> {
    const { req, source, follower } = run;
    const cache = this.cacheFor(req.cacheMaxBytes);
    const keyBase = randomBytes(8).toString('hex');
    let keyCount = 0;
    for (;;) {
      const pass = new AbortController();
      run.pass = pass;
      const onAbort = () => pass.abort();
      run.abort.signal.addEventListener('abort', onAbort, { once: true });
      const pipeline = new ReadingPipeline(
        {
          client,
          cache,
          planner: this.planner,
          timeScale: this.timeScale,
          log: (line: string) => this.log.info(line),
          sink: {
            play: async (clip: FollowedClip, signal: AbortSignal) => {
              if (source.isEdited(clip.chunk) && !signal.aborted) {
                // Edited after it was fetched ahead: read this part again as it is now, instead of the old audio.
                this.log.info(`run ${run.id}: part ${clip.index + 1} was edited after it was fetched; reading it again`);
                run.reread = { sentence: { start: clip.chunk.start }, chunk: clip.chunk };
                pass.abort();
                return;
              }
              await follower.play(clip, signal);
              if (run.reread && !signal.aborted) pass.abort();
            },
          },
          onState: (s: SpeechState, info: RunInfo) => {
            if (this.current !== run || pass.signal.aborted) return;
            // With a voice per chunk the pipeline may not name one; the run's first voice stands for it.
            this._runInfo = { ...info, voice: info.voice || this._runInfo?.voice || req.voice, total: this.total };
            if (s.kind === 'done') return; // the run is done when every pass is
            this.setState('total' in s && s.total !== undefined ? { ...s, total: Math.max(this.total, 'chunk' in s && s.chunk ? s.chunk : 0) } as SpeechState : s);
          },
        },
        {
          voice: req.voiceFor ? (text: string) => req.voiceFor!(text) || req.voice : req.voice,
          languageType: req.languageType,
          maxParallel: req.maxParallel,
          resume: req.resume,
          keyFor: (chunk) => {
            let key = run.keys.get(chunk);
            if (!key) run.keys.set(chunk, key = `evtts-${keyBase}-${keyCount++}`);
            return key;
          },
        },
      );
      try {
        await pipeline.run(source, pass.signal);
        return;
      } catch (e) {
        run.failedOffset = pipeline.failedAt?.chunk.start;
        run.failedChunk = pipeline.failedAt?.chunk;
        run.failedResume = pipeline.failedAt?.resume;
        const { reread, jump } = run;
        if ((!reread && jump === undefined) || run.abort.signal.aborted || !pass.signal.aborted) throw e;
        run.reread = undefined;
        run.jump = undefined;
        if (jump !== undefined) {
          source.jumpTo(jump);
          follower.skipTo(jump);
          this.log.info(`run ${run.id}: reading on from offset ${jump}`);
          continue;
        }
        source.rereadFrom(reread!.sentence.start, reread!.chunk);
        this.log.info(`run ${run.id}: reading again from offset ${reread!.sentence.start}`);
      } finally {
        run.abort.signal.removeEventListener('abort', onAbort);
      }
    }
  }

  private keepTiming(): void {
    const learned = this.planner.learned();
    const json = JSON.stringify(learned);
    if (!this.memory || json === this.plannerSaved) return;
    this.plannerSaved = json;
    this.memory.update(POLL_TIMING_KEY, learned).then(undefined, (e: unknown) => this.log.warn(`could not keep the learned poll timing: ${String(e)}`));
  }

  private cacheFor(maxBytes: number): AudioCache | undefined {
    if (maxBytes <= 0) return undefined;
    if (this.cache?.maxBytes !== maxBytes) this.cache = new AudioCache(this.cacheDir, maxBytes);
    return this.cache;
  }

  /** The source of the last failed run, for its Retry; at most one, let go by any other start. */
  private retained: LiveDocumentSource | undefined;

  private keepForRetry(source: LiveDocumentSource): void {
    if (this.retained !== source) this.retained?.dispose();
    this.retained = source;
  }

  /** Aborts the current run (if any) and returns the state to rest. */
  stop(report = true): void {
    const run = this.current;
    this.current = undefined;
    if (run) {
      run.abort.abort();
      this.credits.cancel();
      this.highlighter.clear();
      this.log.info(`run ${run.id} stopped`);
    }
    if (!report) return;
    if (run || isBusy(this._state)) this.setState({ kind: 'cancelled' });
    else if (this._state.kind !== 'idle') this.setState({ kind: 'idle' });
  }

  private stopBecause(why: string): void {
    this.log.info(`stopping: ${why}`);
    this.stop();
  }

  /**
   * Read from Here while `document` is being read: plays from the word at `offset` when this run already
   * has that part's audio (the part playing or one played before); false when it has not.
   */
  seekToWord(document: vscode.TextDocument, offset: number): boolean {
    const run = this.current;
    return !!run && run.req.document === document && run.follower.seekToWord(offset);
  }

  /** Pauses or resumes the clip that is playing. */
  pauseResume(): void {
    if (this._state.kind === 'playing') this.player.pause();
    else if (this._state.kind === 'paused') this.player.resume();
  }

  previousSentence(): void {
    this.current?.follower.previous();
  }

  nextSentence(): void {
    this.current?.follower.next();
  }

  repeatSentence(): void {
    this.current?.follower.repeat();
  }

  /**
   * Moves reading to the next or previous paragraph or heading (Markdown headings; in other documents,
   * paragraphs). Previous first goes back to the start of the block being read, as a player's Previous does.
   * Returns false when there is nowhere to go (or nothing is being read).
   */
  move(unit: 'paragraph' | 'heading', direction: 1 | -1): boolean {
    const run = this.current;
    if (!run) return false;
    const o = this.outline(run.req.document);
    const starts = unit === 'heading' && o.headings.length ? o.headings.map((h) => h.start) : o.paragraphs;
    const here = run.follower.currentSentence?.start ?? run.req.from;
    const first = (offset: number) => run.source.sentenceFrom(offset) ?? offset;
    const target = direction > 0 ? nextAfter(starts, here) : previousFrom(starts, here, first);
    const at = target === undefined ? undefined : run.source.sentenceFrom(target);
    if (at === undefined || !run.source.reads(at)) return false;
    this.jumpTo(run, at);
    return true;
  }

  /** Reading goes on at the sentence starting at `at`: in the audio this run holds, else in a new pass from there. */
  private jumpTo(run: Run, at: number): void {
    this.pausedAfter = undefined;
    if (run.follower.jumpTo(at)) {
      this.log.info(`run ${run.id}: moved to offset ${at} in audio already here`);
      return;
    }
    this.log.info(`run ${run.id}: moving to offset ${at}: a new pass from there`);
    run.jump = at;
    run.reread = undefined;
    run.pass?.abort();
  }

  /** The outline of `doc` as it is now (kept while its version is unchanged). */
  private outline(doc: vscode.TextDocument): Outline {
    const c = this.outlineCache;
    if (c && c.doc === doc && c.version === doc.version) return c.outline;
    const outline = outlineOf(doc.getText(), doc.languageId === 'markdown');
    this.outlineCache = { doc, version: doc.version, outline };
    return outline;
  }

  /** Whether evolinkTts.pauseAfter pauses between the sentences `before` and `after`, and why. */
  private boundary(doc: vscode.TextDocument, before: { start: number }, after: { start: number }): 'sentence' | 'paragraph' | undefined {
    const mode = this.pauseAfter();
    if (mode === 'sentence') return 'sentence';
    if (mode !== 'paragraph') return undefined;
    const o = this.outline(doc);
    return paragraphIndexAt(o, before.start) !== paragraphIndexAt(o, after.start) ? 'paragraph' : undefined;
  }

  /**
   * A failure stays on the status bar until the user does something else (stores a key, picks a voice, saves
   * audio…); then the bar goes back to rest. The failure's notification keeps its Retry.
   */
  acknowledgeFailure(): void {
    if (this._state.kind === 'failed' && !this.current) this.setState({ kind: 'idle' });
  }

  private setState(s: SpeechState): void {
    this._state = s;
    this.changed.fire(s);
    const busy = isBusy(s);
    if (busy !== this.busy) {
      this.busy = busy;
      void vscode.commands.executeCommand('setContext', ContextKeys.speaking, busy);
    }
  }

  dispose(): void {
    this.stop(false);
    this.retained?.dispose();
    this.retained = undefined;
    this.credits.cancel();
    for (const d of this.subs) d.dispose();
    this.changed.dispose();
  }
}
