// Notebooks in the real editor: Speak Document on an .ipynb open in the notebook editor sends Evolink the
// words of its Markdown cells in order (code cells skipped or announced per evolinkTts.codeBlocks), in one
// reading that goes on from cell to cell, and each highlight lands in the cell it reads from. Stop ends the
// whole reading, not just the cell.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { HighlightRecord } from '../../src/publicApi';
import { api, env, until, waitForRest } from './helpers';
import { collectHighlights, prompts, reach, readingSuite, speakDocumentHighlights, withSettings } from './proofread';

const FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats', 'analysis.ipynb');
const WORD = /[\p{L}\p{N}]+/gu;
const words = (s: string): string[] => s.match(WORD) ?? [];

/** The prose words of a Markdown cell: link targets and list numbers are not prose; "day/month" is "day slash month". */
function prose(md: string): string[] {
  return words(md.replace(/\]\([^)]*\)/g, ']').replace(/^\d+\. /gm, '').replace(/(?<=\p{L})\/(?=\p{L})/gu, ' slash '));
}

async function openNotebook(): Promise<vscode.NotebookEditor> {
  const file = path.join(env.workspace, 'analysis.ipynb');
  fs.copyFileSync(FIXTURE, file);
  let notebook: vscode.NotebookDocument;
  try {
    notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  } catch (e) {
    throw new Error(`this editor cannot open .ipynb files (the built-in ipynb serializer is missing?): ${String(e)}`);
  }
  return vscode.window.showNotebookDocument(notebook);
}

/** Each highlight is in a cell, holds the text it says it holds, and cells are visited in order. */
function checkHighlights(nb: vscode.NotebookDocument, seen: (HighlightRecord | undefined)[]): number[] {
  const cells = nb.getCells();
  const visited: number[] = [];
  for (const h of seen) {
    if (!h) continue;
    const i = cells.findIndex((c) => c.document.uri.toString() === h.uri);
    assert.ok(i >= 0, `highlight in ${h.uri}, which is no cell of the notebook`);
    assert.strictEqual(cells[i].document.getText().slice(h.start, h.end), h.text, `highlight ${h.start}–${h.end} of cell ${i}`);
    if (visited.at(-1) !== i) visited.push(i);
  }
  for (let k = 1; k < visited.length; k++) assert.ok(visited[k] > visited[k - 1], `cells highlighted in order: ${visited.join(', ')}`);
  return visited;
}

