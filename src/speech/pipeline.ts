// The reading pipeline: chunks are submitted ahead of playback with bounded concurrency, polled, downloaded
// and played strictly in order, so the next chunk is ready before the current one ends. Unchanged text comes
// from the audio cache (no task, no credit). A 429 lowers the number of tasks in flight; it climbs back after
// successes. Stop (the signal) ends everything: timers cleared, requests aborted, run() settles only when
// nothing it started is still alive. Every create carries the chunk's Idempotency-Key; a failed run leaves in
// failedAt.resume what Retry needs to pay for nothing twice (the chunk's task to poll again, or its key).
import { randomBytes } from 'node:crypto';
import { ApiError, isAbort } from '../api/errors';
import type { AudioData, LanguageType } from '../api/types';
import type { AudioCache } from './cache';
import type { SourceChunk } from './chunker';
import { abortError, realClock, untilAbort, type Clock } from '../api/async';
import { idempotencyKey, synthesize, type Job, type JobContext, type Phase, type SpeakerClient } from './chunkJob';
import { PollPlanner } from './pollPlanner';
import { resumeOf, type FailedAt, type ResumeChunk } from './resume';
import { TaskSlots, Wake } from './taskSlots';
import { speechWork, WorkTracker } from './work';
import type { RunInfo, SpeechState } from './state';

export type { SpeakerClient } from './chunkJob';
export { PollPlanner, type LearnedTiming } from './pollPlanner';
export type { FailedAt, ResumeChunk } from './resume';

/** Where the chunks come from; next() is called lazily, just before the pipeline needs another one. */
export interface ChunkSource {
  next(): SourceChunk | undefined;
}

export interface Clip {
  /** 0-based position in this run. */
  index: number;
  chunk: SourceChunk;
  audio: AudioData;
  taskId?: string;
  cached: boolean;
}

export interface ClipSink {
  /** Plays one clip; resolves when it ended. Stops and settles when `signal` aborts. */
  play(clip: Clip, signal: AbortSignal): Promise<void>;
}

export interface ClipEvent {
  kind: 'ready' | 'playing' | 'ended';
  index: number;
  chunk: SourceChunk;
  cached: boolean;
}

export interface PipelineDeps {
  client: SpeakerClient;
  /** Required by run(); synthesizeAll() needs none. */
  sink?: ClipSink;
  cache?: AudioCache;
  onState(s: SpeechState, info: RunInfo): void;
  onClip?(e: ClipEvent): void;
  timeScale?: number;
  clock?: Clock;
  log?: (line: string) => void;
  tracker?: WorkTracker;
  /** Poll timing learned so far; pass one per session so later runs poll right from their first task. */
  planner?: PollPlanner;
}

export interface PipelineOptions {
  /** The voice, or the voice for one chunk's text (per-language voices). */
  voice: string | ((chunkText: string) => string);
  languageType?: LanguageType;
  /** Tasks in flight at most (evolinkTts.maxParallelTasks, 1–6, default 3). */
  maxParallel: number;
  /** Chunks started but not yet played, at most (default 2 × maxParallel): bounds memory and stale text. */
  lookahead?: number;
  /** Max times one chunk is re-submitted after a 429 (no task was created) before the run fails; default 6. */
  maxRateLimitRetries?: number;
  /** Retry: what the failed run left of its failed chunks (`failedAt.resume`), each used by the first chunk of the same text and voice. */
  resume?: readonly ResumeChunk[];
  /**
   * The Idempotency-Key of a chunk, when the caller keeps one per chunk across runs (a chunk handed out again
   * after a move is asked for under its key, so Evolink answers with the task it has); default one per run and index.
   */
  keyFor?: (chunk: SourceChunk) => string;
}

export interface PipelineStats {
  tasks: number;
  polls: number;
  cacheHits: number;
  creditsReserved: number;
  rateLimited: number;
  /** Highest number of tasks in flight at once (submitted, not yet downloaded). */
  maxInFlight: number;
  /** Lowest concurrency limit reached after 429s. */
  minLimit: number;
}

/** A ChunkSource over a fixed list. */
export function listSource(chunks: readonly SourceChunk[]): ChunkSource {
  let i = 0;
  return { next: () => chunks[i++] };
}

