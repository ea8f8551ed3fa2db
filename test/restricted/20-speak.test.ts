// Reading aloud in Restricted Mode: Speak Selection and Speak Document reach done with the user's voice and
// language, at the user's base URL. Short texts: every run waits for its audio to play in real time.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { EvolinkTtsApi } from '../../src/publicApi';
import { api, env, selectInNewDocument, sim, waitForRest } from '../integration/helpers';
import { config, USER_LANGUAGE, workspaceSettings } from './common';

describe('Restricted Mode: Speak Selection', () => {
  let a: EvolinkTtsApi;
  let body: Record<string, unknown>;

  // One run serves the three checks below.
  before(async function () {
    this.timeout(60_000);
    a = await api();
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    await sim.reset();
    await selectInNewDocument(`Restricted ${Date.now() % 100000}.`);
    await vscode.commands.executeCommand(Commands.speakSelection);
    const end = await waitForRest(a);
    // Nothing listens at the workspace's base URL: a request sent there would end the run failed.
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);
    const sent = await sim.speechRequests();
    assert.strictEqual(sent.length, 1, 'one speech task for one short selection, sent to the simulator');
    body = sent[0].body as Record<string, unknown>;
  });

  it('reaches done with the user voice: neither the workspace voice nor its English voice is sent', () => {
    const w = workspaceSettings();
    assert.strictEqual(body.voice, env.voice, `sent ${String(body.voice)}; the workspace asks for ${String(w['evolinkTts.voice'])}`);
    assert.strictEqual(a.runInfo?.voice, env.voice);
  });

  it('sends the user language, not the workspace languageType', () => {
    assert.strictEqual(body.language_type, USER_LANGUAGE, `the workspace asks for ${String(workspaceSettings()['evolinkTts.languageType'])}`);
  });

  it('ignores the workspace baseUrl: the request went to the user-configured simulator', () => {
    assert.strictEqual(config().inspect<string>('baseUrl')?.globalValue, env.simUrl);
    assert.strictEqual(config().get('baseUrl'), env.simUrl);
    assert.strictEqual(body.model, 'qwen3-tts-vd', 'the simulator recorded the speech request');
  });
});

describe('Restricted Mode: Speak Document', () => {
  it('reads a document to done, every part with the user voice and language', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();
    const n = Date.now() % 100000;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `Document ${n}. Second ${n}.\n` });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand(Commands.speakDocument);
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}`);
    const sent = await sim.speechRequests();
    assert.ok(sent.length >= 1, 'speech went to the simulator');
    for (const r of sent) {
      const b = r.body as Record<string, unknown>;
      assert.deepStrictEqual({ voice: b.voice, language: b.language_type }, { voice: env.voice, language: USER_LANGUAGE });
    }
  });
});
