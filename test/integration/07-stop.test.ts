// Stop cancels within 200 ms, from any busy state, and leaves nothing running in the speech core.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { EvolinkTtsApi } from '../../src/publicApi';
import type { SpeechStateKind } from '../../src/speech/state';
import { api, freshSentence, selectInNewDocument, sim, sleep, until, waitForState } from './helpers';
import { readingSuite } from './proofread';

const REST: SpeechStateKind[] = ['idle', 'cancelled'];

async function stopAndMeasure(a: EvolinkTtsApi): Promise<number> {
  const t0 = Date.now();
  await vscode.commands.executeCommand(Commands.stop);
  await until('state at rest and no work alive', () => REST.includes(a.state.kind) && a.activeWork() === 0, 1000);
  return Date.now() - t0;
}

describe('Stop', () => {
  readingSuite();

  it('cancels a task that is still being synthesized within 200 ms, and polling stops', async function () {
    this.timeout(30_000);
    const a = await api();
    await sim.reset();
    await sim.inject({ match: { model: 'qwen3-tts-vd' }, task: { outcome: 'stuck' } });
    await selectInNewDocument(freshSentence('Stop'));
    const run = vscode.commands.executeCommand(Commands.speakSelection);
    await waitForState(a, ['queued', 'processing'], 10_000);
    assert.ok(a.activeWork() > 0, 'the poll is alive while the task runs');

    const ms = await stopAndMeasure(a);
    assert.ok(ms <= 200, `stopped in ${ms} ms`);
    await run; // the command resolves once its run has ended
    const count = (await sim.requests()).length;
    await sleep(500);
    assert.strictEqual((await sim.requests()).length, count, 'no request after Stop');
    assert.strictEqual(a.activeWork(), 0);
    assert.strictEqual(a.state.kind, 'cancelled');
  });

  it('stops playback within 200 ms', async function () {
    this.timeout(30_000);
    const a = await api();
    await sim.reset();
    await selectInNewDocument(freshSentence('Stop'));
    const run = vscode.commands.executeCommand(Commands.speakSelection);
    await waitForState(a, ['playing'], 20_000);
    const ms = await stopAndMeasure(a);
    assert.ok(ms <= 200, `stopped in ${ms} ms`);
    await run;
    assert.strictEqual(a.activeWork(), 0);
  });

  it('does nothing harmful when nothing runs', async () => {
    const a = await api();
    await vscode.commands.executeCommand(Commands.stop);
    assert.ok(REST.includes(a.state.kind), a.state.kind);
    assert.strictEqual(a.activeWork(), 0);
  });
});
