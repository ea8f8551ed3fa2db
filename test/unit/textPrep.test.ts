// Text preparation: what a reader would say, and where every spoken character came from.
import * as assert from 'node:assert/strict';
import { codeAnnouncement, prepareText, type PreparedText } from '../../src/speech/textPrep';

const md = (source: string, codeBlocks: 'skip' | 'announce' | 'read' = 'announce', pronunciations?: Record<string, string>) =>
  prepareText(source, { languageId: 'markdown', codeBlocks, pronunciations });

/** Normalised spoken text: whitespace runs as one space. */
const said = (p: PreparedText): string => p.spoken.replace(/\s+/g, ' ').trim();

/** Every spoken character that is not inserted maps to the same character in the source. */
function copiedCharsMatch(source: string, p: PreparedText, word: string): void {
  const at = p.spoken.indexOf(word);
  assert.ok(at >= 0, `"${word}" is spoken`);
  const s = p.toSource(at);
  assert.equal(source.slice(s, p.toSourceEnd(at + word.length)), word, `"${word}" maps back to the source`);
}

describe('textPrep', () => {
  it('plain text is read as is, hard wraps joined, offsets one to one', () => {
    const src = 'First line\nwraps here.\n\nNew paragraph.';
    const p = prepareText(src, { languageId: 'plaintext', codeBlocks: 'announce' });
    assert.equal(p.spoken, 'First line wraps here.\n\nNew paragraph.');
    for (let i = 0; i < src.length; i++) assert.equal(p.toSource(i), i);
    assert.equal(p.toSource(p.spoken.length), src.length);
  });

  it('code files are read exactly as they are with evolinkTts.codeFiles "all"', () => {
    const src = 'function f() {\n  return 1;\n}\n';
    const p = prepareText(src, { languageId: 'typescript', codeBlocks: 'skip', codeFiles: 'all' });
    assert.equal(p.spoken, src);
  });

  it('markdown: link text not URLs, alt text, emphasis words, inline code, headings as sentences', () => {
    const src = '# Getting started\n\nRead the *quick* [guide](https://example.com/guide) and see ![a diagram of the flow](img/flow.png), then run `npm test`.\n';
    const p = md(src);
    assert.equal(said(p), 'Getting started. Read the quick guide and see a diagram of the flow, then run npm test.');
    assert.ok(!p.spoken.includes('https'), 'no URL');
    assert.ok(!p.spoken.includes('#') && !p.spoken.includes('*') && !p.spoken.includes('`'));
    for (const w of ['Getting started', 'quick', 'guide', 'a diagram of the flow', 'npm test']) copiedCharsMatch(src, p, w);
    // The inserted full stop after the heading maps to the heading's end.
    const dot = p.spoken.indexOf('.');
    assert.equal(p.toSource(dot), src.indexOf('\n'));
  });

  it('markdown: lists and tables keep every word in order', () => {
    const src = 'Shopping:\n\n- apples\n- pears, ripe\n- [x] done item\n\n| Name | Age |\n|------|----:|\n| Ann  | 31  |\n| Bob  | 42  |\n';
    const p = md(src);
    assert.equal(said(p), 'Shopping: apples. pears, ripe. Done: done item. Name, Age. Ann, 31. Bob, 42.');
    for (const w of ['apples', 'pears, ripe', 'Ann', '42']) copiedCharsMatch(src, p, w);
  });

  it('markdown: escapes and character references are spoken as characters and still map', () => {
    const src = 'Fish &amp; chips cost 5 \\* 2 pounds.';
    const p = md(src);
    assert.equal(said(p), 'Fish & chips cost 5 * 2 pounds.');
    const amp = p.spoken.indexOf('&');
    assert.equal(src[p.toSource(amp)], '&');
    copiedCharsMatch(src, p, 'pounds');
  });

  it('markdown: code blocks skip, announce or read', () => {
    const src = 'Before.\n\n```ts\nconst a = 1;\nconst b = 2;\n```\n\n```\nplain\n```\n\nAfter.';
    assert.equal(said(md(src, 'skip')), 'Before. After.');
    assert.equal(said(md(src, 'announce')), 'Before. Code block in TypeScript, 2 lines. Code block, 1 line. After.');
    const read = md(src, 'read');
    assert.equal(said(read), 'Before. const a = 1; const b = 2; plain. After.');
    copiedCharsMatch(src, read, 'const b = 2;');
    // An announcement maps to its code block.
    const ann = md(src, 'announce');
    const at = ann.spoken.indexOf('Code block in');
    assert.equal(ann.toSource(at), src.indexOf('```ts'));
    assert.equal(codeAnnouncement('python', 12), 'Code block in Python, 12 lines.');
  });

  it('markdown: the text of HTML blocks is read, tags and link definitions are not; soft line breaks do not split sentences', () => {
    const src = 'A sentence that\nwraps.<br>\n\n<div>Shown <b>text</b> here</div>\n\n<p align="center">Important centered sentence.</p>\n\n<!-- a comment -->\n\n[ref]: https://example.com\n';
    const p = md(src);
    assert.equal(said(p), 'A sentence that wraps. Shown text here. Important centered sentence.');
    assert.ok(!p.spoken.includes('\nwraps'));
    for (const w of ['Shown', 'text', 'here', 'Important centered sentence.']) copiedCharsMatch(src, p, w);
  });

  it('pronunciations: whole words; lower-case keys ignore case, others are exact', () => {
    const src = 'SQL and sql and Sql; IT and it; GitHub but not GitHubber.';
    const p = prepareText(src, { languageId: 'plaintext', codeBlocks: 'announce', pronunciations: { sql: 'sequel', IT: 'I.T.', GitHub: 'git hub' } });
    assert.equal(p.spoken, 'sequel and sequel and sequel; I.T. and it; git hub but not GitHubber.');
    const at = p.spoken.indexOf('git hub');
    assert.equal(p.toSource(at), src.indexOf('GitHub'));
    assert.equal(p.toSourceEnd(at + 'git hub'.length), src.indexOf('GitHub') + 'GitHub'.length);
    copiedCharsMatch(src, p, 'GitHubber');
  });

  it('pronunciations apply in markdown too and keep offsets monotonic', () => {
    const src = '# API notes\n\nThe api is fast.';
    const p = md(src, 'announce', { api: 'A P I' });
    assert.equal(said(p), 'A P I notes. The A P I is fast.');
    for (let i = 1; i < p.spoken.length; i++) assert.ok(p.toSource(i) >= p.toSource(i - 1), `monotonic at ${i}`);
  });

  it('empty and whitespace-only documents give nothing to say', () => {
    assert.equal(said(md('')), '');
    assert.equal(said(md('\n\n---\n\n')), '');
  });
});
