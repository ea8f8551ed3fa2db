// One chunk's way to audio: the cache, else a slot, a task (re-sent after a 429 when TaskSlots says so), its
// polling with learned timing, the download, and the cache again. Retry's earlier task is polled before any new
// one is created. The reading pipeline (pipeline.ts) starts jobs and plays them in order.
import { taskFailureError } from '../api/classify';
import { ApiError, saysTooLong } from '../api/errors';
import { SPEECH_MODEL, type AudioData, type LanguageType, type Task } from '../api/types';
import { findAudioUrl } from './audioLocation';
import { addTaskCost } from './cost';
import type { EvolinkClient } from '../api/client';
import type { AudioCache } from './cache';
import type { SourceChunk } from './chunker';
import { abortError, sleep, untilAbort, type Clock } from '../api/async';
import { pollTask } from './poller';
import { planFor, type PollPlanner } from './pollPlanner';
import { resendInPieces } from './resend';
import type { TaskSlots } from './taskSlots';
import type { WorkTracker } from './work';
import type { ResumeChunk } from './resume';
import type { RunInfo, SpeechState } from './state';

/** What the pipeline needs of the Evolink client (tests pass scripted ones). */
export type SpeakerClient = Pick<EvolinkClient, 'createSpeechTask' | 'getTask' | 'downloadAudio'>;

export type Phase = 'waiting' | 'submitting' | 'queued' | 'processing' | 'downloading' | 'ready' | 'failed';

export interface Job {
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
  /** What an earlier run left of this chunk (Retry), as it was handed in. */
  carried?: ResumeChunk;
  /** Set once the part was sent again in pieces (Evolink refused it as too long): never twice. */
  resent?: boolean;
  /** `usage.credits_reserved` of the task created for it, if the creation said. */
  reserved?: number;
  audio?: AudioData;
  cached: boolean;
  error?: Error;
  done: Promise<void>;
}

/** What a job shares with the rest of its run. */
export interface JobContext {
  client: SpeakerClient;
  cache?: AudioCache;
  languageType?: LanguageType;
  work: WorkTracker;
  clock: Clock;
  scale: number;
  log: (line: string) => void;
  signal: AbortSignal;
  info: RunInfo;
  stats: { tasks: number; polls: number; cacheHits: number; creditsReserved: number };
  planner: PollPlanner;
  slots: TaskSlots;
  maxRateLimitRetries: number;
  runId: string;
  /** True once the job is not wanted any more (an earlier chunk failed). */
  skip(job: Job): boolean;
  setState(job: Job, phase: Phase, st?: SpeechState): void;
}

/**
 * The Idempotency-Key of chunk `index` of one run: a random id per run plus the chunk's place. Every re-send
 * of the chunk in the run uses it, and Retry carries it over (ResumeChunk). Not a hash of voice and text:
 * reading the same text again later is a new request the user means to make, not a replay of an old task.
 */
export function idempotencyKey(runId: string, index: number): string {
  return `evtts-${runId}-${index}`;
}

function getTask(ctx: JobContext, id: string, sig?: AbortSignal): Promise<Task> {
  ctx.stats.polls++;
  return ctx.work.track(ctx.client.getTask(id, sig)).catch((e: unknown) => {
    if (e instanceof ApiError && e.kind === 'rateLimited') ctx.slots.rateLimited();
    throw e;
  });
}

/** A completed task's audio: downloaded, handed on, then cached. */
async function finish(ctx: JobContext, job: Job, done: Task, key: string | undefined): Promise<void> {
  const chunkNo = job.index + 1;
  const url = findAudioUrl(done);
  // Paid once completed, whatever happens to its audio.
  ctx.info.cost = addTaskCost(ctx.info.cost, done, job.reserved);
  if (!url) throw new ApiError({ kind: 'noAudio', message: 'The task completed without an audio URL.', taskId: done.id });
  ctx.setState(job, 'downloading', { kind: 'downloading', chunk: chunkNo, total: ctx.info.total, taskId: done.id });
  const audio = await untilAbort(ctx.work.track(ctx.client.downloadAudio(url, ctx.signal)), ctx.signal);
  job.audio = audio;
  ctx.setState(job, 'ready');
  // Stored after the clip is handed on (playback does not wait for the disk); run() waits for it.
  if (ctx.cache && key) {
    await ctx.work.track(ctx.cache.put(key, audio)).catch((e: unknown) => ctx.log(`cache: could not store chunk ${chunkNo}: ${(e as Error).message}`));
  }
}

/** Polls a task until it completes, showing its progress on the job; `createdAt` on the clock, when known. */
function waitForTask(ctx: JobContext, job: Job, task: Task, createdAt?: number): Promise<Task> {
  const chunkNo = job.index + 1;
  let shown = -1;
  const onUpdate = (t: Task): void => {
    const progress = t.progress ?? 0;
    if (t.status === 'completed' || (t.status === 'pending' && progress === 0) || progress === shown) return;
    shown = progress;
    ctx.setState(job, 'processing', { kind: 'processing', chunk: chunkNo, total: ctx.info.total, taskId: task.id, progress });
  };
  return pollTask((id, sig) => getTask(ctx, id, sig), task.id, {
    estimatedTimeSec: task.task_info?.estimated_time, signal: ctx.signal, timeScale: ctx.scale, clock: ctx.clock, log: ctx.log, onUpdate,
    // The run's first part is the one the listener waits for; later ones are fetched ahead (pollPlanner.ts).
    ...(createdAt !== undefined ? { startedAt: createdAt, plan: planFor(ctx.planner, job.chunk.text, ctx.scale, job.index === 0) } : {}),
  });
}

