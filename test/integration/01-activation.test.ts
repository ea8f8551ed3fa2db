// The extension activates implicitly, on its first command (no "*" activation), and hands out its API.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, extension, loadedBundles } from './helpers';

describe('Activation', () => {
  it('is not active before the first command, and activates on it', async () => {
    const ext = extension();
    assert.strictEqual(ext.isActive, false, 'nothing activated the extension before its first command');
    await vscode.commands.executeCommand(Commands.showLog);
    assert.strictEqual(ext.isActive, true);
    const api = ext.exports;
    assert.ok(api, 'activate() returned the API object');
    assert.strictEqual(api.state.kind, 'idle');
    assert.strictEqual(api.activeWork(), 0);
    assert.strictEqual(api.statusBar().visible, false, 'the status item rests hidden until there is something to show');
    assert.ok(api.activation.end >= api.activation.start && api.activation.start > 0, 'activate() was timed');
  });

  it('loads none of the parts it loads on first use: the HTTP library, the Markdown parser, the aligner and the rest', async () => {
    await api();
    assert.deepStrictEqual(loadedBundles(), [], 'activation loaded a part meant for first use');
  });
});
