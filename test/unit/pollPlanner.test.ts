import * as assert from 'node:assert/strict';
import type { Task } from '../../src/api/types';
import { planFor, PollPlanner } from '../../src/speech/pollPlanner';
import { prng } from '../fixtures/prng';

/** The shortest poll interval at time scale 1 (POLL_TIMING.minIntervalSec). */
const MIN = 2000;

/**
 * Walks one task through its plan as the poller would, without timers: polls at the planned waits until the
 * task (which ends `endMs` after creation) is seen completed. `progressAt` is what the service reports.
 */
function runTask(planner: PollPlanner, text: string, endMs: number, progressAt: (t: number) => number, waitedFor = false): { polls: number[]; seenAt: number } {
  const plan = planFor(planner, text, 1, waitedFor);
  return walk(plan, plan.firstWaitMs() ?? MIN, endMs, progressAt);
}

/** Walks a plan whose first wait was already asked for (`firstMs`); as `runTask`. */
function walk(plan: ReturnType<typeof planFor>, firstMs: number, endMs: number, progressAt: (t: number) => number = () => 0): { polls: number[]; seenAt: number } {
  const polls: number[] = [];
  let t = firstMs;
  for (;;) {
    polls.push(t);
    if (t >= endMs) {
      plan.completed?.(t);
      return { polls, seenAt: t };
    }
    const task: Task = { id: 'task-unified-1-1', status: 'processing', progress: progressAt(t) };
    const wait = plan.nextWaitMs(task, t);
    assert.ok(wait !== undefined && wait >= MIN, `waits at least the shortest interval (${wait})`);
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

  it('pins a task\'s end from polls two seconds apart (spans of tasks of other lengths): the part listened for is polled once, just after it ends', () => {
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
        const r = runTask(new PollPlanner(pl.learned()), text(c), end(c), () => 0, true);
        assert.equal(r.polls.length, 1, `${c} chars: polled once (${r.polls}), ended ${end(c)}`);
        assert.ok(r.seenAt <= end(c) * 1.15, `${c} chars: seen done at ${Math.round(r.seenAt)}, ended ${end(c)} (× ${(r.seenAt / end(c)).toFixed(2)})`);
      }
    }
  });

  it('tasks planned together share the early-poll budget: a reading after a short lesson stays under 1.5 polls per task', () => {
    /** Reads `lengths` as a reading fetching three ahead does: three tasks planned before any of them ends (the first of the reading waited for). */
    const read = (pl: PollPlanner, lengths: number[], end: (c: number) => number): number => {
      let polls = 0;
      for (let i = 0; i < lengths.length; i += 3) {
        const batch = lengths.slice(i, i + 3).map((c, k) => {
          const plan = planFor(pl, text(c), 1, i + k === 0);
          return { c, plan, first: plan.firstWaitMs() ?? MIN };
        });
        for (const { c, plan, first } of batch) polls += walk(plan, first, end(c)).polls.length;
      }
      return polls;
    };
    // Progress says nothing; services of other speeds than the simulator's; lengths from a seed. A lesson of one
    // short reading (six tasks) leaves the spans wide: the next reading (five tasks) may not probe them all at once.
    for (const [base, perChar] of [[2000, 1000 / 60], [900, 1000 / 25], [4000, 1000 / 120]]) {
      const end = (c: number): number => base + c * perChar;
      const rnd = prng(7 + base);
      const lengths = (n: number): number[] => Array.from({ length: n }, () => 60 + Math.floor(rnd() * 540));
      const perReading: number[] = [];
      for (let reading = 0; reading < 8; reading++) {
        const lesson = new PollPlanner();
        read(lesson, lengths(6), end);
        const later = lengths(5);
        perReading.push(read(new PollPlanner(lesson.learned()), later, end) / later.length);
      }
      assert.ok(perReading.every((x) => x <= 1.5), `${base} + ${perChar.toFixed(1)}/char: polls per task in each reading ${perReading.join(' ')}`);
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
