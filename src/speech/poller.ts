// Polls one task until it ends (docs/evolink-api.md §7). One request in flight; the next poll is
// scheduled with setTimeout only after the previous one settled; every wait is cancellable and cleared.
import { ApiError, type ApiErrorInit } from '../api/errors';
import { taskFailureError } from '../api/classify';
import type { Task } from '../api/types';
import { abortError, realClock, sleep, untilAbort, type Clock } from '../api/async';

export type { Clock } from '../api/async';

/** Timings in seconds (before `timeScale`). */
export const POLL_TIMING = {
  /** Assumed when the task gives no usable `task_info.estimated_time` (the documented TTS example). */
  defaultEstimateSec: 10,
  firstMinSec: 2,
  firstMaxSec: 6,
  /** Interval while `estimated_time` has not yet passed. */
  earlySec: 3,
  /** Interval afterwards. */
  lateSec: 5,
  deadlineMinSec: 60,
  deadlineMaxSec: 600,
  /** Back-off after consecutive 5xx / network / timeout failures (± 25 % jitter). */
  backoffSec: [2, 4, 8, 16],
  maxConsecutiveFailures: 5,
  /** Wait after a 429 without Retry-After. */
  rateLimitSec: 5,
  /**
   * Never poll one task faster than this, even when Retry-After says 0. Our rule, not Evolink's (its docs name
   * none): each read of an unfinished task reaches the upstream provider, and Evolink's own clients poll every
   * 3–6 s (docs/evolink-api.md §7).
   */
  minIntervalSec: 2,
  /**
   * The one exception: the part the listener waits for (the first of a reading; fetched-ahead parts are hidden
   * behind playback) is polled sooner, so that it is seen done a share of its wait after its end rather than up
   * to a whole interval after (pollPlanner.ts). Never sooner than this after its last poll...
   */
  listenMinSec: 0.25,
  /** ...and at most this many of its polls per task come sooner than `minIntervalSec` after the one before. */
  listenFineMax: 10,
} as const;

export interface PollOptions {
  /** `task_info.estimated_time` of the creation response, in seconds. */
  estimatedTimeSec?: number;
  signal?: AbortSignal;
  /** Multiplies every wait and the deadline (Retry-After included); default 1. */
  timeScale?: number;
  clock?: Clock;
  /** Every successful poll, with `progress` raised to the highest value seen so far. */
  onUpdate?: (t: Task) => void;
  log?: (line: string) => void;
  /** For jitter; default Math.random. */
  random?: () => number;
  /** When the task was created (clock ms); default: when polling starts. */
  startedAt?: number;
  /** Learned timing: when to poll instead of the standard schedule, while it has an answer. */
  plan?: PollPlan;
}

/**
 * Waits chosen from learned timing (PollPlanner). Consulted for at most `maxPolls` polls; an answer of
 * undefined, an error or a status other than `processing` hands the task to the standard schedule for good.
 */
export interface PollPlan {
  /** The wait before the first poll, in clock ms, or undefined for the standard one. */
  firstWaitMs(): number | undefined;
  /** After a reading that is not final, `elapsedMs` after creation: the next wait in clock ms, or undefined. */
  nextWaitMs(task: Task, elapsedMs: number): number | undefined;
  /** The task was first seen completed `elapsedMs` after creation. */
  completed?(elapsedMs: number): void;
  /** Polls the plan chooses at most (default 4); later ones follow the standard schedule. */
  maxPolls?: number;
}

const TERMINAL_OR_KNOWN = new Set(['pending', 'processing', 'completed', 'failed', 'cancelled']);

function copyWith(e: ApiError, extra: Partial<ApiErrorInit>): ApiError {
  return new ApiError({
    kind: e.kind, message: e.message, status: e.status, code: e.code, param: e.param, retryAfterMs: e.retryAfterMs,
    requestId: e.requestId, taskId: e.taskId, requestSent: e.requestSent, retryable: e.retryable, cause: e, ...extra,
  });
}

const isTransient = (e: ApiError): boolean =>
  e.kind === 'server' || e.kind === 'network' || e.kind === 'timeout' || e.kind === 'malformed';