describe('Notebooks: Speak Document reads the cells', function () {
  this.timeout(180_000);
  readingSuite({ cacheMaxMegabytes: 0, urls: 'read', playbackRate: 4 });

  it('reads every Markdown cell in order, code cells skipped, the highlight in each cell', async () => {
    const a = await api();
    const restore = await withSettings({ codeBlocks: 'skip' });
    try {
      const editor = await openNotebook();
      const nb = editor.notebook;
      const markdown = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Markup);
      assert.ok(markdown.length >= 4);
      // What the user sees: the sentence drawn in an editor of the cell it is read from.
      const drawn = new Set<string>();
      const sampler = setInterval(() => {
        const h = a.highlight();
        if (h && a.highlightDrawnIn(h.uri).length) drawn.add(h.uri);
      }, 50);
      let seen: (HighlightRecord | undefined)[];
      try {
        seen = await speakDocumentHighlights(a);
      } finally {
        clearInterval(sampler);
      }
      assert.deepStrictEqual(markdown.filter((c) => !drawn.has(c.document.uri.toString())).map((c) => c.index), [], 'cells whose highlight was never drawn in an editor');
      const said = words((await prompts()).join(' '));
      assert.deepStrictEqual(said, markdown.flatMap((c) => prose(c.document.getText())), 'the Markdown cells\' words, in order, once');
      assert.ok(!said.includes('import') && !said.includes('pd'), 'no code read');
      const visited = checkHighlights(nb, seen);
      assert.deepStrictEqual(visited, markdown.map((c) => c.index), 'every Markdown cell highlighted, in order');
    } finally {
      await restore();
    }
  });

  it('codeBlocks announce: each code cell is announced in its place, highlighted in the code cell', async () => {
    const a = await api();
    const restore = await withSettings({ codeBlocks: 'announce' });
    try {
      const editor = await openNotebook();
      const nb = editor.notebook;
      const seen = await speakDocumentHighlights(a);
      const said = (await prompts()).join(' ');
      const expected = nb.getCells().flatMap((c) => {
        if (c.kind === vscode.NotebookCellKind.Markup) return prose(c.document.getText());
        const n = c.document.lineCount - (c.document.lineAt(c.document.lineCount - 1).isEmptyOrWhitespace ? 1 : 0);
        return words(`Code cell in Python, ${n} lines.`);
      });
      assert.deepStrictEqual(words(said), expected);
      const visited = checkHighlights(nb, seen);
      assert.deepStrictEqual(visited, nb.getCells().map((c) => c.index), 'every cell highlighted, in order');
    } finally {
      await restore();
    }
  });

  it('Stop in the second cell ends the whole reading', async () => {
    const a = await api();
    const restore = await withSettings({ codeBlocks: 'skip' });
    const rec = collectHighlights(a);
    try {
      const editor = await openNotebook();
      const cells = editor.notebook.getCells();
      const second = cells.filter((c) => c.kind === vscode.NotebookCellKind.Markup)[1].document.uri.toString();
      const run = vscode.commands.executeCommand(Commands.speakDocument);
      await until('a highlight in the second Markdown cell', () => rec.seen.some((h) => h?.uri === second), 60_000);
      await vscode.commands.executeCommand(Commands.stop);
      await run;
      const end = await waitForRest(a, 30_000);
      assert.strictEqual(end.kind, 'cancelled');
      const sent = (await prompts()).length;
      await new Promise((r) => setTimeout(r, 1500));
      assert.strictEqual((await prompts()).length, sent, 'nothing more is asked for after Stop');
      assert.strictEqual(a.state.kind, 'cancelled');
    } finally {
      rec.dispose();
      await restore();
    }
  });

  it('Speak from Cursor in a cell reads from the sentence at the cursor in that cell on', async () => {
    const a = await api();
    const restore = await withSettings({ codeBlocks: 'skip' });
    try {
      const editor = await openNotebook();
      const cells = editor.notebook.getCells();
      const markdown = cells.filter((c) => c.kind === vscode.NotebookCellKind.Markup);
      const cell = markdown[2];
      const text = cell.document.getText();
      const at = text.indexOf('Summer days');
      assert.ok(at > 0);
      // The cell's editor, with the cursor in it (a Markdown cell shows its source while it is edited).
      editor.selection = new vscode.NotebookRange(cell.index, cell.index + 1);
      await vscode.commands.executeCommand('notebook.cell.edit');
      await until('the cell\'s editor has focus', () => vscode.window.activeTextEditor?.document === cell.document);
      const cellEditor = vscode.window.activeTextEditor!;
      cellEditor.selection = new vscode.Selection(cell.document.positionAt(at + 3), cell.document.positionAt(at + 3));
      const rec = collectHighlights(a);
      try {
        const run = vscode.commands.executeCommand(Commands.speakFromCursor);
        await reach(a, ['done', 'failed', 'cancelled'], 90_000);
        await run;
        assert.strictEqual((await waitForRest(a)).kind, 'done');
      } finally {
        rec.dispose();
      }
      const expected = [...prose(text.slice(at)), ...markdown.slice(3).flatMap((c) => prose(c.document.getText()))];
      assert.deepStrictEqual(words((await prompts()).join(' ')), expected);
      assert.strictEqual(checkHighlights(editor.notebook, rec.seen)[0], cell.index);
    } finally {
      await restore();
    }
  });
});
