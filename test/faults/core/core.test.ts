// The fault suite's core tier: faults whose unit is the speech core (client, poller, pipeline, cache) rather
// than what the editor shows, against the simulator over real HTTP in plain Node. Covers what is too slow
// or too timing-bound for the editor: a task stuck past the poller's deadline (time-scaled), a request
// timeout with a short timeoutMs, and Retry after a mid-document failure with several tasks in flight.
// Clients use the extension's own connection pool; after every test no socket has a request still running.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ApiError } from '../../../src/api/errors';
import { describeError } from '../../../src/errorMessages';
import { AudioCache } from '../../../src/speech/cache';
import { chunkPrepared, type SourceChunk } from '../../../src/speech/chunker';
import { listSource, ReadingPipeline, type ClipSink } from '../../../src/speech/pipeline';
import type { SpeechState } from '../../../src/speech/state';
import { prepareText } from '../../../src/speech/textPrep';
import type { RequestRecord } from '../../simulator/types';
import { assertPaidOnce, promptOf } from '../paid';
import type { Simulator } from '../../simulator/server';
import { useCoreFixture } from './fixture';

const SCALE = 0.01;
const chunksOf = (text: string): SourceChunk[] =>
  chunkPrepared(prepareText(text, { languageId: 'plaintext', codeBlocks: 'announce' }), { ramp: false, maxChars: 60 });
const instantSink: ClipSink = { play: async () => undefined };
const titles = (e: unknown) => describeError(e)?.actions.map((a) => a.title);
const speechPosts = (sim: Simulator): RequestRecord[] => sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/audios/generations');
let seq = 0;
const fresh = (n: number) => Array.from({ length: n }, (_, i) => `Core fault sentence ${++seq}.${i} of run ${Date.now() % 100000} is here.`).join(' ');

