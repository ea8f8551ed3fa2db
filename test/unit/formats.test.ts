// HTML, reStructuredText and AsciiDoc read as their rendered pages say them. Real pages (test/fixtures/formats,
// written by others: libffi's manual, CPython's email package notes, Eclipse Jetty's README) and seeded
// generated documents go through one checker: the spoken text holds the prose in order, none of the markup,
// and every spoken word maps back to a source range that holds that word. Bad input never throws and loses
// no prose.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { splitBlocks } from '../../src/speech/blocks';
import { formatReader } from '../../src/speech/formats/load';
import { prepareText, type CodeBlocks, type PreparedText } from '../../src/speech/textPrep';
import { prng } from '../fixtures/prng';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const WORD = /[\p{L}\p{N}]+/gu;
const words = (s: string): string[] => (s.match(WORD) ?? []).map((w) => w.toLowerCase());

/** The source text a spoken range stands for, character references decoded (for HTML). */
function sourceText(source: string, a: number, z: number): string {
  return source.slice(a, z).replace(/&(#[xX][0-9a-fA-F]+|#\d+|[A-Za-z][A-Za-z0-9]*);?/g, (r, ref: string) => {
    if (ref.startsWith('#')) {
      const n = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\uFFFD';
    }
    const d = decodeNamedCharacterReference(ref);
    return d === false ? r : d;
  });
}

/**
 * The checker: `prose` (phrases of the source, in order) is spoken in order; no `markup` pattern is spoken;
 * every spoken word maps to a source range whose text holds the word (attribute values and labels stand
 * for their whole range), and the ranges of spoken words never go back.
 */
function check(p: PreparedText, source: string, prose: string[], markup: RegExp[] = []): void {
  const spokenWords = words(p.spoken);
  const joined = ` ${spokenWords.join(' ')} `;
  let from = 0;
  for (const phrase of prose) {
    const want = ` ${words(phrase).join(' ')} `;
    const at = joined.indexOf(want, from);
    assert.ok(at >= 0, `prose said in order: ${JSON.stringify(phrase)}\nspoken: ${p.spoken.slice(0, 3000)}`);
    from = at + want.length - 1;
  }
  for (const re of markup) assert.ok(!re.test(p.spoken), `no markup ${re} in: ${p.spoken.match(re)?.[0]} …${p.spoken.slice(Math.max(0, p.spoken.search(re) - 60), p.spoken.search(re) + 60)}`);
  let last = -1;
  for (const m of p.spoken.matchAll(WORD)) {
    const a = p.toSource(m.index);
    const z = p.toSourceEnd(m.index + m[0].length);
    assert.ok(a <= z && z <= source.length, `range of ${m[0]}`);
    const src = sourceText(source, a, z).toLowerCase();
    // A label said for markup ("Note", "Code block in Python, 4 lines.") stands for the whole markup.
    const said = m[0].toLowerCase();
    assert.ok(src.includes(said) || src.length > said.length || /^(note|code|block|in|lines?|\d+|formula|to|do|done|warning|tip|important|caution)$/.test(said),
      `"${m[0]}" at spoken ${m.index} maps to ${a}–${z} ${JSON.stringify(source.slice(a, z))}`);
    assert.ok(a >= last, `spoken words go forward in the source: "${m[0]}" at ${a} after ${last}`);
    last = a;
  }
}

const prep = (source: string, languageId: string, codeBlocks: CodeBlocks = 'announce'): PreparedText => prepareText(source, { languageId, codeBlocks });

