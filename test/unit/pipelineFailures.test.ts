// How one reading run fails, against the simulator over real HTTP: each failure is one typed ApiError,
// the run ends in the `failed` state naming the chunk, and nothing is left running.
import * as assert from 'node:assert/strict';
import { EvolinkClient } from '../../src/api/client';
import type { ApiError } from '../../src/api/errors';
import type { AudioData } from '../../src/api/types';
import { chunkPrepared, type SourceChunk } from '../../src/speech/chunker';
import { listSource, ReadingPipeline, type ClipSink } from '../../src/speech/pipeline';
import type { SpeechState } from '../../src/speech/state';
import { prepareText } from '../../src/speech/textPrep';
import { activeWork, WorkTracker } from '../../src/speech/work';
import { startSimulator, type Simulator } from '../simulator/server';
import { FakeClock } from './pollerClock';

const SCALE = 0.01;

const chunksOf = (text: string): SourceChunk[] =>
  chunkPrepared(prepareText(text, { languageId: 'plaintext', codeBlocks: 'announce' }), { ramp: false });

const instantSink: ClipSink = { play: async () => undefined };

describe('pipeline failures (against the simulator)', () => {
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

  /** Runs one pipeline over `text`; returns the states it reported and the error it rejected with. */
  async function runFailing(text: string, v = voice): Promise<{ states: SpeechState[]; error: ApiError; pipeline: ReadingPipeline }> {
    const states: SpeechState[] = [];
    const pipeline = new ReadingPipeline({ client, sink: instantSink, onState: (s) => states.push(s), timeScale: SCALE }, { voice: v, maxParallel: 1 });
    let error: ApiError | undefined;
    await pipeline.run(listSource(chunksOf(text)), new AbortController().signal).catch((e: ApiError) => { error = e; });
    assert.ok(error, 'the run must fail');
    return { states, error, pipeline };
  }

  it('a failed task → failed state naming the chunk, and the task error', async () => {
    sim.inject({ task: { outcome: 'fail', code: 'content_policy_violation', message: 'Content policy violation.\nBlocked.' } });
    const { states, error, pipeline } = await runFailing('Hello there.');
    assert.equal(error.kind, 'taskFailed');
    assert.equal(error.code, 'content_policy_violation');
    const last = states.at(-1) as Extract<SpeechState, { kind: 'failed' }>;
    assert.equal(last.kind, 'failed');
    assert.equal(last.chunk, 1);
    assert.equal(pipeline.failedAt?.index, 0);
  });

  it('an unknown voice → voice error on create, nothing polled', async () => {
    const { error } = await runFailing('Hi.', 'qwen-tts-vd-nobody-voice-1');
    assert.equal(error.kind, 'voice');
    assert.deepEqual(sim.requests.map((r) => r.method), ['POST']);
  });

  it('completed without audio → noAudio with the task id', async () => {
    sim.inject({ task: { noAudioUrl: true } });
    const { error } = await runFailing('Hi.');
    assert.equal(error.kind, 'noAudio');
    assert.ok(error.taskId);
  });

  it('an expired audio link → audioUnavailable', async () => {
    sim.inject({ audio: 'expired' });
    const { error } = await runFailing('Hi.');
    assert.equal(error.kind, 'audioUnavailable');
  });
});

describe('pipeline (fake clock, scripted client)', () => {
  it('counts poll timers as live work and clears them on Stop', async () => {
    const clock = new FakeClock();
    const tracker = new WorkTracker();
    const ac = new AbortController();
    const scripted = {
      createSpeechTask: async () => ({ id: 'task-unified-1-aaaaaaaa', status: 'pending', task_info: { estimated_time: 10 }, usage: { credits_reserved: 0.32 } }),
      getTask: async (id: string) => ({ id, status: 'processing', progress: 10 }),
      downloadAudio: async (): Promise<AudioData> => { throw new Error('unreachable'); },
    };
    const pipeline = new ReadingPipeline({ client: scripted, sink: instantSink, onState: () => undefined, clock, tracker }, { voice: 'v', maxParallel: 1 });
    const run = pipeline.run(listSource(chunksOf('Hi.')), ac.signal);
    for (let i = 0; i < 10 && clock.pending === 0; i++) await clock.advance(0);
    assert.ok(tracker.active() >= 1, 'a poll timer is counted');
    assert.equal(clock.pending, 1, 'one timer at a time');
    ac.abort();
    await assert.rejects(run, (e: ApiError) => e.kind === 'aborted');
    assert.equal(tracker.active(), 0);
    assert.equal(clock.pending, 0);
  });
});