describe('fault suite: speech core', () => {
  const f = useCoreFixture(SCALE);

  /** `scale`: the pipeline's own time scale (its poll waits and the 60 s deadline), when a test needs more room than SCALE. */
  async function run(text: string, opts: { timeoutMs?: number; maxParallel?: number; cache?: AudioCache; scale?: number } = {}) {
    const states: SpeechState[] = [];
    const pipeline = new ReadingPipeline(
      { client: f.client(opts.timeoutMs), cache: opts.cache, sink: instantSink, onState: (s) => states.push(s), timeScale: opts.scale ?? SCALE },
      { voice: f.voice, maxParallel: opts.maxParallel ?? 1 },
    );
    let error: ApiError | undefined;
    await pipeline.run(listSource(chunksOf(text)), new AbortController().signal).catch((e: ApiError) => { error = e; });
    return { states, error, pipeline };
  }

  it('a task stuck in processing past the deadline → taskStuck with the task id, "Retry" and "Show Log", one POST', async function () {
    this.timeout(20_000);
    f.sim.inject({ task: { outcome: 'stuck' } });
    const { states, error, pipeline } = await run(fresh(1));
    assert.equal(error?.kind, 'taskStuck');
    assert.match(error.taskId ?? '', /^task-unified-/);
    assert.deepEqual(titles(error), ['Retry', 'Show Log']);
    assert.equal(states.at(-1)?.kind, 'failed');
    assert.equal(pipeline.failedAt?.index, 0);
    assert.equal(speechPosts(f.sim).length, 1);
    // The poller gave up: its last poll saw the task still running, and it polled no faster than every 2 s (scaled).
    const polls = f.sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/tasks/'));
    assert.ok(polls.length >= 2, `polled until the deadline: ${polls.length}`);
  });

  it('a request timeout on the POST (short timeoutMs) → timeout, "Retry"/"Show Log"/"Open Settings", never re-sent', async function () {
    this.timeout(10_000);
    f.sim.inject({ match: { method: 'POST', path: '/v1/audios/generations' }, delayMs: 800 });
    const text = fresh(1);
    const { error } = await run(text, { timeoutMs: 200 });
    assert.equal(error?.kind, 'timeout');
    assert.deepEqual(titles(error), ['Retry', 'Show Log', 'Open Settings']);
    // The simulator records the POST once it has answered (after its delay).
    for (let i = 0; i < 100 && speechPosts(f.sim).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(speechPosts(f.sim).length, 1, 'a timed-out POST is ambiguous: not re-sent');
  });

  it('a request timeout on a poll → polls again and finishes', async function () {
    this.timeout(10_000);
    f.sim.inject({ match: { method: 'GET', path: '/v1/tasks/' }, delayMs: 2000 });
    // On a busy machine the create itself can take a few hundred ms (the simulator synthesizes in this process),
    // and the deadline scaled by SCALE (0.6 s) is less than one slow poll: 600 ms per request, 3 s to finish.
    const { error, states } = await run(fresh(1), { timeoutMs: 600, scale: 0.05 });
    assert.equal(error, undefined, String(error));
    assert.equal(states.at(-1)?.kind, 'done');
    assert.equal(speechPosts(f.sim).length, 1);
  });

  it('with one task at a time, a part still looking in the cache keeps its turn (Retry after a failure reads in order)', async function () {
    this.timeout(10_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-faults-'));
    try {
      const cache = new AudioCache(dir, 64 * 1024 * 1024);
      // The first part's cache lookup is slow (a cold disk); the second part's is not.
      const get = cache.get.bind(cache);
      let first = true;
      cache.get = async (key: string) => {
        if (first) {
          first = false;
          await new Promise((r) => setTimeout(r, 150));
        }
        return get(key);
      };
      const text = fresh(3);
      const { error } = await run(text, { maxParallel: 1, cache });
      assert.equal(error, undefined, String(error));
      assert.deepEqual(speechPosts(f.sim).map(promptOf), chunksOf(text).map((c) => c.text), 'parts are paid for in reading order');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failure in part 2 of 5 with 3 tasks in flight: the others finish into the cache, Retry from failedAt pays only for the failed part', async function () {
    this.timeout(20_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-faults-'));
    try {
      const cache = new AudioCache(dir, 64 * 1024 * 1024);
      const text = fresh(5);
      const chunks = chunksOf(text);
      assert.ok(chunks.length >= 3, `several parts: ${chunks.length}`);
      f.sim.inject({ match: { prompt: chunks[1].text }, task: { outcome: 'fail', code: 'service_error' } });
      const first = await run(text, { maxParallel: 3, cache });
      assert.equal(first.error?.kind, 'taskFailed');
      assert.equal(first.pipeline.failedAt?.index, 1);
      const firstPosts = speechPosts(f.sim);
      assertPaidOnce(firstPosts);
      const failedPrompt = chunks[1].text;

      // Retry: read again from the failed part, with the same cache.
      const from = first.pipeline.failedAt!.sourceOffset;
      const rest = chunks.filter((c) => c.start >= from);
      const states: SpeechState[] = [];
      const retry = new ReadingPipeline({ client: f.client(), cache, sink: instantSink, onState: (s) => states.push(s), timeScale: SCALE }, { voice: f.voice, maxParallel: 3 });
      await retry.run(listSource(rest), new AbortController().signal);
      assert.equal(states.at(-1)?.kind, 'done');
      const again = speechPosts(f.sim).slice(firstPosts.length);
      assert.ok(again.some((r) => promptOf(r) === failedPrompt), 'Retry pays for the failed part again (its task failed)');
      for (const r of again) {
        const earlier = firstPosts.find((p) => promptOf(p) === promptOf(r) && p.status === 200 && promptOf(p) !== failedPrompt);
        assert.equal(earlier, undefined, `a part synthesized before the failure is not paid again: ${promptOf(r)}`);
      }
      const finishedLater = firstPosts.filter((p) => p.status === 200 && promptOf(p) !== failedPrompt && rest.some((c) => c.text === promptOf(p)));
      assert.ok(finishedLater.length >= 1, 'a later part was in flight when part 2 failed');
      assert.equal(retry.stats.cacheHits, finishedLater.length, 'every later part that finished before the failure comes from the cache');
      assert.equal(again.length, rest.length - finishedLater.length, 'one POST per part not yet synthesized');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
