import * as assert from 'node:assert/strict';
import { ApiError } from '../../src/api/errors';
import type { Task } from '../../src/api/types';
import { pollTask } from '../../src/speech/poller';
import { FakeClock, flush } from './pollerClock';

const ID = 'task-unified-1775122733-lozyt2i5';
type Step = Partial<Task> | ApiError;

/** A scripted getTask that records when it was called and checks one request at a time. */
function script(clock: FakeClock, steps: Step[]) {
  const calls: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const start = clock.now();
  const getTask = async (id: string): Promise<Task> => {
    calls.push(clock.now() - start);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await flush();
    inFlight--;
    const s = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (s instanceof ApiError) throw s;
    return { id, ...s };
  };
  return { getTask, calls, maxInFlight: () => maxInFlight };
}

const processing = (progress: number): Partial<Task> => ({ status: 'processing', progress });
const completed: Partial<Task> = { status: 'completed', progress: 100, results: ['https://m.example/a.wav'] };
const http = (status: number, kind: ApiError['kind'], extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}) =>
  new ApiError({ kind, status, message: `HTTP ${status}`, retryable: status === 429 || status >= 500, ...extra });

/** Runs the poll, firing timers until it settles. */
async function drive<T>(clock: FakeClock, p: Promise<T>, maxSteps = 500): Promise<T> {
  let settled = false;
  p.then(() => { settled = true; }, () => { settled = true; });
  for (let i = 0; i < maxSteps && !settled; i++) {
    await flush();
    if (settled) break;
    if (clock.nextDelay() === undefined) { await flush(); continue; }
    await clock.fireNext();
  }
  return p;
}

