// The editor in Simplified Chinese (`runIntegration --suite l10n`, part of `npm run test:integration`): the
// launcher starts code-server with --locale zh-cn and a test language pack, so the extension host reports
// zh-cn and VS Code loads l10n/bundle.l10n.zh-cn.json. A notification worded by the host (vscode.l10n.t), one
// worded by the vscode-free error table (@vscode/l10n, configured at activation) and the status bar's text and
// tooltip come out in Chinese; so do the Read Aloud page's static texts.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { EvolinkTtsApi } from '../../src/publicApi';
import { api, env, selectInNewDocument, sim, until, waitForRest } from '../integration/helpers';

const CJK = /[\u4e00-\u9fff]/;

describe('Simplified Chinese UI', () => {
  let a: EvolinkTtsApi;

  before(async () => {
    a = await api();
  });

  it('the editor runs in zh-cn and VS Code loaded the extension\'s Chinese bundle', () => {
    assert.strictEqual(vscode.env.language, 'zh-cn');
    assert.ok(vscode.l10n.bundle, 'no l10n bundle loaded for zh-cn');
    assert.strictEqual(vscode.l10n.t('Read Aloud'), '朗读');
  });

  it('notifications are in Chinese: from the host and from the error table', async () => {
    const before = a.notifications().length;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(Commands.speakSelection);
    await vscode.commands.executeCommand(Commands.clearApiKey);
    await selectInNewDocument('没有密钥时朗读这一句。');
    await vscode.commands.executeCommand(Commands.speakSelection);
    await until('three notifications', () => a.notifications().length >= before + 3);
    const shown = a.notifications().slice(before).map((n) => ({ message: n.message, actions: n.actions }));
    assert.deepStrictEqual(shown, [
      { message: '请打开一个文件并选中要朗读的文本。', actions: [] },
      { message: '尚未保存 Evolink API 密钥。', actions: [] },
      { message: '请先设置 Evolink API 密钥，才能朗读。', actions: ['设置 API 密钥'] },
    ]);
  });

  it('the status bar reads in Chinese while reading and when done', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    await sim.reset();
    const texts = new Set<string>();
    const sub = a.onDidChangeState(() => texts.add(a.statusBar().text));
    try {
      await selectInNewDocument(`这是第 ${Date.now() % 100000} 次中文界面测试。`);
      await vscode.commands.executeCommand(Commands.speakSelection);
      const end = await waitForRest(a);
      assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);
    } finally {
      sub.dispose();
    }
    const done = a.statusBar();
    assert.strictEqual(done.text, '$(check) TTS：已完成');
    assert.ok(done.tooltip.startsWith('已读完。'), done.tooltip);
    assert.ok(done.tooltip.includes(`音色：${env.voice}`), done.tooltip);
    assert.ok(done.accessibilityLabel?.startsWith('Evolink TTS: 完成。'), done.accessibilityLabel);
    assert.ok([...texts].some((t) => t === '$(unmute) TTS：正在播放'), `status texts seen: ${[...texts].join(' | ')}`);
    // Every state's text is the Chinese one ("TTS：99%" has no Chinese word, but its full-width colon is).
    for (const t of texts) assert.ok(/TTS：/.test(t) && !/TTS:/.test(t), `an English status text: ${t}`);
    assert.ok([...texts].filter((t) => CJK.test(t)).length >= 2, `status texts seen: ${[...texts].join(' | ')}`);
  });
});
