// Nothing paid twice, against the simulator over real HTTP with the core tier's fixture: which 503s on a
// create are re-sent (only those proving that no task exists), the Idempotency-Key every speech create
// carries (one per chunk, the same on every re-send and on Retry), and Retry of a chunk whose task is still
// known (polled again, not created again) or whose create's answer never came (sent again under its key,
// replayed by the gateway, charged once).
import * as assert from 'node:assert/strict';
import { IDEMPOTENCY_KEY } from '../../src/api/client';
import type { ApiError } from '../../src/api/errors';
import { chunkPrepared, type SourceChunk } from '../../src/speech/chunker';
import { listSource, ReadingPipeline, type ClipSink, type ResumeChunk } from '../../src/speech/pipeline';
import type { SpeechState } from '../../src/speech/state';
import { prepareText } from '../../src/speech/textPrep';
import { assertPaidOnce, promptOf } from '../faults/paid';
import { useCoreFixture, type CoreFixture } from '../faults/core/fixture';
import type { RequestRecord, Simulator } from '../simulator/server';

const SCALE = 0.01;
const chunksOf = (text: string): SourceChunk[] =>
  chunkPrepared(prepareText(text, { languageId: 'plaintext', codeBlocks: 'announce' }), { ramp: false, maxChars: 60 });
const instantSink: ClipSink = { play: async () => undefined };
const speechPosts = (sim: Simulator): RequestRecord[] => sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/audios/generations');
let seq = 0;
const fresh = (n: number) => Array.from({ length: n }, (_, i) => `Keyed sentence ${++seq}.${i} of run ${Date.now() % 100000} is here.`).join(' ');
const PROXY_503 = '<html><head><title>503 Service Temporarily Unavailable</title></head><body>nginx</body></html>';
/** Speech tasks the simulator created for `prompt` (each one charged). */
const tasksFor = (sim: Simulator, prompt: string) => sim.tasks().filter((t) => t.prompt === prompt);

async function run(f: CoreFixture, chunks: SourceChunk[], opts: { timeoutMs?: number; maxParallel?: number; resume?: readonly ResumeChunk[] } = {}) {
  const states: SpeechState[] = [];
  const pipeline = new ReadingPipeline(
    { client: f.client(opts.timeoutMs), sink: instantSink, onState: (s) => states.push(s), timeScale: SCALE },
    { voice: f.voice, maxParallel: opts.maxParallel ?? 1, resume: opts.resume },
  );
  let error: ApiError | undefined;
  await pipeline.run(listSource(chunks), new AbortController().signal).catch((e: ApiError) => { error = e; });
  return { states, error, pipeline };
}

/** Retry as the extension does it: from the failed chunk on, carrying failedAt.resume. */
function retryOf(first: Awaited<ReturnType<typeof run>>, chunks: SourceChunk[]): { rest: SourceChunk[]; resume?: readonly ResumeChunk[] } {
  const at = first.pipeline.failedAt;
  assert.ok(at, 'the first run failed at a chunk');
  return { rest: chunks.filter((c) => c.start >= at.sourceOffset), resume: at.resume };
}

