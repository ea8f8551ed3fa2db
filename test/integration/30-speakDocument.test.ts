// Reading a document, and from the cursor: what reaches Evolink, in which order, and where it starts.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, env, sim, waitForRest } from './helpers';
import { makeDoc, openDoc, prompts, reach, readingSuite, uniqueTag } from './proofread';

const normal = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('Speak Document and Speak from Cursor', () => {
  readingSuite({ playbackRate: 3 });

  it('reads the document from the sentence at the cursor to the end, in order, each chunk whole sentences', async function () {
    this.timeout(90_000);
    const a = await api();
    const { text: DOC, sentences: SENTENCES } = makeDoc();
    const editor = await openDoc('from-cursor.txt', DOC);
    // The cursor in the middle of the fourth sentence ("The second paragraph follows.").
    const at = DOC.indexOf('paragraph follows');
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));

    const run = vscode.commands.executeCommand(Commands.speakFromCursor);
    await reach(a, ['done', 'failed', 'cancelled'], 60_000);
    await run;
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);

    const sent = await prompts();
    assert.ok(sent.length >= 1, 'at least one task');
    assert.ok(sent[0].startsWith(SENTENCES[3]), `the first chunk starts at the cursor's sentence: ${JSON.stringify(sent[0])}`);
    assert.strictEqual(normal(sent.join(' ')), normal(SENTENCES.slice(3).join(' ')), 'every sentence from there on, in order, once');
    for (const p of sent) assert.ok(p.length <= 600, 'chunks stay within 600 characters');
    for (const s of SENTENCES.slice(0, 3)) assert.ok(!sent.some((p) => p.includes(s)), `nothing before the cursor: ${s}`);
    const body = (await sim.speechRequests())[0].body as Record<string, unknown>;
    assert.strictEqual(body.voice, env.voice);
  });

  it('reads the whole document, Markdown as a reader says it (link text, no syntax)', async function () {
    this.timeout(90_000);
    const a = await api();
    const tag = uniqueTag();
    await openDoc('whole.md', `# Title here\n\nRead [the guide](https://example.com/guide) before you start, ${tag}.\n\n- First item.\n- Second item.\n`);
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['done', 'failed', 'cancelled'], 60_000);
    await run;
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);
    const all = normal((await prompts()).join(' '));
    for (const words of ['Title here', `Read the guide before you start, ${tag}.`, 'First item.', 'Second item.']) {
      assert.ok(all.includes(words), `${JSON.stringify(words)} in ${JSON.stringify(all)}`);
    }
    assert.ok(!/https?:|\[|\]|#|^-/.test(all), `no URL or Markdown syntax is read: ${JSON.stringify(all)}`);
  });
});
