// Closing the document being read, or Stop, ends everything within 200 ms: polling stops, downloads
// abort, nothing is left alive (activeWork() 0), and the highlight is gone.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { EvolinkTtsApi } from '../../src/publicApi';
import { api, sim, sleep, until } from './helpers';
import { makeDoc, openDoc, reach, readingSuite } from './proofread';

/**
 * The aim is 200 ms, and each test's title reports the time it measured. The assertion only catches an end that
 * waits for something (a poll interval, a download, a timeout): timing on a shared machine is not asserted.
 */
const BOUND_MS = 1000;

async function endsWithin(ctx: Mocha.Context, a: EvolinkTtsApi, what: string, act: () => Thenable<unknown>): Promise<number> {
  const t0 = Date.now();
  await act();
  await until(`${what}: at rest, no work alive`, () => ['cancelled', 'idle'].includes(a.state.kind) && a.activeWork() === 0, 2000);
  const ms = Date.now() - t0;
  // The measured time goes into the report line.
  if (ctx.test) ctx.test.title += ` [${what}: ${ms} ms]`;
  return ms;
}

describe('Closing the document or Stop while reading a document', () => {
  readingSuite({ maxParallelTasks: 3 });

  it('closing the document while its tasks are in flight ends everything within 200 ms', async function () {
    this.timeout(60_000);
    const a = await api();
    // Every task stays in synthesis: up to three are polled at once when the document closes.
    await sim.inject({ match: { model: 'qwen3-tts-vd' }, task: { outcome: 'stuck' }, times: -1 });
    const { text: DOC } = makeDoc();
    await openDoc('close-me.txt', DOC);
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['queued', 'processing'], 20_000);
    assert.ok(a.activeWork() > 0, 'polls are alive');
    const ms = await endsWithin(this, a, 'close the document', () => vscode.commands.executeCommand('workbench.action.closeActiveEditor'));
    assert.ok(ms <= BOUND_MS, `ended in ${ms} ms`);
    await run;
    const count = (await sim.requests()).length;
    await sleep(400);
    assert.strictEqual((await sim.requests()).length, count, 'no request after closing');
    assert.strictEqual(a.activeWork(), 0);
    assert.strictEqual(a.highlight(), undefined);
  });

  it('Stop while a document plays ends everything within 200 ms, including read-ahead tasks', async function () {
    this.timeout(60_000);
    const a = await api();
    const { text: DOC } = makeDoc();
    await openDoc('stop-me.txt', DOC);
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    await until('a highlight', () => a.highlight() !== undefined);
    const ms = await endsWithin(this, a, 'Stop', () => vscode.commands.executeCommand(Commands.stop));
    assert.ok(ms <= BOUND_MS, `ended in ${ms} ms`);
    await run;
    assert.strictEqual(a.activeWork(), 0);
    assert.strictEqual(a.highlight(), undefined, 'the highlight cleared');
    assert.strictEqual(a.state.kind, 'cancelled');
  });
});
