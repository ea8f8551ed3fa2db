// A notebook read cell by cell: which cells are read and how (Markdown cells as Markdown, code cells per
// evolinkTts.codeBlocks), and for each cell read, every prose word said in order and mapped back into that
// cell's own text (the highlight is drawn in the cell's editor from these offsets). The notebook is a small
// data analysis in the usual shape: headings, lists, links, emphasis, a quote, Python cells with outputs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cellReadings, type CellInfo } from '../../src/speech/notebook';
import { prepareText, type CodeBlocks, type PrepareOptions } from '../../src/speech/textPrep';
import { checkSpoken, WORD, type ExpectedWord } from '../fixtures/spokenCheck';

const FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats', 'analysis.ipynb');

/** The cells of an .ipynb file as the notebook editor gives them (nbformat 4: `source` is a list of lines). */
function cellsOf(file: string): CellInfo[] {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: Array<{ cell_type: string; source: string | string[] }>; metadata: { language_info?: { name?: string } } };
  const language = nb.metadata.language_info?.name ?? 'python';
  return nb.cells.map((c) => ({
    kind: c.cell_type === 'markdown' ? 'markup' : 'code',
    languageId: c.cell_type === 'markdown' ? 'markdown' : language,
    text: Array.isArray(c.source) ? c.source.join('') : c.source,
  }));
}

/** The prose words of a Markdown cell with where they are written: link targets and list numbers are not prose. */
function proseWords(md: string): ExpectedWord[] {
  const hidden: Array<[number, number]> = [];
  for (const m of md.matchAll(/\]\([^)]*\)/g)) hidden.push([m.index, m.index + m[0].length]);
  for (const m of md.matchAll(/^\d+\.(?= )/gm)) hidden.push([m.index, m.index + m[0].length]);
  return [...md.matchAll(WORD)]
    .filter((m) => !hidden.some(([a, z]) => m.index >= a && m.index < z))
    .map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
}

const base = (codeBlocks: CodeBlocks): PrepareOptions => ({ languageId: 'markdown', codeBlocks, urls: 'read' });

describe('Notebooks: cells read in order', () => {
  const cells = cellsOf(FIXTURE);
  const markdown = cells.flatMap((c, i) => (c.kind === 'markup' ? [i] : []));
  const code = cells.flatMap((c, i) => (c.kind === 'code' ? [i] : []));

  it('the fixture has Markdown and Python cells between each other', () => {
    assert.ok(markdown.length >= 4 && code.length >= 2, `${markdown.length} Markdown, ${code.length} code cells`);
    assert.ok(code.some((i) => i > markdown[0] && i < markdown[markdown.length - 1]));
  });

  it('codeBlocks skip: only the Markdown cells, in order; from a later cell on, only from there', () => {
    assert.deepEqual(cellReadings(cells, base('skip')).map((r) => r.index), markdown);
    assert.deepEqual(cellReadings(cells, base('skip'), 3).map((r) => r.index), markdown.filter((i) => i >= 3));
    assert.deepEqual(cellReadings(cells, base('announce')).map((r) => r.index), cells.map((_c, i) => i));
    assert.deepEqual(cellReadings([...cells, { kind: 'markup', languageId: 'markdown', text: ' \n' }], base('read')).map((r) => r.index), cells.map((_c, i) => i), 'an empty cell is left out');
  });

  it('every Markdown cell says each prose word in order, mapped into its own text, with no markup', () => {
    let said = 0;
    for (const r of cellReadings(cells, base('skip'))) {
      const src = cells[r.index].text;
      const p = prepareText(src, r.prep);
      const problems = checkSpoken(src, p, proseWords(src), { markup: ['#', '**', '](', '`', 'https', '> '] });
      assert.deepEqual(problems, [], `cell ${r.index}: ${p.spoken}`);
      said += proseWords(src).length;
    }
    assert.ok(said > 200, `${said} prose words`);
  });

  it('codeBlocks announce: a code cell is "Code cell in Python, N lines." standing for the cell', () => {
    const r = cellReadings(cells, base('announce')).filter((x) => cells[x.index].kind === 'code');
    assert.equal(r.length, code.length);
    for (const x of r) {
      const src = cells[x.index].text;
      const p = prepareText(src, x.prep);
      const lines = src.replace(/\n+$/, '').split('\n').length;
      assert.equal(p.spoken.trim(), `Code cell in Python, ${lines} line${lines === 1 ? '' : 's'}.`);
      assert.equal(p.toSource(0), 0);
      assert.ok(p.toSourceEnd(p.spoken.length) > src.indexOf('\n'), 'the announcement stands for the cell, not a point');
    }
  });

  it('codeBlocks read: a code cell is read as it is, each character mapped to itself', () => {
    for (const x of cellReadings(cells, base('read')).filter((y) => cells[y.index].kind === 'code')) {
      const src = cells[x.index].text;
      const p = prepareText(src, x.prep);
      assert.equal(p.spoken, src);
      for (let i = 0; i < src.length; i += 7) assert.equal(p.toSource(i), i);
    }
  });
});
