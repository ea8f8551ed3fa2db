import * as assert from 'node:assert/strict';
import type { Task } from '../../src/api/types';
import { planFor, PollPlanner } from '../../src/speech/pollPlanner';
import { prng } from '../fixtures/prng';

/** The shortest poll interval at time scale 1 (POLL_TIMING.minIntervalSec). */
const MIN = 2000;
/** The shortest wait between polls of the part listened for (POLL_TIMING.listenMinSec), and how many may be that short. */
const LISTEN_MIN = 250;
const LISTEN_FINE_MAX = 10;

/**
 * Walks one task through its plan as the poller would, without timers: polls at the planned waits until the
 * task (which ends `endMs` after creation) is seen completed. `progressAt` is what the service reports.
 */
function runTask(planner: PollPlanner, text: string, endMs: number, progressAt: (t: number) => number, waitedFor = false): { polls: number[]; seenAt: number } {
  const plan = planFor(planner, text, 1, waitedFor);
  return walk(plan, plan.firstWaitMs() ?? MIN, endMs, progressAt, waitedFor);
}

/**
 * Walks a plan whose first wait was already asked for (`firstMs`); as `runTask`. Waits are at least the shortest
 * interval, but for the part listened for, which may wait LISTEN_MIN, LISTEN_FINE_MAX times.
 */
function walk(plan: ReturnType<typeof planFor>, firstMs: number, endMs: number, progressAt: (t: number) => number = () => 0, waitedFor = false): { polls: number[]; seenAt: number } {
  const polls: number[] = [];
  let t = firstMs;
  assert.ok(t >= MIN, `the first poll after the shortest interval (${t})`);
  let short = 0;
  for (;;) {
    polls.push(t);
    if (t >= endMs) {
      plan.completed?.(t);
      return { polls, seenAt: t };
    }
    const task: Task = { id: 'task-unified-1-1', status: 'processing', progress: progressAt(t) };
    const wait = plan.nextWaitMs(task, t);
    assert.ok(wait !== undefined && wait >= (waitedFor ? LISTEN_MIN : MIN), `waits at least the shortest interval (${wait})`);
    if (wait < MIN) assert.ok(++short <= LISTEN_FINE_MAX, `at most ${LISTEN_FINE_MAX} short waits (${polls})`);
    t += wait;
    assert.ok(polls.length < 50, 'ends');
  }
}

const text = (n: number): string => 'x'.repeat(n);
/** The simulator's timing at time scale 1: 0.5 s queue + 1.5 s + 1/60 s per character. */
const work = (chars: number): number => 2000 + (chars * 1000) / 60;
/** Progress as the work goes (simulator `linear`). */
const linear = (chars: number) => (t: number): number => Math.min(99, Math.max(0, 1 + Math.floor((98 * (t - 500)) / (work(chars) - 500))));
/** Progress that follows an estimated_time of 10 s, not the work (simulator `estimate`). */
const estimate = (t: number): number => Math.min(99, Math.floor(t / 100));

/**
 * Reads `lengths` as a reading fetching three ahead does: three tasks planned before any of them ends, the first
 * of the reading listened for; the polls it took.
 */
function readTogether(pl: PollPlanner, lengths: number[], end: (c: number) => number): { polls: number; guards: number } {
  let polls = 0;
  let guards = 0;
  for (let i = 0; i < lengths.length; i += 3) {
    const batch = lengths.slice(i, i + 3).map((c, k) => {
      // The earliest end the lesson allows the part listened for: its polls before that are guards.
      const earliest = i + k === 0 ? pl.span(c)?.[0] ?? 0 : 0;
      const plan = planFor(pl, text(c), 1, i + k === 0);
      return { c, plan, first: plan.firstWaitMs() ?? MIN, waited: i + k === 0, earliest };
    });
    for (const { c, plan, first, waited, earliest } of batch) {
      const r = walk(plan, first, end(c), () => 0, waited);
      polls += r.polls.length;
      guards += r.polls.filter((t) => t < earliest).length;
    }
  }
  return { polls, guards };
}

