// The name of a designed voice, read from a finished voice-design task as the simulator sends it over real
// HTTP: result_data as an object, as an array, and without a name (the voice is still made and charged).
import * as assert from 'node:assert/strict';
import { EvolinkClient } from '../../src/api/client';
import type { Task } from '../../src/api/types';
import { pollTask } from '../../src/speech/poller';
import { describeResultData, designedVoiceName, MAX_LOGGED_RESULT_CHARS, UnnamedVoiceError } from '../../src/voices/designResult';
import { startSimulator, type Simulator } from '../simulator/server';

const SCALE = 0.01;
const KEY = 'sk-test-design-4444';

async function designOn(designResult: 'object' | 'array' | 'noVoice'): Promise<{ done: Task; sim: Simulator }> {
  const sim = await startSimulator({ timeScale: SCALE, keys: [KEY], designResult });
  const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => KEY, timeScale: SCALE });
  const task = await client.createVoiceDesignTask({
    voicePrompt: 'A calm narrator with a warm, low voice.', previewText: 'Good evening, this is how I sound.',
    preferredName: 'narrator', language: 'en',
  });
  const done = await pollTask((id, s) => client.getTask(id, s), task.id, { estimatedTimeSec: task.task_info?.estimated_time, timeScale: SCALE });
  return { done, sim };
}

describe('voice design result (against the simulator)', () => {
  for (const shape of ['object', 'array'] as const) {
    it(`reads the voice name from result_data as ${shape === 'object' ? 'an object' : 'an array'}`, async () => {
      const { done, sim } = await designOn(shape);
      try {
        assert.equal(Array.isArray(done.result_data), shape === 'array');
        const made = sim.tasks()[0].designedVoice;
        assert.ok(made);
        assert.equal(designedVoiceName(done.result_data), made);
      } finally {
        await sim.close();
      }
    });
  }

  it('without a name: none is invented, the raw result_data is there to log, and the message says it was paid for', async () => {
    const { done, sim } = await designOn('noVoice');
    try {
      assert.equal(done.status, 'completed');
      assert.ok((done.usage?.credits_used ?? 0) > 0, 'the design was charged');
      assert.equal(designedVoiceName(done.result_data), undefined);
      const logged = describeResultData(done.result_data);
      assert.match(logged, /"target_model":"qwen3-tts-vd-2026-01-26"/);
      assert.ok(!logged.includes(KEY), 'the key is never in what is logged');
      const e = new UnnamedVoiceError('narrator', done.id);
      assert.match(e.message, /charged/);
      assert.match(e.message, /log/);
      assert.ok(e.message.includes(done.id));
    } finally {
      await sim.close();
    }
  });
});

describe('voice design result: odd answers', () => {
  it('takes only a non-empty string at result_data.voice or result_data[0].voice', () => {
    assert.equal(designedVoiceName({ voice: '  qwen-tts-vd-a-voice-1  ' }), 'qwen-tts-vd-a-voice-1');
    assert.equal(designedVoiceName([{ voice: 'qwen-tts-vd-b-voice-2' }, { voice: 'other' }]), 'qwen-tts-vd-b-voice-2');
    for (const v of [undefined, null, 'qwen-tts-vd-x', 42, [], [null], [[{ voice: 'x' }]], { voice: '' }, { voice: '   ' },
      { voice: 7 }, { voice: { name: 'x' } }, [{ name: 'x' }], Object.create({ voice: 'inherited' })]) {
      assert.equal(designedVoiceName(v), undefined, JSON.stringify(v));
    }
  });

  it('logs a huge result_data cut short, and survives values JSON cannot write', () => {
    const big = { voice: 1, pad: 'x'.repeat(100_000) };
    assert.ok(describeResultData(big).length < MAX_LOGGED_RESULT_CHARS + 40);
    assert.equal(describeResultData(undefined), '(absent)');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(typeof describeResultData(cyclic), 'string');
    assert.equal(describeResultData(10n), '10');
  });
});