export async function pollTask(
  getTask: (id: string, signal?: AbortSignal) => Promise<Task>,
  id: string,
  opts: PollOptions = {},
): Promise<Task> {
  const clock = opts.clock ?? realClock;
  const scale = opts.timeScale ?? 1;
  const random = opts.random ?? Math.random;
  const log = opts.log ?? ((): void => undefined);
  const T = POLL_TIMING;
  const est = typeof opts.estimatedTimeSec === 'number' && Number.isFinite(opts.estimatedTimeSec) && opts.estimatedTimeSec >= 0
    ? opts.estimatedTimeSec : T.defaultEstimateSec;
  const created = opts.startedAt ?? clock.now();
  const deadlineSec = Math.min(Math.max(2 * est, T.deadlineMinSec), T.deadlineMaxSec);
  const firstDelayMs = Math.min(Math.max(est / 2, T.firstMinSec), T.firstMaxSec) * 1000 * scale;
  // The standard schedule (and its deadline) starts when polling does, or when a plan hands the task over.
  let estimateEnds = 0;
  let deadline = Infinity;
  const standardFromNow = (): void => {
    estimateEnds = clock.now() + est * 1000 * scale;
    deadline = clock.now() + deadlineSec * 1000 * scale;
  };
  const stuck = (): ApiError => new ApiError({
    kind: 'taskStuck', taskId: id, retryable: true,
    message: `The task is still running on the server after ${Math.round(deadlineSec)} s (task ${id}); its credits may still be charged.`,
  });

  let plan = opts.plan;
  let planned = 0;
  const planned1 = plan?.firstWaitMs();
  if (planned1 === undefined) {
    plan = undefined;
    standardFromNow();
  }
  let delayMs = planned1 ?? firstDelayMs;
  let failures = 0;
  let best = 0;
  const unknownLogged = new Set<string>();

  for (;;) {
    await sleep(Math.min(delayMs, Math.max(0, deadline - clock.now())), clock, opts.signal);
    if (plan) planned++;
    let task: Task;
    try {
      task = await (opts.signal ? untilAbort(getTask(id, opts.signal), opts.signal) : getTask(id, opts.signal));
    } catch (e) {
      if (opts.signal?.aborted) throw abortError();
      if (!(e instanceof ApiError) || e.kind === 'aborted') throw e;
      if (plan) {
        plan = undefined;
        standardFromNow();
      }
      let delaySec: number;
      if (e.kind === 'rateLimited') {
        delaySec = Math.max((e.retryAfterMs ?? T.rateLimitSec * 1000) / 1000, T.minIntervalSec);
        log(`poll ${id}: rate limited, next poll in ${delaySec} s${scale !== 1 ? ` (× ${scale})` : ''}`);
      } else if (isTransient(e)) {
        failures++;
        if (failures >= T.maxConsecutiveFailures) {
          throw copyWith(e, { taskId: id, message: `${e.message} (gave up polling task ${id} after ${failures} failed attempts)` });
        }
        const base = T.backoffSec[Math.min(failures - 1, T.backoffSec.length - 1)];
        delaySec = base * (0.75 + 0.5 * random());
        log(`poll ${id}: ${e.kind} (${e.status ?? e.code ?? ''}), attempt ${failures}, retry in ${delaySec.toFixed(1)} s`);
      } else {
        throw e.taskId ? e : copyWith(e, { taskId: id });
      }
      delayMs = delaySec * 1000 * scale;
      if (clock.now() >= deadline) throw stuck();
      continue;
    }
    failures = 0;
    if (typeof task.progress === 'number' && Number.isFinite(task.progress)) best = Math.max(best, task.progress);
    const status = task.status ?? '';
    if (status === 'completed') best = 100;
    opts.onUpdate?.({ ...task, progress: best });
    if (status === 'completed') {
      opts.plan?.completed?.(clock.now() - created);
      return task;
    }
    if (status === 'failed' || status === 'cancelled') throw taskFailureError({ ...task, id: task.id || id });
    if (!TERMINAL_OR_KNOWN.has(status) && !unknownLogged.has(status)) {
      unknownLogged.add(status);
      log(`poll ${id}: unknown status "${status}", still polling`);
    }
    if (clock.now() >= deadline) throw stuck();
    const next = plan && planned < (plan.maxPolls ?? 4) && status === 'processing' ? plan.nextWaitMs(task, clock.now() - created) : undefined;
    if (plan && next === undefined) {
      // Handed over: the standard schedule from its first delay, as if polling started now.
      plan = undefined;
      standardFromNow();
      delayMs = firstDelayMs;
    } else {
      // A plan's wait is never shorter than the one exception to the shortest interval allows.
      delayMs = next !== undefined ? Math.max(next, T.listenMinSec * 1000 * scale)
        : (clock.now() < estimateEnds ? T.earlySec : T.lateSec) * 1000 * scale;
    }
  }
}
