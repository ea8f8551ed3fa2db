// The reading pipeline against the simulator over real HTTP (and one fake-clock test for poll timing).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EvolinkClient } from '../../src/api/client';
import { ApiError, isAbort } from '../../src/api/errors';
import type { AudioData } from '../../src/api/types';
import { AudioCache } from '../../src/speech/cache';
import { chunkPrepared, type SourceChunk } from '../../src/speech/chunker';
import { listSource, PollPlanner, ReadingPipeline, synthesizeAll, type Clip, type ClipEvent, type ClipSink, type PipelineDeps } from '../../src/speech/pipeline';
import { activeWork, WorkTracker } from '../../src/speech/work';
import type { SpeechState } from '../../src/speech/state';
import { prepareText } from '../../src/speech/textPrep';
import { espeakVoice, synthesize } from '../simulator/audio';
import { startSimulator, type Simulator } from '../simulator/server';
import { FakeClock } from './pollerClock';

const SCALE = 0.01;

class InstantSink implements ClipSink {
  played: Clip[] = [];
  async play(clip: Clip): Promise<void> {
    this.played.push(clip);
  }
}

function chunksOf(text: string): SourceChunk[] {
  return chunkPrepared(prepareText(text, { languageId: 'plaintext', codeBlocks: 'announce' }), { ramp: false, maxChars: 120 });
}

const sentences = (n: number, tag = ''): string =>
  Array.from({ length: n }, (_, i) => `Sentence ${tag}${i + 1} is about proofreading by ear, one clip at a time.`).join(' ');