export class ReadingPipeline {
  /** Set when a run failed: the chunk to resume from. */
  failedAt?: FailedAt;
  readonly stats: PipelineStats;
  /** Shared across runs of this pipeline (or of all pipelines given the same deps.planner). */
  readonly planner: PollPlanner;

  constructor(private readonly deps: PipelineDeps, private readonly opts: PipelineOptions) {
    this.planner = deps.planner ?? new PollPlanner();
    this.stats = { tasks: 0, polls: 0, cacheHits: 0, creditsReserved: 0, rateLimited: 0, maxInFlight: 0, minLimit: opts.maxParallel };
  }

  /**
   * Reads `source` aloud through `deps.sink`. States as speak(): the chunk the listener waits for goes
   * submitting → queued → processing → downloading, then every clip `playing`; `done` at the end. Rejects
   * with the error (state `failed`, `failedAt` set) or, on abort, with ApiError 'aborted' (state `cancelled`).
   */
  async run(source: ChunkSource, signal: AbortSignal): Promise<void> {
    const sink = this.deps.sink;
    if (!sink) throw new Error('ReadingPipeline.run needs deps.sink');
    await this.execute(source, signal, (clip, s) => sink.play(clip, s));
  }

  /** Every chunk's audio in order, without playing (for Save Audio): same tasks, polling, cache. */
  async collect(source: ChunkSource, signal: AbortSignal): Promise<AudioData[]> {
    const out: AudioData[] = [];
    await this.execute(source, signal, async (clip) => { out.push(clip.audio); });
    return out;
  }