describe('nothing paid twice: 503s, Idempotency-Key and Retry (simulator)', () => {
  const f = useCoreFixture(SCALE);
  const KEY = 'evtts-test-key-0123456789';

  describe('a 503 on a create', () => {
    for (const [name, fault] of [
      ['with code service_unavailable', { status: 503, code: 'service_unavailable', message: 'Service unavailable' }],
      ['with the message "No available channel…" and another code', { status: 503, code: 'upstream_error', message: 'No available channel for model qwen3-tts-vd' }],
    ] as const) {
      it(`${name} proves no task exists: re-sent, with the same Idempotency-Key`, async () => {
        f.sim.inject({ match: { method: 'POST' }, ...fault });
        const task = await f.client().createSpeechTask({ prompt: fresh(1), voice: f.voice }, undefined, { idempotencyKey: KEY });
        const posts = speechPosts(f.sim);
        assert.deepEqual(posts.map((r) => r.status), [503, 200]);
        assert.deepEqual(posts.map((r) => r.idempotencyKey), [KEY, KEY]);
        assert.equal(posts[1].taskId, task.id);
      });
    }

    for (const [name, fault] of [
      ['a proxy\'s HTML page', { status: 503, rawBody: PROXY_503 }],
      ['an empty body', { status: 503, rawBody: '' }],
      ['another code and message', { status: 503, code: 'upstream_error', message: 'Upstream timed out' }],
    ] as const) {
      it(`with ${name} is ambiguous: never re-sent`, async () => {
        f.sim.inject({ match: { method: 'POST' }, ...fault });
        await assert.rejects(
          f.client().createSpeechTask({ prompt: fresh(1), voice: f.voice }, undefined, { idempotencyKey: KEY }),
          (e: ApiError) => e.kind === 'server' && e.status === 503,
        );
        assert.equal(speechPosts(f.sim).length, 1);
      });
    }

    it('after the task was created (a proxy page) fails the run without a re-send; Retry sends the same key, is replayed, and pays once', async function () {
      this.timeout(20_000);
      const chunks = chunksOf(fresh(1));
      const prompt = chunks[0].text;
      f.sim.inject({ match: { prompt }, status: 503, rawBody: PROXY_503, afterCreate: true });
      const first = await run(f, chunks);
      assert.equal(first.error?.kind, 'server');
      const firstPosts = speechPosts(f.sim);
      assert.equal(firstPosts.length, 1, 'not re-sent: the task may exist');
      assert.equal(tasksFor(f.sim, prompt).length, 1, 'and it does');
      const { rest, resume } = retryOf(first, chunks);
      assert.equal(resume?.[0]?.idempotencyKey, firstPosts[0].idempotencyKey);

      const retry = await run(f, rest, { resume });
      assert.equal(retry.error, undefined, String(retry.error));
      const posts = speechPosts(f.sim);
      assert.equal(posts.length, 2);
      assert.equal(posts[1].idempotencyKey, posts[0].idempotencyKey, 'Retry sends the same Idempotency-Key');
      assert.equal(posts[1].replayed, true, 'the gateway answers with the task it created');
      assert.equal(tasksFor(f.sim, prompt).length, 1, 'charged once');
      assertPaidOnce(posts);
    });

    it('with service_unavailable after the task was created is re-sent under the same key and replayed: charged once', async () => {
      const chunks = chunksOf(fresh(1));
      const prompt = chunks[0].text;
      f.sim.inject({ match: { prompt }, status: 503, afterCreate: true });
      const { error } = await run(f, chunks);
      assert.equal(error, undefined, String(error));
      const posts = speechPosts(f.sim);
      assert.deepEqual(posts.map((r) => [r.status, r.replayed]), [[503, undefined], [200, true]]);
      assert.equal(posts[1].idempotencyKey, posts[0].idempotencyKey);
      assert.equal(tasksFor(f.sim, prompt).length, 1);
      assertPaidOnce(posts);
    });
  });

  it('every speech create carries an Idempotency-Key: one per chunk, the same on a 429 re-send', async () => {
    const chunks = chunksOf(fresh(4));
    assert.ok(chunks.length >= 3, `several chunks: ${chunks.length}`);
    f.sim.inject({ match: { prompt: chunks[1].text }, status: 429 });
    const { error } = await run(f, chunks, { maxParallel: 2 });
    assert.equal(error, undefined, String(error));
    const posts = speechPosts(f.sim);
    assert.equal(posts.length, chunks.length + 1);
    for (const r of posts) assert.match(r.idempotencyKey ?? '', IDEMPOTENCY_KEY);
    const byPrompt = new Map<string, Set<string | undefined>>();
    for (const r of posts) byPrompt.set(promptOf(r), (byPrompt.get(promptOf(r)) ?? new Set()).add(r.idempotencyKey));
    for (const [prompt, keys] of byPrompt) assert.equal(keys.size, 1, `one key per chunk: ${prompt}`);
    assert.equal(new Set(posts.map((r) => r.idempotencyKey)).size, chunks.length, 'a key of its own per chunk');
    assert.deepEqual(posts.filter((r) => promptOf(r) === chunks[1].text).map((r) => r.status), [429, 200]);
  });

  it('a create reset after it was sent: not re-sent; Retry sends it again under the same key, replayed, paid once', async function () {
    this.timeout(20_000);
    const chunks = chunksOf(fresh(3));
    const failing = chunks[1].text;
    f.sim.inject({ match: { prompt: failing }, reset: 'beforeResponse' });
    const first = await run(f, chunks);
    assert.equal(first.error?.kind, 'network');
    assert.equal(first.pipeline.failedAt?.index, 1);
    const lost = speechPosts(f.sim).filter((r) => promptOf(r) === failing);
    assert.deepEqual(lost.map((r) => r.status), [0], 'sent once, its answer lost');
    assert.equal(tasksFor(f.sim, failing).length, 1, 'the task was created all the same');

    const { rest, resume } = retryOf(first, chunks);
    assert.equal(resume?.[0]?.text, failing);
    assert.equal(resume?.[0]?.taskId, undefined);
    const retry = await run(f, rest, { resume });
    assert.equal(retry.error, undefined, String(retry.error));
    assert.equal(retry.states.at(-1)?.kind, 'done');
    const again = speechPosts(f.sim).filter((r) => promptOf(r) === failing);
    assert.equal(again.length, 2);
    assert.equal(again[1].idempotencyKey, again[0].idempotencyKey, 'the same key on Retry');
    assert.equal(again[1].replayed, true);
    assert.equal(again[1].taskId, tasksFor(f.sim, failing)[0].id, 'the task the lost request created');
    assert.equal(tasksFor(f.sim, failing).length, 1, 'charged once');
    assertPaidOnce(speechPosts(f.sim));
  });

  it('two creates in flight both reset after they were sent: Retry carries both keys; each part is replayed, paid once', async function () {
    this.timeout(20_000);
    const chunks = chunksOf(fresh(4));
    const lost = [chunks[1].text, chunks[2].text];
    for (const prompt of lost) f.sim.inject({ match: { prompt }, reset: 'beforeResponse' });
    const first = await run(f, chunks, { maxParallel: 3 });
    assert.equal(first.error?.kind, 'network');
    assert.equal(first.pipeline.failedAt?.index, 1);
    for (const prompt of lost) assert.equal(tasksFor(f.sim, prompt).length, 1, 'the lost request created its task');

    const { rest, resume } = retryOf(first, chunks);
    assert.deepEqual(resume?.map((r) => r.text), lost, 'the failed part and the one that failed beside it');
    const retry = await run(f, rest, { resume, maxParallel: 3 });
    assert.equal(retry.error, undefined, String(retry.error));
    for (const prompt of lost) {
      const posts = speechPosts(f.sim).filter((r) => promptOf(r) === prompt);
      assert.deepEqual(posts.map((r) => r.idempotencyKey === posts[0].idempotencyKey), [true, true], `the same key on Retry: ${prompt}`);
      assert.equal(posts[1].replayed, true);
      assert.equal(tasksFor(f.sim, prompt).length, 1, `charged once: ${prompt}`);
    }
    assertPaidOnce(speechPosts(f.sim));
  });

  it('a chunk whose task failed is created again on Retry under a new key (the old one would replay the failure)', async function () {
    this.timeout(20_000);
    const chunks = chunksOf(fresh(1));
    f.sim.inject({ match: { prompt: chunks[0].text }, task: { outcome: 'fail', code: 'service_error' } });
    const first = await run(f, chunks);
    assert.equal(first.error?.kind, 'taskFailed');
    const { rest, resume } = retryOf(first, chunks);
    assert.equal(resume, undefined, 'nothing to carry');
    const retry = await run(f, rest, { resume });
    assert.equal(retry.error, undefined, String(retry.error));
    const posts = speechPosts(f.sim);
    assert.equal(posts.length, 2);
    assert.notEqual(posts[1].idempotencyKey, posts[0].idempotencyKey);
    assert.notEqual(posts[1].replayed, true);
  });
});

