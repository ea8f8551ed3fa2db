// Poll timing learned from the service, so a task is polled once, when it should be done. The poller
// (poller.ts) asks the plan a planner makes for one task; nothing here sends a request.
//
// What is trusted: when a task was first seen completed (and last seen still running), for how many billing
// characters. A task's `progress` is not: nothing promises it grows with synthesis (upstream synthesis is one
// call; Evolink's figure may follow `estimated_time`, jump from 0 to 100 or stall). Progress readings are
// checked against how their task really ended, and steer polling only while they keep proving right.
import type { Task } from '../api/types';
import { billingLength } from './billing';
import { POLL_TIMING, type PollPlan } from './poller';

/** What a PollPlanner keeps across sessions, in unscaled milliseconds. */
export interface LearnedTiming {
  /** Completed tasks, oldest first: [billing characters, ms from creation to completion as far as polls tell]. */
  done: Array<[chars: number, ms: number]>;
  /** Planned first polls in a row that found their task completed (each lowers the next lesson more). */
  streak: number;
  /** > 0: progress readings predicted their tasks' ends well lately, and steer polling. */
  trust: number;
  /** Start-up delays seen (ms from creation until progress began), from two readings of one task. */
  starts: number[];
}

const MAX_DONE = 24;
/** Polls a plan chooses; later ones follow the poller's standard schedule (and its deadline). */
const PLANNED_POLLS = 10;
const MAX_STARTS = 9;
const MIN_PROGRESS_STEP = 5;
/** Each older completion counts this much less in the line (the service's speed drifts). */
const AGE_WEIGHT = 0.7;
/** A first poll that found its task done counts it this much earlier, doubling per such poll in a row, up to MAX_PROBE. */
const PROBE = 0.03;
const MAX_PROBE = 0.4;
/** A progress-based end within this fraction (or one shortest interval) of the truth is consistent. */
const TOLERANCE = 0.15;
const TRUST_MAX = 3;
/** A learned end is polled this much later: just after it rather than just before (a miss costs a whole interval). */
const MARGIN = 1.03;
/** An inconsistent task costs this much trust: progress then has to prove right on three tasks again. */
const DISTRUST = -2;

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Learns how long the service takes for n billing characters from when tasks were seen completed: a line
 * (base + per character) through those ends, recent ones counting most. A planned first poll that finds its task
 * completed counts it as a little earlier (more so the more often in a row: it may have ended long before); one
 * that finds it running learns the end between its polls. Every learned wait lies between the shortest poll
 * interval and the poller's shortest deadline.
 */
export class PollPlanner {
  private done: Array<[number, number]> = [];
  private streak = 0;
  private trust = 0;
  private starts: number[] = [];

  /** Starts from timing learned earlier (`learned()` of an earlier session); anything malformed is dropped. */
  constructor(learned?: unknown, private readonly scale = 1) {
    const l = (typeof learned === 'object' && learned !== null ? learned : {}) as Partial<Record<keyof LearnedTiming, unknown>>;
    if (Array.isArray(l.done)) {
      for (const r of l.done.slice(-MAX_DONE)) {
        if (Array.isArray(r) && r.length === 2 && r.every(num) && r[0] > 0 && r[1] > 0) this.done.push([r[0], r[1] * scale]);
      }
    }
    if (num(l.streak) && l.streak >= 0) this.streak = Math.min(8, Math.floor(l.streak));
    if (num(l.trust)) this.trust = Math.min(TRUST_MAX, Math.max(DISTRUST, Math.round(l.trust)));
    if (Array.isArray(l.starts)) this.starts = l.starts.slice(-MAX_STARTS).filter((x): x is number => num(x) && x >= 0).map((x) => x * scale);
  }

  /** What was learned, to keep for the next session (unscaled). */
  learned(): LearnedTiming {
    return {
      done: this.done.map(([c, ms]) => [c, Math.round(ms / this.scale)]),
      streak: this.streak, trust: this.trust,
      starts: this.starts.map((x) => Math.round(x / this.scale)),
    };
  }

  /** Whether progress readings steer polling (they predicted their tasks' ends well lately). */
  get trustsProgress(): boolean {
    return this.trust > 0;
  }

