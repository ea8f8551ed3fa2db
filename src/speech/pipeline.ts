// The reading pipeline: chunks are submitted ahead of playback with bounded concurrency, polled, downloaded
// and played strictly in order, so the next chunk is ready before the current one ends. Unchanged text comes
// from the audio cache (no task, no credit). A 429 lowers the number of tasks in flight; it climbs back after
// successes. Stop (the signal) ends everything: timers cleared, requests aborted, run() settles only when
// nothing it started is still alive. Every create carries the chunk's Idempotency-Key; a failed run leaves in
// failedAt.resume what Retry needs to pay for nothing twice (the chunk's task to poll again, or its key).
import { randomBytes } from 'node:crypto';
import { taskFailureError } from '../api/classify';
import { ApiError, isAbort, provesNoTask } from '../api/errors';
import { SPEECH_MODEL, type AudioData, type LanguageType, type Task } from '../api/types';
import { findAudioUrl } from './audioLocation';
import { addTaskCost } from './cost';
import type { EvolinkClient } from '../api/client';
import type { AudioCache } from './cache';
import type { SourceChunk } from './chunker';
import { abortError, realClock, sleep, untilAbort, type Clock } from './clock';
import { POLL_TIMING, pollTask } from './poller';
import { speechWork, WorkTracker } from './work';
import type { RunInfo, SpeechState } from './state';

/** What the pipeline needs of the Evolink client (tests pass scripted ones). */
export type SpeakerClient = Pick<EvolinkClient, 'createSpeechTask' | 'getTask' | 'downloadAudio'>;

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
  /** Retry: what the failed run left of its failed chunk (`failedAt.resume`), used by the first chunk of the same text and voice. */
  resume?: ResumeChunk;
}

/**
 * What Retry carries of the chunk a run failed at, so that nothing is paid twice: the chunk's task when it may
 * still finish (it is polled again before anything is created), and its Idempotency-Key when a create's answer
 * never came (sent again with it, Evolink answers with the task the lost request created, and charges once).
 */
export interface ResumeChunk {
  text: string;
  voice: string;
  idempotencyKey: string;
  taskId?: string;
}

/** Where a failed run stopped: Retry reads again from `sourceOffset` (earlier chunks are cached). */
export interface FailedAt {
  index: number;
  sourceOffset: number;
  chunk: SourceChunk;
  error: Error;
  /** For `PipelineOptions.resume` of the Retry; absent when the chunk has nothing worth carrying (its task failed). */
  resume?: ResumeChunk;
}

/** Failures after which a chunk's task may still finish (or has, and only its answer or audio was lost). */
const TASK_MAY_FINISH = new Set(['taskStuck', 'server', 'network', 'timeout', 'malformed', 'rateLimited', 'audioUnavailable']);
/** Failures of a create that may have created a task without the answer coming back. */
const CREATE_AMBIGUOUS = new Set(['server', 'network', 'timeout', 'malformed']);

/**
 * The Idempotency-Key of chunk `index` of one run: a random id per run plus the chunk's place. Every re-send
 * of the chunk in the run uses it, and Retry carries it over (ResumeChunk). Not a hash of voice and text:
 * reading the same text again later is a new request the user means to make, not a replay of an old task.
 */
function idempotencyKey(runId: string, index: number): string {
  return `evtts-${runId}-${index}`;
}

function resumeOf(job: Job, error: Error): ResumeChunk | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const base = { text: job.chunk.text, voice: job.voice, idempotencyKey: job.idempotencyKey };
  if (job.taskId) return TASK_MAY_FINISH.has(error.kind) ? { ...base, taskId: job.taskId } : undefined;
  return CREATE_AMBIGUOUS.has(error.kind) ? base : undefined;
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

type Phase = 'waiting' | 'submitting' | 'queued' | 'processing' | 'downloading' | 'ready' | 'failed';

interface Job {
  index: number;
  chunk: SourceChunk;
  voice: string;
  phase: Phase;
  last?: SpeechState;
  taskId?: string;
  /** Sent with every create of this chunk (see idempotencyKey()). */
  idempotencyKey: string;
  /** A task of an earlier run to poll before creating one (ResumeChunk.taskId). */
  earlierTaskId?: string;
  /** `usage.credits_reserved` of the task created for it, if the creation said. */
  reserved?: number;
  audio?: AudioData;
  cached: boolean;
  error?: Error;
  done: Promise<void>;
}

