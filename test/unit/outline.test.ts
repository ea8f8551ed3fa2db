// Paragraph, heading and section boundaries for moving through a document: generated Markdown (headings of
// every level, ATX and setext, fenced code with heading-like lines inside, front matter, lists, thematic
// breaks) and plain text, with the expected starts recorded as the document is built. A failure prints its seed.
import * as assert from 'node:assert/strict';
import { headingAt, headingTitle, nextAfter, outlineOf, previousFrom, sectionAt } from '../../src/speech/outline';
import { prng } from '../fixtures/prng';

const VOCAB = 'reading listening draft chapter river harbour budget schedule meeting letter village bridge autumn morning quiet careful'.split(' ');

interface Built {
  text: string;
  paragraphs: number[];
  headings: { start: number; level: number; title: string }[];
}

function build(seed: number, markdown: boolean): Built {
  const rnd = prng(seed);
  const words = (n: number) => Array.from({ length: n }, () => VOCAB[Math.floor(rnd() * VOCAB.length)]).join(' ');
  const sentence = () => words(3 + Math.floor(rnd() * 10)).replace(/^./, (c) => c.toUpperCase()) + '.';
  const out: Built = { text: '', paragraphs: [], headings: [] };
  const nl = rnd() < 0.3 ? '\r\n' : '\n';
  const push = (s: string) => { out.text += s; };
  if (markdown && rnd() < 0.4) push(`---${nl}title: ${words(2)}${nl}# not a heading${nl}---${nl}${nl}`);
  for (let b = 0, n = 3 + Math.floor(rnd() * 12); b < n; b++) {
    const r = rnd();
    const start = out.text.length;
    if (markdown && r < 0.25) {
      const level = 1 + Math.floor(rnd() * 6);
      const title = words(2 + Math.floor(rnd() * 3));
      out.paragraphs.push(start);
      out.headings.push({ start, level, title });
      push(`${'#'.repeat(level)} ${title}${rnd() < 0.2 ? ` ${'#'.repeat(level)}` : ''}${nl}`);
      if (rnd() < 0.5) push(nl); // a heading needs no blank line after it
      continue;
    }
    if (markdown && r < 0.32) {
      const level = rnd() < 0.5 ? 1 : 2;
      const title = words(3);
      out.paragraphs.push(start);
      out.headings.push({ start, level, title });
      push(`${title}${nl}${level === 1 ? '=====' : '-----'}${nl}${nl}`);
      continue;
    }
    if (markdown && r < 0.4) {
      out.paragraphs.push(start);
      const f = rnd() < 0.5 ? '```' : '~~~~';
      push(`${f}ts${nl}# a comment, not a heading${nl}${nl}const x = 1;${nl}${f}${nl}${nl}`);
      continue;
    }
    if (markdown && r < 0.45) {
      push(`***${nl}${nl}`); // a thematic break: not a paragraph
      continue;
    }
    out.paragraphs.push(start);
    if (markdown && r < 0.55) {
      push(`- ${sentence()}${nl}- ${sentence()}${nl}${nl}`);
      continue;
    }
    // A hard-wrapped paragraph of a few sentences.
    const lines = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => sentence() + (rnd() < 0.5 ? ' ' + sentence() : ''));
    push(lines.join(nl) + nl + nl + (rnd() < 0.2 ? `   ${nl}` : ''));
  }
  return out;
}

