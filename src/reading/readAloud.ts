// One reading at a time: starts a ReadingRun (readingRun.ts) and lets go of the one before, keeps the state
// the status bar, the panel and EvolinkTtsApi show, builds each run's client, refreshes the credits, keeps
// the learned poll timing and the failed run's source for Retry, and turns a run's end into a state and a
// notification. A new run, Stop, or closing the document aborts the run; events from an aborted run are ignored.
import * as vscode from 'vscode';
import type { ClientFactory } from '../connection';
import { ContextKeys } from '../constants';
import type { FollowPosition } from '../highlight/follower';
import type { Highlighter } from '../highlight/highlighter';
import type { LiveDocumentSource } from './liveDocument';
import type { ReadingPositions } from './readingPositions';
import type { ReadRequest } from './readRequest';
import { ReadingRun, type ReadingPlace } from './readingRun';
import type { PauseAfter } from '../settings';
import type { Log } from '../log';
import type { Notifier } from '../notify';
import type { Player } from '../player/player';
import { AudioCache } from '../speech/cache';
import type { SourceChunk } from '../speech/chunker';
import { PollPlanner } from '../speech/pipeline';
import { isBusy, type RunInfo, type SpeechState } from '../speech/state';
import type { CreditsWatcher } from '../statusBar/credits';

export type { ReadRequest } from './readRequest';

