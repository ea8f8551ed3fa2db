// Voices in the real editor against the simulator: Design a Voice (argument form) sends the documented
// fields and plays the preview, "Use as Default" writes the chosen scope and Speak Selection then reads with
// it, Select Voice writes the scope asked for, per-language voices, and a missing or rejected voice leads to
// the "Design a Voice" / "Select Voice" offer.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CONFIG_SECTION, Commands } from '../../src/constants';
import type { EvolinkTtsApi } from '../../src/publicApi';
import type { PreviewState } from '../../src/voices/types';
import { api, env, freshSentence, SAMPLE_SENTENCE, selectInNewDocument, selectInSample, sim, sleep, until, waitForRest } from './helpers';

const DESIGN = {
  description: 'A calm, warm narrator in her thirties, mid-low pitch, unhurried pace, for audiobooks.',
  previewText: 'Good evening. This is how I sound when I read your text aloud.',
  language: 'en',
};
const UNKNOWN_VOICE = 'qwen-tts-vd-nobody-voice-20260402-zz99';

const config = () => vscode.workspace.getConfiguration(CONFIG_SECTION);

async function designRequests() {
  return (await sim.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/audios/generations'
    && (r.body as { model?: string } | undefined)?.model === 'qwen-voice-design');
}

/** Records every preview state until `until` holds (the states come from the page, some only briefly). */
async function previewStates(a: EvolinkTtsApi, voice: string, done: (s: PreviewState) => boolean, timeoutMs = 30_000): Promise<PreviewState[]> {
  const seen: PreviewState[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = a.preview;
    if (p.voice === voice && seen.at(-1) !== p.state) seen.push(p.state);
    if (p.voice === voice && done(p.state)) return seen;
    if (Date.now() > deadline) throw new Error(`preview of ${voice}: ${seen.join(' → ')} after ${timeoutMs} ms (${p.error ?? ''})`);
    await sleep(5);
  }
}

function offers(a: EvolinkTtsApi, from: number) {
  return a.notifications().slice(from).find((n) => n.actions.includes('Design a Voice') && n.actions.includes('Select Voice'));
}

