// HTML, reStructuredText and AsciiDoc in the real editor: Speak Document sends Evolink the words a reader
// would say (no tags, no markup, code blocks announced), every word once and in order, and the highlight
// lands on each sentence's own source text.
import * as assert from 'assert';
import type { HighlightRecord } from '../../src/publicApi';
import { api } from './helpers';
import { openDoc, prompts, readingSuite, speakDocumentHighlights, uniqueTag } from './proofread';

const words = (s: string): string[] => (s.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase());

interface Case {
  file: string;
  languageId: string;
  text: (tag: string) => string;
  said: (tag: string) => string[];
  /** The source of a highlight without its markup, to compare with a sentence's words. */
  plain: (source: string) => string;
}

const CODE = 'Code block in Python, 1 line.';

const CASES: Case[] = [
  {
    file: 'page.html',
    languageId: 'html',
    text: (tag) => [
      '<!doctype html>',
      '<html><head><title>The title is not read</title><style>body { margin: 0 }</style>',
      '<script>var notRead = "script";</script></head>',
      '<body>',
      `<h1>Listening to ${tag}</h1>`,
      '<p>The first paragraph has <em>two</em> sentences &amp; a reference.',
      '   It ends here.</p>',
      '<!-- a comment that is not read -->',
      '<ul><li>One item is short.</li><li>Another item follows it.</li></ul>',
      '<pre><code class="language-python">print("never read")\n</code></pre>',
      '<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>',
      `<p><img src="x.png" alt="A picture of ${tag}"> closes the page.</p>`,
      '</body></html>',
      '',
    ].join('\n'),
    said: (tag) => [`Listening to ${tag}.`, 'The first paragraph has two sentences & a reference.', 'It ends here.', 'One item is short.',
      'Another item follows it.', CODE, 'Name, Age.', 'Ann, 31.', `A picture of ${tag} closes the page.`],
    plain: (s) => s.replace(/<img[^>]*alt="([^"]*)"[^>]*>/g, ' $1 ').replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&'),
  },
  {
    file: 'guide.rst',
    languageId: 'restructuredtext',
    text: (tag) => [
      `${tag} guide`,
      '='.repeat(tag.length + 8),
      '',
      '.. a comment that is not read',
      '',
      'The first paragraph has *two* sentences and a ``literal``.',
      'It ends here.',
      '',
      '- One item is short.',
      '- Another item follows it.',
      '',
      '.. code-block:: python',
      '',
      '   print("never read")',
      '',
      '.. note::',
      '   Keep the key secret.',
      '',
      `Read the \`user guide <https://example.com/guide>\`_ before ${tag}.`,
      '',
    ].join('\n'),
    said: (tag) => [`${tag} guide.`, 'The first paragraph has two sentences and a literal.', 'It ends here.', 'One item is short.',
      'Another item follows it.', CODE, 'Note.', 'Keep the key secret.', `Read the user guide before ${tag}.`],
    plain: (s) => s.replace(/<https?:[^>]*>/g, ' ').replace(/^\.\. (\w+)::.*$/gm, '$1').replace(/^=+$/gm, ''),
  },
  {
    file: 'guide.adoc',
    languageId: 'asciidoc',
    text: (tag) => [
      `= ${tag} guide`,
      'Ann Author <ann@example.com>',
      ':toc:',
      '',
      '// a comment that is not read',
      'The first paragraph has _two_ sentences and a `literal`.',
      'It ends here.',
      '',
      '* One item is short.',
      '* Another item follows it.',
      '',
      '[source,python]',
      '----',
      'print("never read")',
      '----',
      '',
      'NOTE: Keep the key secret.',
      '',
      `Read the link:https://example.com/guide[user guide] before ${tag}.`,
      '',
    ].join('\n'),
    said: (tag) => [`${tag} guide.`, 'The first paragraph has two sentences and a literal.', 'It ends here.', 'One item is short.',
      'Another item follows it.', CODE, 'Note: Keep the key secret.', `Read the user guide before ${tag}.`],
    plain: (s) => s.replace(/link:\S+?\[/g, ' '),
  },
];

describe('HTML, reStructuredText and AsciiDoc read as their pages say them', () => {
  // No audio cache: every part must reach the simulator, so its record of prompts is the whole reading.
  readingSuite({ playbackRate: 3, cacheMaxMegabytes: 0, codeBlocks: 'announce' });

  for (const c of CASES) {
    it(`${c.languageId}: the prompts hold the words a reader says, in order, and each highlight is one sentence's own source`, async function () {
      this.timeout(120_000);
      const a = await api();
      const tag = uniqueTag();
      const editor = await openDoc(c.file, c.text(tag));
      assert.strictEqual(editor.document.languageId, c.languageId, 'the editor knows the language');
      const seen = await speakDocumentHighlights(a);
      const expected = c.said(tag);
      const sent = await prompts();
      assert.deepStrictEqual(words(sent.join(' ')), words(expected.join(' ')), `every word in order, once: ${JSON.stringify(sent)}`);
      assert.ok(!sent.some((p) => /not read|never read|https?:|[<>*`_=]|\bmargin\b|ann@/.test(p)), `no markup, head, script, comment or code is read: ${JSON.stringify(sent)}`);
      assert.ok(sent.join(' ').includes(CODE), 'the code block is announced');

      const shown = seen.filter((h): h is HighlightRecord => h !== undefined);
      assert.ok(shown.length >= 3, `the highlight moved (${shown.length})`);
      const doc = editor.document.getText();
      const bySentence = expected.map((e) => words(e).join(' '));
      const landed: number[] = [];
      for (const h of shown) {
        const source = doc.slice(h.start, h.end);
        const i = source.includes('print("never read")') ? expected.indexOf(CODE) : bySentence.indexOf(words(c.plain(source)).join(' '));
        assert.ok(i >= 0, `highlight ${h.start}–${h.end} is one sentence's own text: ${JSON.stringify(source)}`);
        landed.push(i);
      }
      assert.ok(landed.every((i, k) => k === 0 || i >= landed[k - 1]), `in reading order: ${landed.join(',')}`);
      assert.strictEqual(landed.at(-1), expected.length - 1, 'the last sentence is highlighted');
    });
  }
});
