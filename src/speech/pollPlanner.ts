// Poll timing learned from the service, so a task is polled once, when it should be done. The poller
// (poller.ts) asks the plan a planner makes for one task; nothing here sends a request.
//
// What is trusted: when a task was first seen completed (and last seen still running), for how many billing
// characters: a span its end lies in. Spans of tasks of different lengths, polled at different moments, pin
// the service's base and per-character time far more tightly than one poll interval (`span`). The part the
// listener waits for is the only one whose lateness is heard: it is polled a few times across the window they
// allow, the last just after the latest end, and cold (or once past that window) every quarter of its wait so far
// (`listenedPolls`, `planFor`); tasks fetched ahead, whose timing no one waits for, are polled inside their span
// now and then to narrow it. A task's `progress` is not trusted: nothing promises it grows with synthesis (upstream synthesis is one
// call; Evolink's figure may follow `estimated_time`, jump from 0 to 100 or stall). Progress readings are
// checked against how their task really ended, and steer polling only while they keep proving right.
import type { Task } from '../api/types';
import { billingLength } from './billing';
import { POLL_TIMING, type PollPlan } from './poller';

/** What a PollPlanner keeps across sessions, in unscaled milliseconds. */
export interface LearnedTiming {
  /**
   * Completed tasks, oldest first: [billing characters, ms from creation to completion as far as polls tell,
   * ms it was last seen running (0: never), ms it was first seen completed]. (Older sessions kept the first two.)
   */
  done: Array<[chars: number, ms: number, low?: number, high?: number]>;
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
/**
 * A task fetched ahead is polled inside the span its end may lie in while that span is wider than this share of
 * its latest end; narrower, a poll at the latest end is late by at most this much.
 */
const PRECISION = 0.05;
/** Phases of cold first polls of tasks fetched ahead: the golden-ratio sequence spreads them evenly. */
const GOLDEN = (Math.sqrt(5) - 1) / 2;
/**
 * Early polls are paid from a budget: each task fetched ahead adds this share of one poll, an early poll takes a whole
 * poll when it is sent (so tasks planned together, before any has ended, cannot all probe), and one that found
 * its task already done gives it back (it cost no poll). So early polls that missed add at most this many polls
 * per task however the service's progress behaves, and polls per task stay well under 1.5 while learning.
 */
const PROBE_SHARE = 1 / 3;
/** The most a budget saves up: one early poll (a planner that probed nothing for long does not then probe in a burst). */
const PROBE_SAVED = 1;
/** An inconsistent task costs this much trust: progress then has to prove right on three tasks again. */
const DISTRUST = -2;
/**
 * The part listened for is polled again at most this share of its wait so far after its last poll (between
 * POLL_TIMING.listenMinSec and the shortest interval): seen done at most this share after its end.
 */
const LISTEN_SHARE = 0.25;
/** Polls PRECISION apart at the top of the window a lesson leaves for the end of the part listened for. */
const LISTEN_WINDOW_POLLS = 3;
/**
 * Once something is learned, the part listened for pays its polls after the first from the early-poll budget of
 * tasks fetched ahead (which may run this far into debt): the polls tasks fetched ahead would spend on early polls
 * go where lateness is heard.
 */
const LISTEN_DEBT = 2;

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * The earliest and latest end at `chars` of the lines end = a + b × chars (a, b ≥ 0) through every span
 * (low, high] of `spans`; latest is Infinity when nothing bounds it, undefined when no line passes through them
 * all. A linear programme in two unknowns, solved at the corners of the region the spans allow.
 */
function lineRange(spans: ReadonlyArray<readonly [number, number, number, number]>, chars: number): [number, number] | undefined {
  // Half-planes p·a + q·b ≤ r. A large box stands for "unbounded" and is reported as Infinity.
  const BIG = 1e9;
  const hs: Array<[number, number, number]> = [[-1, 0, 0], [0, -1, 0], [1, 0, BIG], [0, 1, BIG]];
  for (const [c, , low, high] of spans) {
    hs.push([1, c, high]);
    if (low > 0) hs.push([-1, -c, -low]);
  }
  const eps = 1e-6;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < hs.length; i++) {
    for (let j = i + 1; j < hs.length; j++) {
      const [p1, q1, r1] = hs[i];
      const [p2, q2, r2] = hs[j];
      const det = p1 * q2 - p2 * q1;
      if (Math.abs(det) < 1e-12) continue;
      const a = (r1 * q2 - r2 * q1) / det;
      const b = (p1 * r2 - p2 * r1) / det;
      if (!hs.every(([p, q, r]) => p * a + q * b <= r + eps * Math.max(1, Math.abs(r)))) continue;
      const end = a + b * chars;
      min = Math.min(min, end);
      max = Math.max(max, end);
    }
  }
  if (min === Infinity) return undefined;
  return [min, max >= BIG / 2 ? Infinity : max];
}

