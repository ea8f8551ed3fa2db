// Every API and download fault on a one-sentence selection, through the real extension: one notification
// with the right buttons, the status bar at rest, nothing left running, no unhandled rejection, and no
// paid POST sent twice. Faults the client recovers from (one 429, one 500 on a poll) end "done" silently.
import * as assert from 'assert';
import type { Fault } from '../simulator/types';
import { withSettings } from '../integration/proofread';
import { sim, until } from '../integration/helpers';
import { assertNoDoublePay, assertRested, assertSocketsClose, getFault, hookRejections, postFault, promptOf, speakWithFault, type Expect } from './common';

interface Case {
  title: string;
  faults: Fault[];
  expect: Expect;
  /** Extra checks on the speech POSTs the simulator saw. */
  posts?: (statuses: number[]) => void;
}

const once = (statuses: number[]) => assert.strictEqual(statuses.length, 1, `one POST, not re-sent: ${statuses.join(',')}`);

const CASES: Case[] = [
  {
    title: '401 unauthorized → "Set API Key"',
    faults: [postFault({ status: 401, code: 'unauthorized', type: 'authentication_error', message: 'Invalid or expired token' })],
    expect: { end: 'failed', severity: 'error', actions: ['Set API Key'], message: /did not accept the API key/ },
    posts: once,
  },
  {
    title: '402 insufficient_quota → "Top Up" and "Retry"',
    faults: [postFault({ status: 402, code: 'insufficient_quota', type: 'insufficient_quota' })],
    expect: { end: 'failed', severity: 'error', actions: ['Top Up', 'Retry'], message: /enough credits/ },
    posts: once,
  },
  {
    title: '403 model_access_denied → "Open API Keys" and "Set API Key"',
    faults: [postFault({ status: 403, code: 'model_access_denied' })],
    expect: { end: 'failed', severity: 'error', actions: ['Open API Keys', 'Set API Key'], message: /may not use the qwen3-tts-vd/ },
    posts: once,
  },
  {
    title: '404 task_not_found while polling → "Retry" and "Show Log", no new task',
    faults: [getFault({ status: 404, code: 'task_not_found' })],
    expect: { end: 'failed', severity: 'error', actions: ['Retry', 'Show Log'], message: /no longer knows the speech task/ },
    posts: once,
  },
  {
    title: '429 once with Retry-After → waits and re-sends (no task was created), ends done',
    faults: [postFault({ status: 429, code: 'rate_limit_exceeded', type: 'rate_limit_error', retryAfter: '2' })],
    expect: { end: 'done' },
    posts: (s) => assert.deepStrictEqual(s, [429, 200]),
  },
  {
    title: '429 once without Retry-After → backs off and re-sends, ends done',
    faults: [postFault({ status: 429, code: 'rate_limit_exceeded', type: '', format: 'emptyType' })],
    expect: { end: 'done' },
    posts: (s) => assert.deepStrictEqual(s, [429, 200]),
  },
  {
    title: '429 that does not stop (Retry-After 1) → gives up with a warning and "Retry", no task paid',
    faults: [postFault({ status: 429, code: 'rate_limit_exceeded', retryAfter: '1', times: -1 })],
    expect: { end: 'failed', severity: 'warning', actions: ['Retry'], message: /limiting how fast/ },
    // One cap (the pipeline's 6 re-sends), not the client's re-sends nested inside each of them.
    posts: (s) => assert.ok(s.length > 1 && s.length <= 7 && s.every((x) => x === 429), `capped re-sends, all 429: ${s.join(',')}`),
  },
  {
    title: '500 on the POST → "Retry" and "Show Log", never re-sent automatically',
    faults: [postFault({ status: 500, code: 'internal_error', type: 'api_error' })],
    expect: { end: 'failed', severity: 'error', actions: ['Retry', 'Show Log'], message: /server problem \(HTTP 500\).*may have been created/ },
    posts: once,
  },
  {
    title: '500 on a poll → polls again after a back-off, ends done',
    faults: [getFault({ status: 500, code: 'internal_error', type: 'api_error', message: 'Failed to retrieve task status' })],
    expect: { end: 'done' },
    posts: once,
  },
  {
    title: 'connection reset mid-body on the POST → "Retry", never re-sent (the task may exist)',
    faults: [postFault({ reset: 'midBody' })],
    expect: { end: 'failed', severity: 'error', actions: ['Retry', 'Show Log', 'Open Settings'], message: /Could not reach Evolink/ },
    posts: once,
  },
  {
    title: 'malformed JSON from the POST → "Retry" and "Show Log"',
    faults: [postFault({ status: 200, rawBody: '{"id":"task-unified-', contentType: 'application/json' })],
    expect: { end: 'failed', severity: 'error', actions: ['Retry', 'Show Log'], message: /could not read/ },
    posts: once,
  },
  {
    title: 'a task that fails with service_error → "Retry" and "Show Log"',
    faults: [{ task: { outcome: 'fail', code: 'service_error', message: 'Upstream service error' } }],
    expect: { end: 'failed', severity: 'error', actions: ['Retry', 'Show Log'], message: /could not synthesize the speech/ },
    posts: once,
  },
  {
    title: 'an expired audio URL (403 from the media host) → "Retry" and "Show Log"',
    faults: [{ audio: 'expired' }],
    expect: { end: 'failed', severity: 'error', actions: ['Retry', 'Show Log'], message: /could not be downloaded/ },
    posts: once,
  },
  {
    title: 'truncated audio → "Retry" and "Show Log", nothing played',
    faults: [{ audio: 'truncated' }],
    expect: { end: 'failed', severity: 'error', actions: ['Retry', 'Show Log'], message: /could not be downloaded/ },
    posts: once,
  },
  {
    title: 'a body that is not audio → "Retry" and "Show Log", nothing played',
    faults: [{ audio: 'notAudio' }],
    expect: { end: 'failed', severity: 'error', actions: ['Retry', 'Show Log'], message: /could not be downloaded/ },
    posts: once,
  },
];

