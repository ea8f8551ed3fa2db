// Shared by the fault suite's extension-host tests (test/faults/*.test.ts, run by `npm run test:faults`
// inside code-server through the integration harness): inject a fault, run a command, and check what
// the user is left with.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { EvolinkTtsApi, NotificationRecord } from '../../src/publicApi';
import type { SpeechState } from '../../src/speech/state';
import { KEEP_ALIVE_MS } from '../../src/api/client';
import type { ConnectionStats, Fault, RequestRecord } from '../simulator/types';
import { api, env, freshSentence, selectInNewDocument, sim, sleep, waitForRest } from '../integration/helpers';
import { assertPaidOnce, mayHavePaid, promptOf } from './paid';
import { IDLE_MARGIN_MS } from './core/connections';

export const SPEECH = '/v1/audios/generations';
export const postFault = (f: Fault): Fault => ({ ...f, match: { method: 'POST', path: SPEECH, model: 'qwen3-tts-vd', ...f.match } });
export const getFault = (f: Fault): Fault => ({ ...f, match: { method: 'GET', path: '/v1/tasks/', ...f.match } });

// Unhandled rejections inside the extension host (the extension runs in this same process).
const rejections: unknown[] = [];
let hooked = false;
export function hookRejections(): void {
  if (hooked) return;
  hooked = true;
  process.on('unhandledRejection', (reason) => rejections.push(reason));
}
export const rejectionCount = (): number => rejections.length;

/** No chunk's paid POST was sent twice (the simulator's speech requests when `records` is not given). */
export async function assertNoDoublePay(records?: RequestRecord[]): Promise<void> {
  assertPaidOnce(records ?? (await sim.speechRequests()));
}

export { mayHavePaid, promptOf };

// --- connections (the simulator counts the TCP connections that carried API or media requests) ---

/** Open connections to the simulator's API and media origins, from its control API. */
export async function connections(): Promise<ConnectionStats> {
  const res = await fetch(`${env.control}/__sim/connections`);
  assert.ok(res.ok, `simulator control GET connections: ${res.status}`);
  return (await res.json()) as ConnectionStats;
}


/** Waits up to `timeoutMs` for `ok`; returns the last reading either way. */
async function waitConnections(ok: (c: ConnectionStats) => boolean, timeoutMs: number): Promise<{ c: ConnectionStats; ms: number }> {
  const t0 = Date.now();
  let c = await connections();
  while (!ok(c) && Date.now() - t0 < timeoutMs) {
    await sleep(50);
    c = await connections();
  }
  return { c, ms: Date.now() - t0 };
}

/**
 * At rest: no connection still has a request being answered (a request aborted by Stop or a timeout destroys
 * its socket; the server sees the close within moments), and none has been idle for longer than the
 * extension's pool keeps idle sockets (a socket the pool forgot would grow older than that).
 */
export async function assertNoSocketBusy(): Promise<ConnectionStats> {
  const { c } = await waitConnections((x) => x.busy === 0, 1000);
  assert.strictEqual(c.busy, 0, `no connection with a request still running at rest: ${JSON.stringify(c.list)}`);
  assert.ok(c.maxIdleMs <= KEEP_ALIVE_MS + IDLE_MARGIN_MS, `no idle connection older than the pool's keep-alive: ${JSON.stringify(c.list)}`);
  return c;
}

/** Every connection from the extension closes once idle: 0 open within KEEP_ALIVE_MS + IDLE_MARGIN_MS. Returns the wait. */
export async function assertSocketsClose(): Promise<number> {
  const { c, ms } = await waitConnections((x) => x.open === 0, KEEP_ALIVE_MS + IDLE_MARGIN_MS);
  assert.strictEqual(c.open, 0, `every connection closed within ${KEEP_ALIVE_MS + IDLE_MARGIN_MS} ms of rest: ${JSON.stringify(c.list)}`);
  return ms;
}

export interface Expect {
  /** 'failed' with a notification, or 'done' when the extension recovers on its own (no notification). */
  end: 'failed' | 'done';
  severity?: NotificationRecord['severity'];
  /** Buttons the one notification offers, in order. */
  actions?: string[];
  message?: RegExp;
}

/** What every fault test checks once the run rests. Returns the one notification (if failed) and its index. */
export async function assertRested(a: EvolinkTtsApi, before: number, rejectionsBefore: number, expect: Expect): Promise<{ note?: NotificationRecord; index: number }> {
  const end: SpeechState = await waitForRest(a, 40_000);
  const shown = a.notifications().slice(before);
  assert.strictEqual(end.kind, expect.end, `ended ${end.kind}${end.kind === 'failed' ? `: ${end.error.message}` : ''}; shown ${JSON.stringify(shown)}`);
  const bar = a.statusBar();
  let note: NotificationRecord | undefined;
  if (expect.end === 'failed') {
    assert.strictEqual(shown.length, 1, `exactly one notification: ${JSON.stringify(shown)}`);
    note = shown[0];
    if (expect.severity) assert.strictEqual(note.severity, expect.severity, note.message);
    if (expect.actions) assert.deepStrictEqual(note.actions, expect.actions, note.message);
    if (expect.message) assert.match(note.message, expect.message);
    assert.strictEqual(bar.backgroundColor, 'statusBarItem.errorBackground', `failed shows the error background: ${JSON.stringify(bar)}`);
  } else {
    assert.deepStrictEqual(shown, [], 'a fault the extension recovers from shows nothing');
    assert.strictEqual(bar.backgroundColor, undefined, `a finished run rests without a coloured background: ${JSON.stringify(bar)}`);
  }
  assert.ok(bar.visible, 'the status bar item stays visible');
  assert.strictEqual(a.activeWork(), 0, 'no timer, request or poll left in the speech core');
  await assertNoSocketBusy();
  assert.strictEqual(rejectionCount() - rejectionsBefore, 0, 'no unhandled rejection in the extension host');
  return { note, index: before };
}

/** Sets the key, resets the simulator and injects `faults`; then speaks one fresh sentence. */
export async function speakWithFault(tag: string, faults: Fault[]): Promise<{ a: EvolinkTtsApi; before: number; rej: number; text: string }> {
  const a = await api();
  await sim.reset();
  await vscode.commands.executeCommand(Commands.setApiKey, env.key);
  const text = freshSentence(tag);
  await selectInNewDocument(text);
  if (faults.length) await sim.inject(faults);
  const before = a.notifications().length;
  const rej = rejectionCount();
  await vscode.commands.executeCommand(Commands.speakSelection);
  return { a, before, rej, text };
}