/**
 * Learns how long the service takes for n billing characters from when tasks were seen completed: a line
 * (base + per character) through those ends, recent ones counting most. A planned first poll that finds its task
 * completed counts it as a little earlier (more so the more often in a row: it may have ended long before); one
 * that finds it running learns the end between its polls. Every learned wait lies between the shortest poll
 * interval and the poller's shortest deadline.
 */
export class PollPlanner {
  private done: Array<[chars: number, ms: number, low: number, high: number]> = [];
  private streak = 0;
  private trust = 0;
  private starts: number[] = [];
  /** Early polls this planner may still send (see PROBE_SHARE). */
  private probeBudget = 0;
  private phases = 0;
  private readonly spans = new Map<number, [number, number] | undefined>();
  /** Whether what this planner knows was seen by it (false while a lesson kept from an earlier session is all it has). */
  private confirmed = true;

  /** Starts from timing learned earlier (`learned()` of an earlier session); anything malformed is dropped. */
  constructor(learned?: unknown, private readonly scale = 1) {
    const l = (typeof learned === 'object' && learned !== null ? learned : {}) as Partial<Record<keyof LearnedTiming, unknown>>;
    if (Array.isArray(l.done)) {
      for (const r of l.done.slice(-MAX_DONE)) {
        if (!Array.isArray(r) || !r.every(num) || !(r[0] > 0 && r[1] > 0)) continue;
        // An end kept without the span polls saw (an earlier version) is taken as it was learned.
        if (r.length === 2) this.done.push([r[0], r[1] * scale, r[1] * scale, r[1] * scale]);
        else if (r.length === 4 && r[2] >= 0 && r[3] >= r[2] && r[3] > 0) this.done.push([r[0], r[1] * scale, r[2] * scale, r[3] * scale]);
      }
    }
    if (num(l.streak) && l.streak >= 0) this.streak = Math.min(8, Math.floor(l.streak));
    if (num(l.trust)) this.trust = Math.min(TRUST_MAX, Math.max(DISTRUST, Math.round(l.trust)));
    // A planner that knows nothing may probe at once; one that starts from a lesson saves up first (its first
    // reading may be short, and several of its tasks are planned before any ends).
    this.probeBudget = this.done.length ? 0 : PROBE_SAVED;
    this.confirmed = this.done.length === 0;
    if (Array.isArray(l.starts)) this.starts = l.starts.slice(-MAX_STARTS).filter((x): x is number => num(x) && x >= 0).map((x) => x * scale);
  }

  /** What was learned, to keep for the next session (unscaled). */
  learned(): LearnedTiming {
    return {
      done: this.done.map(([c, ms, low, high]) => [c, Math.round(ms / this.scale), Math.round(low / this.scale), Math.round(high / this.scale)]),
      streak: this.streak, trust: this.trust,
      starts: this.starts.map((x) => Math.round(x / this.scale)),
    };
  }