describe('pollPlanner', () => {
  it('fits base + per-character time to when tasks were seen completed', () => {
    const pl = new PollPlanner();
    assert.equal(pl.predict(100), undefined);
    pl.completed(100, 0, 2000, undefined, [], MIN);
    pl.completed(400, 0, 5000, undefined, [], MIN);
    assert.ok(Math.abs(pl.predict(250)! - 3500) < 1e-6, `${pl.predict(250)}`);
  });

  it('counts billing characters: Han text takes as long as twice as many Latin characters', () => {
    const pl = new PollPlanner({ done: [[100, 3000], [600, 12000]], streak: 0, trust: 0, starts: [] });
    const han = planFor(pl, '字'.repeat(150), 1).firstWaitMs()!;
    const latin = planFor(pl, 'x'.repeat(300), 1).firstWaitMs()!;
    assert.equal(han, latin);
  });

  it('trusts progress only after it predicted a task\'s end; progress that follows estimated_time is never trusted', () => {
    const pl = new PollPlanner();
    for (let i = 0; i < 6; i++) {
      const chars = 60 + 40 * i;
      const r = runTask(pl, text(chars), work(chars), estimate, true);
      // The part listened for is never held back by progress that says 10 s: seen done within one shortest
      // interval of its end.
      assert.ok(r.seenAt <= work(chars) + MIN, `task ${i}: seen done at ${r.seenAt}, ended ${work(chars)} (${r.polls})`);
    }
    assert.equal(pl.trustsProgress, false);
    const linearPl = new PollPlanner();
    runTask(linearPl, text(300), work(300), linear(300));
    assert.equal(linearPl.trustsProgress, true, 'progress that predicted its task\'s end is trusted');
  });

  it('trusted progress steers a poll only while it agrees with how tasks ended: one that says far later stops steering', () => {
    // Trusted progress, and a learned line that runs 20 % short: the first poll misses, progress is read.
    const state = { done: [[500, work(500) * 0.8]], streak: 0, trust: 3, starts: [500] };
    const right = runTask(new PollPlanner(state), text(500), work(500), linear(500));
    assert.ok(right.seenAt <= work(500) * 1.1, `consistent progress steers: seen done at ${right.seenAt}, ended ${work(500)}`);
    // The same, but progress follows a 30 s estimate while the work takes 10.3 s.
    const pl = new PollPlanner(state);
    const wrong = runTask(pl, text(500), work(500), (t) => Math.min(99, Math.floor(t / 300)));
    assert.ok(wrong.seenAt <= work(500) + MIN, `seen done at ${wrong.seenAt}, ended ${work(500)}`);
    assert.equal(pl.trustsProgress, false, 'and it is not trusted any more');
  });

  it('once learned, polls each task about once, just after it ends; a stall costs nothing', () => {
    const pl = new PollPlanner();
    for (let i = 0; i < 6; i++) runTask(pl, text(100 + 100 * (i % 3)), work(100 + 100 * (i % 3)), linear(100 + 100 * (i % 3)));
    let polls = 0;
    const lengths = [150, 250, 350, 120, 280, 330, 200, 180];
    for (const c of lengths) {
      const r = runTask(pl, text(c), work(c), linear(c));
      polls += r.polls.length;
      assert.ok(r.seenAt <= work(c) * 1.1 + MIN, `${c} chars: seen done at ${r.seenAt}, ended ${work(c)}`);
    }
    assert.ok(polls / lengths.length <= 1.5, `${polls / lengths.length} polls per task`);
    // Progress stops at 40 %, then the task completes on time: no later than with progress going on (from the
    // same learned state), but for one shortest interval when the learned first poll came too early.
    for (const c of [200, 300, 450]) {
      const kept = JSON.stringify(pl.learned());
      const flowing = runTask(new PollPlanner(JSON.parse(kept)), text(c), work(c), linear(c));
      const stalled = runTask(new PollPlanner(JSON.parse(kept)), text(c), work(c), (t) => Math.min(40, linear(c)(t)));
      assert.ok(stalled.seenAt <= Math.max(flowing.seenAt, work(c) * 1.1) + (stalled.polls.length > 1 ? MIN : 0),
        `${c} chars: stalled seen done at ${stalled.seenAt} (${stalled.polls}), flowing at ${flowing.seenAt}, ended ${work(c)}`);
    }
  });

  it('corrects a lesson from a slower day: planned polls that keep finding tasks done wait less and less', () => {
    const slow = new PollPlanner();
    for (let i = 0; i < 3; i++) slow.completed(300, 0, 3 * work(300), undefined, [], MIN);
    const pl = new PollPlanner(JSON.parse(JSON.stringify(slow.learned())));
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) waits.push(runTask(pl, text(300), work(300), () => 0).seenAt);
    assert.ok(waits[0] <= 3 * work(300) * 1.04, 'a learned wait is bounded by what was seen');
    assert.ok(waits.at(-1)! <= work(300) * 1.35 + MIN, `after twelve tasks: ${waits}`);
  });

  it('pins a task\'s end from polls two seconds apart (spans of tasks of other lengths): the part listened for is polled a few times across a narrow window, seen just after it ends', () => {
    // Progress says nothing (0 until done); chunk lengths as a reading has them, at random from a seed; a
    // service of another speed than the simulator's, and one with a long fixed start.
    for (const [base, perChar] of [[2000, 1000 / 60], [900, 1000 / 25], [4000, 1000 / 120]]) {
      const end = (c: number): number => base + c * perChar;
      const rnd = prng(base);
      const pl = new PollPlanner();
      let polls = 0;
      const lengths = [70, 150, 300, ...Array.from({ length: 12 }, () => 60 + Math.floor(rnd() * 540))];
      for (const [i, c] of lengths.entries()) {
        const r = runTask(pl, text(c), end(c), () => 0, i === 0);
        if (i >= 5) polls += r.polls.length;
      }
      assert.ok(polls / (lengths.length - 5) <= 1.5, `${base} + ${perChar.toFixed(1)}/char: ${polls / (lengths.length - 5)} polls per task`);
      for (const c of [68, 132, 420]) {
        const kept = new PollPlanner(pl.learned());
        const earliest = kept.span(c)![0];
        const r = runTask(kept, text(c), end(c), () => 0, true);
        // Once in the window the spans leave (before it, a kept lesson not yet confirmed is guarded: halves of its start).
        const inWindow = r.polls.filter((t) => t >= earliest).length;
        assert.ok(inWindow <= 3, `${c} chars: polled at most three times across its window (${r.polls}), ended ${end(c)}`);
        assert.ok(r.polls.length - inWindow <= Math.max(0, Math.floor(Math.log2(kept.span(c)![1] * 1.03 / MIN))), `${c} chars: guards (${r.polls})`);
        assert.ok(r.seenAt <= end(c) * 1.15, `${c} chars: seen done at ${Math.round(r.seenAt)}, ended ${end(c)} (× ${(r.seenAt / end(c)).toFixed(2)})`);
      }
    }
  });

  it('tasks planned together share the early-poll budget: a reading after a short lesson stays under 1.5 polls per task', () => {
    // Progress says nothing; services of other speeds than the simulator's; lengths from a seed. A lesson of one
    // short reading (six tasks) leaves the spans wide: the next reading (five tasks) may not probe them all at once.
    // Its part listened for also pays the polls that guard against a kept lesson from a slower day (before the
    // window that lesson allows, at halves of its start): at most log2(start / 2 s), once a session.
    for (const [base, perChar] of [[2000, 1000 / 60], [900, 1000 / 25], [4000, 1000 / 120]]) {
      const end = (c: number): number => base + c * perChar;
      const rnd = prng(7 + base);
      const lengths = (n: number): number[] => Array.from({ length: n }, () => 60 + Math.floor(rnd() * 540));
      const perReading: number[] = [];
      for (let reading = 0; reading < 8; reading++) {
        const lesson = new PollPlanner();
        readTogether(lesson, lengths(6), end);
        const later = lengths(5);
        const pl = new PollPlanner(lesson.learned());
        const latest = pl.span(later[0])![1];
        const r = readTogether(pl, later, end);
        assert.ok(r.guards <= Math.max(0, Math.floor(Math.log2(latest * 1.03 / MIN))), `${r.guards} guard polls before a window up to ${Math.round(latest)}`);
        perReading.push((r.polls - r.guards) / later.length);
      }
      assert.ok(perReading.every((x) => x <= 1.5), `${base} + ${perChar.toFixed(1)}/char: polls per task in each reading (guards aside) ${perReading.join(' ')}`);
    }
  });

  it('after a lesson from a faster service the part listened for is seen within one interval of its end, and the next reading is right again', () => {
    const fast = new PollPlanner();
    for (const c of [70, 150, 300, 450, 600, 120, 250, 520]) runTask(fast, text(c), work(c), () => 0);
    const slower = (c: number): number => 1.6 * work(c);
    const pl = new PollPlanner(fast.learned());
    const first = runTask(pl, text(90), slower(90), () => 0, true);
    assert.ok(first.seenAt <= slower(90) + MIN, `seen done at ${first.seenAt}, ended ${slower(90)} (${first.polls})`);
    for (const c of [160, 310, 480, 560, 220, 400]) runTask(pl, text(c), slower(c), () => 0);
    const next = runTask(pl, text(90), slower(90), () => 0, true);
    assert.ok(next.seenAt <= slower(90) * 1.1, `next reading: seen done at ${Math.round(next.seenAt)}, ended ${slower(90)} (${next.polls})`);
  });

  it('the part listened for, cold, is seen done within a quarter of its wait after its end, not a whole interval', () => {
    // Ends of a short first part on services of any speed (from a seed), and the bench's first parts.
    const rnd = prng(12);
    const ends = [3133, 4200, ...Array.from({ length: 40 }, () => 2100 + rnd() * 28000)];
    for (const end of ends) {
      const r = runTask(new PollPlanner(), text(100), end, () => 0, true);
      assert.ok(r.seenAt <= end * 1.25 + 1e-6, `ended ${Math.round(end)}: seen done at ${Math.round(r.seenAt)} (${r.polls.map(Math.round)})`);
    }
  });

  it('the part listened for, after one reading\'s lesson kept from an earlier session, is typically seen done within 10 % of its end, never later than cold', () => {
    // One cold reading of six tasks (three planned together, the first listened for) teaches; a new session
    // starts from what it kept. Progress says nothing; services of other speeds; lengths from a seed.
    for (const [base, perChar] of [[2000, 1000 / 60], [900, 1000 / 25], [4000, 1000 / 120]]) {
      const end = (c: number): number => base + c * perChar;
      const rnd = prng(31 + base);
      const ratios: number[] = [];
      for (let reading = 0; reading < 6; reading++) {
        const lesson = new PollPlanner();
        readTogether(lesson, Array.from({ length: 6 }, (_, i) => (i === 0 ? 50 + Math.floor(rnd() * 150) : 100 + Math.floor(rnd() * 500))), end);
        const kept = JSON.stringify(lesson.learned());
        for (const c of [68, 132, 50 + Math.floor(rnd() * 150)]) {
          const r = runTask(new PollPlanner(JSON.parse(kept)), text(c), end(c), () => 0, true);
          ratios.push(r.seenAt / end(c));
          // However wide the window one reading leaves, no later than the cold plan would see it.
          assert.ok(r.seenAt <= end(c) * 1.25 + 1e-6, `${base} + ${perChar.toFixed(1)}/char, ${c} chars: seen done at ${Math.round(r.seenAt)}, ended ${end(c)} (${r.polls.map(Math.round)})`);
        }
      }
      ratios.sort((a, b) => a - b);
      assert.ok(ratios[Math.floor(ratios.length / 2)] <= 1.1, `${base} + ${perChar.toFixed(1)}/char: seen done ÷ end ${ratios.map((x) => x.toFixed(2))}`);
    }
  });

  it('a bad lesson kept from an earlier session never makes the part listened for late by more than no lesson (too early) or twice its end (too late)', () => {
    const lessonOf = (end: (c: number) => number): string => {
      const pl = new PollPlanner();
      for (const c of [70, 150, 300, 450, 600, 120, 250, 520]) runTask(pl, text(c), end(c), () => 0);
      return JSON.stringify(pl.learned());
    };
    const broken = JSON.stringify({ done: [[100, 50000, 49000, 50000], [500, 55000, 54000, 55000]], streak: 0, trust: 0, starts: [] });
    for (const c of [68, 132, 300]) {
      // The service is slower today than the lesson says: after the lesson's window, polled as with no lesson.
      for (const f of [1.3, 1.6, 3]) {
        const r = runTask(new PollPlanner(JSON.parse(lessonOf(work))), text(c), f * work(c), () => 0, true);
        assert.ok(r.seenAt <= f * work(c) * 1.25 + 1e-6, `${f} × slower, ${c} chars: seen done at ${Math.round(r.seenAt)}, ended ${f * work(c)} (${r.polls.map(Math.round)})`);
      }
      // Faster today than the lesson says, or a broken lesson (every task 50 s): seen done by twice its end.
      for (const [label, kept] of [['2.5 × faster', lessonOf((n) => 2.5 * work(n))], ['broken', broken]]) {
        const r = runTask(new PollPlanner(JSON.parse(kept)), text(c), work(c), () => 0, true);
        assert.ok(r.seenAt <= 2 * work(c), `${label}, ${c} chars: seen done at ${Math.round(r.seenAt)}, ended ${work(c)} (${r.polls.map(Math.round)})`);
      }
    }
  });

  it('the part listened for is never polled in a storm: a task that runs on gets at most ten short waits, none under 250 ms', () => {
    for (const learned of [undefined, { done: [[100, 3000, 2800, 3000], [500, 10000, 9800, 10000]], streak: 0, trust: 0, starts: [] }]) {
      const r = runTask(new PollPlanner(learned), text(100), 60000, () => 0, true);
      const waits = r.polls.slice(1).map((t, i) => t - r.polls[i]);
      assert.ok(waits.every((w) => w >= LISTEN_MIN), `${waits}`);
      assert.ok(waits.filter((w) => w < MIN).length <= LISTEN_FINE_MAX, `${waits}`);
      // The short waits come early: after the first 10 s, every wait is the shortest interval.
      assert.ok(r.polls.every((t, i) => t < 10000 || i === 0 || waits[i - 1] >= MIN), `${r.polls.map(Math.round)}`);
      // And a reading fetched ahead is never polled sooner than the shortest interval.
      const ahead = runTask(new PollPlanner(learned), text(100), 60000, () => 0, false);
      assert.ok(ahead.polls.slice(1).every((t, i) => t - ahead.polls[i] >= MIN));
    }
  });

  it('starts from timing kept from an earlier session (unscaled), dropping malformed entries', () => {
    const first = new PollPlanner(undefined, 0.5);
    first.completed(100, 0, 1000, undefined, [], 1000);
    first.completed(400, 0, 2500, undefined, [], 1000);
    const kept = JSON.parse(JSON.stringify(first.learned())) as { done: unknown[] };
    assert.deepEqual(kept.done[0], [100, 2000, 0, 2000], 'kept unscaled, with the span polls saw');
    const again = new PollPlanner(kept, 0.5);
    assert.ok(Math.abs(again.predict(250)! - first.predict(250)!) < 1, 'the same prediction at the same scale');
    const odd = new PollPlanner({ done: [[1, 2], [NaN, 3], [4], 'x', [5, -1], [0, 7], [3, 4, 5, 1], [3, 4, 1]], streak: -1, trust: 'x', starts: [1, -2, 'x'] }).learned();
    assert.deepEqual(odd, { done: [[1, 2, 2, 2]], streak: 0, trust: 0, starts: [1] }, 'an end kept by an earlier version is taken as it was learned');
    assert.deepEqual(new PollPlanner([[1, 2]]).learned().done, []);
    // What an earlier version kept (progress readings) teaches nothing: progress alone is not trusted.
    assert.equal(new PollPlanner({ readings: [[100, 1000, 50]], starts: [0] }).predict(100), undefined);
    const many = new PollPlanner({ done: Array.from({ length: 50 }, (_, i) => [i + 1, 1000]) });
    assert.equal(many.learned().done.length, 24);
    assert.equal(many.learned().done[0][0], 27, 'the newest are kept');
  });
});