describe('Voices', () => {
  before(async () => {
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
  });

  afterEach(async () => {
    await config().update('voice', env.voice, vscode.ConfigurationTarget.Workspace);
    await config().update('voice', undefined, vscode.ConfigurationTarget.Global);
    await config().update('voicesByLanguage', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('languageType', 'English', vscode.ConfigurationTarget.Workspace);
    await sim.clearFaults();
  });

  it('Design a Voice sends the documented fields, records the voice and plays its preview in the player', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();
    const before = a.notifications().length;
    const name = await vscode.commands.executeCommand<string | undefined>(Commands.designVoice, { ...DESIGN, preferredName: 'it_narrator' });
    assert.ok(name, `a voice name came back; notifications: ${JSON.stringify(a.notifications().slice(before))}`);
    assert.match(name, /^qwen-tts-vd-it_narrator-voice-/);

    const sent = await designRequests();
    assert.strictEqual(sent.length, 1, 'one voice-design task');
    assert.deepStrictEqual(sent[0].body, {
      model: 'qwen-voice-design',
      voice_prompt: DESIGN.description,
      preview_text: DESIGN.previewText,
      preferred_name: 'it_narrator',
      language: 'en',
      sample_rate: 24000,
      response_format: 'wav',
      target_model: 'qwen3-tts-vd-2026-01-26',
    });
    assert.strictEqual(sent[0].status, 200);
    const all = await sim.requests();
    assert.ok(all.some((r) => r.method === 'GET' && r.path === `/v1/tasks/${sent[0].taskId}`), 'the task was polled');
    assert.ok(all.some((r) => r.origin === 'media' && r.method === 'GET'), 'the preview was downloaded');

    const states = await previewStates(a, name, (s) => s === 'ended' || s === 'failed' || s === 'stopped');
    assert.strictEqual(states.at(-1), 'ended', `preview: ${states.join(' → ')} (${a.preview.error ?? ''})`);
    assert.ok(states.includes('playing'), `the page reported playing: ${states.join(' → ')}`);

    const listed = a.voices()[0];
    assert.strictEqual(listed.name, name);
    assert.strictEqual(listed.preferredName, 'it_narrator');
    assert.strictEqual(listed.description, DESIGN.description);
    assert.strictEqual(listed.language, 'en');
    assert.strictEqual(listed.targetModel, 'qwen3-tts-vd-2026-01-26');
    assert.strictEqual(listed.taskId, sent[0].taskId);
    assert.ok(!Number.isNaN(Date.parse(listed.created)), 'created is a date');
    assert.match(listed.previewFile ?? '', /\.wav$/, 'the preview is cached');

    const ready = a.notifications().slice(before).find((n) => n.message.includes(name));
    assert.ok(ready, 'a notification names the new voice');
    assert.deepStrictEqual(ready.actions.slice(0, 2), ['Use as Default', 'Design Another']);
  });

  it('"Use as Default" in the workspace writes the workspace setting, and Speak Selection then reads with it', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();
    const name = await vscode.commands.executeCommand<string | undefined>(Commands.designVoice, {
      ...DESIGN, preferredName: 'it_default', useAsDefault: 'workspace',
    });
    assert.ok(name);
    const v = config().inspect<string>('voice');
    assert.strictEqual(v?.workspaceValue, name, 'written to the workspace settings');
    assert.strictEqual(v?.globalValue, undefined, 'not to the user settings');
    await previewStates(a, name, (s) => s === 'ended' || s === 'failed' || s === 'stopped');

    await selectInSample(SAMPLE_SENTENCE);
    await vscode.commands.executeCommand(Commands.speakSelection);
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);
    const speech = await sim.speechRequests();
    assert.strictEqual(speech.length, 1);
    assert.strictEqual((speech[0].body as { voice?: string }).voice, name, 'Speak Selection used the new default voice');
  });

  it('Select Voice writes the scope asked for, and remove takes a voice off the list only', async function () {
    this.timeout(30_000);
    const a = await api();
    const name = 'qwen-tts-vd-entered-voice-20260402-ab12';
    assert.strictEqual(await vscode.commands.executeCommand(Commands.selectVoice, { voice: name, scope: 'user' }), name);
    assert.strictEqual(config().inspect<string>('voice')?.globalValue, name);
    assert.strictEqual(config().inspect<string>('voice')?.workspaceValue, env.voice, 'the workspace setting is untouched');
    assert.strictEqual(a.voices().find((v) => v.name === name)?.origin, 'entered', 'an entered name joins the list');

    assert.strictEqual(await vscode.commands.executeCommand(Commands.selectVoice, { voice: env.voice, scope: 'workspace' }), env.voice);
    assert.strictEqual(config().inspect<string>('voice')?.workspaceValue, env.voice);

    assert.strictEqual(await vscode.commands.executeCommand(Commands.selectVoice, { remove: name }), name);
    assert.ok(!a.voices().some((v) => v.name === name), 'removed from the list');
    assert.strictEqual(config().inspect<string>('voice')?.globalValue, name, 'removing does not touch the settings');
  });

  it('with languageType Auto, Chinese text reads with the Chinese voice from voicesByLanguage and English with the default', async function () {
    this.timeout(60_000);
    const a = await api();
    const zh = (await (await fetch(`${env.control}/__sim/voices`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preferredName: 'it_zh', language: 'zh' }),
    })).json() as { voice: string }).voice;
    await config().update('languageType', 'Auto', vscode.ConfigurationTarget.Workspace);
    await config().update('voicesByLanguage', { Chinese: zh }, vscode.ConfigurationTarget.Workspace);
    const read = async (text: string) => {
      await sim.reset();
      const doc = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(doc.positionAt(0), doc.positionAt(text.length));
      await vscode.commands.executeCommand(Commands.speakSelection);
      const end = await waitForRest(a);
      assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      return (await sim.speechRequests()).map((r) => (r.body as { voice?: string }).voice);
    };
    assert.deepStrictEqual(await read('今天天气很好，我们一起去公园散步吧。'), [zh]);
    assert.deepStrictEqual(await read('The weather is fine today.'), [env.voice]);
  });

  it('a voice Evolink does not know (404 voice_not_found) offers "Design a Voice" and "Select Voice"', async function () {
    this.timeout(30_000);
    const a = await api();
    await sim.reset();
    await config().update('voice', UNKNOWN_VOICE, vscode.ConfigurationTarget.Workspace);
    await selectInSample(SAMPLE_SENTENCE);
    const before = a.notifications().length;
    await vscode.commands.executeCommand(Commands.speakSelection);
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'failed');
    const sent = await sim.speechRequests();
    assert.strictEqual(sent.length, 1);
    assert.strictEqual(sent[0].status, 404);
    const offer = offers(a, before);
    assert.ok(offer, `offers both; shown: ${JSON.stringify(a.notifications().slice(before))}`);
    assert.strictEqual(offer.severity, 'error');
    assert.match(offer.message, new RegExp(UNKNOWN_VOICE));
    assert.ok(!offer.actions.includes('Open Settings'), 'no raw settings detour');
    // Select Voice will flag it and list it last (src/voices/choices.ts): the list remembers the refusal.
    const listed = a.voices().find((v) => v.name === UNKNOWN_VOICE);
    assert.ok(listed?.rejected, `the refused voice is marked in the list: ${JSON.stringify(listed)}`);
    await vscode.commands.executeCommand(Commands.selectVoice, { remove: UNKNOWN_VOICE });
  });

  it('a task that fails because the voice is unknown offers the same', async function () {
    this.timeout(30_000);
    const a = await api();
    await sim.reset();
    await sim.inject({ match: { model: 'qwen3-tts-vd' }, task: { outcome: 'fail', code: 'invalid_parameters', param: 'voice', message: 'Invalid parameters.\nThe speaker could not be resolved.' } });
    // A text not spoken before: the audio cache would answer SAMPLE_SENTENCE without any task.
    await selectInNewDocument(freshSentence('unknown voice task'));
    const before = a.notifications().length;
    await vscode.commands.executeCommand(Commands.speakSelection);
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'failed');
    assert.ok(offers(a, before), `offers both; shown: ${JSON.stringify(a.notifications().slice(before))}`);
  });

  it('no voice at all: Speak Selection sends nothing and offers "Design a Voice" and "Select Voice"', async function () {
    this.timeout(30_000);
    const a = await api();
    await sim.reset();
    await config().update('voice', '', vscode.ConfigurationTarget.Workspace);
    await selectInSample(SAMPLE_SENTENCE);
    const before = a.notifications().length;
    await vscode.commands.executeCommand(Commands.speakSelection);
    await until('the offer is shown', () => offers(a, before) !== undefined);
    assert.strictEqual(offers(a, before)!.severity, 'warning');
    assert.strictEqual((await sim.speechRequests()).length, 0, 'nothing was sent');
  });

  it('Get Started opens the Welcome page at the walkthrough (its steps are checked in test/unit/voicesPackage.test.ts)', async () => {
    await api();
    await vscode.commands.executeCommand(Commands.getStarted);
    await until('the Welcome page is open', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Welcome');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('the argument form refuses values beyond the documented limits without sending anything', async function () {
    const a = await api();
    await sim.reset();
    const before = a.notifications().length;
    const name = await vscode.commands.executeCommand(Commands.designVoice, { ...DESIGN, preferredName: 'has space', previewText: 'x'.repeat(1025) });
    assert.strictEqual(name, undefined);
    assert.strictEqual((await designRequests()).length, 0);
    const shown = a.notifications().slice(before).find((n) => n.severity === 'error');
    assert.match(shown?.message ?? '', /preferredName:.*previewText:|previewText:.*preferredName:/s);
  });
});
