// A reading's final cost against the simulator: each completed task counts at `usage.credits_used` where it
// reports one (settled below its reservation), else at its `credits_reserved`; cached parts cost nothing.
import * as assert from 'node:assert/strict';
import { EvolinkClient } from '../../src/api/client';
import type { Task } from '../../src/api/types';
import { addTaskCost } from '../../src/speech/cost';
import { listSource, ReadingPipeline, type ClipSink } from '../../src/speech/pipeline';
import type { RunInfo } from '../../src/speech/state';
import { startSimulator, type Simulator } from '../simulator/server';

const SCALE = 0.01;
const sink: ClipSink = { play: async () => undefined };

describe('final cost', () => {
  it('adds credits_used where reported, else the reservation (from the answer, else from the creation)', () => {
    const t = (usage: Task['usage']): Task => ({ id: 'task-unified-1-abcdefgh', status: 'completed', usage });
    let c = addTaskCost(undefined, t({ credits_reserved: 0.3, credits_used: 0.24 }));
    assert.deepEqual(c, { credits: 0.24, settled: 1, reservedOnly: 0 });
    c = addTaskCost(c, t({ credits_reserved: 0.3 }));
    assert.deepEqual(c, { credits: 0.54, settled: 1, reservedOnly: 1 });
    c = addTaskCost(c, t(undefined), 0.1);
    assert.ok(Math.abs(c!.credits - 0.64) < 1e-9 && c!.reservedOnly === 2);
    assert.equal(addTaskCost(undefined, t(undefined)), undefined, 'a task that says nothing adds nothing');
  });

  describe('a reading against the upstream profile (usage on some tasks, settled below the reservation)', () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({ timeScale: SCALE, profile: 'upstream', mediaTls: false });
    });
    after(async () => { await sim.close(); });

    it('the run\'s cost is each task\'s settled figure or, where it reported none, its reservation', async function () {
      this.timeout(20_000);
      const voice = sim.designVoice({ preferredName: 'costs' });
      const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: SCALE });
      const text = Array.from({ length: 6 }, (_, i) => `Part ${i + 1} of a reading whose cost is settled later, run ${Date.now() % 1e5}.`);
      const chunks = text.map((t, i) => ({ text: t, start: i * 100, end: i * 100 + t.length, sentences: [] }));
      let last: RunInfo | undefined;
      const pipeline = new ReadingPipeline({ client, sink, onState: (_s, info) => { last = info; }, timeScale: SCALE }, { voice, maxParallel: 3 });
      await pipeline.run(listSource(chunks), new AbortController().signal);
      const tasks = sim.tasks().filter((t) => t.model === 'qwen3-tts-vd');
      assert.equal(tasks.length, 6);
      const reported = tasks.filter((t) => t.usageReported);
      assert.ok(reported.length > 0 && reported.length < tasks.length, `some tasks report usage, some do not: ${reported.length} of 6`);
      for (const t of reported) assert.ok(t.creditsUsed! < t.creditsReserved, 'settled below the reservation');
      const expected = tasks.reduce((sum, t) => sum + (t.usageReported ? t.creditsUsed! : t.creditsReserved), 0);
      assert.ok(last?.cost, 'the run reports a cost');
      assert.ok(Math.abs(last.cost.credits - expected) < 1e-9, `cost ${last.cost.credits} = ${expected}`);
      assert.deepEqual([last.cost.settled, last.cost.reservedOnly], [reported.length, tasks.length - reported.length]);
      assert.ok(last.cost.credits < last.creditsReserved, 'below the sum reserved');
    });
  });
});
