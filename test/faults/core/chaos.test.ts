// The chaos run: a generated Markdown document of 30,000 characters read through the extension's own document
// source and pipeline, while the simulator (behaving like the live service) gives about one request, task or
// download in five a fault chosen at random from a fixed seed, out of every fault a reading should get through
// with Retry at worst. Retry is pressed whenever the failure's message offers it, as the extension's Retry does
// (the failed run's source hands out the failed part again; the failed part's task or Idempotency-Key is
// carried over). At the end: every spoken word was played once and in order, no part was paid for twice (by the
// simulator's own record of tasks and replays; a task the service finished without audio is the one exception),
// and nothing is left running (the fixture's checks).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeError } from '../../../src/errorMessages';
import { AudioCache } from '../../../src/speech/cache';
import { DocumentSource } from '../../../src/speech/documentSource';
import { ReadingPipeline, type ClipSink, type FailedAt, type ResumeChunk } from '../../../src/speech/pipeline';
import { prepareText, type PrepareOptions } from '../../../src/speech/textPrep';
import { generateDocument } from '../../fixtures/docgen';
import { CHAOS_FAULTS, chaosLabel } from '../../simulator/faults';
import { promptOf } from '../paid';
import { useCoreFixture } from './fixture';

const SCALE = 0.01;
const SEED = 20261130;
/**
 * The simulator's draws: one stream per kind of request (speech POSTs, polls, tasks, downloads), so what the
 * n-th of each draws does not depend on how the client's polls interleave. This seed's streams give every
 * fault of the menu within their first 22 draws at this rate, and each of the document's 46 parts makes at
 * least one POST, one task, one poll and one download, so the run meets the whole menu on any machine.
 */
const DRAWS_SEED = 20261132;
const CHARS = 30_000;
const RATE = 0.2;
const MAX_PARALLEL = 3;
/** A reading that needs more Retries than this is not getting through: the test stops it and fails. */
const MAX_RETRIES = 200;
const PREP: PrepareOptions = { languageId: 'markdown', codeBlocks: 'announce' };

/** Generated documents (every Markdown construct the reader handles) joined until there are CHARS characters. */
function chaosDocument(): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < CHARS; i++) {
    const d = generateDocument(SEED + i, 'markdown').source;
    parts.push(d);
    size += d.length + 2;
  }
  return parts.join('\n\n');
}

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0);

