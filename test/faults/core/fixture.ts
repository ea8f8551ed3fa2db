// The core tier's shared setup: one simulator, one designed voice and one connection pool of the extension's
// kind per file, and after every test no timer, request, poll, busy socket or unhandled rejection left
// (and after the last, every socket closed on its own).
import * as assert from 'node:assert/strict';
import type { Agent } from 'undici';
import { createConnectionPool, EvolinkClient } from '../../../src/api/client';
import { activeWork } from '../../../src/speech/work';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';
import { assertNoSocketBusy, assertSocketsClose } from './connections';

export interface CoreFixture {
  readonly sim: Simulator;
  readonly voice: string;
  /** A client on the shared pool, as the extension shares one. */
  client(timeoutMs?: number): EvolinkClient;
  /** The shared pool (for a client built by the test itself). */
  readonly pool: Agent;
}

/**
 * Registers the hooks in the calling describe(); the fields are there from its before() on. The simulator runs
 * the 'upstream' profile (the live service's habits) unless `simOptions` names another; `simOptions` also sets
 * single options over the profile's, e.g. a slower latency.
 */
export function useCoreFixture(scale: number, simOptions: Omit<SimulatorOptions, 'timeScale'> = {}): CoreFixture {
  let sim: Simulator | undefined;
  let voice = '';
  let pool: Agent | undefined;
  const rejections: unknown[] = [];
  const onRejection = (r: unknown) => rejections.push(r);
  const f: CoreFixture = {
    get sim() {
      if (!sim) throw new Error('the core fixture is used before its before() hook ran');
      return sim;
    },
    get voice() {
      return voice;
    },
    get pool() {
      if (!pool) throw new Error('the core fixture is used before its before() hook ran');
      return pool;
    },
    client: (timeoutMs) => new EvolinkClient({ baseUrl: f.sim.baseUrl, getApiKey: async () => f.sim.keys[0], timeScale: scale, timeoutMs, dispatcher: pool }),
  };
  before(async () => {
    process.on('unhandledRejection', onRejection);
    sim = await startSimulator({ profile: 'upstream', ...simOptions, timeScale: scale });
    voice = sim.designVoice({ preferredName: 'reader' });
    pool = createConnectionPool();
  });
  after(async () => {
    process.off('unhandledRejection', onRejection);
    // After the last test: every socket closes on its own once idle.
    try {
      if (sim) await assertSocketsClose(sim);
    } finally {
      await pool?.close();
      await sim?.close();
    }
  });
  beforeEach(() => f.sim.reset());
  afterEach(async () => {
    assert.equal(activeWork(), 0, 'no timer, request or poll left');
    await assertNoSocketBusy(f.sim);
    // A rejection nobody handled surfaces on a later tick.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(rejections, [], 'no unhandled rejection');
  });
  return f;
}