/** globalState key of the learned poll timing (LearnedTiming). */
const POLL_TIMING_KEY = 'evolinkTts.pollTiming';

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
  private current: ReadingRun | undefined;
  private seq = 0;
  private busy = false;
  private cache: AudioCache | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly planner: PollPlanner;
  private plannerSaved = '';
  /** The source of the last failed run, for its Retry; at most one, let go by any other start. */
  private retained: LiveDocumentSource | undefined;

  readonly onDidChangeState = this.changed.event;

  readonly timeScale: number;
  /** The audio cache folder (under the extension's global storage). */
  readonly cacheDir: string;

  constructor(private readonly deps: ReadAloudDeps) {
    this.timeScale = deps.timeScale;
    this.cacheDir = deps.cacheDir;
    // How long the service takes per character, learned from when tasks were seen completed: kept across
    // runs and sessions, so even the first part of the first reading is polled about when it should be done.
    // Kept in unscaled milliseconds (tests run the simulator's clock faster).
    this.planner = new PollPlanner(deps.memory?.get<unknown>(POLL_TIMING_KEY), this.timeScale);
    // The page, not the speech core, knows whether the browser let the clip play.
    this.subs.push(deps.player.onPlayback(({ kind, chunk, total }) => {
      const run = this.current;
      if (!run) return;
      const next = kind === 'needsGesture' ? 'waitingForClick' : kind;
      if (kind === 'playing') run.pausedAfter = undefined;
      const s = this._state;
      if (next === 'paused' && run.pausedAfter) {
        if (s.kind !== 'paused' || s.after !== run.pausedAfter || s.chunk !== chunk) this.setState({ kind: 'paused', chunk, total, after: run.pausedAfter });
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
    return p && { ...p, rate: this.deps.player.rate };
  }

  /**
   * The document being read and where: the sentence heard now (offsets current through edits), where the
   * reading started and ends, and the run's pace so far. Undefined when nothing is read.
   */
  get reading(): ReadingPlace | undefined {
    return this.current?.place;
  }

  /** Scrolls back to the sentence being read and follows the voice again. */
  backToReading(): Promise<void> {
    return this.deps.highlighter.backToReading();
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
    const { log, positions, player, highlighter, credits } = this.deps;
    const run: ReadingRun = new ReadingRun(++this.seq, req, estimatedTasks, {
      player, highlighter, log, positions, timeScale: this.timeScale, planner: this.planner,
      pauseAfter: this.deps.pauseAfter ?? (() => 'none'),
      cache: this.cacheFor(req.cacheMaxBytes),
      current: () => this.current,
      onState: (s, info) => {
        // With a voice per chunk the pipeline may not name one; the run's first voice stands for it.
        this._runInfo = { ...info, voice: info.voice || this._runInfo?.voice || req.voice, total: run.total };
        if (s.kind === 'done') return; // the run is done when every pass is
        this.setState('total' in s && s.total !== undefined ? { ...s, total: Math.max(run.total, 'chunk' in s && s.chunk ? s.chunk : 0) } as SpeechState : s);
      },
    });
    const { id, source } = run;
    if (this.retained !== source) this.retained?.dispose();
    this.retained = undefined;
    this.current = run;
    req = run.req;
    this._runInfo = { voice: req.voice, languageType: req.languageType, creditsReserved: 0, total: estimatedTasks };
    log.info(`run ${id}: ${req.document.uri.toString(true)} (${req.document.languageId}) from offset ${req.from}, about ${estimatedTasks} chunk(s), voice ${req.voice}, language ${req.languageType}, up to ${req.maxParallel} tasks at once, ${req.baseUrl}`);
    this.setState({ kind: 'submitting', chunk: 1, total: estimatedTasks });

    const client = this.deps.clients({ baseUrl: req.baseUrl, timeoutMs: req.timeoutMs });
    credits.refresh(client);
    const error = await run.read(client);
    // A failed run keeps its source for Retry (its parts read ahead are handed out again, not cut anew: cut
    // anew, their audio would miss the cache and be paid twice); any other end lets it go.
    const live = () => this.current === run;
    const keep = error !== undefined && !run.abort.signal.aborted && live() && run.failedChunk !== undefined;
    if (keep) this.keepForRetry(source);
    else source.dispose();
    this.keepTiming();
    if (!live()) return;
    this.current = undefined;
    highlighter.clear();
    credits.refresh(client);
    if (run.abort.signal.aborted) {
      this.setState({ kind: 'cancelled' });
    } else if (error !== undefined) {
      const s = this._state;
      const chunk = 'chunk' in s ? s.chunk : undefined;
      const total = run.total;
      log.error(`run ${id} failed${this._runInfo?.taskId ? ` (task ${this._runInfo.taskId})` : ''}:`, error);
      if (s.kind !== 'failed') this.setState({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)), chunk, total });
      // Retry resumes at the part that failed; parts already synthesized come from the cache.
      const at = run.failedOffset ?? run.follower.currentSentence?.start ?? req.from;
      this.deps.notifier.showError(error, { voice: this._runInfo?.voice ?? req.voice, chunk, total }, () => {
        const kept = this.retained === source && run.failedChunk && source.retryFrom(run.failedChunk) ? source : undefined;
        return this.start({ ...req, from: Math.max(at, req.from), resume: run.failedResume, prepared: kept }, Math.max(1, total - (chunk ?? 1) + 1));
      });
    } else {
      log.info(`run ${id} done`);
      const next = req.next?.();
      if (next) return this.start(next.req, next.tasks);
      if (this._state.kind !== 'done') this.setState({ kind: 'done', total: run.total });
    }
  }

  private keepTiming(): void {
    const learned = this.planner.learned();
    const json = JSON.stringify(learned);
    const memory = this.deps.memory;
    if (!memory || json === this.plannerSaved) return;
    this.plannerSaved = json;
    memory.update(POLL_TIMING_KEY, learned).then(undefined, (e: unknown) => this.deps.log.warn(`could not keep the learned poll timing: ${String(e)}`));
  }

  private cacheFor(maxBytes: number): AudioCache | undefined {
    if (maxBytes <= 0) return undefined;
    if (this.cache?.maxBytes !== maxBytes) this.cache = new AudioCache(this.cacheDir, maxBytes);
    return this.cache;
  }

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
      this.deps.credits.cancel();
      this.deps.highlighter.clear();
      this.deps.log.info(`run ${run.id} stopped`);
    }
    if (!report) return;
    if (run || isBusy(this._state)) this.setState({ kind: 'cancelled' });
    else if (this._state.kind !== 'idle') this.setState({ kind: 'idle' });
  }

  private stopBecause(why: string): void {
    this.deps.log.info(`stopping: ${why}`);
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
    if (this._state.kind === 'playing') this.deps.player.pause();
    else if (this._state.kind === 'paused') this.deps.player.resume();
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
   * Moves reading to the next or previous paragraph or heading (ReadingRun.move). Returns false when there
   * is nowhere to go or nothing is being read.
   */
  move(unit: 'paragraph' | 'heading', direction: 1 | -1): boolean {
    return this.current?.move(unit, direction) ?? false;
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
    this.deps.credits.cancel();
    for (const d of this.subs) d.dispose();
    this.changed.dispose();
  }
}