  private async execute(source: ChunkSource, signal: AbortSignal, play: (clip: Clip, s: AbortSignal) => Promise<void>): Promise<void> {
    const { deps, opts } = this;
    const work = new WorkTracker(deps.tracker ?? speechWork);
    const scale = deps.timeScale ?? 1;
    const log = deps.log ?? ((): void => undefined);
    const maxParallel = Math.max(1, Math.floor(opts.maxParallel));
    const lookahead = Math.max(1, opts.lookahead ?? 2 * maxParallel);
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stop.abort();
    const s = stop.signal;
    this.failedAt = undefined;
    const resume = [...(opts.resume ?? [])];

    const firstVoice = typeof opts.voice === 'string' ? opts.voice : '';
    const info: RunInfo = { voice: firstVoice, languageType: opts.languageType, creditsReserved: 0, total: 0 };
    const emit = (st: SpeechState): void => deps.onState(st, { ...info });
    const jobs: Job[] = [];
    let exhausted = false;
    let head = 0; // the next clip to play
    let playing = false;
    let failed = false;
    /** The earliest chunk that failed (Infinity while none has). */
    let failedIndex = Infinity;
    const wake = new Wake();

    const setState = (job: Job, phase: Phase, st?: SpeechState): void => {
      job.phase = phase;
      if (st) job.last = st;
      if (st && job.index === head && !playing) emit(st);
      if (phase === 'ready') deps.onClip?.({ kind: 'ready', index: job.index, chunk: job.chunk, cached: job.cached });
      wake.poke();
    };

    const ctx: JobContext = {
      client: deps.client, cache: deps.cache, languageType: opts.languageType, work, clock: work.clock(deps.clock ?? realClock),
      scale, log, signal: s, info, stats: this.stats, planner: this.planner,
      slots: new TaskSlots(maxParallel, wake, this.stats, log, scale), maxRateLimitRetries: opts.maxRateLimitRetries ?? 6,
      runId: randomBytes(8).toString('hex'), skip: (job) => job.index > failedIndex, setState,
    };

    /** Starts jobs while the window, the source and the concurrency allow. */
    const pump = (): void => {
      while (!exhausted && !failed && !s.aborted && jobs.length - head < lookahead) {
        const chunk = source.next();
        if (!chunk) {
          exhausted = true;
          break;
        }
        const voice = typeof opts.voice === 'string' ? opts.voice : opts.voice(chunk.text);
        const index = jobs.length;
        const job: Job = {
          index, chunk, voice, phase: 'waiting', cached: false, done: Promise.resolve(), idempotencyKey: opts.keyFor?.(chunk) ?? idempotencyKey(ctx.runId, index),
        };
        // Retry: a chunk that failed (same text, same voice) keeps its key and its task.
        const carried = resume.findIndex((r) => r.text === chunk.text && r.voice === voice);
        if (carried >= 0) {
          job.carried = resume[carried];
          job.idempotencyKey = job.carried.idempotencyKey;
          job.earlierTaskId = job.carried.taskId;
          resume.splice(carried, 1);
        }
        jobs.push(job);
        info.total = jobs.length;
        job.done = synthesize(ctx, job).catch((e: unknown) => {
          job.error = e instanceof Error ? e : new Error(String(e));
          job.phase = 'failed';
          if (!isAbort(e)) {
            failed = true;
            failedIndex = Math.min(failedIndex, job.index);
          }
          wake.poke();
        });
      }
    };

    const waitFor = async (job: Job): Promise<void> => {
      while (job.phase !== 'ready' && job.phase !== 'failed') {
        if (s.aborted) throw abortError();
        await untilAbort(wake.next(), s);
      }
    };

    try {
      if (s.aborted) throw abortError();
      for (;;) {
        pump();
        const job = jobs[head];
        if (!job) break;
        if (job.phase !== 'ready' && job.phase !== 'failed' && job.last) emit(job.last);
        await waitFor(job);
        if (job.phase === 'failed' || !job.audio) throw job.error ?? new Error('chunk failed');
        const clip: Clip = { index: job.index, chunk: job.chunk, audio: job.audio, taskId: job.taskId, cached: job.cached };
        job.audio = undefined; // the sink owns it now; keep memory bounded
        playing = true;
        info.voice = job.voice;
        emit({ kind: 'playing', chunk: job.index + 1, total: info.total });
        deps.onClip?.({ kind: 'playing', index: job.index, chunk: job.chunk, cached: job.cached });
        try {
          await untilAbort(play(clip, s), s);
        } finally {
          playing = false;
        }
        deps.onClip?.({ kind: 'ended', index: job.index, chunk: job.chunk, cached: job.cached });
        head++;
      }
      signal.removeEventListener('abort', onAbort);
      await work.drain();
      emit({ kind: 'done', total: info.total });
    } catch (e) {
      signal.removeEventListener('abort', onAbort);
      const aborted = signal.aborted || isAbort(e);
      // On a failure, tasks already paid for finish and go to the cache, so Retry does not pay for them
      // again (Stop still ends them at once); on abort everything stops now.
      failed = true;
      failedIndex = Math.min(failedIndex, head);
      wake.poke();
      if (aborted) stop.abort();
      await Promise.all(jobs.map((j) => j.done));
      stop.abort();
      await work.drain();
      if (aborted) {
        emit({ kind: 'cancelled' });
        throw e instanceof ApiError && e.kind === 'aborted' ? e : abortError();
      }
      const error = e instanceof Error ? e : new Error(String(e));
      const job = jobs[head];
      if (job) {
        // Every chunk from the one that failed on may have failed too (a task created whose answer was lost),
        // or not have been reached with what an earlier failure left of it: Retry carries all of that, or it
        // would pay for those parts again.
        const carried = jobs.slice(head).flatMap((j) => {
          const r = j === job ? resumeOf(j, error)
            : j.error && !isAbort(j.error) ? resumeOf(j, j.error)
            : j.phase !== 'ready' && j.carried && j.idempotencyKey === j.carried.idempotencyKey ? j.carried : undefined;
          return r ? [r] : [];
        }).concat(resume);
        this.failedAt = { index: job.index, sourceOffset: job.chunk.start, chunk: job.chunk, error, ...(carried.length ? { resume: carried } : {}) };
      }
      emit({ kind: 'failed', error, chunk: job ? job.index + 1 : undefined, total: info.total });
      throw error;
    }
  }
}

/** All chunks' audio in order, without playing (Save Audio), through the same submit/poll/download/cache code. */
export function synthesizeAll(source: ChunkSource, deps: Omit<PipelineDeps, 'sink'>, opts: PipelineOptions, signal: AbortSignal): Promise<AudioData[]> {
  return new ReadingPipeline(deps, opts).collect(source, signal);
}
