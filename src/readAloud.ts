// One read-aloud run at a time: builds the client, hands the chunks to the speech core, keeps the
// state the status bar and EvolinkTtsApi show, and turns failures into notifications. A new run, or
// Stop, aborts the previous one; events from an aborted run are ignored.
import * as vscode from 'vscode';
import { EvolinkClient } from './api/client';
import type { LanguageType } from './api/types';
import { ContextKeys } from './constants';
import type { Log } from './log';
import type { Notifier } from './notify';
import type { Player } from './player/player';
import type { Secrets } from './secrets';
import type { Chunk } from './speech/chunker';
import { speak } from './speech/speaker';
import { isBusy, type RunInfo, type SpeechState } from './speech/state';

export interface SpeakRequest {
  chunks: Chunk[];
  voice: string;
  languageType: LanguageType;
  /** The voice per chunk text when it can differ (per-language voices); default `voice`. */
  voiceFor?: (text: string) => string;
  baseUrl: string;
  timeoutMs: number;
}

export class ReadAloud implements vscode.Disposable {
  private _state: SpeechState = { kind: 'idle' };
  private _runInfo: RunInfo | undefined;
  private readonly changed = new vscode.EventEmitter<SpeechState>();
  private current: { id: number; abort: AbortController } | undefined;
  private seq = 0;
  private busy = false;
  private readonly subs: vscode.Disposable[] = [];

  readonly onDidChangeState = this.changed.event;

  constructor(
    private readonly secrets: Secrets,
    private readonly player: Player,
    private readonly notifier: Notifier,
    private readonly log: Log,
    private readonly timeScale: number,
  ) {
    // The page, not the speech core, knows whether the browser let the clip play.
    this.subs.push(player.onPlayback(({ kind, chunk, total }) => {
      if (!this.current) return;
      const next = kind === 'needsGesture' ? 'waitingForClick' : kind;
      const s = this._state;
      if (s.kind !== next || !('chunk' in s) || s.chunk !== chunk) this.setState({ kind: next, chunk, total });
    }));
  }

  get state(): SpeechState {
    return this._state;
  }

  get runInfo(): RunInfo | undefined {
    return this._runInfo;
  }

  /** Stops whatever runs and reads `req`; resolves when this run has ended in any way. */
  async start(req: SpeakRequest): Promise<void> {
    this.stop(false);
    const id = ++this.seq;
    const abort = new AbortController();
    this.current = { id, abort };
    const live = () => this.current?.id === id;
    const total = req.chunks.length;
    this._runInfo = { voice: req.voice, languageType: req.languageType, creditsReserved: 0, total };
    this.log.info(`run ${id}: ${total} chunk(s), ${req.chunks.reduce((n, c) => n + c.text.length, 0)} characters, voice ${req.voice}, language ${req.languageType}, ${req.baseUrl}`);
    this.setState({ kind: 'submitting', chunk: 1, total });

    const client = new EvolinkClient({
      baseUrl: req.baseUrl,
      getApiKey: () => this.secrets.get(),
      timeoutMs: req.timeoutMs,
      timeScale: this.timeScale,
      log: (line: string) => this.log.info(line),
    });
    let error: unknown;
    try {
      await speak(
        req.chunks,
        { voice: req.voice, languageType: req.languageType, voiceFor: req.voiceFor },
        {
          client,
          sink: this.player,
          timeScale: this.timeScale,
          log: (line: string) => this.log.info(line),
          onState: (s: SpeechState, info: RunInfo) => {
            if (!live()) return;
            this._runInfo = { ...info };
            if (s.kind === 'failed') error ??= s.error;
            this.setState(s);
          },
        },
        abort.signal,
      );
    } catch (e) {
      error = e;
    }
    if (!live()) return;
    this.current = undefined;
    if (abort.signal.aborted) {
      this.setState({ kind: 'cancelled' });
    } else if (error !== undefined) {
      const s = this._state;
      const chunk = 'chunk' in s ? s.chunk : undefined;
      this.log.error(`run ${id} failed${this._runInfo?.taskId ? ` (task ${this._runInfo.taskId})` : ''}:`, error);
      if (s.kind !== 'failed') this.setState({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)), chunk, total });
      this.notifier.showError(error, { voice: this._runInfo?.voice ?? req.voice, chunk, total }, () => this.start(req));
    } else {
      this.log.info(`run ${id} done`);
      if (this._state.kind !== 'done') this.setState({ kind: 'done', total });
    }
  }

  /** Aborts the current run (if any) and returns the state to rest. */
  stop(report = true): void {
    const run = this.current;
    this.current = undefined;
    if (run) {
      run.abort.abort();
      this.log.info(`run ${run.id} stopped`);
    }
    if (!report) return;
    if (run || isBusy(this._state)) this.setState({ kind: 'cancelled' });
    else if (this._state.kind !== 'idle') this.setState({ kind: 'idle' });
  }

  /** Pauses or resumes the clip that is playing. */
  pauseResume(): void {
    if (this._state.kind === 'playing') this.player.pause();
    else if (this._state.kind === 'paused') this.player.resume();
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
    for (const d of this.subs) d.dispose();
    this.changed.dispose();
  }
}
