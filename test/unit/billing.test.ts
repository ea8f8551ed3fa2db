// Parts are budgeted in billing characters (a Han, kana or Hangul character counts 2 toward 600), so the
// service never refuses a part of Chinese, Japanese or Korean text as too long.
import * as assert from 'node:assert/strict';
import { billingEnd, billingLength } from '../../src/speech/billing';
import { chunkPrepared } from '../../src/speech/chunker';
import { prepareText } from '../../src/speech/textPrep';
import { billingCharacters } from '../simulator/validation';

const plain = (s: string) => prepareText(s, { languageId: 'plaintext', codeBlocks: 'announce' });

describe('billing characters', () => {
  it('counts CJK as 2 and never less than the UTF-16 length', () => {
    assert.equal(billingLength('abc'), 3);
    assert.equal(billingLength('字かな한'), 8);
    assert.equal(billingLength('ＡＢ'), 4, 'fullwidth forms');
    assert.equal(billingLength('😀'), 2, 'outside the BMP: its UTF-16 length');
    assert.equal(billingLength('𠀀'), 2, 'a Han character outside the BMP');
    assert.equal(billingEnd('字字字abc', 0, 6, 5), 2);
    assert.equal(billingEnd('😀😀', 0, 4, 3), 2, 'never inside a surrogate pair');
  });

  it('agrees with the simulator’s own count, or is above it, on mixed text', () => {
    const sample = '中文 text, かな and 한국어 with ＦＵＬＬ width, 😀 and 𠀀.';
    for (let i = 0; i <= sample.length; i++) assert.ok(billingLength(sample.slice(0, i)) >= billingCharacters(sample.slice(0, i)));
  });

  for (const [name, text] of [
    ['Chinese with punctuation', '我们今天讨论的是一个非常重要的问题。'.repeat(120)],
    ['Chinese without punctuation', '我们今天讨论的是一个非常重要的问题'.repeat(120)],
    ['Japanese', 'きょうはぶんしょうをこえにだしてよみます。'.repeat(100)],
    ['Korean', '오늘은 문서를 소리 내어 읽습니다. '.repeat(100)],
    ['mixed', 'Proofreading 校对 by ear 听. '.repeat(150)],
  ] as const) {
    it(`${name}: every part is at most 600 billing characters and nothing is lost`, () => {
      const chunks = chunkPrepared(plain(text));
      assert.ok(chunks.length > 1);
      for (const c of chunks) assert.ok(billingLength(c.text) <= 600 && billingCharacters(c.text) <= 600, `part of ${billingLength(c.text)}`);
      assert.equal(chunks.map((c) => c.text).join('').replace(/\s+/g, ''), text.replace(/\s+/g, ''));
    });
  }
});
