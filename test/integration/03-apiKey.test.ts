// Set / Clear API Key round trip through SecretStorage, observed from outside: what reaches the simulator.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, env, SAMPLE_SENTENCE, selectInSample, sim, waitForRest } from './helpers';

describe('API key', () => {
  afterEach(() => vscode.commands.executeCommand(Commands.setApiKey, env.key));

  it('is used once set, and gone once cleared', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();

    assert.strictEqual(await vscode.commands.executeCommand(Commands.setApiKey, env.key), true, 'setApiKey stored the key');
    await selectInSample(SAMPLE_SENTENCE);
    await vscode.commands.executeCommand(Commands.speakSelection);
    await waitForRest(a);
    const sent = await sim.speechRequests();
    assert.strictEqual(sent.length, 1, 'one speech request');
    assert.strictEqual(sent[0].authorization, 'matched', 'the stored key reached the simulator as a Bearer token');

    await vscode.commands.executeCommand(Commands.clearApiKey);
    await sim.reset();
    const before = a.notifications().length;
    await vscode.commands.executeCommand(Commands.speakSelection);
    assert.deepStrictEqual(await sim.requests(), [], 'without a key nothing is sent');
    const shown = a.notifications().slice(before);
    assert.ok(
      shown.some((n) => n.actions.includes('Set API Key')),
      `offers "Set API Key"; shown: ${JSON.stringify(shown)}`,
    );
  });

  it('refuses a blank key passed by automation', async () => {
    assert.strictEqual(await vscode.commands.executeCommand(Commands.setApiKey, '   '), false);
  });
});