  /** The next of the golden-ratio sequence in [0, 1): phases that spread evenly however many are taken. */
  nextPhase(): number {
    this.phases = (this.phases + GOLDEN) % 1;
    return this.phases;
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

  /**
   * The ms from creation by which a task of `chars` billing characters should be completed, or undefined before
   * any completed: the latest end the recent tasks' spans allow (see `span`), else the line through their ends.
   */
  predict(chars: number): number | undefined {
    const sp = this.span(chars);
    if (sp && Number.isFinite(sp[1])) return sp[1];
    const line = this.line(chars);
    return line === undefined ? undefined : Math.max(sp?.[0] ?? 0, line * MARGIN);
  }

  /**
   * When to poll a task the listener waits for (the first of a reading), in ms from creation, from what the recent
   * tasks allow (`span`), or undefined before any completed. Across the window (earliest end, latest end ×
   * MARGIN]: the last poll just after the latest end (MARGIN: timers and the service's own pace vary), the
   * LISTEN_WINDOW_POLLS last PRECISION of it apart (never closer than `minGapMs`), earlier ones LISTEN_SHARE of
   * their time apart. The polls are dense near the latest end because that is where ends lie: most tasks are
   * polled once, just after their end, so their spans bound the lines from above tightly and from below hardly at
   * all. While all the planner knows is a lesson kept from an earlier session (no task of its own has completed
   * yet), also polls at half the window's start, a quarter, … down to `firstMs`: a lesson from a slower
   * day, or a broken one, makes the part seen done at most twice its end (nothing before the window while it
   * starts within 2 × `firstMs`). After the window the plan goes on as it does cold (`planFor`), so a lesson from
   * a faster day costs no more than no lesson.
   */
  listenedPolls(chars: number, firstMs: number, minGapMs: number): number[] | undefined {
    const sp = this.span(chars);
    if (!sp || !Number.isFinite(sp[1])) return undefined;
    const hi = Math.max(firstMs, sp[1] * MARGIN);
    const lo = Math.min(Math.max(firstMs, sp[0]), hi);
    // Back from the latest end: the first few PRECISION of it apart, then as far apart as the cold plan's polls
    // (LISTEN_SHARE), down to the earliest end, so an end anywhere in the window is seen no later than with no lesson.
    const near = Math.max(minGapMs, PRECISION * hi);
    const polls = [hi];
    for (;;) {
      const p = Math.max(polls.length < LISTEN_WINDOW_POLLS ? polls[0] - near : polls[0] / (1 + LISTEN_SHARE), firstMs);
      if (p <= lo + 1e-6 || polls[0] - p < minGapMs) break;
      polls.unshift(p);
    }
    if (!this.confirmed) for (let g = polls[0] / 2; g >= firstMs; g /= 2) polls.unshift(g);
    return polls;
  }

  /** A poll of the part listened for, after its first, paid from the early-poll budget (LISTEN_DEBT). */
  paidListenedPoll(): void {
    this.probeBudget = Math.max(-LISTEN_DEBT, this.probeBudget - 1);
  }

  /**
   * Where to poll a task nobody is waiting for yet (one fetched ahead) first: while the recent tasks leave its
   * end uncertain by more than PRECISION, the middle of what they allow, so its poll halves the uncertainty
   * whether it finds the task done or not (a poll early costs one more poll, and no one waits); else just after
   * the latest end: one poll, late by at most what the spans leave open.
   * Early polls are paid from the budget PROBE_SHARE describes: none while it holds less than one.
   */
  probeAt(chars: number): { ms: number; probe: boolean } | undefined {
    this.probeBudget = Math.min(PROBE_SAVED, this.probeBudget + PROBE_SHARE);
    const sp = this.span(chars);
    if (sp && Number.isFinite(sp[1]) && sp[1] - sp[0] > PRECISION * sp[1] && this.probeBudget >= 1) {
      this.probeBudget -= 1;
      return { ms: (sp[0] + sp[1]) / 2, probe: true };
    }
    const ms = sp && Number.isFinite(sp[1]) ? sp[1] * MARGIN : this.predict(chars);
    return ms === undefined ? undefined : { ms, probe: false };
  }

  /**
   * What the polls of recent tasks allow for a task of `chars` characters: every line end = base + per-character
   * time (both ≥ 0) that passes through each task's span (after it was last seen running, not after it was first
   * seen completed) gives an end; this is the earliest and latest of them (latest Infinity when nothing bounds
   * it). Tasks of different lengths, polled at different moments, narrow it to far less than one poll interval.
   * When no line passes through every span (the service's speed changed), the oldest tasks are left out until
   * one does. Undefined before any task completed.
   */
  span(chars: number): [earliest: number, latest: number] | undefined {
    // A few ms with 24 tasks: kept per length until the next task completes.
    if (!this.spans.has(chars)) this.spans.set(chars, this.computeSpan(chars));
    return this.spans.get(chars);
  }

  private computeSpan(chars: number): [earliest: number, latest: number] | undefined {
    // A line through the spans of the k newest tasks passes through those of fewer: the largest such k.
    if (this.done.length === 0) return undefined;
    let lo = 1;
    let hi = this.done.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (lineRange(this.done.slice(-mid), chars)) lo = mid;
      else hi = mid - 1;
    }
    return lineRange(this.done.slice(-lo), chars);
  }

