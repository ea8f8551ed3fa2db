// From a cold editor to the first request (`runIntegration --suite startup`): the extension is activated by
// its first command, as a user's first Set API Key does, and the first Speak Selection then loads the HTTP
// library, the Markdown parser and the aligner (their own bundles, see esbuild.js) on the way to its first
// POST. Prints how long activation took and how long from the command to the simulator's receipt of the
// first POST, cold and again warm; asserts what was loaded when, never how fast (the figures are in README,
// Performance).
import * as assert from 'assert';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { env, extension, freshSentence, loadedBundles, selectInNewDocument, sim, waitForRest } from '../integration/helpers';

/** Speaks `text` (selected in a new Markdown document) and returns ms from the command to the first speech POST's arrival. */
async function speakToFirstPost(text: string): Promise<number> {
  const a = extension().exports;
  await sim.reset();
  await selectInNewDocument(text);
  const sent = Date.now();
  await vscode.commands.executeCommand(Commands.speakSelection);
  const end = await waitForRest(a, 60_000);
  assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);
  const posts = await sim.speechRequests();
  assert.ok(posts.length >= 1, 'the reading sent a speech request');
  return posts[0].time - sent;
}

describe('Startup: activation, then the first request', () => {
  const figures: string[] = [];
  // Through mocha's reporter, so that the figures reach the launcher's report (test/integration/index.ts keeps it).
  after(() => Mocha.reporters.Base.consoleLog(`      startup figures (${process.env.EVOLINK_TTS_TIME_SCALE ? `time scale ${process.env.EVOLINK_TTS_TIME_SCALE}` : 'real time'}): ${figures.join('; ')}`));

  it('activates cold on its first command, without loading the parts meant for first use', async function () {
    this.timeout(60_000);
    const ext = extension();
    assert.strictEqual(ext.isActive, false, 'the extension was cold');
    const asked = Date.now();
    assert.strictEqual(await vscode.commands.executeCommand(Commands.setApiKey, env.key), true, 'Set API Key stored the key');
    const done = Date.now();
    const { start, end } = ext.exports.activation;
    assert.ok(asked <= start && start <= end && end <= done, `activate() ran inside the command (${asked} ≤ ${start} ≤ ${end} ≤ ${done})`);
    figures.push(`command to activate() ${start - asked} ms (loading dist/extension.js included)`, `activate() ${end - start} ms`, `Set API Key in all ${done - asked} ms`);
    assert.deepStrictEqual(loadedBundles(), [], 'activation loaded a part meant for first use');
  });

  it('the first Speak Selection loads the HTTP library, the Markdown parser and the aligner, and reaches done', async function () {
    this.timeout(120_000);
    const cold = await speakToFirstPost(freshSentence('startup'));
    const loaded = loadedBundles();
    const warm = await speakToFirstPost(freshSentence('startup, warm'));
    figures.push(`first Speak Selection to its first POST ${cold} ms`, `a second one ${warm} ms`);
    for (const b of ['http.js', 'markdown.js', 'align.js']) assert.ok(loaded.includes(b), `${b} was loaded by the first reading (loaded: ${loaded.join(', ')})`);
  });
});
