// chunkPrepared: ≤ 600 characters, whole sentences, nothing dropped, source ranges per chunk and sentence.
import * as assert from 'node:assert/strict';
import { chunkPrepared, RAMP, type SourceChunk } from '../../src/speech/chunker';
import { prepareText } from '../../src/speech/textPrep';

const plain = (s: string) => prepareText(s, { languageId: 'plaintext', codeBlocks: 'announce' });

/** Every non-space character of `spoken` lies in exactly one chunk, in order; chunks ≤ max; sentences inside. */
function checkCoverage(spoken: string, chunks: SourceChunk[], max = 600): void {
  const joined = chunks.map((c) => c.text).join(' ');
  assert.equal(joined.replace(/\s+/g, ''), spoken.replace(/\s+/g, ''), 'every character kept, in order');
  let prevEnd = 0;
  for (const c of chunks) {
    assert.ok(c.text.length > 0 && c.text.length <= max, `chunk length ${c.text.length}`);
    assert.ok(c.start >= prevEnd && c.end > c.start, 'ordered source ranges');
    prevEnd = c.end;
    assert.equal(c.sentences[0].textStart, 0);
    assert.equal(c.sentences.at(-1)!.textEnd, c.text.length);
    for (const s of c.sentences) {
      assert.ok(s.start >= c.start && s.end <= c.end && s.start < s.end, 'sentence inside its chunk');
      assert.equal(c.text.slice(s.textStart, s.textEnd).trim(), c.text.slice(s.textStart, s.textEnd));
    }
  }
}

describe('chunkPrepared', () => {
  const para = 'This is a sentence of moderate length that keeps going for a while. ';

  it('packs whole sentences up to 600 characters, with source ranges equal to the text for plain text', () => {
    const src = para.repeat(40) + 'And a last bit without a full stop';
    const chunks = chunkPrepared(plain(src), { ramp: false });
    checkCoverage(src, chunks);
    for (const c of chunks) {
      assert.equal(src.slice(c.start, c.end), c.text);
      assert.ok(c.text.endsWith('.') || c.text.endsWith('stop'), 'breaks at sentence ends');
      for (const s of c.sentences) assert.equal(src.slice(s.start, s.end), c.text.slice(s.textStart, s.textEnd));
    }
    assert.ok(chunks.every((c, i) => i === chunks.length - 1 || c.text.length > 600 - para.length), 'greedy packing');
    assert.ok(chunks.at(-1)!.text.endsWith('And a last bit without a full stop'), 'trailing text kept');
  });

  it('ramps up: the first chunk is the first sentence, each later at most RAMP.growth × what came before', () => {
    const src = para.repeat(60);
    const chunks = chunkPrepared(plain(src));
    checkCoverage(src, chunks);
    assert.equal(chunks[0].sentences.length, Math.ceil(RAMP.firstChars / para.trim().length));
    let before = 0;
    for (const c of chunks.slice(0, -1)) {
      if (before > 0) assert.ok(c.text.length <= Math.max(RAMP.firstMaxChars, RAMP.growth * before));
      before += c.text.length;
    }
    assert.equal(Math.max(...chunks.map((c) => c.text.length)) > 500, true, 'reaches full chunks');
  });

  it('CJK: breaks at 。！？ and keeps every character', () => {
    const sentence = '今日は良い天気です。散歩に行きましょう！本当に？';
    const src = sentence.repeat(40);
    const chunks = chunkPrepared(plain(src), { ramp: false, locale: 'ja' });
    checkCoverage(src, chunks);
    for (const c of chunks) assert.match(c.text, /[。！？]$/u);
    assert.ok(chunks[0].sentences.length > 3);
  });

  it('an over-long sentence is cut at words, never above the limit', () => {
    const src = 'word '.repeat(400).trim() + '.';
    const chunks = chunkPrepared(plain(src));
    checkCoverage(src, chunks);
    for (const c of chunks) assert.ok(!c.text.startsWith(' ') && !/\bwor$/.test(c.text));
  });

  it('fromSource starts at the sentence containing the offset', () => {
    const src = 'One is here. Two is here. Three is here.';
    const p = plain(src);
    const from = src.indexOf('is here. Three');
    const chunks = chunkPrepared(p, { fromSource: from, ramp: false });
    assert.equal(chunks[0].text, 'Two is here. Three is here.');
    assert.equal(chunks[0].start, src.indexOf('Two'));
    // Continuing from a chunk's end gives the next sentence, not the same one again.
    const next = chunkPrepared(p, { fromSource: src.indexOf(' Three'), ramp: false });
    assert.equal(next[0].text, 'Three is here.');
    assert.deepEqual(chunkPrepared(p, { fromSource: src.length }), []);
  });

  it('markdown: chunk and sentence ranges point at the source words', () => {
    const src = '# Title here\n\nA [linked](https://x.example) word. Second one.\n\n- item\n';
    const p = prepareText(src, { languageId: 'markdown', codeBlocks: 'announce' });
    const chunks = chunkPrepared(p, { ramp: false });
    assert.equal(chunks.length, 1);
    const [c] = chunks;
    assert.deepEqual(c.sentences.map((s) => src.slice(s.start, s.end)),
      ['Title here', 'A [linked](https://x.example) word.', 'Second one.', 'item']);
    assert.equal(c.start, 2);
    assert.equal(c.end, src.length - 1);
  });

  it('respects a smaller maxChars and returns nothing for empty text', () => {
    const src = para.repeat(5);
    checkCoverage(src, chunkPrepared(plain(src), { maxChars: 100 }), 100);
    assert.deepEqual(chunkPrepared(plain('  \n ')), []);
  });
});