  /** The line through the ends (recent ones counting most), or undefined before any completed. */
  private line(chars: number): number | undefined {
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
  completed(chars: number, lowMs: number, highMs: number, plannedMs: number | undefined, progressEnds: readonly number[], slackMs: number, probed = false): void {
    if (!(highMs > 0 && chars > 0)) return;
    this.confirmed = true;
    // An early poll that found its task done cost no poll: it is given back to the budget.
    if (probed && plannedMs !== undefined && lowMs < plannedMs) this.probeBudget = Math.min(PROBE_SAVED, this.probeBudget + 1);
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
    this.done.push([chars, ms, Math.max(0, lowMs), highMs]);
    if (this.done.length > MAX_DONE) this.done.shift();
    this.spans.clear();
  }
}

/**
 * The plan for one task of `text`. A task fetched ahead: first polled where the learned spans say (`probeAt`);
 * before anything is learned, at a phase of the interval after the shortest; then at the end trusted progress says,
 * else every shortest interval. The part the listener waits for (`waitedFor`): at the polls `listenedPolls`
 * places; cold, first after the shortest interval; after those, LISTEN_SHARE of its wait so far after the last
 * (at least POLL_TIMING.listenMinSec, at most the shortest interval; at most POLL_TIMING.listenFineMax polls
 * sooner than the shortest interval), so it is seen done a share of its wait after its end whatever a lesson
 * said. Waits are clock ms, no longer than the poller's shortest deadline.
 */
export function planFor(planner: PollPlanner, text: string, scale: number, waitedFor = false): PollPlan {
  const chars = billingLength(text);
  const minMs = POLL_TIMING.minIntervalSec * 1000 * scale;
  const maxMs = POLL_TIMING.deadlineMinSec * 1000 * scale;
  const gapMs = POLL_TIMING.listenMinSec * 1000 * scale;
  const bounded = (ms: number): number => Math.min(maxMs, Math.max(minMs, ms));
  let firstReading: [elapsed: number, progress: number] | undefined;
  let planned: number | undefined;
  let probed = false;
  let low = 0;
  const ends: number[] = [];
  let progressFailed = false;
  // The part listened for: its planned polls (ms from creation) still to come, and its polls sooner than the
  // shortest interval so far.
  let listened: number[] = [];
  let fine = 0;
  const listenedNext = (elapsed: number): number => {
    const soonest = fine < POLL_TIMING.listenFineMax ? gapMs : minMs;
    // A planned poll already passed (timers and requests take time) is dropped; one due sooner than allowed waits.
    while (listened.length && listened[0] <= elapsed) listened.shift();
    const at = listened.shift();
    const gap = at !== undefined ? Math.min(maxMs, Math.max(soonest, at - elapsed))
      : Math.min(minMs, Math.max(soonest, LISTEN_SHARE * elapsed));
    if (gap < minMs) fine++;
    // Cold, nothing is charged: the parts fetched ahead need their early polls to learn anything at all.
    if (planned !== undefined) planner.paidListenedPoll();
    return gap;
  };
  return {
    maxPolls: PLANNED_POLLS,
    firstWaitMs: () => {
      if (waitedFor) {
        listened = planner.listenedPolls(chars, minMs, gapMs)?.map((ms) => Math.min(maxMs, ms)) ?? [];
        planned = listened.shift();
        return planned ?? minMs;
      }
      const first = planner.probeAt(chars);
      probed = first?.probe === true;
      planned = first?.ms === undefined ? undefined : bounded(first.ms);
      // Nothing learned: a task fetched ahead is first polled at a phase of the interval of its own (the
      // golden-ratio sequence), so the spans polls leave for successive tasks interleave instead of coinciding.
      return planned ?? minMs * (1 + planner.nextPhase());
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
      // The part listened for goes by polls alone (progress is still checked above, for the parts fetched ahead).
      if (waitedFor) return listenedNext(elapsed);
      const predicted = planner.predict(chars);
      const learned = predicted !== undefined && predicted > elapsed + minMs ? predicted : undefined;
      // Trusted progress, but never past the learned end (a stall must not hold the poll back), and not at all
      // for this task once it says the task ends well after what completed tasks have shown.
      if (planner.trustsProgress && !progressFailed && end !== undefined && end > elapsed) {
        if (predicted !== undefined && end > Math.max(predicted, elapsed) * (1 + TOLERANCE) + minMs) progressFailed = true;
        else return bounded(Math.min(end, learned ?? end) - elapsed);
      }
      // The next poll one interval on.
      return minMs;
    },
    completed: (elapsed: number) => planner.completed(chars, low, elapsed, planned, ends, minMs, probed),
  };
}