  /** The start-up delay: the median of those seen, or undefined before any task was read twice. */
  get startDelay(): number | undefined {
    if (!this.starts.length) return undefined;
    const xs = [...this.starts].sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)];
  }

  /** Expected ms from creation to completion of a task of `chars` billing characters, or undefined before any completed. */
  predict(chars: number): number | undefined {
    const n = this.done.length;
    if (n === 0) return undefined;
    const pts = this.done.map(([c, m], i) => [Math.max(c, 1), m, AGE_WEIGHT ** (n - 1 - i)] as const);
    const sw = pts.reduce((a, [, , w]) => a + w, 0);
    const mx = pts.reduce((a, [c, , w]) => a + w * c, 0) / sw;
    const my = pts.reduce((a, [, m, w]) => a + w * m, 0) / sw;
    const cs = pts.map(([c]) => c);
    // A line only when the lengths differ enough to tell base from per-character time; until then half of the
    // time is taken as fixed and half as growing with length (all fixed misses long tasks, all growing overshoots).
    if (Math.max(...cs) < 1.5 * Math.min(...cs)) return my * (0.5 + (0.5 * Math.max(chars, 1)) / mx);
    const sxx = pts.reduce((a, [c, , w]) => a + w * (c - mx) ** 2, 0);
    const b = Math.max(0, pts.reduce((a, [c, m, w]) => a + w * (c - mx) * (m - my), 0) / sxx);
    return Math.max(my - b * mx + b * chars, 0);
  }

  /**
   * Where a progress reading says its task ends (ms since creation), with the start-up delay learned so far;
   * an earlier reading of the same task teaches that delay. Undefined for a reading that says nothing.
   */
  progressEnd(elapsedMs: number, progress: number, earlier?: readonly [ms: number, progress: number]): number | undefined {
    if (!(progress > 0 && progress < 100 && elapsedMs > 0)) return undefined;
    if (earlier && elapsedMs > earlier[0] && progress - earlier[1] >= MIN_PROGRESS_STEP) {
      const rate = (progress - earlier[1]) / (elapsedMs - earlier[0]);
      this.starts.push(Math.max(0, elapsedMs - progress / rate));
      if (this.starts.length > MAX_STARTS) this.starts.shift();
    }
    const q = Math.min(this.startDelay ?? 0, elapsedMs);
    return q + ((elapsedMs - q) * 100) / progress;
  }

  /**
   * A task of `chars` billing characters was last seen running `lowMs` after creation (0: never) and first seen
   * completed at `highMs`. `plannedMs`: the learned wait its first poll went out at, if any; `progressEnds`: the
   * ends its progress readings predicted, each checked against what really happened.
   */
  completed(chars: number, lowMs: number, highMs: number, plannedMs: number | undefined, progressEnds: readonly number[], slackMs: number): void {
    if (!(highMs > 0 && chars > 0)) return;
    let consistent: boolean | undefined;
    if (progressEnds.length) {
      const tol = (e: number): number => Math.max(TOLERANCE * e, slackMs);
      // Consistent: no predicted end passed while the task still ran, none lies after it was seen done.
      consistent = progressEnds.every((e) => e + tol(e) >= lowMs && e - tol(e) <= highMs);
      this.trust = consistent ? Math.min(TRUST_MAX, this.trust + 1) : DISTRUST;
    }
    const hit = plannedMs !== undefined && lowMs < plannedMs;
    this.streak = hit ? Math.min(8, this.streak + 1) : 0;
    // Polls tell the end lies within (low, high]. Consistent progress says where; else the middle of a closed
    // interval; a first poll that found the task done says only that it ended before, so it is counted earlier.
    const ms = consistent ? Math.min(highMs, Math.max(lowMs, progressEnds[progressEnds.length - 1]))
      : lowMs > 0 ? (lowMs + highMs) / 2
        : highMs * (1 - (hit ? Math.min(MAX_PROBE, PROBE * 2 ** (this.streak - 1)) : 0));
    this.done.push([chars, ms]);
    if (this.done.length > MAX_DONE) this.done.shift();
  }
}

/**
 * The plan for one task of `text`: the first poll when the learned line says it ends (after the shortest
 * interval before anything is learned), then at the end trusted progress says, else every shortest interval.
 * Waits are clock ms, between the shortest interval and the poller's shortest deadline.
 */
export function planFor(planner: PollPlanner, text: string, scale: number): PollPlan {
  const chars = billingLength(text);
  const minMs = POLL_TIMING.minIntervalSec * 1000 * scale;
  const maxMs = POLL_TIMING.deadlineMinSec * 1000 * scale;
  const bounded = (ms: number): number => Math.min(maxMs, Math.max(minMs, ms));
  let firstReading: [elapsed: number, progress: number] | undefined;
  let planned: number | undefined;
  let low = 0;
  const ends: number[] = [];
  let progressFailed = false;
  return {
    maxPolls: PLANNED_POLLS,
    firstWaitMs: () => {
      const predicted = planner.predict(chars);
      planned = predicted === undefined ? undefined : bounded(predicted * MARGIN);
      return planned ?? minMs;
    },
    nextWaitMs: (t: Task, elapsed: number) => {
      low = elapsed;
      const p = t.progress;
      const end = typeof p === 'number' ? planner.progressEnd(elapsed, p, firstReading) : undefined;
      if (end !== undefined) {
        firstReading ??= [elapsed, p as number];
        // A reading taken after an earlier reading's end, with the task still running, disproves progress here.
        if (ends.some((e) => e + Math.max(TOLERANCE * e, minMs) < elapsed)) progressFailed = true;
        ends.push(end);
      }
      const predicted = planner.predict(chars);
      const learned = predicted !== undefined && predicted * MARGIN > elapsed + minMs ? predicted * MARGIN : undefined;
      // Trusted progress, but never past the learned end (a stall must not hold the poll back), and not at all
      // for this task once it says the task ends well after what completed tasks have shown.
      if (planner.trustsProgress && !progressFailed && end !== undefined && end > elapsed) {
        if (predicted !== undefined && end > Math.max(predicted, elapsed) * (1 + TOLERANCE) + minMs) progressFailed = true;
        else return bounded(Math.min(end, learned ?? end) - elapsed);
      }
      return learned !== undefined ? bounded(learned - elapsed) : minMs;
    },
    completed: (elapsed: number) => planner.completed(chars, low, elapsed, planned, ends, minMs),
  };
}