/**
 * Polls the task an earlier run left for this chunk (its polling gave up, or its audio was lost) and uses
 * its audio. False when that task failed or is gone: then a new one is created, under a new key (the old
 * key would only replay the failed task). Any other failure fails the chunk again, keeping the task.
 */
async function finishEarlier(ctx: JobContext, job: Job, key: string | undefined): Promise<boolean> {
  const id = job.earlierTaskId!;
  const chunkNo = job.index + 1;
  job.taskId = id;
  ctx.info.taskId = id;
  ctx.log(`chunk ${chunkNo}: polling task ${id} of the failed run again before creating one`);
  ctx.setState(job, 'queued', { kind: 'queued', chunk: chunkNo, total: ctx.info.total, taskId: id });
  try {
    const first = await untilAbort(getTask(ctx, id, ctx.signal), ctx.signal);
    if (first.status === 'failed' || first.status === 'cancelled') throw taskFailureError({ ...first, id: first.id || id });
    await finish(ctx, job, first.status === 'completed' ? first : await waitForTask(ctx, job, first), key);
    return true;
  } catch (e) {
    if (ctx.signal.aborted || !(e instanceof ApiError)) throw e;
    if (e.kind !== 'taskFailed' && e.kind !== 'taskCancelled' && e.kind !== 'taskNotFound') throw e;
    ctx.log(`chunk ${chunkNo}: task ${id} of the failed run ended ${e.kind}; creating a new one`);
    job.earlierTaskId = undefined;
    job.taskId = undefined;
    job.idempotencyKey = idempotencyKey(ctx.runId, job.index);
    return false;
  }
}

/** Looks in the cache; true (the job ready) on a hit, else the job stays in line for a slot. */
async function fromCache(ctx: JobContext, cache: AudioCache, job: Job, key: string): Promise<boolean> {
  let goesOn = false;
  try {
    const hit = await untilAbort(ctx.work.track(cache.get(key)), ctx.signal);
    if (hit) {
      ctx.stats.cacheHits++;
      job.audio = hit;
      job.cached = true;
      ctx.setState(job, 'ready');
      return true;
    }
    goesOn = true;
    return false;
  } finally {
    if (!goesOn) ctx.slots.unqueue(job.index);
  }
}

/** Brings one job to `ready` (or rejects): cache, slot, task, polling, download. */
export async function synthesize(ctx: JobContext, job: Job): Promise<void> {
  const s = ctx.signal;
  const cache = ctx.cache;
  const key = cache?.key(job.chunk.text, job.voice, ctx.languageType, SPEECH_MODEL);
  // In line for a slot from the start: a later chunk must not take the slot while this one is still looking in
  // the cache (it did, with one task at a time, and the second part was paid and heard first).
  ctx.slots.queue(job.index);
  if (cache && key && await fromCache(ctx, cache, job, key)) return;
  const chunkNo = job.index + 1;
  for (let attempt = 0; ; attempt++) {
    // Slots go to chunks in reading order. Nothing after a failed chunk is paid for any more; tasks already
    // running finish (and are cached).
    // Without a promise when a slot is free: the create starts in the same turn (nothing runs in between).
    const slot = ctx.slots.acquire(job.index, s, () => ctx.skip(job));
    if (!(typeof slot === 'boolean' ? slot : await slot)) throw abortError();
    let retryMs: number | undefined;
    try {
      ctx.setState(job, 'submitting', { kind: 'submitting', chunk: chunkNo, total: ctx.info.total });
      // Retry of a chunk whose task may still finish: that task first, and its audio if it has.
      if (job.earlierTaskId !== undefined && await finishEarlier(ctx, job, key)) return;
      let task: Task;
      try {
        task = await untilAbort(ctx.work.track(ctx.client.createSpeechTask(
          { prompt: job.chunk.text, voice: job.voice, languageType: ctx.languageType }, s,
          // TaskSlots decides a 429's re-send (after lowering the limit): one cap, not the client's times this one's.
          { retryRateLimited: false, idempotencyKey: job.idempotencyKey })), s);
      } catch (e) {
        if (!job.resent && saysTooLong(e)) {
          await resendInPieces(ctx, job, key, e, (t) => waitForTask(ctx, job, t));
          return;
        }
        retryMs = ctx.slots.resendAfter(e, attempt, ctx.maxRateLimitRetries, s);
        if (retryMs === undefined) throw e;
        continue;
      }
      const createdAt = ctx.clock.now();
      ctx.stats.tasks++;
      job.earlierTaskId = undefined;
      job.taskId = task.id;
      ctx.info.taskId = task.id;
      const reserved = task.usage?.credits_reserved;
      job.reserved = typeof reserved === 'number' && Number.isFinite(reserved) ? reserved : undefined;
      if (typeof reserved === 'number' && Number.isFinite(reserved)) {
        ctx.info.creditsReserved += reserved;
        ctx.stats.creditsReserved += reserved;
      }
      ctx.slots.created();
      ctx.log(`chunk ${chunkNo}: task ${task.id} (${job.chunk.text.length} chars, est. ${task.task_info?.estimated_time ?? '?'} s)`);
      ctx.setState(job, 'queued', { kind: 'queued', chunk: chunkNo, total: ctx.info.total, taskId: task.id });
      let done: Task;
      try {
        done = task.status === 'completed' ? task : await waitForTask(ctx, job, task, createdAt);
      } catch (e) {
        if (job.resent || !saysTooLong(e)) throw e;
        await resendInPieces(ctx, job, key, e, (t) => waitForTask(ctx, job, t));
        return;
      }
      await finish(ctx, job, done, key);
      return;
    } finally {
      ctx.slots.release();
      if (retryMs !== undefined) await sleep(retryMs, ctx.clock, s);
    }
  }
}
