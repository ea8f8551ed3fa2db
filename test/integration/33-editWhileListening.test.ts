// Edit while listening: reading goes on, later chunks are read from the edited document, and the
// highlight follows the words it is on.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, until, waitForRest } from './helpers';
import { openDoc, prompts, reach, readingSuite, uniqueTag } from './proofread';

/** Five paragraphs, new on every call (so no part comes from the audio cache of an earlier test). */
function makeLong(): string {
  const tag = uniqueTag();
  return [
    `Listening is the last check before a text goes out. It finds what the eye skips, ${tag}.`,
    `This paragraph is here to make the reading long enough, ${tag}. Every sentence in it is plain and short. Nothing here is edited.`,
    `Another paragraph keeps the reader busy for a while, ${tag}. It talks about nothing much. It still takes time to say.`,
    `One more paragraph follows, so the last one is read in a later chunk, ${tag}. The pipeline reads one chunk at a time in this test.`,
    `The final paragraph mentions a colour, ${tag}. The colour is blue.`,
  ].join('\n\n') + '\n';
}

describe('Edit while listening', () => {
  // One task at a time: the last paragraph is certainly not synthesized when the edit happens.
  readingSuite({ playbackRate: 2, maxParallelTasks: 1 });

  it('reads an edit in a later paragraph in a later chunk, and keeps reading', async function () {
    this.timeout(120_000);
    const a = await api();
    const editor = await openDoc('edit-later.txt', makeLong());
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    assert.ok(!(await prompts()).some((p) => p.includes('colour is blue')), 'the last paragraph is not requested yet');

    const doc = editor.document;
    const at = doc.getText().indexOf('blue');
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 4)), 'green')));
    assert.ok(['playing', 'paused', 'submitting', 'queued', 'processing', 'downloading'].includes(a.state.kind), `still reading: ${a.state.kind}`);
    await run;
    const end = await waitForRest(a, 60_000);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}`);
    const sent = await prompts();
    assert.ok(sent.at(-1)!.includes('The colour is green.'), `the last chunk has the edited text: ${JSON.stringify(sent.at(-1))}`);
    assert.ok(!sent.some((p) => p.includes('blue')), 'the old word was never sent');
  });

  it('after an edit of the sentence being read, reading continues and the next part starts from the edited sentence', async function () {
    this.timeout(120_000);
    const a = await api();
    const editor = await openDoc('edit-current.txt', makeLong());
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    await until('the first sentence is highlighted', () => a.highlight()?.text.startsWith('Listening is the last check') ?? false);
    const h = a.highlight()!;
    const doc = editor.document;
    const at = h.start + h.text.indexOf('last check');
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'last check'.length)), 'final test')));
    assert.strictEqual(a.highlight()?.text, 'Listening is the final test before a text goes out.', 'the highlight covers the edited sentence');
    const early = await prompts();
    assert.ok(early[0]?.startsWith('Listening is the last check'), `the first part was synthesized before the edit: ${JSON.stringify(early)}`);
    await run;
    const end = await waitForRest(a, 60_000);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}`);
    const sent = await prompts();
    const again = sent.findIndex((p) => p.startsWith('Listening is the final test before a text goes out.'));
    assert.ok(again > 0, `a later part starts from the edited sentence: ${JSON.stringify(sent)}`);
    assert.strictEqual(sent.filter((p) => p.startsWith('Listening is')).length, 2, 'the edited sentence is read once more, not again and again');
    assert.ok(sent.at(-1)!.includes('The colour is blue.'), 'and reading went on to the end');
  });

  it('keeps the highlight on its sentence when text is inserted above it', async function () {
    this.timeout(120_000);
    const a = await api();
    const editor = await openDoc('edit-above.txt', makeLong());
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    await until('a highlight', () => a.highlight() !== undefined);
    const before = a.highlight()!;
    const offsetBefore = a.readOffset!;
    const inserted = 'A new first line, typed while listening.\n\n';
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), inserted)));
    const after = a.highlight()!;
    assert.strictEqual(after.start, before.start + inserted.length, 'the highlight moved with its words');
    assert.strictEqual(editor.document.getText().slice(after.start, after.end), before.text, 'and still covers the same sentence');
    assert.strictEqual(a.readOffset, offsetBefore + inserted.length, 'the read position moved too');
    await vscode.commands.executeCommand(Commands.stop);
    await run;
    assert.ok(!(await prompts()).some((p) => p.includes('typed while listening')), 'text above the read position is not read');
  });
});
