// Every command package.json contributes is registered, and the ids match the constants the code uses.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, extension } from './helpers';

describe('Commands', () => {
  it('registers every contributed command', async () => {
    await api();
    const contributed = (extension().packageJSON.contributes?.commands ?? []) as { command: string }[];
    assert.ok(contributed.length > 0, 'package.json contributes commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], 'contributed but not registered');
  });

  it('contributes every command id in src/constants.ts', () => {
    const contributed = new Set(((extension().packageJSON.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command));
    const notContributed = Object.values(Commands).filter((id) => !contributed.has(id));
    assert.deepStrictEqual(notContributed, []);
  });
});
