// The speaker end to end against the simulator over real HTTP, with a sink that "plays" at once.
import * as assert from 'node:assert/strict';
import { EvolinkClient } from '../../src/api/client';
import { ApiError, isAbort } from '../../src/api/errors';
import type { AudioData } from '../../src/api/types';
import { chunkText } from '../../src/speech/chunker';
import { activeWork, speak, WorkTracker, type AudioSink } from '../../src/speech/speaker';
import type { RunInfo, SpeechState } from '../../src/speech/state';
import { startSimulator, type Simulator } from '../simulator/server';
import { FakeClock } from './pollerClock';

const SCALE = 0.01;

function recorder() {
  const states: SpeechState[] = [];
  const infos: RunInfo[] = [];
  return { states, infos, onState: (s: SpeechState, i: RunInfo) => { states.push(s); infos.push(i); }, kinds: () => states.map((s) => s.kind) };
}

class InstantSink implements AudioSink {
  played: Array<{ audio: AudioData; chunk: number; total: number; taskId: string }> = [];
  async play(audio: AudioData, meta: { chunk: number; total: number; taskId: string }): Promise<void> {
    this.played.push({ audio, ...meta });
  }
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('speaker (against the simulator)', () => {
  let sim: Simulator;
  let voice: string;
  let client: EvolinkClient;
  before(async () => {
    sim = await startSimulator({ timeScale: SCALE });
    voice = sim.designVoice({ preferredName: 'reader' });
  });
  after(async () => { await sim.close(); });
  beforeEach(() => {
    sim.reset();
    client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: SCALE });
  });
  afterEach(() => assert.equal(activeWork(), 0, 'nothing left running'));

