// Sentence boundaries: Intl.Segmenter's, less the breaks after common abbreviations, found in bounded windows.
import * as assert from 'node:assert/strict';
import { cutLong, isAbbreviationBreak, sentenceRanges } from '../../src/speech/sentences';
import { prepareText } from '../../src/speech/textPrep';

const sentences = (text: string): string[] => sentenceRanges(text).map(([s, e]) => text.slice(s, e).trim());

describe('sentences', () => {
  it('no break after titles, e.g., i.e., vs., initials, or inside numbers', () => {
    assert.deepEqual(sentences('He met Mr. Smith at 7.30 today. Then Dr. Who came, e.g. here, i.e. now. J. R. R. Tolkien wrote it. Pi is 3.14 exactly.'), [
      'He met Mr. Smith at 7.30 today.',
      'Then Dr. Who came, e.g. here, i.e. now.',
      'J. R. R. Tolkien wrote it.',
      'Pi is 3.14 exactly.',
    ]);
  });

  it('No. and Fig. hold before a number only; etc. before a lower-case word only', () => {
    assert.deepEqual(sentences('See Fig. 3 and No. 5 for it. We packed pens, paper, etc. and left. We packed pens, paper, etc. Then we left.'), [
      'See Fig. 3 and No. 5 for it.',
      'We packed pens, paper, etc. and left.',
      'We packed pens, paper, etc.',
      'Then we left.',
    ]);
    assert.equal(isAbbreviationBreak('the answer is No.', ' The next'), false);
    assert.equal(isAbbreviationBreak('I.', ' Then'), false, 'the pronoun I is no initial');
  });

  it('covers the text contiguously, also when no sentence ends inside a window', () => {
    for (const text of ['字'.repeat(9000), 'word '.repeat(3000), 'Short. '.repeat(1000), '']) {
      const r = sentenceRanges(text);
      let at = 0;
      for (const [s, e] of r) {
        assert.equal(s, at, 'contiguous');
        assert.ok(e > s);
        at = e;
      }
      assert.equal(at, text.length, 'to the end');
    }
  });

  it('cuts an over-long sentence at words, never inside a surrogate pair or before a combining mark', () => {
    const text = 'e\u0301'.repeat(500) + ' ' + '😀'.repeat(400);
    const pieces = cutLong(text, 0, text.length, 600);
    let at = 0;
    for (const [s, e] of pieces) {
      assert.equal(s, at);
      assert.ok(e - s <= 600);
      assert.ok(!/^[\u0300-\u036f\udc00-\udfff]/.test(text.slice(s, e)), `piece at ${s} starts whole`);
      at = e;
    }
    assert.equal(at, text.length);
  });

  it('a document nested thousands deep is read as plain text, and says so', () => {
    const p = prepareText('*'.repeat(3000) + 'deep' + '*'.repeat(3000), { languageId: 'markdown', codeBlocks: 'announce' });
    assert.ok(p.spoken.includes('deep'));
    assert.match(p.fallback ?? '', /plain text/);
    assert.equal(prepareText('A *normal* paragraph.', { languageId: 'markdown', codeBlocks: 'announce' }).fallback, undefined);
  });
});
