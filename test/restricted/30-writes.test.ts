// Nothing writes workspace settings in Restricted Mode: a voice asked for at workspace scope is refused with
// one clear message (VS Code would ignore it there, and the repository is not trusted), "Use as Default" goes
// to the user settings without asking, and settings the extension keeps in user scope are still written.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { EvolinkTtsApi, NotificationRecord } from '../../src/publicApi';
import { api, env, sim } from '../integration/helpers';
import { config, originalSettings, settingsText } from './common';

const DESIGN = {
  description: 'A low, slow storyteller voice for long evening reading sessions.',
  previewText: 'Once upon a time, in Restricted Mode, a voice was designed.',
};

/** The one notification shown since `before`, which must be the Restricted Mode refusal. */
function assertRefused(a: EvolinkTtsApi, before: number): void {
  const shown: readonly NotificationRecord[] = a.notifications().slice(before);
  assert.strictEqual(shown.length, 1, `one notification: ${JSON.stringify(shown)}`);
  assert.strictEqual(shown[0].severity, 'warning');
  assert.match(shown[0].message, /Restricted Mode/);
  assert.match(shown[0].message, /user settings/);
  assert.deepStrictEqual(shown[0].actions, ['Manage Workspace Trust']);
}

describe('Restricted Mode: settings writes', () => {
  before(async () => {
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
  });

  afterEach(async () => {
    await config().update('voice', env.voice, vscode.ConfigurationTarget.Global);
  });

  it('Select Voice at workspace scope shows one clear message and writes nothing', async () => {
    const a = await api();
    const before = a.notifications().length;
    const result = await vscode.commands.executeCommand(Commands.selectVoice, { voice: 'qwen-tts-vd-restricted-voice-20260402-r1', scope: 'workspace' });
    assert.strictEqual(result, undefined, 'no voice was applied');
    assertRefused(a, before);
    assert.strictEqual(settingsText(), originalSettings, 'the workspace settings file is unchanged');
    assert.strictEqual(config().inspect<string>('voice')?.globalValue, env.voice, 'the user voice is unchanged');
    assert.strictEqual(config().get('voice'), env.voice);
  });

  it('Select Voice at user scope still works', async () => {
    const a = await api();
    const voice = 'qwen-tts-vd-restricted-user-voice-20260402-r2';
    const result = await vscode.commands.executeCommand(Commands.selectVoice, { voice, scope: 'user' });
    assert.strictEqual(result, voice);
    assert.strictEqual(config().get('voice'), voice);
    assert.match(a.notifications().at(-1)!.message, /your user settings/);
    assert.strictEqual(settingsText(), originalSettings, 'the workspace settings file is unchanged');
  });

  it('Design a Voice with useAsDefault "workspace" is refused the same way before anything is sent', async () => {
    const a = await api();
    await sim.reset();
    const before = a.notifications().length;
    const result = await vscode.commands.executeCommand(Commands.designVoice, { ...DESIGN, preferredName: 'rm_refused', useAsDefault: 'workspace' });
    assert.strictEqual(result, undefined);
    assertRefused(a, before);
    assert.deepStrictEqual(await sim.requests(), [], 'no request reached the simulator (no credits spent)');
    assert.strictEqual(settingsText(), originalSettings, 'the workspace settings file is unchanged');
  });

  it('"Use as Default" after a design writes the user settings without asking for a scope', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();
    const before = a.notifications().length;
    const name = await vscode.commands.executeCommand<string | undefined>(Commands.designVoice, { ...DESIGN, preferredName: 'rm_default' });
    assert.ok(name, `designed: ${JSON.stringify(a.notifications().slice(before))}`);
    const index = a.notifications().findIndex((n, i) => i >= before && n.actions.includes('Use as Default'));
    assert.ok(index >= 0, `a "Use as Default" offer: ${JSON.stringify(a.notifications().slice(before))}`);
    // In a trusted workspace this opens a User / Workspace quick pick and does not settle without a person.
    await a.runNotificationAction(index, 'Use as Default');
    assert.strictEqual(config().inspect<string>('voice')?.globalValue, name, 'written to the user settings');
    assert.strictEqual(config().get('voice'), name, 'and read from there');
    const last = a.notifications().at(-1)!;
    assert.strictEqual(last.severity, 'info', JSON.stringify(last));
    assert.match(last.message, /default voice in your user settings/);
    assert.strictEqual(settingsText(), originalSettings, 'the workspace settings file is unchanged');
  });

  it('Faster and Slower change the user playback speed', async () => {
    const start = config().get<number>('playbackRate');
    await vscode.commands.executeCommand(Commands.faster);
    const faster = config().inspect<number>('playbackRate')?.globalValue;
    assert.ok(faster !== undefined && faster > (start ?? 1), `faster: ${faster} after ${start}`);
    await vscode.commands.executeCommand(Commands.slower);
    assert.strictEqual(config().get('playbackRate'), start);
    await config().update('playbackRate', undefined, vscode.ConfigurationTarget.Global);
  });
});
