// The run really is in Restricted Mode, the workspace really asks for other values, and what VS Code itself
// hands the extension for the settings package.json lists under capabilities.untrustedWorkspaces.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, env } from '../integration/helpers';
import { config, USER_LANGUAGE, workspaceSettings } from './common';

describe('Restricted Mode: the workspace', () => {
  it('is not trusted, and the extension is active anyway', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'vscode.workspace.isTrusted');
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    await api();
  });

  it('asks for another voice, English voice, language and base URL in its settings file', () => {
    const w = workspaceSettings();
    assert.match(String(w['evolinkTts.voice']), /^qwen-tts-vd-/);
    assert.notStrictEqual(w['evolinkTts.voice'], env.voice);
    assert.match(String((w['evolinkTts.voicesByLanguage'] as Record<string, unknown>)[USER_LANGUAGE]), /^qwen-tts-vd-/);
    assert.notStrictEqual(w['evolinkTts.languageType'], USER_LANGUAGE);
    assert.match(String(w['evolinkTts.baseUrl']), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notStrictEqual(w['evolinkTts.baseUrl'], env.simUrl);
  });

  it('is not what VS Code hands the extension: only the user values of voice, voicesByLanguage and languageType, also in inspect()', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'x' });
    for (const scope of [undefined, doc.uri, vscode.workspace.workspaceFolders![0].uri]) {
      const c = config(scope);
      const where = scope?.toString() ?? 'no scope';
      assert.strictEqual(c.get('voice'), env.voice, `voice (${where})`);
      assert.strictEqual(c.get('languageType'), USER_LANGUAGE, `languageType (${where})`);
      assert.deepStrictEqual(c.get('voicesByLanguage'), {}, `voicesByLanguage (${where})`);
      for (const key of ['voice', 'languageType', 'voicesByLanguage']) {
        const i = c.inspect(key);
        assert.deepStrictEqual([i?.workspaceValue, i?.workspaceFolderValue], [undefined, undefined], `inspect(${key}) (${where})`);
      }
    }
  });
});
