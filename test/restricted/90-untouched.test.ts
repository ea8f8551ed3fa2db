// Last: every command is there in Restricted Mode, and after the whole suite the untrusted workspace's
// settings file is byte for byte what the launcher wrote.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { extension } from '../integration/helpers';
import { originalSettings, settingsText } from './common';

describe('Restricted Mode: at the end', () => {
  it('every contributed command is registered', async () => {
    const pkg = extension().packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const ids = pkg.contributes.commands.map((c) => c.command);
    assert.ok(ids.length >= 10, `${ids.length} commands in package.json`);
    assert.deepStrictEqual(ids.filter((c) => !registered.has(c)), []);
  });

  it('the workspace settings file was never written', () => {
    assert.strictEqual(settingsText(), originalSettings);
  });
});
