// Speak Document on a LaTeX file in the real editor: the prompts Evolink receives are the words a reader
// would say (no preamble, no commands, maths in words, the citation announced, the footnote after its
// sentence), and the highlight lands on each sentence's own source text.
import * as assert from 'assert';
import type { HighlightRecord } from '../../src/publicApi';
import { api } from './helpers';
import { openDoc, prompts, readingSuite, speakDocumentHighlights, uniqueTag } from './proofread';

const words = (s: string): string[] => s.match(/[\p{L}\p{N}]+/gu) ?? [];

function paper(tag: string): string {
  return [
    '\\documentclass{article}',
    '\\usepackage{amsmath}',
    '\\title{The preamble is never read}',
    '\\begin{document}',
    '\\maketitle',
    `\\section{Results for ${tag}}\\label{sec:results}`,
    'We measured $x^2$ for every sample~\\cite{smith2020}.\\footnote{Twice, in fact.} The error stayed',
    'small, as \\emph{expected}. % a comment that is not read',
    '',
    '\\begin{itemize}',
    '  \\item The first point is \\textbf{bold}.',
    `  \\item The second point closes with ${tag}.`,
    '\\end{itemize}',
    '\\end{document}',
    '',
  ].join('\n');
}

describe('LaTeX: Speak Document', () => {
  // No audio cache: every part must reach the simulator, so its record of prompts is the whole reading.
  readingSuite({ playbackRate: 3, cacheMaxMegabytes: 0, math: 'speak', 'latex.references': 'announce' });

  it('sends the spoken words of the paper and highlights each sentence in its source', async function () {
    this.timeout(120_000);
    const a = await api();
    const tag = uniqueTag();
    const editor = await openDoc('paper.tex', paper(tag));
    assert.strictEqual(editor.document.languageId, 'latex');
    const seen = await speakDocumentHighlights(a);
    const expected = [
      `Results for ${tag}.`,
      'We measured x squared for every sample citation.',
      'Footnote: Twice, in fact.',
      'The error stayed small, as expected.',
      'The first point is bold.',
      `The second point closes with ${tag}.`,
    ];
    const sent = await prompts();
    assert.deepStrictEqual(words(sent.join(' ')), words(expected.join(' ')), `every word in order, once: ${JSON.stringify(sent)}`);
    assert.ok(!sent.some((p) => /\\|\{|\}|\$|preamble|comment|itemize|section/.test(p)), `no markup is read: ${JSON.stringify(sent)}`);

    const doc = editor.document.getText();
    const shown = seen.filter((h): h is HighlightRecord => h !== undefined);
    const sources = shown.map((h) => doc.slice(h.start, h.end));
    const body = doc.indexOf('\\maketitle');
    assert.ok(shown.every((h) => h.start >= body && h.end <= doc.indexOf('\\end{document}')), `highlights stay in the body: ${JSON.stringify(sources)}`);
    // Each sentence's highlight covers its own source: the heading, the formula with its sentence, the
    // footnote, the list items.
    const landed = (what: RegExp): boolean => sources.some((s) => what.test(s));
    assert.ok(landed(new RegExp(`Results for ${tag}`)), `the heading: ${JSON.stringify(sources)}`);
    assert.ok(landed(/^We measured \$x\^2\$ for every sample~\\cite\{smith2020\}\.?$/), `the sentence with its formula: ${JSON.stringify(sources)}`);
    assert.ok(landed(/The error stayed\s+small, as \\emph\{expected\}\./), `the sentence across a line: ${JSON.stringify(sources)}`);
    assert.ok(landed(/The first point is \\textbf\{bold\}\./), `the first item: ${JSON.stringify(sources)}`);
    assert.ok(landed(new RegExp(`The second point closes with ${tag}\\.`)), `the last item: ${JSON.stringify(sources)}`);
  });
});