describe('nothing paid twice: Retry of a chunk whose polling timed out (simulator, slow queue)', () => {
  // Tasks wait 300 simulated seconds in the queue (3 s here): far longer than the poller's 60 s deadline.
  const f = useCoreFixture(SCALE, { latency: { queueSec: 300 } });
  const completed = async (id: string): Promise<void> => {
    for (let i = 0; i < 500 && f.sim.tasks().find((t) => t.id === id)?.status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(f.sim.tasks().find((t) => t.id === id)?.status, 'completed');
  };

  it('keeps the task id; Retry polls that task again and uses its audio, with no second create', async function () {
    this.timeout(20_000);
    const chunks = chunksOf(fresh(1));
    const prompt = chunks[0].text;
    const first = await run(f, chunks);
    assert.equal(first.error?.kind, 'taskStuck', String(first.error));
    const [task] = tasksFor(f.sim, prompt);
    assert.ok(task, 'the task exists');
    const { rest, resume } = retryOf(first, chunks);
    assert.equal(resume?.[0]?.taskId, task.id, 'failedAt carries the task');
    assert.equal(resume?.[0]?.idempotencyKey, speechPosts(f.sim)[0].idempotencyKey);
    const posts = speechPosts(f.sim).length;
    // The user presses Retry once the task has finished on the server.
    await completed(task.id);
    const before = f.sim.requests.length;

    const retry = await run(f, rest, { resume });
    assert.equal(retry.error, undefined, String(retry.error));
    assert.equal(retry.states.at(-1)?.kind, 'done');
    assert.equal(speechPosts(f.sim).length, posts, 'no second create');
    assert.equal(retry.pipeline.stats.tasks, 0);
    const during = f.sim.requests.slice(before);
    assert.ok(during.some((r) => r.method === 'GET' && r.path === `/v1/tasks/${task.id}`), 'the task was polled again');
    assert.equal(tasksFor(f.sim, prompt).length, 1, 'charged once');
    assert.ok(during.some((r) => r.origin === 'media' && r.method === 'GET'), 'its audio was downloaded');
  });

  it('a Retry whose text was edited meanwhile does not take the old task (another chunk, another key)', async function () {
    this.timeout(20_000);
    const chunks = chunksOf(fresh(1));
    const first = await run(f, chunks);
    assert.equal(first.error?.kind, 'taskStuck', String(first.error));
    const { resume } = retryOf(first, chunks);
    const edited = chunksOf(`${chunks[0].text} Edited.`);
    const before = f.sim.requests.length;
    const retry = await run(f, edited, { resume });
    assert.equal(retry.error?.kind, 'taskStuck', 'its own task is as slow');
    const posts = f.sim.requests.slice(before).filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'a new task for the edited text');
    assert.notEqual(posts[0].idempotencyKey, resume?.[0]?.idempotencyKey);
    assert.ok(!f.sim.requests.slice(before).some((r) => r.path === `/v1/tasks/${resume?.[0]?.taskId}`), 'the old task is not polled');
  });
});