describe('Format readers: HTML, reStructuredText, AsciiDoc', () => {
  it('HTML: a real manual page (libffi) says its text, not its head, style, nav markup or tags', () => {
    const src = fixture('libffi-the-basics.html');
    const p = prep(src, 'html');
    check(p, src, [
      'The Basics',
      'libffi assumes that you have a pointer to the function you wish to call and that you know the number and types of arguments',
      'The cif in ffi_cif stands for Call InterFace',
      'This initializes cif according to the given parameters',
      'Note that the resulting ffi_cif holds pointers to all the ffi_type objects that were used during initialization',
    ], [/</, />/, /&[a-z]+;/, /\bmargin-left\b/, /Copyright/, /Permission is hereby granted/]);
  });

  it('HTML: body text, alt text, headings and rows as sentences, no script, style, template, noscript, comments or hidden text', () => {
    const src = [
      '<!doctype html><html><head><title>Title is not said</title><style>p { color: red }</style>',
      '<script>var said = "never";</script></head><body>',
      '<nav><ul><li><a href="/">Home</a></li><li><a href="/docs">Docs</a></li></ul></nav>',
      '<h1 id="x">Getting started<a class="headerlink" href="#x">¶</a></h1>',
      '<p>Fish &amp; chips cost &pound;5 &mdash; <em>every</em> day.<br>Second line here</p>',
      '<!-- a comment never read -->',
      '<p><img src="a.png" alt="A diagram of the &quot;pipeline&quot;"> shows the flow.</p>',
      '<template><p>template text</p></template><noscript>enable scripts</noscript><div hidden>hidden words</div>',
      '<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>',
      '<pre><code class="language-python">print("code words")\nx = 1\n</code></pre>',
      '<p>Done.</p></body></html>',
    ].join('\n');
    const p = prep(src, 'html');
    check(p, src, ['Home', 'Docs', 'Getting started', 'Fish & chips cost £5 — every day', 'Second line here',
      'A diagram of the pipeline shows the flow', 'Name, Age', 'Ann, 31', 'Code block in Python, 2 lines', 'Done'],
    [/Title is not said/, /never/, /color/, /comment never/, /template text/, /enable scripts/, /hidden words/, /¶/, /code words/, /</]);
    assert.match(p.spoken, /Getting started\.\n/);
    assert.match(p.spoken, /Name, Age\.\nAnn, 31\.\n/);
    assert.match(p.spoken, /Second line here\n/);
    // Character references map back to their source text.
    const amp = p.spoken.indexOf('&');
    assert.equal(src.slice(p.toSource(amp), p.toSourceEnd(amp + 1)), '&amp;');
    const pound = p.spoken.indexOf('£');
    assert.equal(src.slice(p.toSource(pound), p.toSourceEnd(pound + 1)), '&pound;');
    const alt = p.spoken.indexOf('pipeline');
    assert.equal(src.slice(p.toSource(alt), p.toSourceEnd(alt + 8)), 'pipeline');
    // A <code> standing alone over several lines is a code block too; inline code is prose.
    const lone = '<p>Call <code>run()</code> first.</p><div><code class="language-js">\nlet a = 1;\nlet b = 2;\n</code></div><p>After.</p>';
    assert.equal(prep(lone, 'html').spoken, 'Call run() first.\nCode block in JavaScript, 2 lines.\nAfter.\n');
    // Code blocks follow the setting.
    assert.match(prep(src, 'html', 'read').spoken, /print\("code words"\) x = 1/);
    assert.doesNotMatch(prep(src, 'html', 'skip').spoken, /Code block|code words/);
  });

  it('reStructuredText: a real Sphinx page (CPython email architecture) says titles, paragraphs and lists, no markup', () => {
    const src = fixture('python-email-architecture.rst');
    const p = prep(src, 'restructuredtext');
    check(p, src, [
      'email Package Architecture', 'Overview', 'The email package consists of three major components',
      'An object structure that represents an email message',
      'The Policy framework provides a simple and convenient way to control the behavior of the library',
      'The Model', 'The message model is implemented by the Message class',
    ], [/:class:/, /``/, /:rfc:`/, /^=+$/m, /::/]);
  });

  it('reStructuredText: directives, code, roles, links, comments, fields and tables', () => {
    const src = [
      '.. _intro:', '', '=======', 'Install', '=======', '', '.. comment that is never read', '   nor its second line', '',
      'Read the `user guide <https://example.com/guide>`_ and :func:`~pkg.mod.parse` first.', 'Use ``pip`` with *care* and **speed** [#]_.', '',
      '.. note::', '   Keep your key secret.', '', '.. code-block:: python', '', '   import pkg', '   pkg.run()', '', 'Example::', '', '   literal code', '',
      '- first item', '- second item', '', ':Author: Ann Smith', '', '.. image:: pic.png', '   :alt: A red bicycle', '',
      '=====  =====', 'Name   Age', '=====  =====', 'Ann    31', 'Bob    42', '=====  =====', '', 'The end.', '',
    ].join('\n');
    const p = prep(src, 'restructuredtext');
    check(p, src, ['Install', 'Read the user guide and parse first', 'Use pip with care and speed', 'Note', 'Keep your key secret',
      'Code block in Python, 2 lines', 'Example', 'Code block, 1 line', 'first item', 'second item', 'Author: Ann Smith', 'A red bicycle',
      'Name, Age', 'Ann, 31', 'Bob, 42', 'The end'],
    [/never read/, /https?:/, /``/, /\*/, /\[#\]/, /_intro/, /literal code/, /import pkg/, /::/, /===/]);
    assert.match(prep(src, 'restructuredtext', 'read').spoken, /import pkg pkg\.run\(\)/);
  });

  it('AsciiDoc: a real README (Eclipse Jetty) says titles, lists and links as text, code blocks announced', () => {
    const src = fixture('jetty-home-readme.adoc');
    const p = prep(src, 'asciidoc');
    check(p, src, ['ECLIPSE JETTY', 'The Eclipse Jetty Project provides a', 'Jakarta EE Servlet Container',
      'Jetty is available under an open source license, and the full source code is available at GitHub', 'Quick Setup',
      'Code block, 4 lines', 'Point your browser at http localhost 8080 to see the demo web applications deployed in Jetty'],
    [/link:/, /\[/, /`/, /\/\/ tag/, /java -jar/, /^=+ /m, /\+\*/]);
  });

  it('AsciiDoc: header, attributes, admonitions, blocks, description lists and tables', () => {
    const src = [
      '= User Guide', 'Ann Smith <ann@example.com>', 'v1.0, 2024-01-01', ':product: Lantern', '', '== First steps', '',
      'Install {product} with _care_ and *speed*, see <<setup,the setup>> and xref:other.adoc#part[the other part].', '',
      '// a comment never read', 'NOTE: Keep your key secret.', '', '[source,python]', '----', 'import pkg', 'pkg.run()', '----', '',
      '////', 'block comment never read', '////', '', 'CPU:: The processor.', '', '* [x] done item', '* open item', '',
      '.Prices', '|===', '|Name |Age', '', '|Ann |31', '|===', '', 'image::pic.png[A red bicycle]', '', 'The end.', '',
    ].join('\n');
    const p = prep(src, 'asciidoc');
    check(p, src, ['User Guide', 'First steps', 'Install Lantern with care and speed, see the setup and the other part', 'Note: Keep your key secret',
      'Code block in Python, 2 lines', 'CPU', 'The processor', 'Done: done item', 'open item', 'Prices', 'Name, Age', 'Ann, 31', 'A red bicycle', 'The end'],
    [/never read/, /ann@example/, /v1\.0/, /:product:/, /\{/, /\[/, /_care_/, /\*/, /<</, /import pkg/, /\|/]);
    assert.match(prep(src, 'asciidoc', 'read').spoken, /import pkg pkg\.run\(\)/);
  });

  describe('blocks', () => {
    it('cover each document in order without overlap, each prepared alone says what the whole says', () => {
      for (const [name, lang] of [['libffi-the-basics.html', 'html'], ['python-email-architecture.rst', 'restructuredtext'], ['jetty-home-readme.adoc', 'asciidoc']] as const) {
        const src = fixture(name);
        const { blocks } = splitBlocks(src, lang);
        assert.ok(blocks.length > 1, `${name}: more than one block`);
        let at = 0;
        for (const b of blocks) {
          assert.equal(b.start, at, `${name}: blocks cover the document`);
          assert.ok(b.end > b.start);
          at = b.end;
        }
        assert.equal(at, src.length);
        // Block by block, the page says what it says read whole as one block.
        const whole = formatReader(lang)!.prepare(src, { start: 0, end: src.length }, { languageId: lang, codeBlocks: 'announce' });
        assert.deepEqual(words(prep(src, lang).spoken), words(whole.spoken), `${name}: blocks say what the whole says`);
      }
    });

    it('HTML: a long page is cut between block elements, never inside a pre or a table row', () => {
      const rows = Array.from({ length: 80 }, (_, i) => `<tr><td>Row ${i} name</td><td>value ${i}</td></tr>`).join('\n');
      const pre = `<pre>${Array.from({ length: 120 }, (_, i) => `line ${i} of code`).join('\n')}</pre>`;
      const paras = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i} says a few words. It has two sentences.</p>`).join('\n');
      const src = `<html><body><div class="page">${paras}\n${pre}\n<table>${rows}</table></div></body></html>`;
      const { blocks } = splitBlocks(src, 'html');
      assert.ok(blocks.length > 3, `cut into ${blocks.length}`);
      const preStart = src.indexOf('<pre>');
      const preEnd = src.indexOf('</pre>');
      for (const b of blocks) {
        assert.ok(!(b.start > preStart && b.start < preEnd), 'not inside the pre');
        const before = src.lastIndexOf('<tr>', b.start - 1);
        const after = src.lastIndexOf('</tr>', b.start - 1);
        assert.ok(before < 0 || after > before || b.start === before, `not inside a row at ${b.start}`);
      }
      const p = prep(src, 'html', 'read');
      check(p, src, ['Paragraph 0 says a few words', 'Paragraph 59 says a few words', 'line 0 of code line 1 of code', 'Row 0 name, value 0', 'Row 79 name, value 79']);
    });
  });

  it('generated documents (seeded): every prose word in order, no markup, every word mapped', () => {
    const VOCAB = ['lantern', 'river', 'orchid', 'pebble', 'harbour', 'meadow', 'violin', 'candle', 'thunder', 'apple', 'Zürich', '東京', 'naïve', 'café'];
    for (let seed = 1; seed <= 60; seed++) {
      const r = prng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
      const sentence = (): string => Array.from({ length: 3 + Math.floor(r() * 8) }, () => pick(VOCAB)).join(' ');
      const prose: string[] = [];
      const html: string[] = ['<html><head><title>skipme</title></head><body>'];
      const rst: string[] = [];
      const adoc: string[] = [];
      for (let k = 0; k < 12; k++) {
        const s = sentence();
        prose.push(s);
        const ws = s.split(' ');
        const kind = Math.floor(r() * 5);
        const wrapped = ws.map((w, i) => (i > 0 && i % 4 === 0 ? `\n${w}` : w)).join(' ').replace(/ \n/g, '\n');
        if (kind === 0) {
          html.push(`<h2>${s}</h2>`);
          rst.push(s, '-'.repeat(s.length + 2), '');
          adoc.push(`== ${s}`, '');
        } else if (kind === 1) {
          html.push(`<ul><li>${ws[0]} <em>${ws.slice(1).join(' ')}</em></li></ul>`);
          rst.push(`- ${ws[0]} *${ws.slice(1).join(' ')}*`, '');
          adoc.push(`* ${ws[0]} _${ws.slice(1).join(' ')}_`, '');
        } else if (kind === 2) {
          html.push(`<p><a href="https://x.example/${k}">${ws[0]}</a> ${ws.slice(1).join(' ')} &amp; ${ws[0]}.</p><script>skipme()</script>`);
          rst.push(`\`${ws[0]} <https://x.example/${k}>\`_ ${ws.slice(1).join(' ')} & ${ws[0]}.`, '');
          adoc.push(`link:https://x.example/${k}[${ws[0]}] ${ws.slice(1).join(' ')} & ${ws[0]}.`, '');
          prose[prose.length - 1] = `${s} ${ws[0]}`;
        } else if (kind === 3) {
          html.push('<pre>skipme code</pre>');
          rst.push('.. code-block:: text', '', '   skipme code', '');
          adoc.push('----', 'skipme code', '----', '');
          html.push(`<p>${wrapped}</p>`);
          rst.push(wrapped, '');
          adoc.push(wrapped, '');
        } else {
          html.push(`<!-- skipme --><div>${wrapped}</div>`);
          rst.push('.. skipme comment', '', `**${s}**`, '');
          adoc.push('// skipme comment', `*${s}*`, '');
        }
      }
      html.push('</body></html>');
      for (const [src, lang] of [[html.join('\n'), 'html'], [rst.join('\n'), 'restructuredtext'], [adoc.join('\n'), 'asciidoc']] as const) {
        const p = prep(src, lang, 'skip');
        try {
          check(p, src, prose, [/skipme/, /https?:/, /[<>*`_]/]);
          assert.deepEqual(words(p.spoken), words(prose.join(' ')), 'exactly the prose words');
        } catch (e) {
          throw new Error(`seed ${seed}, ${lang}: ${(e as Error).message}\n--- source ---\n${src}`);
        }
      }
    }
  });

  it('bad input never throws and loses no prose', () => {
    const r = prng(7);
    const junk = Array.from({ length: 3000 }, () => String.fromCharCode(Math.floor(r() * 0x2000))).join('');
    const cases: Array<[string, string, string[]]> = [
      ['html', '', []],
      ['html', '<p>Unclosed <b>bold <i>italic <div>inside div', ['Unclosed bold italic', 'inside div']],
      ['html', '<p>Mis <b>nested</p> tags</b> still said', ['Mis nested', 'tags still said']],
      ['html', `${'<div>'.repeat(5000)}Deep words here${'</div>'.repeat(5000)}`, ['Deep words here']],
      ['html', `${'<span>'.repeat(5000)}Deep inline words${'</span>'.repeat(5000)}`, ['Deep inline words']],
      ['html', `Before junk ${junk} after junk`, ['Before junk']],
      ['html', 'Nul\0 char &copy 2024 &notarealref; &#0; &#x110000; end', ['Nul', 'char © 2024', 'end']],
      ['restructuredtext', '', []],
      ['restructuredtext', `Before junk ${junk} after junk`, ['Before junk']],
      ['restructuredtext', '``unclosed literal and *emphasis\n\n.. code-block::\n\nParagraph after', ['unclosed literal and', 'emphasis', 'Paragraph after']],
      ['restructuredtext', `${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}- nested ${i}`).join('\n')}\n`, ['nested 0', 'nested 299']],
      ['asciidoc', '', []],
      ['asciidoc', `Before junk ${junk} after junk`, ['Before junk']],
      ['asciidoc', '----\nunclosed listing\n\nstill code', []],
      ['asciidoc', '*unclosed bold and _em\n\n|===\n|cell without end', ['unclosed bold and', 'em', 'cell without end']],
    ];
    for (const [lang, src, prose] of cases) {
      for (const cb of ['skip', 'announce', 'read'] as const) {
        const p = prep(src, lang, cb);
        try {
          check(p, src, prose);
        } catch (e) {
          throw new Error(`${lang} ${JSON.stringify(src.slice(0, 80))} (${cb}): ${(e as Error).message}`);
        }
      }
    }
  });
});
