// Set / Clear API Key round trip through SecretStorage, observed from outside: what reaches the simulator.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, env, freshSentence, record, selectInNewDocument, sim, waitForRest } from './helpers';

describe('API key', () => {
  afterEach(() => vscode.commands.executeCommand(Commands.setApiKey, env.key));

  it('is used once set, and gone once cleared', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();

    assert.strictEqual(await vscode.commands.executeCommand(Commands.setApiKey, env.key), true, 'setApiKey stored the key');
    await selectInNewDocument(freshSentence('API key'));
    // Only in the browser tier: Electron's webviews (test:electron) play without a click.
    const firstClip = !a.playerUnlocked && process.env.EVOLINK_TEST_PLAYER_NEEDS_CLICK === '1';
    const rec = record(a);
    try {
      await vscode.commands.executeCommand(Commands.speakSelection);
      await waitForRest(a);
    } finally {
      rec.dispose();
    }
    assert.strictEqual(a.state.kind, 'done', `the run ended ${a.state.kind}`);
    if (firstClip) {
      // Nothing has touched the page yet, so the browser refused the first clip: the status bar asks for
      // the click (the launcher then clicks "Start listening" like a person), and later clips play on their own.
      const waiting = rec.seen.find((o) => o.state.kind === 'waitingForClick');
      assert.ok(waiting, `the first clip waited for the click: ${rec.kinds().join(' → ')}`);
      assert.match(waiting.bar.text, /Start listening/);
      assert.strictEqual(waiting.bar.command, Commands.showPlayer, 'a click on the status bar opens the player');
      assert.strictEqual(waiting.bar.backgroundColor, 'statusBarItem.warningBackground');
      const after = rec.kinds().slice(rec.kinds().indexOf('waitingForClick'));
      assert.ok(after.includes('playing') && after.at(-1) === 'done', `after the click it played: ${rec.kinds().join(' → ')}`);
      assert.ok(a.playerUnlocked, 'the player reports the click');
    }
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