describe('Document outline (paragraphs, headings, sections)', () => {
  it('finds every paragraph and heading of generated Markdown, and nothing inside code or front matter', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const b = build(seed, true);
      const o = outlineOf(b.text, true);
      assert.deepEqual(o.paragraphs, b.paragraphs, `seed ${seed}: paragraphs\n${b.text}`);
      assert.deepEqual(o.headings, b.headings, `seed ${seed}: headings\n${b.text}`);
    }
  });

  it('finds blank-line paragraphs in plain text (a "#" line is text there)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const b = build(seed, false);
      const o = outlineOf(b.text, false);
      assert.deepEqual(o.paragraphs, b.paragraphs, `seed ${seed}\n${b.text}`);
      assert.deepEqual(o.headings, []);
    }
    assert.deepEqual(outlineOf('# one\ntwo\n\nthree', false).paragraphs, [0, 11]);
  });

  it('a section runs from its heading to the next heading of the same or higher level', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const b = build(seed, true);
      const o = outlineOf(b.text, true);
      const rnd = prng(seed * 31);
      const at = Math.floor(rnd() * (b.text.length + 1));
      const s = sectionAt(o, at);
      const hs = b.headings;
      if (!hs.length) {
        // No headings: the paragraph at the offset.
        const i = [...b.paragraphs].reverse().findIndex((p) => p <= at);
        const k = i < 0 ? 0 : b.paragraphs.length - 1 - i;
        assert.deepEqual([s.start, s.end], [b.paragraphs[k] ?? 0, b.paragraphs[k + 1] ?? b.text.length], `seed ${seed}: no headings`);
        continue;
      }
      assert.ok(s.start <= at && (at < s.end || s.end === b.text.length), `seed ${seed}: ${at} in [${s.start}, ${s.end})`);
      const own = [...hs].reverse().find((h) => h.start <= at);
      if (!own) {
        assert.deepEqual([s.start, s.end], [0, hs[0].start], `seed ${seed}: before the first heading`);
        continue;
      }
      assert.equal(s.start, own.start, `seed ${seed}`);
      // No heading inside the section is of the same or a higher level.
      for (const h of hs) if (h.start > s.start && h.start < s.end) assert.ok(h.level > own.level, `seed ${seed}: heading at ${h.start} inside`);
      const after = hs.find((h) => h.start >= s.end);
      assert.ok(s.end === b.text.length || (after && after.start === s.end && after.level <= own.level), `seed ${seed}: ends at a heading of level ≤ ${own.level}`);
    }
  });

  it('next and previous move block by block, and previous first restarts the block being read', () => {
    const text = 'One. Two.\n\nThree. Four.\n\nFive.\n';
    const o = outlineOf(text, false);
    assert.deepEqual(o.paragraphs, [0, 11, 25]);
    assert.equal(nextAfter(o.paragraphs, 0), 11);
    assert.equal(nextAfter(o.paragraphs, 18), 25);
    assert.equal(nextAfter(o.paragraphs, 25), undefined);
    const first = (p: number) => p; // the first sentence of each paragraph starts where it does
    assert.equal(previousFrom(o.paragraphs, 18, first), 11, 'in the middle of a paragraph: its start');
    assert.equal(previousFrom(o.paragraphs, 11, first), 0, 'at its first sentence: the paragraph before');
    assert.equal(previousFrom(o.paragraphs, 0, first), undefined);
  });

  it('headings inside block quotes are found too, titled without the quote marks', () => {
    const text = '> # Quoted title\n>\n> Body text.\n\n> Setext in a quote\n> ---\n\n> ```\n> # not a heading\n> ```\n\n# After\n';
    const o = outlineOf(text, true);
    assert.deepEqual(o.headings.map((h) => [h.start, h.level, h.title]), [
      [0, 1, 'Quoted title'], [text.indexOf('> Setext'), 2, 'Setext in a quote'], [text.indexOf('# After'), 1, 'After'],
    ]);
    assert.equal(headingAt(o.headings, text.indexOf('Body'))?.title, 'Quoted title');
    assert.equal(headingAt(o.headings, 0)?.title, 'Quoted title');
    assert.equal(headingAt(outlineOf('Text first.\n\n# Later\n', true).headings, 3), undefined, 'before the first heading: none');
  });

  it('a heading\'s title is its words without the markup', () => {
    const cases: [string, string][] = [
      ['**Bold** and _emphasis_ and ***both***', 'Bold and emphasis and both'],
      ['The `outlineOf` function', 'The outlineOf function'],
      ['See [the guide](https://example.com/guide "Guide") and [ref][1]', 'See the guide and ref'],
      ['![Logo](logo.png) Release notes', 'Logo Release notes'],
      ['Escaped \\*stars\\* and \\[brackets\\] [link](x)', 'Escaped *stars* and [brackets] link'],
      ['Caf&eacute; &amp; tea &#8212; &#x4E2D;', 'Café & tea — 中'],
      ['snake_case_name and 2 * 3 = 6', 'snake_case_name and 2 * 3 = 6'],
      ['<span class="x">Tagged</span> ~~old~~ new <https://example.com>', 'Tagged old new https://example.com'],
    ];
    for (const [source, title] of cases) assert.equal(headingTitle(source), title, source);
    assert.deepEqual(outlineOf('## Closing hashes ##\n\nSetext *line\none*\n===\n', true).headings.map((h) => h.title), ['Closing hashes', 'Setext line one']);
  });
});