/** What a PollPlanner keeps across sessions, in unscaled milliseconds. */
export interface LearnedTiming {
  /** Progress readings: [characters, ms since creation, progress %]. */
  readings: Array<[chars: number, ms: number, progress: number]>;
  /** Start-up delays seen (ms from creation until progress began). */
  starts: number[];
}

/**
 * Learns how long the service takes for a chunk of n characters from progress readings, so the first poll
 * lands when the task should be done: one poll per task once it has learned. A reading alone says where a
 * task is but not when its progress began (queueing, start-up); two readings of one task tell the rate and
 * so that start-up delay, which then corrects every single reading. While no delay is known, a task that will
 * run for more than two of the shortest intervals yet is read again after one of them.
 */
export class PollPlanner {
  private static readonly MAX_READINGS = 32;
  private static readonly MAX_STARTS = 9;
  private static readonly MIN_PROGRESS_STEP = 5;
  private readings: Array<[number, number, number]> = [];
  private starts: number[] = [];

  /** Starts from timing learned earlier (`learned()` of an earlier session); anything malformed is dropped. */
  constructor(learned?: unknown, private readonly scale = 1) {
    const l = (learned ?? {}) as Partial<Record<keyof LearnedTiming, unknown>>;
    const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
    if (Array.isArray(l.readings)) {
      for (const r of l.readings.slice(-PollPlanner.MAX_READINGS)) {
        if (Array.isArray(r) && r.length === 3 && r.every(num) && r[0] > 0 && r[1] > 0 && r[2] > 0 && r[2] < 100) {
          this.readings.push([r[0], r[1] * scale, r[2]]);
        }
      }
    }
    if (Array.isArray(l.starts)) this.starts = l.starts.slice(-PollPlanner.MAX_STARTS).filter((x): x is number => num(x) && x >= 0).map((x) => x * scale);
  }

  /** What was learned, to keep for the next session (unscaled). */
  learned(): LearnedTiming {
    return {
      readings: this.readings.map(([c, ms, p]) => [c, Math.round(ms / this.scale), p]),
      starts: this.starts.map((x) => Math.round(x / this.scale)),
    };
  }

  /** The start-up delay: the median of those seen, or undefined before any task was read twice. */
  get startDelay(): number | undefined {
    if (!this.starts.length) return undefined;
    const xs = [...this.starts].sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)];
  }

  /**
   * A task of `chars` characters read at `progress` % `elapsedMs` after creation (and, when given, an earlier
   * reading of the same task). Returns the task's expected end in ms since creation.
   */
  observe(chars: number, elapsedMs: number, progress: number, earlier?: readonly [ms: number, progress: number]): number | undefined {
    if (!(progress > 0 && progress < 100 && elapsedMs > 0)) return undefined;
    if (earlier && elapsedMs > earlier[0] && progress - earlier[1] >= PollPlanner.MIN_PROGRESS_STEP) {
      const rate = (progress - earlier[1]) / (elapsedMs - earlier[0]);
      this.starts.push(Math.max(0, elapsedMs - progress / rate));
      if (this.starts.length > PollPlanner.MAX_STARTS) this.starts.shift();
    }
    this.readings.push([chars, elapsedMs, progress]);
    if (this.readings.length > PollPlanner.MAX_READINGS) this.readings.shift();
    return this.endOf(elapsedMs, progress);
  }

  /** When a task read at `progress` % after `ms` ends, with the start-up delay learned so far (0 if none). */
  private endOf(ms: number, progress: number): number {
    const q = Math.min(this.startDelay ?? 0, ms);
    return q + ((ms - q) * 100) / progress;
  }

  /** Expected milliseconds from creation to completion, or undefined before any reading. */
  predict(chars: number): number | undefined {
    const n = this.readings.length;
    if (n === 0) return undefined;
    const pts = this.readings.map(([c, ms, p]) => [Math.max(c, 1), this.endOf(ms, p)] as const);
    const mx = pts.reduce((a, [c]) => a + c, 0) / n;
    const my = pts.reduce((a, [, m]) => a + m, 0) / n;
    const cs = pts.map(([c]) => c);
    // A line through the readings only when their lengths differ enough to tell base from per-character time.
    if (Math.max(...cs) < 1.5 * Math.min(...cs)) return (my * Math.max(chars, 1)) / mx;
    const sxx = pts.reduce((a, [c]) => a + (c - mx) ** 2, 0);
    const b = Math.max(0, pts.reduce((a, [c, m]) => a + (c - mx) * (m - my), 0) / sxx);
    return Math.max(my - b * mx + b * chars, 0);
  }
}

/** A ChunkSource over a fixed list. */
export function listSource(chunks: readonly SourceChunk[]): ChunkSource {
  let i = 0;
  return { next: () => chunks[i++] };
}

