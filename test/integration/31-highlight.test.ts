// Following along: the sentence being heard is highlighted, moves sentence by sentence with the audio
// the page really plays, and clears when reading ends.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { HighlightRecord } from '../../src/publicApi';
import { api, sim, until, waitForRest } from './helpers';
import { collectHighlights, makeDoc, openDoc, reach, readingSuite } from './proofread';

describe('Highlight while reading', () => {
  readingSuite({ playbackRate: 2 });

  it('moves sentence by sentence, in order, on the sentences of the document, and clears at the end', async function () {
    this.timeout(90_000);
    const a = await api();
    const { text: DOC, sentences: SENTENCES } = makeDoc();
    const editor = await openDoc('highlight.txt', DOC);
    const uri = editor.document.uri.toString();
    const rec = collectHighlights(a);
    let drawnWhilePlaying: { start: number; end: number }[] = [];
    try {
      const run = vscode.commands.executeCommand(Commands.speakDocument);
      await reach(a, ['playing'], 30_000);
      await until('a highlight is drawn', () => (drawnWhilePlaying = a.highlightDrawnIn(uri)).length > 0);
      await until('the tooltip shows the credits reserved and remaining', () => /Credits reserved: [\d.]+\nCredits remaining: [\d.]+/.test(a.statusBar().tooltip));
      await run;
      const end = await waitForRest(a, 60_000);
      assert.strictEqual(end.kind, 'done', `ended ${end.kind}`);
    } finally {
      rec.dispose();
    }
    const shown = rec.seen.filter((h): h is HighlightRecord => h !== undefined);
    const index = shown.map((h) => SENTENCES.indexOf(h.text.trim()));
    assert.ok(index.every((i) => i >= 0), `every highlight is one sentence of the document: ${JSON.stringify(shown.map((h) => h.text))}`);
    assert.ok(index.every((i, k) => k === 0 || i >= index[k - 1]), `in reading order: ${index.join(',')}`);
    assert.strictEqual(index[0], 0, 'starts at the first sentence');
    assert.strictEqual(index.at(-1), SENTENCES.length - 1, 'reaches the last sentence');
    const distinct = new Set(index).size;
    assert.ok(distinct >= SENTENCES.length - 2, `moved through the sentences (${distinct} of ${SENTENCES.length} seen)`);
    for (const h of shown) assert.strictEqual(editor.document.getText().slice(h.start, h.end), h.text, 'the range covers the sentence');
    assert.ok(drawnWhilePlaying.length === 1, 'drawn in the visible editor while playing');
    assert.strictEqual(rec.seen.at(-1), undefined, 'cleared when reading ended');
    const creditReads = (await sim.requests()).filter((r) => r.path === '/v1/credits');
    assert.ok(creditReads.length <= 1, `credits read at most once a minute (${creditReads.length})`);
    assert.deepStrictEqual(a.highlightDrawnIn(uri), []);
  });

  it('comes back when the document is shown again while reading', async function () {
    this.timeout(90_000);
    const a = await api();
    const { text: DOC } = makeDoc();
    const editor = await openDoc('reshow.txt', DOC);
    const uri = editor.document.uri.toString();
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    await until('a highlight is drawn', () => a.highlightDrawnIn(uri).length > 0);
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await until('the document is hidden', () => a.highlightDrawnIn(uri).length === 0);
    await vscode.window.showTextDocument(editor.document);
    await until('the highlight is drawn again', () => a.highlightDrawnIn(uri).length > 0);
    await vscode.commands.executeCommand(Commands.stop);
    await run;
    assert.strictEqual(a.highlight(), undefined, 'Stop clears the highlight');
  });
});