describe('fault suite: chaos', () => {
  // Speech audio as tones (as long as speech, with its pauses): what a clip says is not what this test checks
  // (the parts played are), and eSpeak's 0.3–1 s of CPU for each of some fifty tasks took most of the run.
  const f = useCoreFixture(SCALE, { chaos: { rate: RATE, seed: DRAWS_SEED }, speechAudio: 'tone' });

  it(`a ${CHARS / 1000}k-character document read through random faults (about 1 in ${Math.round(1 / RATE)}), Retry whenever offered: every word once and in order, nothing paid twice`, async function () {
    this.timeout(300_000);
    const started = Date.now();
    const text = chaosDocument();
    const expected = words(prepareText(text, PREP).spoken);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-chaos-'));
    const source = new DocumentSource(() => ({ version: 1, closed: false, getText: () => text }), [{ start: 0, end: Infinity }], 0, PREP);
    const played: string[] = [];
    let maxHeld = 0;
    let held = 0;
    const sink: ClipSink = {
      play: async (clip) => {
        played.push(clip.chunk.text);
        held = Math.max(0, held - 1);
        assert.ok(clip.audio.bytes.length > 0, 'a clip has audio');
      },
    };
    const heap0 = process.memoryUsage().heapUsed;
    const failures = new Map<string, number>();
    let retries = 0;
    let resume: readonly ResumeChunk[] | undefined;
    let tasksCounted = 0;
    try {
      const cache = new AudioCache(dir, 256 * 1024 * 1024);
      for (;;) {
        const pipeline = new ReadingPipeline(
          { client: f.client(), cache, sink, onState: () => undefined, onClip: (e) => { if (e.kind === 'ready') maxHeld = Math.max(maxHeld, ++held); }, timeScale: SCALE },
          { voice: f.voice, maxParallel: MAX_PARALLEL, resume },
        );
        let failed: FailedAt | undefined;
        const t0 = Date.now();
        try {
          await pipeline.run(source, new AbortController().signal);
        } catch (e) {
          failed = pipeline.failedAt;
          const message = describeError(e);
          const kind = (e as { kind?: string }).kind ?? String(e);
          failures.set(kind, (failures.get(kind) ?? 0) + 1);
          assert.ok(message?.actions.some((a) => a.title === 'Retry'), `a fault the reading should get through offers Retry: ${kind}: ${String(e)}`);
          assert.ok(failed, `a failed run says where: ${String(e)}`);
        } finally {
          if (process.env.CHAOS_TRACE) console.log(`pass ${retries}: ${Date.now() - t0} ms, ${played.length} played, failed ${failed ? `${failed.index} ${failed.error.message}` : 'no'}`);
          tasksCounted += pipeline.stats.tasks;
          assert.ok(pipeline.stats.maxInFlight <= MAX_PARALLEL, `tasks in flight ≤ ${MAX_PARALLEL}: ${pipeline.stats.maxInFlight}`);
        }
        if (!failed) break;
        assert.ok(++retries <= MAX_RETRIES, `more than ${MAX_RETRIES} Retries (${[...failures].map(([k, n]) => `${k} ×${n}`).join(', ')}; last at part ${failed.index + 1}: ${failed.error.message}); ${played.length} parts played`);
        assert.ok(source.retryFrom(failed.chunk), 'Retry hands out the failed part again');
        resume = failed.resume;
        held = 0;
      }
    } finally {
      source.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // Every spoken word of the document, played once and in order.
    const heard = words(played.join(' '));
    const at = heard.findIndex((w, i) => w !== expected[i]);
    assert.equal(at === -1 && heard.length === expected.length, true,
      at === -1 ? `${heard.length} words heard, ${expected.length} in the document` : `word ${at} heard as ${JSON.stringify(heard.slice(at, at + 6))}, the document says ${JSON.stringify(expected.slice(at, at + 6))}`);

    // Nothing paid twice, by the simulator's record: one task that was not refunded per part, and every other
    // POST of that part either created nothing, was answered with the earlier task (Idempotency-Key), or made a
    // task that failed (refunded).
    const tasks = f.sim.tasks().filter((t) => t.model === 'qwen3-tts-vd');
    const charged = new Map<string, number>();
    // A task the service finished without an audio link gave nothing for its charge: only a new task can
    // give that part (polled again, it answers the same), so it is the one part that is rightly paid again.
    const gaveNothing = (t: (typeof tasks)[number]) => t.fault?.includes('noAudioUrl') === true;
    for (const t of tasks) if (t.status !== 'failed' && t.status !== 'cancelled' && !gaveNothing(t)) charged.set(t.prompt ?? '', (charged.get(t.prompt ?? '') ?? 0) + 1);
    const story = (prompt: string): string => f.sim.requests.filter((r) => promptOf(r) === prompt || tasks.some((t) => t.prompt === prompt && r.path.includes(t.id.slice(-8))))
      .map((r) => `${r.method} ${r.path.slice(0, 40)} ${r.status}${r.fault ? ` [${r.fault}]` : ''}${r.replayed ? ' replayed' : ''}${r.idempotencyKey ? ` key …${r.idempotencyKey.slice(-6)}` : ''}${r.taskId ? ` → ${r.taskId.slice(-8)}` : ''}`).join('\n        ')
      + `\n        tasks: ${tasks.filter((t) => t.prompt === prompt).map((t) => `${t.id.slice(-8)} ${t.status}${t.fault ? ` [${t.fault}]` : ''}`).join(', ')}`;
    for (const [prompt, n] of charged) assert.equal(n, 1, `charged once per part: ${n} tasks for ${JSON.stringify(prompt.slice(0, 60))}:\n        ${story(prompt)}`);
    const parts = new Set(played);
    assert.equal(charged.size, parts.size, 'every part played was paid for once (none came from nowhere, none unpaid)');
    const posts = f.sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/audios/generations');
    const keys = new Map<string, Set<string>>();
    for (const r of posts) {
      assert.ok(r.idempotencyKey && /^[A-Za-z0-9._-]{16,96}$/.test(r.idempotencyKey), `every speech POST has an Idempotency-Key: ${r.idempotencyKey}`);
      const k = keys.get(promptOf(r)) ?? new Set<string>();
      k.add(r.idempotencyKey);
      keys.set(promptOf(r), k);
    }
    const replayed = posts.filter((r) => r.replayed).length;
    const credits = f.sim.credits();
    const given = f.sim.chaosGiven();
    const injected = Object.values(given).reduce((a, b) => a + b, 0);
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
    console.log(`      chaos: ${text.length} characters, ${played.length} parts, ${expected.length} words; ${f.sim.requests.length} requests, ${injected} faults injected; `
      + `${retries} Retries; ${tasks.length} tasks (${tasksCounted} by the pipelines), ${posts.length} speech POSTs (${replayed} answered by Idempotency-Key replay); `
      + `credits used ${credits.used.toFixed(2)}, reserved ${credits.reserved.toFixed(2)}; clips held at most ${maxHeld}; heap +${heapMb.toFixed(1)} MB`);
    console.log(`      faults injected: ${Object.entries(given).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join('; ')}`);
    console.log(`      took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`      failures that needed Retry: ${[...failures].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`);
    assert.ok(injected >= 30, `chaos injected enough faults to mean something: ${injected}`);
    const missing = CHAOS_FAULTS.map(chaosLabel).filter((d) => !(d in given));
    assert.deepEqual(missing, [], 'every fault of the chaos menu was injected at least once');
    assert.ok(retries >= 5, `several failures needed Retry: ${retries}`);
    assert.ok(maxHeld <= 2 * MAX_PARALLEL + 1, `clips fetched ahead stay bounded: ${maxHeld}`);
  });
});
