// Poll timing learned from the service, so a task is polled once, when it should be done (see PollPlanner).
// The poller (poller.ts) asks the plan a planner makes for one task; nothing here sends a request.
import type { Task } from '../api/types';
import { POLL_TIMING, type PollPlan } from './poller';

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

/**
 * The plan for one task of `chars` characters: the first poll at the predicted end (or, while the start-up
 * delay is unknown and the task should run long, after the shortest interval, to learn it), then at the end
 * each progress reading says. Waits are clock ms, between the shortest interval and the poller's shortest deadline.
 */
export function planFor(planner: PollPlanner, chars: number, scale: number): PollPlan {
  const minMs = POLL_TIMING.minIntervalSec * 1000 * scale;
  const maxMs = POLL_TIMING.deadlineMinSec * 1000 * scale;
  const bounded = (ms: number): number => Math.min(maxMs, Math.max(minMs, ms * 1.03));
  let firstReading: [elapsed: number, progress: number] | undefined;
  return {
    firstWaitMs: () => {
      const predicted = planner.predict(chars) ?? 0;
      return planner.startDelay === undefined && predicted > 3 * minMs ? minMs : bounded(predicted);
    },
    nextWaitMs: (t: Task, elapsed: number) => {
      if (!(typeof t.progress === 'number' && t.progress > 0 && t.progress < 100)) return undefined;
      const end = planner.observe(chars, elapsed, t.progress, firstReading) ?? elapsed;
      firstReading ??= [elapsed, t.progress];
      // Until the start-up delay is known (two readings of one task), a task that runs a while yet is read again soon.
      return planner.startDelay === undefined && end - elapsed > 2 * minMs ? minMs : bounded(end - elapsed);
    },
  };
}
