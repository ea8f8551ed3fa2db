// The ground the rest stands on: the suite runs inside a real VS Code extension host, configured by the launcher.
import * as assert from 'assert';
import * as vscode from 'vscode';

describe('Extension host', () => {
  it('is a real VS Code with a Node extension host', () => {
    assert.ok(vscode.version.startsWith('1.'), vscode.version);
    assert.ok(process.versions.node, 'Node extension host');
  });

  it('opened the fixture workspace with the voice and language from its settings', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const cfg = vscode.workspace.getConfiguration('evolinkTts');
    assert.strictEqual(cfg.inspect('voice')?.workspaceValue, process.env.EVOLINK_TEST_VOICE);
    assert.strictEqual(cfg.inspect('languageType')?.workspaceValue, 'English');
  });
});
