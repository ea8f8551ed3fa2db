// The remembered reading position is found again by its text: after edits elsewhere (exactly), after the
// lines were wrapped anew, and after the sentence itself was edited (near its new start). Seeded generated
// documents and edits; a failure prints its seed.
import * as assert from 'node:assert/strict';
import { anchorAt, findAnchor } from '../../src/speech/anchor';
import { prng } from '../fixtures/prng';

const VOCAB = (
  'the a reader listens while proofreading long reports and notes about river harbour weather budgets ' +
  'meetings chapters drafts letters every morning quietly slowly carefully before after during because ' +
  'although committee approved revised schedule engineers tested bridge village library opened again ' +
  'children painted fences grandmother baked bread autumn leaves fell across quiet streets'
).split(' ');

function makeText(seed: number): { text: string; sentences: { start: number; end: number }[] } {
  const rnd = prng(seed);
  const sentences: { start: number; end: number }[] = [];
  let text = '';
  const paras = 2 + Math.floor(rnd() * 6);
  for (let p = 0; p < paras; p++) {
    if (p) text += '\n\n';
    for (let s = 0, k = 1 + Math.floor(rnd() * 5); s < k; s++) {
      if (s) text += ' ';
      const words = Array.from({ length: 5 + Math.floor(rnd() * 14) }, () => VOCAB[Math.floor(rnd() * VOCAB.length)]);
      const sentence = words.join(' ').replace(/^./, (c) => c.toUpperCase()) + (rnd() < 0.8 ? '.' : '?');
      sentences.push({ start: text.length, end: text.length + sentence.length });
      text += sentence;
    }
  }
  return { text: text + '\n', sentences };
}

const insertion = (rnd: () => number): string => ['New words here. ', 'x', '\n\nA whole new paragraph was added.\n\n', ' and more'][Math.floor(rnd() * 4)];

describe('Reading position anchor (found again by its text)', () => {
  it('is found exactly where its offset still holds the words', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { text, sentences } = makeText(seed);
      const s = sentences[Math.floor(prng(seed * 7)() * sentences.length)];
      assert.deepEqual(findAnchor(text, anchorAt(text, s.start, s.end)), { offset: s.start, match: 'exact' }, `seed ${seed}`);
    }
  });

  it('follows the sentence after edits before and after it (its new offset, exactly)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = prng(seed);
      const { text, sentences } = makeText(seed);
      const target = sentences[Math.floor(rnd() * sentences.length)];
      const anchor = anchorAt(text, target.start, target.end);
      // Random insertions and deletions that do not touch the sentence.
      let doc = text;
      let start = target.start;
      const len = target.end - target.start;
      for (let e = 0, n = 1 + Math.floor(rnd() * 6); e < n; e++) {
        const before = rnd() < 0.5 && start > 0;
        const lo = before ? 0 : start + len;
        const hi = before ? start : doc.length;
        const at = lo + Math.floor(rnd() * (hi - lo + 1));
        if (rnd() < 0.5) {
          const ins = insertion(rnd);
          doc = doc.slice(0, at) + ins + doc.slice(at);
          if (before) start += ins.length;
        } else {
          const cut = Math.min(Math.floor(rnd() * 40), hi - at);
          doc = doc.slice(0, at) + doc.slice(at + cut);
          if (before) start -= cut;
        }
      }
      assert.equal(doc.slice(start, start + len), anchor.text, `seed ${seed}: the test's own bookkeeping`);
      const found = findAnchor(doc, anchor);
      // Generated words can repeat a sentence; the nearest one to the old offset is taken, which is this one
      // unless the same words occur nearer.
      if (found.offset !== start) {
        assert.equal(doc.slice(found.offset, found.offset + len), anchor.text, `seed ${seed}: a copy of the same words`);
        assert.ok(Math.abs(found.offset - anchor.offset) <= Math.abs(start - anchor.offset), `seed ${seed}: the nearer copy`);
      } else {
        assert.ok(found.match === 'exact' || found.match === 'moved', `seed ${seed}: ${found.match}`);
      }
    }
  });

  it('finds the sentence when its lines were wrapped anew', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rnd = prng(seed);
      const { text, sentences } = makeText(seed);
      const target = sentences[Math.floor(rnd() * sentences.length)];
      const anchor = anchorAt(text, target.start, target.end);
      // Every space becomes a line break with some chance; a line is added at the top.
      const rewrapped = 'Title\n\n' + text.replace(/ /g, () => (rnd() < 0.15 ? '\n' : ' '));
      const found = findAnchor(rewrapped, anchor);
      assert.equal(found.offset, target.start + 7, `seed ${seed}: ${found.match}`);
      assert.equal(found.match, 'moved');
    }
  });

  it('after the sentence itself was edited, lands near its new start', () => {
    let edited = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = prng(seed);
      const { text, sentences } = makeText(seed);
      const target = sentences[Math.floor(rnd() * sentences.length)];
      const anchor = anchorAt(text, target.start, target.end);
      const words = [...text.slice(target.start, target.end).matchAll(/\S+/g)];
      if (words.length < 6) continue;
      // One word of the sentence replaced (anywhere in it), and text inserted before it.
      const w = words[Math.floor(rnd() * words.length)];
      const at = target.start + w.index!;
      const replacement = 'REPLACED';
      const prefix = 'An earlier paragraph was written in the meantime.\n\n';
      const doc = prefix + text.slice(0, at) + replacement + text.slice(at + w[0].length);
      const newStart = target.start + prefix.length;
      const found = findAnchor(doc, anchor);
      assert.notEqual(found.match, 'lost', `seed ${seed}`);
      const slack = Math.abs(replacement.length - w[0].length);
      assert.ok(Math.abs(found.offset - newStart) <= slack, `seed ${seed}: found ${found.offset} (${found.match}), the sentence starts at ${newStart}`);
      if (found.match === 'edited') edited++;
    }
    assert.ok(edited > 50, `most cases are found as edited sentences (${edited})`);
  });

  it('a sentence deleted entirely keeps the old offset, within the text', () => {
    const text = 'One sentence here that will go away soon. Another one stays.';
    const a = anchorAt(text, 0, 41);
    assert.deepEqual(findAnchor('Another one stays.', a), { offset: 0, match: 'lost' });
    assert.deepEqual(findAnchor('Short.', { offset: 400, text: 'Gone words that are no longer present anywhere.' }), { offset: 6, match: 'lost' });
  });
});