/** Highest number of tasks alive at once per the simulator's record: from the POST to the media download. */
function maxConcurrentTasks(sim: Simulator): number {
  const events: Array<[number, number]> = [];
  const created = new Map<string, number>();
  for (const r of sim.requests) {
    if (r.method === 'POST' && r.status === 200 && r.taskId) created.set(r.taskId, r.seq);
  }
  for (const r of sim.requests) {
    // Media paths end in the task id's random suffix: /audio/<date>/<suffix>.wav
    const id = r.origin === 'media' ? [...created.keys()].find((t) => r.path.endsWith(`/${t.split('-').at(-1)}.wav`)) : undefined;
    if (id) {
      events.push([created.get(id)!, 1], [r.seq, -1]);
      created.delete(id);
    }
  }
  for (const seq of created.values()) events.push([seq, 1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let n = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (n += d));
  return max;
}

describe('pipeline (against the simulator)', () => {
  let sim: Simulator;
  let voice: string;
  let client: EvolinkClient;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ timeScale: SCALE });
    voice = sim.designVoice({ preferredName: 'reader' });
  });
  after(async () => { await sim.close(); });
  beforeEach(async () => {
    sim.reset();
    client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: SCALE });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evolink-pipe-'));
  });
  afterEach(async () => {
    assert.equal(activeWork(), 0, 'nothing left running');
    await fs.rm(dir, { recursive: true, force: true });
  });

  const deps = (over: Partial<PipelineDeps> = {}): PipelineDeps & { states: SpeechState[]; clips: ClipEvent[] } => {
    const states: SpeechState[] = [];
    const clips: ClipEvent[] = [];
    return { client, sink: new InstantSink(), onState: (s) => states.push(s), onClip: (e) => clips.push(e), timeScale: SCALE, states, clips, ...over };
  };

  it('plays every chunk once, in order, with each text POSTed once and at most maxParallel tasks alive', async function () {
    // Twelve new texts through the simulator's serial eSpeak: seconds on a busy machine.
    this.timeout(40_000);
    const chunks = chunksOf(sentences(12));
    assert.ok(chunks.length >= 6);
    const sink = new InstantSink();
    const d = deps({ sink });
    const p = new ReadingPipeline(d, { voice, languageType: 'English', maxParallel: 2 });
    await p.run(listSource(chunks), new AbortController().signal);
    assert.deepEqual(sink.played.map((c) => c.index), chunks.map((_, i) => i));
    assert.deepEqual(sink.played.map((c) => c.chunk), chunks);
    for (const c of sink.played) assert.equal(c.audio.format, 'wav');
    const posted = sim.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { prompt: string }).prompt);
    assert.deepEqual([...posted].sort(), chunks.map((c) => c.text).sort());
    assert.ok(maxConcurrentTasks(sim) <= 2, `at most 2 alive, saw ${maxConcurrentTasks(sim)}`);
    assert.ok(p.stats.maxInFlight <= 2);
    assert.equal(p.stats.maxInFlight, 2, 'it does run ahead');
    assert.equal(d.states.at(-1)?.kind, 'done');
    assert.equal(d.states.filter((s) => s.kind === 'playing').length, chunks.length);
    assert.equal(d.states[0].kind, 'submitting');
    assert.equal(p.stats.tasks, chunks.length);
    assert.ok(p.stats.creditsReserved > 0);
  });

  it('plays in order even when a later chunk is ready first', async () => {
    const long: SourceChunk = { text: 'A long first chunk. '.repeat(28).trim(), start: 0, end: 559, sentences: [] };
    const short: SourceChunk = { text: 'Short.', start: 560, end: 566, sentences: [] };
    // Warm the simulator's (serial, real-time) eSpeak cache first, so only the latency model decides.
    await new ReadingPipeline(deps(), { voice, maxParallel: 3 }).run(listSource([long, short]), new AbortController().signal);
    const sink = new InstantSink();
    const d = deps({ sink });
    await new ReadingPipeline(d, { voice, maxParallel: 3 }).run(listSource([long, short]), new AbortController().signal);
    const ready = d.clips.filter((e) => e.kind === 'ready').map((e) => e.index);
    assert.deepEqual(ready, [1, 0], 'the short one was ready first');
    assert.deepEqual(sink.played.map((c) => c.chunk.text), [long.text, short.text]);
    assert.deepEqual(d.clips.filter((e) => e.kind !== 'ready').map((e) => `${e.kind} ${e.index}`), ['playing 0', 'ended 0', 'playing 1', 'ended 1']);
  });

  it('a 429 lowers the number of tasks in flight; every chunk still plays and no chunk is paid twice', async () => {
    const chunks = chunksOf(sentences(10, 'r'));
    // 429s until the pipeline has seen one (the client re-sends three times before giving up).
    sim.inject({ match: { method: 'POST' }, status: 429, retryAfter: '0', times: -1 });
    const sink = new InstantSink();
    const log = (line: string): void => { if (line.startsWith('429')) sim.clearFaults(); };
    const p = new ReadingPipeline(deps({ sink, log }), { voice, maxParallel: 3 });
    await p.run(listSource(chunks), new AbortController().signal);
    assert.ok(p.stats.rateLimited >= 1);
    assert.ok(p.stats.minLimit < 3, `limit lowered to ${p.stats.minLimit}`);
    assert.ok(maxConcurrentTasks(sim) <= 3);
    assert.deepEqual(sink.played.map((c) => c.index), chunks.map((_, i) => i));
    const created = sim.requests.filter((r) => r.method === 'POST' && r.status === 200).map((r) => (r.body as { prompt: string }).prompt);
    assert.deepEqual([...created].sort(), chunks.map((c) => c.text).sort(), 'one task per chunk');
    assert.ok(sim.requests.some((r) => r.method === 'POST' && r.status === 429));
  });

  it('a 429 on polling also lowers the limit', async () => {
    const chunks = chunksOf(sentences(6, 'g'));
    // Warm the simulator's (serial, real-time) eSpeak cache first: on a busy machine six new texts could take
    // longer than the poll deadline (60 simulated seconds, 0.6 s here), which is not what this test is about.
    await new ReadingPipeline(deps(), { voice, maxParallel: 3 }).run(listSource(chunks), new AbortController().signal);
    sim.inject({ match: { method: 'GET', origin: 'api' }, status: 429, retryAfter: '0', times: -1 });
    const log = (line: string): void => { if (line.startsWith('429')) sim.clearFaults(); };
    const p = new ReadingPipeline(deps({ log }), { voice, maxParallel: 3 });
    await p.run(listSource(chunks), new AbortController().signal);
    assert.ok(p.stats.rateLimited >= 1 && p.stats.minLimit < 3);
  });

  it('Stop ends everything: polling and downloads stop, the sink is stopped, nothing left running', async () => {
    const chunks = chunksOf(sentences(8, 's'));
    let sinkSignal: AbortSignal | undefined;
    const ac = new AbortController();
    const sink: ClipSink = { play: (_c, s) => { sinkSignal = s; setTimeout(() => ac.abort(), 20); return new Promise<void>(() => undefined); } };
    // Every request the pipeline issues, stamped when issued (the server may log one sent just before Stop a tick later).
    let issuedAfter = 0;
    let settled = false;
    const stamp = <T>(p: T): T => { if (settled) issuedAfter++; return p; };
    const counting = {
      createSpeechTask: (r: Parameters<EvolinkClient['createSpeechTask']>[0], s?: AbortSignal) => stamp(client.createSpeechTask(r, s)),
      getTask: (id: string, s?: AbortSignal) => stamp(client.getTask(id, s)),
      downloadAudio: (u: string, s?: AbortSignal) => stamp(client.downloadAudio(u, s)),
    };
    const d = deps({ sink, client: counting });
    await assert.rejects(new ReadingPipeline(d, { voice, maxParallel: 3 }).run(listSource(chunks), ac.signal),
      (e: unknown) => isAbort(e) && (e as ApiError).kind === 'aborted');
    settled = true;
    assert.equal(sinkSignal?.aborted, true);
    assert.equal(d.states.at(-1)?.kind, 'cancelled');
    assert.equal(activeWork(), 0);
    const n = sim.requests.length;
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(issuedAfter, 0, 'no request issued after settling');
    assert.ok(sim.requests.length - n <= 3, 'at most the requests already on the wire arrive late');
  });

  it('Stop while tasks are stuck clears every poll timer', async () => {
    sim.inject({ task: { outcome: 'stuck' }, times: -1 });
    const tracker = new WorkTracker();
    const ac = new AbortController();
    const p = new ReadingPipeline(deps({ tracker }), { voice, maxParallel: 3 }).run(listSource(chunksOf(sentences(8, 't'))), ac.signal);
    while (!sim.requests.some((r) => r.method === 'GET')) await new Promise((r) => setTimeout(r, 5));
    assert.ok(tracker.active() > 0);
    ac.abort();
    await assert.rejects(p, isAbort);
    assert.equal(tracker.active(), 0);
    sim.clearFaults();
  });

  it('a dropped answer to a paid POST is never re-sent; failedAt names the chunk', async () => {
    const chunks = chunksOf(sentences(3, 'p'));
    sim.inject({ match: { method: 'POST' }, reset: 'beforeResponse' });
    const d = deps();
    const p = new ReadingPipeline(d, { voice, maxParallel: 1 });
    await assert.rejects(p.run(listSource(chunks), new AbortController().signal), (e: ApiError) => e.kind === 'network' || e.kind === 'server');
    const first = sim.requests.filter((r) => r.method === 'POST' && (r.body as { prompt: string }).prompt === chunks[0].text);
    assert.equal(first.length, 1, 'sent once');
    assert.equal(p.failedAt?.index, 0);
    assert.equal(p.failedAt?.sourceOffset, chunks[0].start);
    assert.equal(d.states.at(-1)?.kind, 'failed');
  });

  it('a failed chunk: earlier clips play, failedAt points at it, Retry from there re-pays nothing cached', async () => {
    const chunks = chunksOf(sentences(10, 'f'));
    assert.ok(chunks.length >= 4);
    // Chunk 1's task fails. POSTs go one at a time (each waits for the answer to the one before), so the
    // fault injected just before chunk 1's POST cannot land on another chunk's task.
    let calls = 0;
    let chain: Promise<unknown> = Promise.resolve();
    const failing = {
      createSpeechTask: async (req: Parameters<EvolinkClient['createSpeechTask']>[0], s?: AbortSignal) => {
        const n = ++calls;
        const before = chain;
        let release = (): void => undefined;
        chain = new Promise<void>((r) => { release = r; });
        await before;
        if (req.prompt === chunks[1].text && n > 0) sim.inject({ task: { outcome: 'fail', code: 'service_error' } });
        const p = client.createSpeechTask(req, s);
        p.then(release, release);
        return p;
      },
      getTask: client.getTask.bind(client), downloadAudio: client.downloadAudio.bind(client),
    };
    const cache = new AudioCache(dir, 50e6);
    const sink = new InstantSink();
    const p = new ReadingPipeline({ ...deps({ sink }), client: failing, cache }, { voice, maxParallel: 3 });
    await assert.rejects(p.run(listSource(chunks), new AbortController().signal), (e: ApiError) => e.kind === 'taskFailed');
    assert.equal(p.failedAt?.index, 1);
    assert.equal(p.failedAt?.sourceOffset, chunks[1].start);
    assert.deepEqual(sink.played.map((c) => c.index), [0]);
    const postsBefore = sim.requests.filter((r) => r.method === 'POST').length;
    const paid = new Set(sim.requests.filter((r) => r.method === 'POST' && r.status === 200).map((r) => (r.body as { prompt: string }).prompt));
    // Retry from the failed chunk with the same cache.
    const rest = chunks.slice(p.failedAt!.index);
    const sink2 = new InstantSink();
    const p2 = new ReadingPipeline({ ...deps({ sink: sink2 }), cache }, { voice, maxParallel: 3 });
    await p2.run(listSource(rest), new AbortController().signal);
    assert.equal(sink2.played.length, rest.length);
    const retried = sim.requests.slice().filter((r) => r.method === 'POST').slice(postsBefore).map((r) => (r.body as { prompt: string }).prompt);
    // Paid again: the failed chunk and the chunks no task had been created for; nothing else.
    const expected = rest.filter((c, i) => i === 0 || !paid.has(c.text)).map((c) => c.text);
    assert.deepEqual([...retried].sort(), expected.sort());
    assert.ok(!retried.includes(chunks[0].text));
    assert.equal(retried.length + p2.stats.cacheHits, rest.length);
    assert.ok(p2.stats.cacheHits >= 1, 'the chunk running beside the failed one came from the cache');
  });

  it('the same text again with the cache costs no task and no credit', async () => {
    const chunks = chunksOf(sentences(6, 'c'));
    const cache = new AudioCache(dir, 50e6);
    const s1 = new InstantSink();
    await new ReadingPipeline(deps({ sink: s1, cache }), { voice, maxParallel: 3 }).run(listSource(chunks), new AbortController().signal);
    const n = sim.requests.length;
    const s2 = new InstantSink();
    const p2 = new ReadingPipeline(deps({ sink: s2, cache }), { voice, maxParallel: 3 });
    await p2.run(listSource(chunks), new AbortController().signal);
    assert.equal(sim.requests.length, n, 'no request at all');
    assert.equal(p2.stats.tasks, 0);
    assert.equal(p2.stats.creditsReserved, 0);
    assert.ok(s2.played.every((c) => c.cached));
    assert.deepEqual(s2.played.map((c) => c.audio.bytes), s1.played.map((c) => c.audio.bytes));
  });

  it('synthesizeAll returns every chunk’s audio in order', async () => {
    const chunks = chunksOf(sentences(5, 'a'));
    const audio: AudioData[] = await synthesizeAll(listSource(chunks), { client, onState: () => undefined, timeScale: SCALE }, { voice, maxParallel: 3 }, new AbortController().signal);
    assert.equal(audio.length, chunks.length);
    const byPrompt = new Map(sim.tasks().map((t) => [t.prompt, t]));
    for (const [i, c] of chunks.entries()) assert.ok(byPrompt.has(c.text) && audio[i].format === 'wav');
  });

  it('progress that follows estimated_time, not the work (a task fault), never steers polling', async function () {
    this.timeout(30_000);
    // Its own simulator, slower: at SCALE the real time of synthesis would outweigh the simulated work.
    const scale = 0.1;
    const own = await startSimulator({ timeScale: scale });
    try {
      const ownClient = new EvolinkClient({ baseUrl: own.baseUrl, getApiKey: async () => own.keys[0], timeScale: scale });
      own.inject({ match: { method: 'POST' }, task: { progress: 'estimate' }, times: -1 });
      const chunks = chunksOf(sentences(3, 'e'));
      // Synthesized ahead (the simulator keeps it): eSpeak runs in this process and would hold up the polls.
      for (const c of chunks) await synthesize(c.text, espeakVoice(c.text, undefined, 'en'));
      const planner = new PollPlanner(undefined, scale);
      const sink = new InstantSink();
      await new ReadingPipeline({ client: ownClient, sink, onState: () => undefined, timeScale: scale, planner },
        { voice: own.designVoice({ preferredName: 'reader' }), maxParallel: 1 }).run(listSource(chunks), new AbortController().signal);
      assert.equal(sink.played.length, chunks.length);
      assert.equal(planner.trustsProgress, false, `its predicted ends disagreed with when the tasks ended: ${JSON.stringify(planner.learned())}`);
      assert.equal(planner.learned().done.length, chunks.length, 'every completed task taught when it ended');
    } finally {
      await own.close();
    }
  });

  it('the source is read lazily, only as far as the window ahead of playback', async function () {
    // 14 parts through the simulator's eSpeak, one synthesis at a time: seconds on a busy machine.
    this.timeout(40_000);
    const chunks = chunksOf(sentences(14, 'l'));
    let pulled = 0;
    const source = { next: () => { const c = chunks[pulled]; if (c) pulled++; return c; } };
    let maxAhead = 0;
    const sink: ClipSink = { play: async (clip) => { maxAhead = Math.max(maxAhead, pulled - clip.index); } };
    await new ReadingPipeline(deps({ sink }), { voice, maxParallel: 2, lookahead: 3 }).run(source, new AbortController().signal);
    assert.equal(pulled, chunks.length);
    assert.ok(maxAhead <= 3, `pulled at most 3 ahead, saw ${maxAhead}`);
  });
});

