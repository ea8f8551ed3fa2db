// A 401 from the API leads to an error the user can act on: the "Set API Key" offer; storing a key puts the
// failure to rest.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, env, freshSentence, selectInNewDocument, sim, waitForRest, WRONG_KEY } from './helpers';

describe('Unauthorized', () => {
  afterEach(() => vscode.commands.executeCommand(Commands.setApiKey, env.key));

  it('a wrong key gets a 401, a failed status and the "Set API Key" offer', async function () {
    this.timeout(30_000);
    const a = await api();
    await sim.reset();
    await vscode.commands.executeCommand(Commands.setApiKey, WRONG_KEY);
    await selectInNewDocument(freshSentence('unauthorized'));
    const before = a.notifications().length;
    await vscode.commands.executeCommand(Commands.speakSelection);
    const end = await waitForRest(a);

    assert.strictEqual(end.kind, 'failed');
    const sent = await sim.speechRequests();
    assert.strictEqual(sent.length, 1, 'a POST that was answered 401 is not re-sent');
    assert.strictEqual(sent[0].status, 401);
    assert.strictEqual(sent[0].authorization, 'unmatched');
    const bar = a.statusBar();
    assert.strictEqual(bar.backgroundColor, 'statusBarItem.errorBackground');
    const shown = a.notifications().slice(before);
    const offer = shown.find((n) => n.actions.includes('Set API Key'));
    assert.ok(offer, `offers "Set API Key"; shown: ${JSON.stringify(shown)}`);
    assert.strictEqual(offer.severity, 'error');

    // Storing a good key is a new action: the red "failed" goes back to rest, and no credits of the refused key show.
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    assert.strictEqual(a.state.kind, 'idle');
    const after = a.statusBar();
    assert.notStrictEqual(after.backgroundColor, 'statusBarItem.errorBackground');
    assert.strictEqual(after.visible, false);
  });
});
