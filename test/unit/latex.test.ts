// The LaTeX reader and mathematics: a realistic paper and seeded generated documents say every prose word in
// order, mapped back to where it was written, and none of the markup; settings change what is said; bad
// input never throws and loses no prose; Markdown maths is spoken too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BLOCK_CAP, splitBlocks } from '../../src/speech/blocks';
import { ensureMath, mathFailure } from '../../src/speech/formats/math';
import { prepareText, type PrepareOptions } from '../../src/speech/textPrep';
import { docSeed } from '../fixtures/docgen';
import { generateLatex } from '../fixtures/latexgen';
import { checkSpoken, spokenWords, WORD, type ExpectedWord } from '../fixtures/spokenCheck';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/formats');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const TEX: PrepareOptions = { languageId: 'latex', codeBlocks: 'announce', math: 'speak', latexReferences: 'announce' };

/** Markup that a LaTeX reader must never say. */
const MARKUP = ['\\', '{', '}', '$', '%', '~', 'documentclass', 'usepackage', 'begin', 'end{', 'itemize', 'tabular', 'emph', 'textbf',
  'cite', 'eqref', 'label', 'hline', 'maketitle', 'bibliography', 'footnote', 'centering', 'lcc', 'sec:', 'eq:', 'tab:'];

/** Spoken words that stand for a whole construct: their range starts at a command or a formula. */
const inserted = (source: string) => (w: { start: number; end: number }): boolean => /^[\\$]/.test(source.slice(w.start, w.end));

/**
 * The prose words of a LaTeX source, found independently of the reader: the body without comments,
 * mathematics, the arguments of referencing and set-up commands, environment names and command names.
 * Footnote words are marked as moved (they are read after their sentence).
 */
function proseWords(source: string): ExpectedWord[] {
  const from = source.indexOf('\\begin{document}');
  const to = source.indexOf('\\end{document}');
  const chars = source.split('');
  const blank = (s: number, e: number): void => {
    for (let i = s; i < e; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  blank(0, from < 0 ? 0 : from);
  if (to >= 0) blank(to, source.length);
  const masks = [
    /%[^\n]*/g,
    /\$[^$]*\$/g,
    /\\\[[\s\S]*?\\\]/g,
    /\\begin\{equation\}[\s\S]*?\\end\{equation\}/g,
    /\\(?:label|cite|citep|ref|eqref|bibliographystyle|bibliography|usepackage|documentclass|begin|end|includegraphics)(?:\[[^\]]*\])?\{[^}]*\}(?:\[[^\]]*\]|\{[lcr|]+\})?/g,
    /\\[A-Za-z]+\*?/g,
  ];
  let masked = chars.join('');
  for (const re of masks) {
    masked = masked.replace(re, (m) => m.replace(/[^\n]/g, ' '));
  }
  const footnotes: Array<[number, number]> = [];
  for (const m of source.matchAll(/\\footnote\{/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < source.length && depth > 0; i++) depth += source[i] === '{' ? 1 : source[i] === '}' ? -1 : 0;
    footnotes.push([m.index, i]);
  }
  return [...masked.matchAll(WORD)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
    moved: footnotes.some(([s, e]) => m.index > s && m.index < e),
  }));
}