const codePoints = (s: string): number => Array.from(s).length;

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
    const clock = work.clock(deps.clock ?? realClock);
    const scale = deps.timeScale ?? 1;
    const log = deps.log ?? ((): void => undefined);
    const maxParallel = Math.max(1, Math.floor(opts.maxParallel));
    const lookahead = Math.max(1, opts.lookahead ?? 2 * maxParallel);
    const maxRetries = opts.maxRateLimitRetries ?? 6;
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stop.abort();
    const s = stop.signal;
    this.failedAt = undefined;
    const runId = randomBytes(8).toString('hex');
    let resume = opts.resume;

    const firstVoice = typeof opts.voice === 'string' ? opts.voice : '';
    const info: RunInfo = { voice: firstVoice, languageType: opts.languageType, creditsReserved: 0, total: 0 };
    const emit = (st: SpeechState): void => deps.onState(st, { ...info });
    const jobs: Job[] = [];
    let exhausted = false;
    let head = 0; // the next clip to play
    let playing = false;
    let limit = maxParallel;
    let inFlight = 0;
    /** Chunks waiting for a slot. */
    const waiting = new Set<number>();
    let successesSince429 = 0;
    let failed = false;
    /** The earliest chunk that failed (Infinity while none has). */
    let failedIndex = Infinity;
    let wake: (() => void) | undefined;
    const poke = (): void => { const w = wake; wake = undefined; w?.(); };
    /** Resolves at the next poke (a job changed phase, a slot was freed). */
    const nextPoke = (): Promise<void> => new Promise<void>((r) => { const prev = wake; wake = () => { prev?.(); r(); }; });

    const setState = (job: Job, phase: Phase, st?: SpeechState): void => {
      job.phase = phase;
      if (st) job.last = st;
      if (st && job.index === head && !playing) emit(st);
      if (phase === 'ready') deps.onClip?.({ kind: 'ready', index: job.index, chunk: job.chunk, cached: job.cached });
      poke();
    };

    const rateLimited = (): void => {
      this.stats.rateLimited++;
      successesSince429 = 0;
      limit = Math.max(1, Math.min(limit, inFlight) - 1);
      this.stats.minLimit = Math.min(this.stats.minLimit, limit);
      log(`429: at most ${limit} task${limit === 1 ? '' : 's'} in flight for now`);
    };

    const getTask = (id: string, sig?: AbortSignal): Promise<Task> => {
      this.stats.polls++;
      return work.track(deps.client.getTask(id, sig)).catch((e: unknown) => {
        if (e instanceof ApiError && e.kind === 'rateLimited') rateLimited();
        throw e;
      });
    };

    /** Polls with the planner's prediction first (≤ 4 own polls, ≥ 2 s apart), then the standard poller. */
    const waitForTask = async (job: Job, task: Task, createdAt: number): Promise<Task> => {
      const total = info.total;
      const chunkNo = job.index + 1;
      const chars = codePoints(job.chunk.text);
      const minMs = POLL_TIMING.minIntervalSec * 1000 * scale;
      let shown = -1;
      const update = (t: Task): void => {
        const progress = t.progress ?? 0;
        if (t.status === 'pending' && progress === 0) return;
        if (progress === shown) return;
        shown = progress;
        setState(job, 'processing', { kind: 'processing', chunk: chunkNo, total, taskId: task.id, progress });
      };
      // One own wait is at most the poller's shortest deadline; after four readings the standard poller takes over.
      const maxMs = POLL_TIMING.deadlineMinSec * 1000 * scale;
      // While the start-up delay is unknown, a task expected to run long is first read early, to learn it.
      const predicted = this.planner.predict(chars) ?? 0;
      let waitMs = this.planner.startDelay === undefined && predicted > 3 * minMs ? minMs : Math.min(maxMs, Math.max(minMs, predicted * 1.03));
      let firstReading: [elapsed: number, progress: number] | undefined;
      for (let own = 0; own < 4; own++) {
        await sleep(waitMs, clock, s);
        let t: Task;
        try {
          t = await untilAbort(getTask(task.id, s), s);
        } catch (e) {
          if (s.aborted) throw abortError();
          if (e instanceof ApiError && (e.kind === 'rateLimited' || e.kind === 'server' || e.kind === 'network' || e.kind === 'timeout' || e.kind === 'malformed')) break;
          throw e instanceof ApiError && !e.taskId ? new ApiError({ ...e, kind: e.kind, message: e.message, taskId: task.id, cause: e }) : e;
        }
        if (t.status === 'completed') return t;
        if (t.status === 'failed' || t.status === 'cancelled') throw taskFailureError({ ...t, id: t.id || task.id });
        update(t);
        const elapsed = clock.now() - createdAt;
        if (t.status !== 'processing' || !(typeof t.progress === 'number' && t.progress > 0 && t.progress < 100)) break;
        // Poll when the reading says the task ends. Until the service's start-up delay is known (it takes two
        // readings of one task), a task that will run a while yet is read once more after the shortest interval.
        const end = this.planner.observe(chars, elapsed, t.progress, firstReading) ?? elapsed;
        firstReading ??= [elapsed, t.progress];
        const learning = this.planner.startDelay === undefined && end - elapsed > 2 * minMs;
        waitMs = learning ? minMs : Math.min(maxMs, Math.max(minMs, (end - elapsed) * 1.03));
      }
      return pollTask(getTask, task.id, {
        estimatedTimeSec: task.task_info?.estimated_time, signal: s, timeScale: scale, clock, log, onUpdate: update,
      });
    };

    /** A completed task's audio: downloaded, handed on, then cached. */
    const finish = async (job: Job, done: Task, key: string | undefined): Promise<void> => {
      const chunkNo = job.index + 1;
      const url = findAudioUrl(done);
      // Paid once completed, whatever happens to its audio.
      info.cost = addTaskCost(info.cost, done, job.reserved);
      if (!url) throw new ApiError({ kind: 'noAudio', message: 'The task completed without an audio URL.', taskId: done.id });
      setState(job, 'downloading', { kind: 'downloading', chunk: chunkNo, total: info.total, taskId: done.id });
      const audio = await untilAbort(work.track(deps.client.downloadAudio(url, s)), s);
      job.audio = audio;
      setState(job, 'ready');
      // Stored after the clip is handed on (playback does not wait for the disk); run() waits for it.
      const cache = deps.cache;
      if (cache && key) {
        await work.track(cache.put(key, audio)).catch((e: unknown) => log(`cache: could not store chunk ${chunkNo}: ${(e as Error).message}`));
      }
    };

    /**
     * Polls the task an earlier run left for this chunk (its polling gave up, or its audio was lost) and uses
     * its audio. False when that task failed or is gone: then a new one is created, under a new key (the old
     * key would only replay the failed task). Any other failure fails the chunk again, keeping the task.
     */
    const finishEarlier = async (job: Job, key: string | undefined): Promise<boolean> => {
      const id = job.earlierTaskId!;
      const chunkNo = job.index + 1;
      job.taskId = id;
      info.taskId = id;
      log(`chunk ${chunkNo}: polling task ${id} of the failed run again before creating one`);
      setState(job, 'queued', { kind: 'queued', chunk: chunkNo, total: info.total, taskId: id });
      try {
        const first = await untilAbort(getTask(id, s), s);
        if (first.status === 'failed' || first.status === 'cancelled') throw taskFailureError({ ...first, id: first.id || id });
        const done = first.status === 'completed' ? first : await pollTask(getTask, id, {
          estimatedTimeSec: first.task_info?.estimated_time, signal: s, timeScale: scale, clock, log,
          onUpdate: (t) => setState(job, 'processing', { kind: 'processing', chunk: chunkNo, total: info.total, taskId: id, progress: t.progress ?? 0 }),
        });
        await finish(job, done, key);
        return true;
      } catch (e) {
        if (s.aborted || !(e instanceof ApiError)) throw e;
        if (e.kind !== 'taskFailed' && e.kind !== 'taskCancelled' && e.kind !== 'taskNotFound') throw e;
        log(`chunk ${chunkNo}: task ${id} of the failed run ended ${e.kind}; creating a new one`);
        job.earlierTaskId = undefined;
        job.taskId = undefined;
        job.idempotencyKey = idempotencyKey(runId, job.index);
        return false;
      }
    };

    const synthesize = async (job: Job): Promise<void> => {
      const cache = deps.cache;
      const key = cache?.key(job.chunk.text, job.voice, opts.languageType, SPEECH_MODEL);
      // In line for a slot from the start: a later chunk must not take the slot while this one is still
      // looking in the cache (it did, with one task at a time, and the second part was paid and heard first).
      waiting.add(job.index);
      let goesOn = false;
      try {
        if (cache && key) {
          const hit = await untilAbort(work.track(cache.get(key)), s);
          if (hit) {
            this.stats.cacheHits++;
            job.audio = hit;
            job.cached = true;
            setState(job, 'ready');
            return;
          }
        }
        goesOn = true;
      } finally {
        if (!goesOn) {
          waiting.delete(job.index);
          poke();
        }
      }
      const total = (): number => info.total;
      const chunkNo = job.index + 1;
      for (let attempt = 0; ; attempt++) {
        // Wait for a free slot under the (possibly lowered) limit.
        // Slots go to chunks in reading order. Nothing after a failed chunk is paid for any more; tasks
        // already running finish (and are cached).
        const skip = (): boolean => job.index > failedIndex;
        waiting.add(job.index);
        try {
          while ((inFlight >= limit || Math.min(...waiting) < job.index) && !skip()) await untilAbort(nextPoke(), s);
        } finally {
          waiting.delete(job.index);
          poke();
        }
        if (s.aborted || skip()) throw abortError();
        inFlight++;
        this.stats.maxInFlight = Math.max(this.stats.maxInFlight, inFlight);
        let retryMs: number | undefined;
        try {
          setState(job, 'submitting', { kind: 'submitting', chunk: chunkNo, total: total() });
          // Retry of a chunk whose task may still finish: that task first, and its audio if it has.
          if (job.earlierTaskId !== undefined && await finishEarlier(job, key)) return;
          let task: Task;
          try {
            task = await untilAbort(work.track(deps.client.createSpeechTask(
              { prompt: job.chunk.text, voice: job.voice, languageType: opts.languageType }, s,
              // This loop re-sends a 429 itself (after lowering the limit): one cap, not the client's times this one's.
              { retryRateLimited: false, idempotencyKey: job.idempotencyKey })), s);
          } catch (e) {
            // A 429 created no task: lower the limit, wait, and send this chunk again. Every other failure the
            // client may re-send (provesNoTask) it already has; the rest may have created a task, never re-sent here.
            if (!(e instanceof ApiError && e.kind === 'rateLimited' && provesNoTask(e) && !s.aborted && attempt < maxRetries)) throw e;
            rateLimited();
            retryMs = Math.max((e.retryAfterMs ?? POLL_TIMING.rateLimitSec * 1000 * 2 ** attempt) * scale, POLL_TIMING.minIntervalSec * 1000 * scale);
            continue;
          }
          const createdAt = clock.now();
          this.stats.tasks++;
          job.earlierTaskId = undefined;
          job.taskId = task.id;
          info.taskId = task.id;
          const reserved = task.usage?.credits_reserved;
          job.reserved = typeof reserved === 'number' && Number.isFinite(reserved) ? reserved : undefined;
          if (typeof reserved === 'number' && Number.isFinite(reserved)) {
            info.creditsReserved += reserved;
            this.stats.creditsReserved += reserved;
          }
          if (++successesSince429 >= 2 && limit < maxParallel) {
            limit++;
            successesSince429 = 0;
          }
          log(`chunk ${chunkNo}: task ${task.id} (${job.chunk.text.length} chars, est. ${task.task_info?.estimated_time ?? '?'} s)`);
          setState(job, 'queued', { kind: 'queued', chunk: chunkNo, total: total(), taskId: task.id });
          await finish(job, task.status === 'completed' ? task : await waitForTask(job, task, createdAt), key);
          return;
        } finally {
          inFlight--;
          poke();
          if (retryMs !== undefined) await sleep(retryMs, clock, s);
        }
      }
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
          index, chunk, voice, phase: 'waiting', cached: false, done: Promise.resolve(), idempotencyKey: idempotencyKey(runId, index),
        };
        // Retry: the failed chunk (same text, same voice) keeps its key and its task.
        if (resume && resume.text === chunk.text && resume.voice === voice) {
          job.idempotencyKey = resume.idempotencyKey;
          job.earlierTaskId = resume.taskId;
          resume = undefined;
        }
        jobs.push(job);
        info.total = jobs.length;
        job.done = synthesize(job).catch((e: unknown) => {
          job.error = e instanceof Error ? e : new Error(String(e));
          job.phase = 'failed';
          if (!isAbort(e)) {
            failed = true;
            failedIndex = Math.min(failedIndex, job.index);
          }
          poke();
        });
      }
    };

    const waitFor = async (job: Job): Promise<void> => {
      while (job.phase !== 'ready' && job.phase !== 'failed') {
        if (s.aborted) throw abortError();
        await untilAbort(nextPoke(), s);
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
      poke();
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
        const carried = resumeOf(job, error);
        this.failedAt = { index: job.index, sourceOffset: job.chunk.start, chunk: job.chunk, error, ...(carried ? { resume: carried } : {}) };
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
