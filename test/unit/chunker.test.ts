import * as assert from 'node:assert/strict';
import { chunkText, type Chunk } from '../../src/speech/chunker';

/** Every chunk is the source slice of its range, ordered, ≤ max, and only whitespace lies between. */
function checkInvariants(text: string, chunks: Chunk[], max = 600): void {
  let pos = 0;
  for (const c of chunks) {
    assert.equal(c.text, text.slice(c.start, c.end));
    assert.ok(c.text.length > 0 && c.text.length <= max, `chunk length ${c.text.length}`);
    assert.ok(c.start >= pos, 'ordered, non-overlapping');
    assert.match(text.slice(pos, c.start), /^\s*$/u, 'only whitespace skipped');
    assert.notEqual(c.text.trim(), '');
    // Never starts or ends inside a surrogate pair.
    const first = c.text.charCodeAt(0);
    const last = c.text.charCodeAt(c.text.length - 1);
    assert.ok(!(first >= 0xdc00 && first <= 0xdfff), 'starts with a low surrogate');
    assert.ok(!(last >= 0xd800 && last <= 0xdbff), 'ends with a high surrogate');
    pos = c.end;
  }
  assert.match(text.slice(pos), /^\s*$/u, 'nothing lost at the end');
}

describe('chunker', () => {
  it('keeps short text as one chunk', () => {
    const c = chunkText('Good evening, listeners.');
    assert.deepEqual(c, [{ text: 'Good evening, listeners.', start: 0, end: 24 }]);
  });

  it('returns nothing for empty or whitespace-only text', () => {
    assert.deepEqual(chunkText(''), []);
    assert.deepEqual(chunkText(' \n\t  \u3000'), []);
  });

  it('trims surrounding whitespace but reports source offsets', () => {
    const text = '\n\n  Hello there.  \n';
    const [c] = chunkText(text);
    assert.equal(c.text, 'Hello there.');
    assert.equal(text.slice(c.start, c.end), 'Hello there.');
  });

  it('packs whole sentences up to 600 characters', () => {
    const sentence = 'This sentence is exactly fifty characters long ok. ';
    assert.equal(sentence.length, 51);
    const text = sentence.repeat(40);
    const chunks = chunkText(text);
    checkInvariants(text, chunks);
    assert.ok(chunks.length >= 4 && chunks.length <= 5, `got ${chunks.length}`);
    for (const c of chunks) assert.ok(c.text.endsWith('ok.'), 'ends at a sentence boundary');
  });

  it('honours a smaller maxChars', () => {
    const text = 'One. Two two. Three three three. Four four four four.';
    const chunks = chunkText(text, { maxChars: 20 });
    checkInvariants(text, chunks, 20);
    assert.deepEqual(chunks.map((c) => c.text), ['One. Two two.', 'Three three three.', 'Four four four four.']);
  });

  it('never exceeds 600 even if asked for more', () => {
    const text = 'word '.repeat(400);
    const chunks = chunkText(text, { maxChars: 5000 });
    checkInvariants(text, chunks);
  });

  it('splits an over-long sentence at word boundaries', () => {
    const text = ('lorem ipsum dolor sit amet ').repeat(60) + 'end.';
    const chunks = chunkText(text);
    checkInvariants(text, chunks);
    assert.ok(chunks.length >= 3);
    for (const c of chunks.slice(0, -1)) assert.match(text[c.end] ?? ' ', /\s/, 'cut before a space');
  });

  it('hard-splits a single huge word without breaking surrogate pairs', () => {
    const text = 'a' + '😀'.repeat(700);
    const chunks = chunkText(text);
    checkInvariants(text, chunks);
    assert.equal(chunks.map((c) => c.text).join(''), text);
  });

  it('keeps trailing text without a full stop', () => {
    const text = 'First sentence. And then a tail without punctuation';
    const chunks = chunkText(text, { maxChars: 20 });
    checkInvariants(text, chunks, 20);
    assert.equal(chunks.at(-1)?.text.endsWith('punctuation'), true);
  });

  it('segments Chinese and Japanese sentences', () => {
    const zh = '今天天气很好。我们去公园散步吧！你觉得怎么样？';
    const chunks = chunkText(zh.repeat(40), { locale: 'zh' });
    checkInvariants(zh.repeat(40), chunks);
    for (const c of chunks) assert.match(c.text, /[。！？]$/u);
    const ja = 'これはテストです。'.repeat(100);
    const jc = chunkText(ja, { locale: 'ja' });
    checkInvariants(ja, jc);
    for (const c of jc) assert.ok(c.text.endsWith('。'));
  });

  it('splits a long unpunctuated CJK run within the limit', () => {
    const text = '汉字'.repeat(700);
    const chunks = chunkText(text, { locale: 'zh' });
    checkInvariants(text, chunks);
    assert.equal(chunks.map((c) => c.text).join(''), text);
  });

  it('keeps emoji sequences and mixed scripts intact', () => {
    const text = ('Family 👨‍👩‍👧‍👦 time. Flags 🇯🇵🇫🇷! ').repeat(50);
    const chunks = chunkText(text);
    checkInvariants(text, chunks);
    assert.equal(chunks.map((c) => c.text).join(' ').replace(/\s+/g, ' '), text.trim().replace(/\s+/g, ' '));
  });

  it('covers the source for random input', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['a', 'b', ' ', '. ', '\n', '。', '😀', 'é', '字', '? ', '\u00a0'];
    for (let n = 0; n < 30; n++) {
      let text = '';
      const len = Math.floor(rnd() * 2500);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      const max = 20 + Math.floor(rnd() * 580);
      checkInvariants(text, chunkText(text, { maxChars: max }), max);
    }
  });
});