describe('Faults on one sentence (Speak Selection)', () => {
  let restore: (() => Promise<void>) | undefined;
  before(async () => {
    hookRejections();
    restore = await withSettings({ playbackRate: 3 });
  });
  after(async () => {
    await restore?.();
    await sim.clearFaults();
  });

  for (const c of CASES) {
    it(c.title, async function () {
      this.timeout(45_000);
      const { a, before, rej, text } = await speakWithFault('fault', c.faults);
      await assertRested(a, before, rej, c.expect);
      const posts = (await sim.speechRequests()).filter((r) => promptOf(r) === text);
      c.posts?.(posts.map((r) => r.status));
      await assertNoDoublePay();
    });
  }

  it('a request timeout on the POST (answer after 6 s, timeout 5 s) → "Retry", "Show Log", "Open Settings"; not re-sent; every socket closes', async function () {
    this.timeout(45_000);
    const undo = await withSettings({ requestTimeoutSeconds: 5 });
    try {
      const { a, before, rej, text } = await speakWithFault('timeout', [postFault({ delayMs: 6_000 })]);
      await assertRested(a, before, rej, { end: 'failed', severity: 'error', actions: ['Retry', 'Show Log', 'Open Settings'], message: /did not answer in time/ });
      // The simulator records the request when it has answered it (after its 6 s).
      await until('the delayed POST is recorded', async () => (await sim.speechRequests()).some((r) => promptOf(r) === text), 5_000);
      const posts = (await sim.speechRequests()).filter((r) => promptOf(r) === text);
      assert.strictEqual(posts.length, 1, 'a timed-out POST is ambiguous: never re-sent');
      await assertNoDoublePay();
      // The timed-out POST's socket was destroyed; the rest close once idle.
      const ms = await assertSocketsClose();
      if (this.test) this.test.title += ` [sockets closed ${ms} ms after the check began]`;
    } finally {
      await undo();
    }
  });
});
