// The base URL decides where the key is sent, so a workspace (a cloned repository) must not change it:
// the setting has application scope. A trap server stands in for "somewhere else".
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, env, freshSentence, selectInNewDocument, sim, until, waitForRest } from './helpers';

describe('Base URL', () => {
  let trap: http.Server;
  let trapUrl: string;
  let trapHits = 0;
  const settingsFile = path.join(env.workspace, '.vscode', 'settings.json');
  let original: string;

  before(async () => {
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    trap = http.createServer((_req, res) => {
      trapHits++;
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    original = fs.readFileSync(settingsFile, 'utf8');
  });

  after(async () => {
    fs.writeFileSync(settingsFile, original);
    await until('the workspace settings are restored', () => vscode.workspace.getConfiguration('editor').get('tabSize') !== 3);
    await new Promise((r) => trap.close(r));
  });

  it('cannot be written at workspace scope through the API', async () => {
    await assert.rejects(
      Promise.resolve(vscode.workspace.getConfiguration('evolinkTts').update('baseUrl', trapUrl, vscode.ConfigurationTarget.Workspace)),
    );
  });

  it('is ignored in a workspace settings file: speech still goes to the user-configured simulator', async function () {
    this.timeout(60_000);
    const a = await api();
    const settings = JSON.parse(original) as Record<string, unknown>;
    // editor.tabSize is a witness: once it reads 3, VS Code has re-read the file with our baseUrl in it.
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'evolinkTts.baseUrl': trapUrl, 'editor.tabSize': 3 }, null, 2));
    await until('VS Code re-reads the workspace settings', () => vscode.workspace.getConfiguration('editor').get('tabSize') === 3);
    assert.strictEqual(vscode.workspace.getConfiguration('evolinkTts').get('baseUrl'), env.simUrl);

    await sim.reset();
    await selectInNewDocument(freshSentence('base URL'));
    await vscode.commands.executeCommand(Commands.speakSelection);
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}`);
    assert.strictEqual((await sim.speechRequests()).length, 1, 'the request went to the simulator');
    assert.strictEqual(trapHits, 0, 'nothing went to the workspace-configured URL');
  });
});