  it('speaks chunks in order with every state', async () => {
    const text = 'The first sentence is here. '.repeat(30) + 'And a second chunk follows.';
    const chunks = chunkText(text);
    assert.ok(chunks.length >= 2);
    const rec = recorder();
    const sink = new InstantSink();
    await speak(chunks, { voice, languageType: 'English' }, { client, sink, onState: rec.onState, timeScale: SCALE });
    assert.equal(sink.played.length, chunks.length);
    assert.deepEqual(sink.played.map((p) => p.chunk), chunks.map((_, i) => i + 1));
    for (const p of sink.played) assert.equal(p.audio.format, 'wav');
    const kinds = rec.kinds();
    assert.equal(kinds.at(-1), 'done');
    for (let i = 1; i <= chunks.length; i++) {
      const mine = rec.states.filter((s) => 'chunk' in s && s.chunk === i).map((s) => s.kind);
      assert.deepEqual(mine.filter((k, j) => k !== 'processing' || mine[j - 1] !== 'processing'),
        ['submitting', 'queued', 'processing', 'downloading', 'playing'], `chunk ${i}: ${mine.join(',')}`);
    }
    const progresses = rec.states.filter((s) => s.kind === 'processing').map((s) => (s as { progress: number }).progress);
    assert.ok(progresses.length > 0);
    const last = rec.infos.at(-1)!;
    assert.equal(last.total, chunks.length);
    assert.equal(last.voice, voice);
    assert.ok(last.creditsReserved > 0);
    assert.equal(last.taskId, sim.tasks().at(-1)?.id);
    const posted = sim.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { prompt: string }).prompt);
    assert.deepEqual(posted, chunks.map((c) => c.text));
  });

  it('a failed task → failed state and the promise rejects with the error', async () => {
    sim.inject({ task: { outcome: 'fail', code: 'content_policy_violation', message: 'Content policy violation.\nBlocked.' } });
    const rec = recorder();
    const p = speak(chunkText('Hello there.'), { voice }, { client, sink: new InstantSink(), onState: rec.onState, timeScale: SCALE });
    await assert.rejects(p, (e: ApiError) => e.kind === 'taskFailed' && e.code === 'content_policy_violation');
    const last = rec.states.at(-1)!;
    assert.equal(last.kind, 'failed');
    assert.equal((last as { error: ApiError }).error.kind, 'taskFailed');
    assert.equal((last as { chunk?: number }).chunk, 1);
  });

  it('an unknown voice → voice error on create', async () => {
    const rec = recorder();
    await assert.rejects(speak(chunkText('Hi.'), { voice: 'qwen-tts-vd-nobody-voice-1' }, { client, sink: new InstantSink(), onState: rec.onState, timeScale: SCALE }),
      (e: ApiError) => e.kind === 'voice');
    assert.deepEqual(rec.kinds(), ['submitting', 'failed']);
  });

  it('completed without audio → noAudio', async () => {
    sim.inject({ task: { noAudioUrl: true } });
    await assert.rejects(speak(chunkText('Hi.'), { voice }, { client, sink: new InstantSink(), onState: () => undefined, timeScale: SCALE }),
      (e: ApiError) => e.kind === 'noAudio' && !!e.taskId);
  });

  it('an expired audio link → audioUnavailable', async () => {
    sim.inject({ audio: 'expired' });
    await assert.rejects(speak(chunkText('Hi.'), { voice }, { client, sink: new InstantSink(), onState: () => undefined, timeScale: SCALE }),
      (e: ApiError) => e.kind === 'audioUnavailable');
  });

  it('abort mid-poll → cancelled, rejects with aborted, activeWork() back to 0', async () => {
    sim.inject({ task: { outcome: 'stuck' } });
    const rec = recorder();
    const ac = new AbortController();
    const p = speak(chunkText('Hello there.'), { voice }, { client, sink: new InstantSink(), onState: rec.onState, timeScale: SCALE }, ac.signal);
    await until(() => sim.requests.some((r) => r.method === 'GET'));
    assert.ok(activeWork() > 0, 'a poll timer or request is alive');
    ac.abort();
    await assert.rejects(p, (e: unknown) => isAbort(e) && (e as ApiError).kind === 'aborted');
    assert.equal(rec.states.at(-1)?.kind, 'cancelled');
    assert.equal(activeWork(), 0);
    const n = sim.requests.length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sim.requests.length, n, 'no request after settling');
  });

  it('abort during a slow request waits for it to end before settling', async () => {
    sim.inject({ match: { method: 'POST' }, delayMs: 2000 });
    const ac = new AbortController();
    const p = speak(chunkText('Hi.'), { voice }, { client, sink: new InstantSink(), onState: () => undefined, timeScale: SCALE }, ac.signal);
    await until(() => activeWork() > 0);
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    await assert.rejects(p, (e: unknown) => isAbort(e));
    assert.ok(Date.now() - t0 < 1500, 'promptly');
    assert.equal(activeWork(), 0);
  });

  it('abort while playing stops the sink and resolves nothing more', async () => {
    const ac = new AbortController();
    let sinkSignal: AbortSignal | undefined;
    const sink: AudioSink = { play: (_a, _m, s) => { sinkSignal = s; ac.abort(); return new Promise<void>(() => undefined); } };
    const rec = recorder();
    await assert.rejects(speak(chunkText('One. Two.', { maxChars: 5 }), { voice }, { client, sink, onState: rec.onState, timeScale: SCALE }, ac.signal), isAbort);
    assert.equal(sinkSignal?.aborted, true);
    assert.equal(rec.states.at(-1)?.kind, 'cancelled');
    assert.equal(sim.requests.filter((r) => r.method === 'POST').length, 1, 'second chunk never submitted');
  });

  it('an already-aborted signal sends nothing', async () => {
    const rec = recorder();
    await assert.rejects(speak(chunkText('Hi.'), { voice }, { client, sink: new InstantSink(), onState: rec.onState }, AbortSignal.abort()), isAbort);
    assert.deepEqual(rec.kinds(), ['cancelled']);
    assert.equal(sim.requests.length, 0);
  });
});

describe('speaker (fake clock, scripted client)', () => {
  it('counts poll timers in activeWork() and clears them on abort', async () => {
    const clock = new FakeClock();
    const tracker = new WorkTracker();
    const ac = new AbortController();
    const client = {
      createSpeechTask: async () => ({ id: 'task-unified-1-aaaaaaaa', status: 'pending', task_info: { estimated_time: 10 }, usage: { credits_reserved: 0.32 } }),
      getTask: async (id: string) => ({ id, status: 'processing', progress: 10 }),
      downloadAudio: async (): Promise<AudioData> => { throw new Error('unreachable'); },
    };
    const rec = recorder();
    const p = speak([{ text: 'Hi.', start: 0, end: 3 }], { voice: 'v' }, { client, sink: new InstantSink(), onState: rec.onState, clock, tracker }, ac.signal);
    await clock.advance(0);
    assert.equal(tracker.active(), 1, 'one timer');
    assert.equal(clock.pending, 1);
    await clock.advance(5000);
    assert.equal(rec.states.at(-1)?.kind, 'processing');
    assert.equal(tracker.active(), 1, 'next timer');
    ac.abort();
    await assert.rejects(p, isAbort);
    assert.equal(tracker.active(), 0);
    assert.equal(clock.pending, 0);
    assert.equal(rec.infos.at(-1)?.creditsReserved, 0.32);
  });
});
