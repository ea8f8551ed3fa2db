// The simulator's task timeline (test/simulator/tasks.ts): progress models and an estimated_time that grows.
import * as assert from 'node:assert/strict';
import { DEFAULT_LATENCY, estimatedSeconds, SimTask, timeline } from '../simulator/tasks';
import type { ProgressModel } from '../simulator/types';
import type { SpeechParams } from '../simulator/validation';

const params = (prompt: string): SpeechParams => ({ model: 'qwen3-tts-vd', prompt, voice: 'v' } as SpeechParams);

/** A task created at 0 that queues 500 ms and works 10 s, with estimated_time 4 s. */
function task(model: ProgressModel): SimTask {
  const account = { key: 'k', label: 'k', models: [], initialCredits: 1, remaining: 1, used: 0, reserved: 0 };
  const t = new SimTask('task-unified-1-a', 0, 0, account, params('x'), 500, 10_000, 0.01, 4, { kind: 'complete', shape: 'A' });
  t.progressModel = model;
  t.estimatedMs = 4000;
  return t;
}

const at = (model: ProgressModel, ms: number) => timeline(task(model), ms);

describe('simulatorTasks', () => {
  it('every progress model ends the task at the same time; only the progress differs', () => {
    for (const m of ['linear', 'estimate', 'step', 'stall'] as const) {
      assert.equal(at(m, 200).status, 'pending');
      assert.equal(at(m, 10_400).status, 'processing', m);
      assert.equal(at(m, 10_500).status, 'due', m);
    }
    assert.equal(at('linear', 5500).progress, 50);
    assert.equal(at('estimate', 2000).progress, 50, 'elapsed ÷ estimated_time');
    assert.equal(at('estimate', 6000).progress, 99, 'past its estimate, still running');
    assert.equal(at('step', 9000).progress, 0);
    assert.equal(at('stall', 2500).progress, at('linear', 2500).progress);
    assert.equal(at('stall', 9000).progress, 40);
  });

  it('estimated_time grows with the text when asked to', () => {
    assert.equal(estimatedSeconds(params('x'.repeat(300)), DEFAULT_LATENCY), DEFAULT_LATENCY.estimatedTts);
    assert.equal(estimatedSeconds(params('x'.repeat(300)), { ...DEFAULT_LATENCY, estimatedTts: 2, estimatedTtsPerCharSec: 1 / 30 }), 12);
  });
});
