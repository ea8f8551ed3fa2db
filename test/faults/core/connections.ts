// "No socket left" in the core tier: the simulator (same process) counts the TCP connections that carried
// API or media requests; the clients use the extension's own pool (createConnectionPool), as the extension does.
import * as assert from 'node:assert/strict';
import { KEEP_ALIVE_MS } from '../../../src/api/client';
import type { ConnectionStats, Simulator } from '../../simulator/server';

/** Slack over KEEP_ALIVE_MS: undici's coarse idle timers (about 1 s) and the server seeing the close. */
export const IDLE_MARGIN_MS = 2000;

export async function waitConnections(sim: Simulator, ok: (c: ConnectionStats) => boolean, timeoutMs: number): Promise<{ c: ConnectionStats; ms: number }> {
  const t0 = Date.now();
  let c = sim.connections();
  while (!ok(c) && Date.now() - t0 < timeoutMs) {
    await new Promise((r) => setTimeout(r, 20));
    c = sim.connections();
  }
  return { c, ms: Date.now() - t0 };
}

/**
 * At rest: no connection has a request still being answered (an aborted request destroys its socket), and
 * none has been idle longer than the pool keeps idle sockets. Returns how long the busy ones took to close.
 */
export async function assertNoSocketBusy(sim: Simulator, withinMs = 1000): Promise<number> {
  const { c, ms } = await waitConnections(sim, (x) => x.busy === 0, withinMs);
  assert.equal(c.busy, 0, `no connection with a request still running: ${JSON.stringify(c.list)}`);
  assert.ok(c.maxIdleMs <= KEEP_ALIVE_MS + IDLE_MARGIN_MS, `no idle connection older than the pool's keep-alive: ${JSON.stringify(c.list)}`);
  return ms;
}

/** Every connection closes once idle: 0 open within KEEP_ALIVE_MS + IDLE_MARGIN_MS. Returns the wait. */
export async function assertSocketsClose(sim: Simulator): Promise<number> {
  const { c, ms } = await waitConnections(sim, (x) => x.open === 0, KEEP_ALIVE_MS + IDLE_MARGIN_MS);
  assert.equal(c.open, 0, `every connection closed within ${KEEP_ALIVE_MS + IDLE_MARGIN_MS} ms: ${JSON.stringify(c.list)}`);
  return ms;
}