describe('LaTeX and mathematics', function () {
  this.timeout(60_000);
  before(async () => {
    await ensureMath();
    assert.equal(mathFailure(), undefined);
  });

  it('the paper: every prose word in order, mapped to where it is written, no markup, maths in words', () => {
    const source = read('paper.tex');
    const p = prepareText(source, TEX);
    const expected = proseWords(source);
    assert.ok(expected.length > 200, `only ${expected.length} prose words found`);
    assert.deepEqual(checkSpoken(source, p, expected, { markup: MARKUP, inserted: inserted(source) }), []);
    // Nothing of the preamble: its title and the comment in it.
    for (const w of ['Sparse', 'Lovelace', 'circulate', 'amsmath']) assert.ok(!p.spoken.includes(w), `${w} is said`);
    // Headings are sentences of their own; citations and references are announced; the footnote follows
    // its sentence; the table is read row by row; maths in words.
    assert.match(p.spoken, /(^|\n)Introduction\.\n/);
    assert.match(p.spoken, /rows than columns citation\./);
    assert.match(p.spoken, /measurement matrix\. Footnote: A vector is k-sparse when at most k of its entries are nonzero\.\n/);
    assert.match(p.spoken, /\nMethod, Success rate, Time\.\nBasis pursuit, 0\.97, 12 seconds\.\n/);
    assert.match(p.spoken, /Section reference\./);
    assert.match(p.spoken, /solution of equation reference obeys/);
    assert.match(p.spoken, /the noise level\. We solve the program .*less than or equal to sigma\. Theorem\./);
    assert.match(p.spoken, /y equals A x plus e/);
    assert.match(p.spoken, /two pages — most/);
    // A formula maps to its whole source.
    const at = p.spoken.indexOf('y equals A x plus e');
    assert.equal(source.slice(p.toSource(at), p.toSourceEnd(at + 'y equals A x plus e'.length)), '$y = Ax + e$');
  });

  it('seeded generated documents: every prose word in order and in place, no markup, nothing silent said', () => {
    let checked = 0;
    for (const references of ['announce', 'skip'] as const) {
      for (let i = 0; i < 25; i++) {
        const doc = generateLatex(docSeed(0x7e1a, i), references);
        const p = prepareText(doc.source, { ...TEX, latexReferences: references });
        const problems = checkSpoken(doc.source, p, doc.words, { markup: [...MARKUP, 'customword', 'textit', 'mbox'], inserted: inserted(doc.source) });
        for (const w of doc.silent) if (new RegExp(`\\b${w}\\b`).test(p.spoken)) problems.push(`silent "${w}" is said`);
        if (references === 'skip') for (const w of ['citation', 'reference', 'Footnote']) if (p.spoken.includes(w)) problems.push(`"${w}" is said`);
        assert.deepEqual(problems, [], `seed ${doc.seed} (${references}):\n${doc.source}\n---\n${p.spoken}`);
        checked += doc.words.length;
      }
    }
    assert.ok(checked > 3000, `only ${checked} words checked`);
  });

  it('blocks cover the document in order, the preamble and what follows \\end{document} silent, each within the cap', () => {
    for (let i = 0; i < 20; i++) {
      const { source } = generateLatex(docSeed(0xb10c, i), 'announce');
      const long = source.replace(/\n\n/g, '\n').repeat(3);
      for (const text of [source, long]) {
        const { blocks } = splitBlocks(text, 'latex');
        let at = 0;
        for (const b of blocks) {
          assert.equal(b.start, at);
          assert.ok(b.end > b.start);
          if (!b.silent) assert.ok(b.end - b.start <= BLOCK_CAP, `block of ${b.end - b.start}`);
          at = b.end;
        }
        assert.equal(at, text.length);
        assert.equal(blocks[0].silent, true);
        assert.ok(text.slice(blocks[0].start, blocks[0].end).endsWith('\\begin{document}\n'));
      }
    }
    // A paragraph is not cut inside an environment that spans a blank line.
    const src = 'One two.\n\n\\begin{itemize}\n\\item three\n\n\\item four\n\\end{itemize}\n\nFive.\n';
    assert.deepEqual(splitBlocks(src, 'latex').blocks.map((b) => src.slice(b.start, b.end)),
      ['One two.\n\n', '\\begin{itemize}\n\\item three\n\n\\item four\n\\end{itemize}\n\n', 'Five.\n']);
  });

  it('settings: maths announced or skipped, references and footnotes skipped, code blocks per codeBlocks', () => {
    const src = 'As shown~\\cite{k} in Section~\\ref{s}, $x^2$ grows.\\footnote{Quickly.} Next.\n\n\\begin{verbatim}\nprint(1)\n\\end{verbatim}\n';
    assert.equal(prepareText(src, TEX).spoken, 'As shown citation in Section reference, x squared grows. Footnote: Quickly.\nNext.\nCode block, 1 line.\n');
    assert.equal(prepareText(src, { ...TEX, math: 'announce' }).spoken.split('\n')[0], 'As shown citation in Section reference, formula grows. Footnote: Quickly.');
    assert.equal(prepareText(src, { ...TEX, math: 'skip', latexReferences: 'skip', codeBlocks: 'skip' }).spoken, 'As shown in Section, grows. Next.\n');
    assert.match(prepareText(src, { ...TEX, codeBlocks: 'read' }).spoken, /\nprint\(1\)\.?\n/);
  });

  it('bad input never throws and keeps its prose', () => {
    const cases = [
      'An unclosed {brace keeps its words here.',
      'A stray } brace and more words.',
      'An \\begin{unknownenv}[opt]{arg} environment with words \\end{unknownenv} after.',
      'Mismatched \\begin{itemize}\\item words here\\end{enumerate} after.',
      'Code \\verb|a{b$c| inline and \\verb+x+ words.',
      'A lonely $ dollar with words after.',
      'A \\[ display never closed with words.',
      `${'{'.repeat(5000)}deep words${'}'.repeat(5000)}`,
      `${'\\begin{quote}'.repeat(300)}nested words${'\\end{quote}'.repeat(300)}`,
      '',
      '\\begin{document}',
      '\\end{document}',
      '%only a comment',
      'Text \\\\ \\\\[2pt] with breaks \\newline here.',
    ];
    for (const src of cases) {
      const p = prepareText(src, TEX);
      const spoken = new Set(spokenWords(p).map((w) => w.text));
      const prose = (src.match(/\b(?:words|brace|keeps|environment|after|here|inline|dollar|display|deep|nested|breaks|more|Code)\b/g) ?? []);
      for (const w of prose) assert.ok(spoken.has(w), `"${w}" lost from ${JSON.stringify(src.slice(0, 60))}: ${JSON.stringify(p.spoken.slice(0, 200))}`);
      assert.doesNotMatch(p.spoken, /unknownenv|itemize|enumerate|verb/);
    }
  });

  it('Markdown maths: inline and display formulas in words, dollar amounts as written, the setting honoured', () => {
    const source = read('math.md');
    const md: PrepareOptions = { languageId: 'markdown', codeBlocks: 'announce', math: 'speak' };
    const p = prepareText(source, md);
    assert.match(p.spoken, /The temperature u of open paren x comma t close paren satisfies/);
    assert.match(p.spoken, /the fraction with numerator partial differential u and denominator partial differential t equals alpha/);
    assert.match(p.spoken, /A sensor costs \$5 and a cable costs \$10, which is cheap\./);
    // Every word outside the formulas is said, in order, where it is written.
    const masked = source.replace(/\$\$[\s\S]*?\$\$|\$(?![ \d])[^$\n]*[^ $]\$(?!\d)/g, (m) => m.replace(/[^\n]/g, ' ')).replace(/^#+ |^- /gm, (m) => ' '.repeat(m.length));
    const expected = [...masked.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
    assert.deepEqual(checkSpoken(source, p, expected, { markup: ['$$', '\\frac', '\\alpha', '{'], inserted: inserted(source) }), []);
    assert.match(prepareText(source, { ...md, math: 'announce' }).spoken, /The temperature formula satisfies/);
    assert.match(prepareText(source, { ...md, math: 'skip' }).spoken, /The temperature {2}satisfies/);
  });
});
