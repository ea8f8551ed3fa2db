// sentenceAtTime / timeOfSentence (src/highlight/position.ts) with an alignment from the aligner: the
// sentence heard is the one the audio says, seeking goes to the measured start, and an alignment that does
// not fit the chunk is ignored in favour of the character share.
import * as assert from 'node:assert/strict';
import { alignPcm } from '../../src/audio/align';
import { sentenceAtTime, timeOfSentence, timeSentenceSaid, type SpannedChunk } from '../../src/highlight/position';

// "Yes. Unbelievable extraordinary circumstances. Go." The first sentence is 4 of 51 characters.
const text = 'Yes. Unbelievable extraordinary circumstances. Go.';
const chunk: SpannedChunk = {
  text,
  start: 0,
  end: text.length,
  sentences: [
    { start: 0, end: 4, textStart: 0, textEnd: 4 },
    { start: 5, end: 46, textStart: 5, textEnd: 46 },
    { start: 47, end: 50, textStart: 47, textEnd: 50 },
  ],
};

describe('following along with an alignment', () => {
  const alignment = { sentences: [{ start: 0.3, end: 0.6 }, { start: 1.5, end: 4 }, { start: 4.6, end: 5 }] };
  const d = 5.3;

  it('reports the sentence whose measured start has passed', () => {
    assert.equal(sentenceAtTime(chunk, 1.2, d, alignment), 0, 'the character share would say sentence 1 already');
    assert.equal(sentenceAtTime(chunk, 1.2, d), 1);
    assert.equal(sentenceAtTime(chunk, 1.5, d, alignment), 1);
    assert.equal(sentenceAtTime(chunk, 4.59, d, alignment), 1);
    assert.equal(sentenceAtTime(chunk, 4.6, d, alignment), 2);
    assert.equal(sentenceAtTime(chunk, 0, d, alignment), 0);
  });

  it('seeks to the measured start, which maps back to the same sentence', () => {
    for (let i = 0; i < 3; i++) {
      const t = timeOfSentence(chunk, i, d, alignment);
      assert.equal(t, alignment.sentences[i].start);
      assert.equal(sentenceAtTime(chunk, t, d, alignment), i);
    }
    assert.equal(timeOfSentence(chunk, 9, d, alignment), 4.6, 'past the last sentence: the last one');
    assert.equal(timeOfSentence(chunk, 1, 2, alignment), 1.5);
    assert.equal(timeOfSentence(chunk, 2, 4, alignment), 4, 'never past the clip');
  });

  it('says a sentence is over in the silence after it, before the next one starts (where reading pauses)', () => {
    assert.equal(timeSentenceSaid(chunk, 0, d, alignment), 0.6 + 0.1, 'a long silence: a little after the end');
    assert.equal(timeSentenceSaid(chunk, 1, d, alignment), 4 + 0.1);
    const short = { sentences: [{ start: 0.3, end: 0.6 }, { start: 0.7, end: 4 }, { start: 4.6, end: 5 }] };
    assert.ok(Math.abs(timeSentenceSaid(chunk, 0, d, short) - 0.65) < 1e-9, 'a short silence: its middle');
    assert.equal(timeSentenceSaid(chunk, 2, d, alignment), d, 'the last sentence: the end of the clip');
    for (let i = 0; i < 2; i++) {
      for (const a of [alignment, short]) {
        const t = timeSentenceSaid(chunk, i, d, a);
        assert.equal(sentenceAtTime(chunk, t, d, a), i, 'still the sentence just said, not the next');
        assert.ok(t > a.sentences[i].end && t < a.sentences[i + 1].start);
      }
    }
    // Without sentence ends, or with ends that do not fit, or without an alignment: where the next one starts.
    assert.equal(timeSentenceSaid(chunk, 0, d, { sentences: alignment.sentences.map((s) => ({ start: s.start })) }), 1.5);
    assert.equal(timeSentenceSaid(chunk, 0, d, { sentences: [{ start: 0.3, end: 2 }, ...alignment.sentences.slice(1)] }), 1.5);
    assert.equal(timeSentenceSaid(chunk, 0, d), timeOfSentence(chunk, 1, d));
  });

  it('falls back to the character share when the alignment does not fit the chunk', () => {
    const bad = [
      { sentences: [{ start: 0.3 }, { start: 1.5 }] },
      { sentences: [{ start: 0.3 }, { start: NaN }, { start: 4.6 }] },
      { sentences: [{ start: 2 }, { start: 1 }, { start: 4.6 }] },
      { sentences: [] },
    ];
    for (const a of bad) {
      assert.equal(sentenceAtTime(chunk, 1.2, d, a), sentenceAtTime(chunk, 1.2, d));
      assert.equal(timeOfSentence(chunk, 1, d, a), timeOfSentence(chunk, 1, d));
    }
  });

  it('follows the aligner: a clip with a pause after a short first sentence', () => {
    // Voiced bursts: "Yes" 0.3–0.5, pause, sentence two 1.0–4.0, pause, "Go" 4.5–4.7 (16 kHz).
    const rate = 16000;
    const samples = new Float32Array(Math.round(5 * rate));
    const burst = (from: number, to: number): void => {
      for (let i = Math.round(from * rate); i < Math.round(to * rate); i++) samples[i] = 0.3 * Math.sin(i / 3) * (0.6 + 0.4 * Math.sin(i / 500));
    };
    burst(0.3, 0.5);
    burst(1.0, 4.0);
    burst(4.5, 4.7);
    const a = alignPcm({ sampleRate: rate, samples }, { text, sentences: chunk.sentences });
    assert.equal(a.method, 'audio');
    assert.equal(sentenceAtTime(chunk, 0.8, 5, a), 0);
    assert.equal(sentenceAtTime(chunk, 1.05, 5, a), 1);
    assert.equal(sentenceAtTime(chunk, 4.55, 5, a), 2);
    assert.ok(Math.abs(timeOfSentence(chunk, 1, 5, a) - 1.0) < 0.03);
  });
});