describe('poller', () => {
  it('first poll at half the estimate, every 3 s until it passes, then every 5 s', async () => {
    const clock = new FakeClock();
    const s = script(clock, [processing(10), processing(20), processing(30), processing(40), processing(50), processing(60), completed]);
    const t = await drive(clock, pollTask(s.getTask, ID, { estimatedTimeSec: 10, clock, random: () => 0.5 }));
    assert.equal(t.status, 'completed');
    assert.deepEqual(s.calls, [5000, 8000, 11000, 16000, 21000, 26000, 31000]);
    assert.equal(s.maxInFlight(), 1);
    assert.equal(clock.pending, 0);
  });

  it('clamps the first poll to 2–6 s and defaults the estimate to 10 s', async () => {
    for (const [est, first] of [[0, 2000], [2, 2000], [30, 6000], [undefined, 5000], [NaN, 5000], [-3, 5000]] as const) {
      const clock = new FakeClock();
      const s = script(clock, [completed]);
      await drive(clock, pollTask(s.getTask, ID, { estimatedTimeSec: est, clock }));
      assert.deepEqual(s.calls, [first], `estimate ${est}`);
    }
  });

  it('scales every wait by timeScale', async () => {
    const clock = new FakeClock();
    const s = script(clock, [processing(1), completed]);
    await drive(clock, pollTask(s.getTask, ID, { estimatedTimeSec: 10, clock, timeScale: 0.01 }));
    assert.deepEqual(s.calls, [50, 80]);
  });

  it('reports the highest progress seen, and 100 on completion', async () => {
    const clock = new FakeClock();
    const s = script(clock, [{ status: 'pending', progress: 0 }, processing(40), processing(30), completed]);
    const seen: number[] = [];
    await drive(clock, pollTask(s.getTask, ID, { clock, onUpdate: (t) => seen.push(t.progress ?? -1) }));
    assert.deepEqual(seen, [0, 40, 40, 100]);
  });

  it('backs off 2, 4, 8, 16 s on 5xx/network and gives up after 5 consecutive failures', async () => {
    const clock = new FakeClock();
    const s = script(clock, [http(500, 'server'), new ApiError({ kind: 'network', message: 'reset', requestSent: 'maybe' }),
      http(502, 'server'), new ApiError({ kind: 'timeout', message: 't' }), http(503, 'server')]);
    const p = drive(clock, pollTask(s.getTask, ID, { clock, estimatedTimeSec: 10, random: () => 0.5 }));
    await assert.rejects(p, (e: ApiError) => e.kind === 'server' && e.taskId === ID && /5 failed attempts/.test(e.message));
    assert.deepEqual(s.calls, [5000, 7000, 11000, 19000, 35000]);
    assert.equal(clock.pending, 0);
  });

  it('applies jitter within ±25 %', async () => {
    const clock = new FakeClock();
    const s = script(clock, [http(500, 'server'), http(500, 'server'), completed]);
    await drive(clock, pollTask(s.getTask, ID, { clock, random: () => 0 }));
    assert.deepEqual(s.calls, [5000, 6500, 9500]);
  });

  it('resets the failure count after a success', async () => {
    const clock = new FakeClock();
    const e = http(500, 'server');
    const s = script(clock, [e, e, e, e, processing(5), e, e, e, e, completed]);
    const t = await drive(clock, pollTask(s.getTask, ID, { clock, estimatedTimeSec: 60, random: () => 0.5 }));
    assert.equal(t.status, 'completed');
  });

  it('honours Retry-After on 429, or waits 5 s without it', async () => {
    const clock = new FakeClock();
    const s = script(clock, [http(429, 'rateLimited', { retryAfterMs: 9000 }), http(429, 'rateLimited'), http(429, 'rateLimited', { retryAfterMs: 0 }), completed]);
    await drive(clock, pollTask(s.getTask, ID, { clock }));
    assert.deepEqual(s.calls, [5000, 14000, 19000, 21000]);
  });

  for (const [status, kind] of [[400, 'taskNotFound'], [401, 'auth'], [402, 'credits'], [403, 'permission'], [404, 'taskNotFound']] as const) {
    it(`stops at once on ${status}`, async () => {
      const clock = new FakeClock();
      const s = script(clock, [http(status, kind)]);
      await assert.rejects(drive(clock, pollTask(s.getTask, ID, { clock })), (e: ApiError) => e.kind === kind && e.taskId === ID);
      assert.equal(s.calls.length, 1);
      assert.equal(clock.pending, 0);
    });
  }

  it('failed task → taskFailed with code and message', async () => {
    const clock = new FakeClock();
    const s = script(clock, [{ status: 'failed', error: { code: 'content_policy_violation', message: 'Content policy violation.\nBlocked.', type: 'task_error' } }]);
    await assert.rejects(drive(clock, pollTask(s.getTask, ID, { clock })),
      (e: ApiError) => e.kind === 'taskFailed' && e.code === 'content_policy_violation' && e.taskId === ID && !e.retryable);
  });

  it('cancelled → taskCancelled', async () => {
    const clock = new FakeClock();
    const s = script(clock, [{ status: 'cancelled' }]);
    await assert.rejects(drive(clock, pollTask(s.getTask, ID, { clock })), (e: ApiError) => e.kind === 'taskCancelled');
  });

  it('keeps polling an unknown status and logs it once', async () => {
    const clock = new FakeClock();
    const s = script(clock, [{ status: 'queued_upstream' }, { status: 'queued_upstream' }, completed]);
    const lines: string[] = [];
    await drive(clock, pollTask(s.getTask, ID, { clock, log: (l) => lines.push(l) }));
    assert.equal(lines.filter((l) => l.includes('queued_upstream')).length, 1);
    assert.equal(s.calls.length, 3);
  });

  it('gives up at max(2 × estimate, 60 s) with taskStuck', async () => {
    const clock = new FakeClock();
    const s = script(clock, [processing(50)]);
    await assert.rejects(drive(clock, pollTask(s.getTask, ID, { clock, estimatedTimeSec: 10 })),
      (e: ApiError) => e.kind === 'taskStuck' && e.taskId === ID && /still running/.test(e.message));
    assert.equal(s.calls.at(-1), 60_000);
    assert.equal(clock.pending, 0);
  });

  it('caps the deadline at 600 s', async () => {
    const clock = new FakeClock();
    const s = script(clock, [processing(1)]);
    await assert.rejects(drive(clock, pollTask(s.getTask, ID, { clock, estimatedTimeSec: 1000 }), 1000), (e: ApiError) => e.kind === 'taskStuck');
    assert.equal(s.calls.at(-1), 600_000);
    const clock2 = new FakeClock();
    const s2 = script(clock2, [processing(1)]);
    await assert.rejects(drive(clock2, pollTask(s2.getTask, ID, { clock: clock2, estimatedTimeSec: 45 })), (e: ApiError) => e.kind === 'taskStuck');
    assert.equal(s2.calls.at(-1), 90_000);
  });

  it('abort while waiting rejects at once and clears the timer', async () => {
    const clock = new FakeClock();
    const s = script(clock, [processing(1)]);
    const ac = new AbortController();
    const p = pollTask(s.getTask, ID, { clock, signal: ac.signal });
    await flush();
    assert.equal(clock.pending, 1);
    ac.abort();
    await assert.rejects(p, (e: ApiError) => e.kind === 'aborted');
    assert.equal(clock.pending, 0);
    assert.equal(s.calls.length, 0);
  });

  it('abort during a request rejects promptly and schedules nothing', async () => {
    const clock = new FakeClock();
    const ac = new AbortController();
    let seenSignal: AbortSignal | undefined;
    const never = (_id: string, signal?: AbortSignal): Promise<Task> => { seenSignal = signal; return new Promise<Task>(() => undefined); };
    const p = pollTask(never, ID, { clock, signal: ac.signal });
    await clock.fireNext();
    assert.equal(seenSignal, ac.signal, 'the request gets the signal');
    ac.abort();
    await assert.rejects(p, (e: ApiError) => e.kind === 'aborted');
    assert.equal(clock.pending, 0);
  });

  it('a plan cannot poll sooner than the shortest wait allowed for the part listened for', async () => {
    const clock = new FakeClock();
    const s = script(clock, [processing(10), processing(20), processing(30), completed]);
    // A plan asking for no wait at all (a bug, or a broken lesson) after its first poll.
    const plan = { firstWaitMs: () => 2000, nextWaitMs: () => 0, maxPolls: 10 };
    await drive(clock, pollTask(s.getTask, ID, { clock, plan }));
    assert.deepEqual(s.calls, [2000, 2250, 2500, 2750]);
  });

  it('an already-aborted signal rejects without polling', async () => {
    const clock = new FakeClock();
    const s = script(clock, [completed]);
    await assert.rejects(pollTask(s.getTask, ID, { clock, signal: AbortSignal.abort() }), (e: ApiError) => e.kind === 'aborted');
    assert.equal(clock.pending, 0);
  });
});