describe('pipeline (fake clock, scripted client)', () => {
  it('learns from completed tasks: the next task is polled once, when it should be done', async () => {
    const clock = new FakeClock();
    const created = new Map<string, number>();
    const polls: Array<[string, number]> = [];
    const DURATION = 8000; // every task completes 8 s after creation
    let n = 0;
    const client = {
      createSpeechTask: async () => { const id = `task-unified-1-${++n}`; created.set(id, clock.now()); return { id, status: 'pending', task_info: { estimated_time: 10 } }; },
      getTask: async (id: string) => {
        const age = clock.now() - created.get(id)!;
        polls.push([id, age]);
        return age >= DURATION
          ? { id, status: 'completed', progress: 100, results: ['https://media.example/a.wav'] }
          : { id, status: 'processing', progress: Math.floor((age / DURATION) * 100) };
      },
      downloadAudio: async (): Promise<AudioData> => ({ bytes: new Uint8Array(4), format: 'wav', extension: '.wav' }),
    };
    const chunk = (i: number): SourceChunk => ({ text: `Chunk ${i}.`, start: i * 10, end: i * 10 + 8, sentences: [] });
    const tracker = new WorkTracker();
    const p = new ReadingPipeline({ client, sink: { play: async () => undefined }, onState: () => undefined, clock, tracker }, { voice: 'v', maxParallel: 1 });
    const run = p.run(listSource([chunk(1), chunk(2), chunk(3)]), new AbortController().signal);
    for (let i = 0; i < 40 && tracker.active() > 0; i++) await clock.advance(1000);
    await run;
    const per = (id: string) => polls.filter(([t]) => t === id).map(([, age]) => age);
    // First task, the one the listener waits for: nothing learned, progress not yet proven: read after the 2 s
    // minimum interval, then a quarter of its age apart, until it completes (seen at most a quarter late).
    assert.deepEqual(per('task-unified-1-1').map(Math.round), [2000, 2500, 3125, 3906, 4883, 6104, 7629, 9537]);
    // The second (fetched ahead, nobody waits for it yet) is first polled inside the 2 s the first one's polls
    // left open, to learn where the end lies; the next one once, at or just after completion.
    assert.ok(per('task-unified-1-2').length <= 2 && per('task-unified-1-2')[0] > 6000, `task-unified-1-2: ${per('task-unified-1-2')}`);
    assert.ok(per('task-unified-1-2').at(-1)! <= DURATION + 2000, `task-unified-1-2 seen done at ${per('task-unified-1-2').at(-1)}`);
    const third = per('task-unified-1-3');
    assert.equal(third.length, 1, `task-unified-1-3: ${third}`);
    assert.ok(third[0] >= DURATION && third[0] <= DURATION * 1.1 + 1000, `task-unified-1-3 polled at ${third[0]}`);
    assert.equal(clock.pending, 0);
  });

  it('with timing learned in an earlier session, the first task is polled once when it should be done, after guards at halves of that', async () => {
    const clock = new FakeClock();
    const DURATION = 8000;
    const polls: number[] = [];
    let createdAt = 0;
    const client = {
      createSpeechTask: async () => { createdAt = clock.now(); return { id: 'task-unified-1-1', status: 'pending', task_info: { estimated_time: 10 } }; },
      getTask: async (id: string) => {
        const age = clock.now() - createdAt;
        polls.push(age);
        return age >= DURATION
          ? { id, status: 'completed', progress: 100, results: ['https://media.example/a.wav'] }
          : { id, status: 'processing', progress: Math.floor((age / DURATION) * 100) };
      },
      downloadAudio: async (): Promise<AudioData> => ({ bytes: new Uint8Array(4), format: 'wav', extension: '.wav' }),
    };
    const text = 'Chunk 1.';
    const planner = new PollPlanner({ done: [[text.length, DURATION]], streak: 0, trust: 0, starts: [] });
    const tracker = new WorkTracker();
    const p = new ReadingPipeline({ client, sink: { play: async () => undefined }, onState: () => undefined, clock, tracker, planner }, { voice: 'v', maxParallel: 1 });
    const run = p.run(listSource([{ text, start: 0, end: text.length, sentences: [] }]), new AbortController().signal);
    for (let i = 0; i < 200 && tracker.active() > 0; i++) await clock.advance(100);
    await run;
    // A kept lesson may be from a slower day: until a task of this session confirms it, the part listened for is
    // also polled at half the time it says, a quarter, … (down to the 2 s minimum interval).
    const last = polls.at(-1)!;
    assert.ok(last >= DURATION && last <= DURATION * 1.05 + 100, `polled at ${polls}`);
    assert.deepEqual(polls.slice(0, -1).map((t) => Math.round(t / 100)), [Math.round(last / 400), Math.round(last / 200)], `polled at ${polls}`);
  });
});
