// Words while following along: every part carries its words with source ranges (in order, inside their
// sentences, on the words as written, kept current through edits); the word heard at a time and the time of
// a word come from the alignment; Read from Here finds the very part a reading from the start cut.
// Seeded generated documents (a failure prints its seed).
import * as assert from 'node:assert/strict';
import { alignPcm, type Pcm } from '../../src/audio/align';
import { AlignmentCache } from '../../src/audio/alignCache';
import { timeOfWord, wordAtOffset, wordAtTime, type SpannedChunk } from '../../src/highlight/position';
import type { SourceChunk } from '../../src/speech/chunker';
import { DocumentSource } from '../../src/speech/documentSource';
import type { PrepareOptions } from '../../src/speech/textPrep';
import { docSeed, generateDocument } from '../fixtures/docgen';
import { prng } from '../fixtures/prng';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const BASE = Number(process.env.PROPERTY_SEED ?? 20261130);

class Doc {
  version = 0;
  constructor(public text: string) {}
  snapshot = () => ({ version: this.version, closed: false, getText: () => this.text });
}

function readAll(src: DocumentSource): SourceChunk[] {
  const out: SourceChunk[] = [];
  for (let c = src.next(); c; c = src.next()) out.push(c);
  return out;
}

/** Words in order, each inside one sentence of its part, its spoken text inside the sentence's. */
function checkWords(chunks: readonly SourceChunk[], what: string): void {
  let last = -1;
  for (const c of chunks) {
    assert.ok(c.words, `${what}: the part has words`);
    for (const w of c.words) {
      // A word the reader adds (a task list's "Done") has no source: an empty range where it is said.
      assert.ok(w.start >= last && w.end >= w.start, `${what}: words in order (${JSON.stringify(w)} after ${last})`);
      last = w.start;
      const s = c.sentences.find((x) => x.textStart <= w.textStart && w.textEnd <= x.textEnd);
      assert.ok(s, `${what}: the word "${c.text.slice(w.textStart, w.textEnd)}" lies in one sentence of its part`);
      assert.ok(s.start <= w.start && w.end <= s.end, `${what}: its source range lies in the sentence's`);
    }
  }
}

describe('words of the parts', function () {
  this.timeout(60_000);

  it('every part has its words, in order, inside their sentences, on the words as written', () => {
    for (let i = 0; i < RUNS; i++) {
      const seed = docSeed(BASE, i);
      for (const languageId of ['markdown', 'plaintext'] as const) {
        const g = generateDocument(seed, languageId);
        const doc = new Doc(g.source);
        const chunks = readAll(new DocumentSource(doc.snapshot, [{ start: 0, end: Infinity }], 0, { languageId, codeBlocks: 'announce' }));
        checkWords(chunks, `seed ${seed} ${languageId}`);
        const starts = new Map<number, number>();
        for (const c of chunks) for (const w of c.words ?? []) starts.set(w.start, w.end);
        // Every prose word the generator wrote in Latin letters is a word of some part, with its exact range.
        for (const w of g.words) {
          if (w.spelled || !/^[\p{Script=Latin}]+$/u.test(w.word)) continue;
          assert.equal(starts.get(w.start), w.end, `seed ${seed} ${languageId}: the word "${w.word}" at ${w.start} is a word of its part`);
        }
      }
    }
  });

  it('edits keep the words of parts read ahead on their text, in order, inside their sentences', () => {
    for (let i = 0; i < RUNS; i++) {
      const seed = docSeed(BASE + 1, i);
      const rnd = prng(seed);
      const g = generateDocument(seed, 'plaintext');
      const doc = new Doc(g.source);
      const src = new DocumentSource(doc.snapshot, [{ start: 0, end: Infinity }], 0, { languageId: 'plaintext', codeBlocks: 'announce' });
      const chunks: SourceChunk[] = [];
      for (let c = src.next(); c && chunks.length < 4; c = src.next()) chunks.push(c);
      const before = chunks.flatMap((c) => (c.words ?? []).map((w) => ({ w, text: doc.text.slice(w.start, w.end) })));
      // Edits between words: insert or delete a few characters at random places in white space. Text
      // inserted right after a word joins it (typing on at its end), as it joins a sentence.
      for (let k = 0; k < 5; k++) {
        const at = Math.floor(rnd() * doc.text.length);
        if (!/\s/.test(doc.text[at] ?? '')) continue;
        const insert = rnd() < 0.6 ? ' new words here ' : '';
        const del = insert ? 0 : Math.min(1, doc.text.length - at);
        doc.text = doc.text.slice(0, at) + insert + doc.text.slice(at + del);
        doc.version++;
        src.applyEdit([{ rangeOffset: at, rangeLength: del, textLength: insert.length }]);
      }
      checkWords(chunks, `seed ${seed}`);
      for (const { w, text } of before) {
        const now = doc.text.slice(w.start, w.end);
        assert.ok(now === text || (now.startsWith(text) && /^\s/.test(now.slice(text.length))), `seed ${seed}: the word "${text}" still covers its text after the edits (now "${now}")`);
      }
    }
  });

  it('Read from Here: the part holding an offset is the part a reading from the start cut, and reading goes on as it did', async () => {
    for (let i = 0; i < Math.min(RUNS, 30); i++) {
      const seed = docSeed(BASE + 2, i);
      const g = generateDocument(seed, 'markdown');
      const prep: PrepareOptions = { languageId: 'markdown', codeBlocks: 'announce' };
      const doc = new Doc(g.source);
      const whole = readAll(new DocumentSource(doc.snapshot, [{ start: 0, end: Infinity }], 0, prep));
      if (whole.length < 2) continue;
      const rnd = prng(seed);
      const k = 1 + Math.floor(rnd() * (whole.length - 1));
      const target = whole[k];
      const w = target.words![Math.floor(rnd() * target.words!.length)];
      const src = new DocumentSource(doc.snapshot, [{ start: 0, end: Infinity }], 0, prep);
      const part = await src.rewindToPartAt(w.start);
      assert.ok(part, `seed ${seed}: a part holds the offset`);
      const rest = readAll(src);
      assert.deepEqual(rest.map((c) => [c.text, c.start]), whole.slice(k).map((c) => [c.text, c.start]), `seed ${seed}: the same parts from part ${k + 1} on (their audio is in the cache)`);
    }
  });
});

/** Speech-like PCM: bursts of noise (words) between silences, at 16 kHz. */
function pcmOf(pattern: readonly [voiced: boolean, sec: number][]): Pcm {
  const rate = 16_000;
  const rnd = prng(7);
  const parts: number[] = [];
  for (const [voiced, sec] of pattern) for (let i = 0; i < Math.round(sec * rate); i++) parts.push(voiced ? (rnd() * 2 - 1) * 0.5 * Math.sin((i / rate) * Math.PI * 6) ** 2 : 0);
  return { sampleRate: rate, samples: Float32Array.from(parts) };
}

describe('the word heard at a time', () => {
  const text = 'Stop here. Then listen again, carefully.';
  const chunk: SpannedChunk = {
    text,
    start: 100,
    end: 100 + text.length,
    sentences: [{ start: 100, end: 110, textStart: 0, textEnd: 10 }, { start: 111, end: 140, textStart: 11, textEnd: 40 }],
    words: [[0, 4], [5, 9], [11, 15], [16, 22], [23, 28], [30, 39]].map(([s, e]) => ({ start: 100 + s, end: 100 + e, textStart: s, textEnd: e })),
  };
  const alignment = { words: [[0.2, 0.5], [0.55, 0.9], [1.6, 1.9], [1.95, 2.4], [2.5, 2.9], [3.3, 4]].map(([start, end]) => ({ start, end })) };

  it('is the last word started by then (none before the first), and maps back from the word start', () => {
    assert.equal(wordAtTime(chunk, 0.1, alignment), -1);
    assert.equal(wordAtTime(chunk, 0.2, alignment), 0);
    assert.equal(wordAtTime(chunk, 1.2, alignment), 1, 'the pause after a word keeps it lit');
    assert.equal(wordAtTime(chunk, 2.45, alignment), 3);
    assert.equal(wordAtTime(chunk, 9, alignment), 5);
    for (let i = 0; i < 6; i++) assert.equal(wordAtTime(chunk, timeOfWord(chunk, i, 4.2, alignment)!, alignment), i);
  });

  it('finds the word at a source offset, or the next one', () => {
    assert.equal(wordAtOffset(chunk, 100), 0);
    assert.equal(wordAtOffset(chunk, 103), 0);
    assert.equal(wordAtOffset(chunk, 104), 1, 'the space after a word: the next word');
    assert.equal(wordAtOffset(chunk, 135), 5);
    assert.equal(wordAtOffset(chunk, 140), -1);
  });

  it('shows no word for an alignment that does not fit the words', () => {
    assert.equal(wordAtTime(chunk, 1, { words: alignment.words.slice(1) }), -1);
    assert.equal(wordAtTime(chunk, 1, { words: [...alignment.words].reverse() }), -1);
    assert.equal(wordAtTime({ ...chunk, words: undefined }, 1, alignment), -1);
    assert.equal(timeOfWord(chunk, 2, 4, { words: [] }), undefined);
  });

  it('follows the aligner: each word lit at the middle of its own burst of sound', () => {
    const words = chunk.words!;
    // Six bursts with pauses between: a long one after the first sentence, short ones between words.
    const pcm = pcmOf([[false, 0.3], [true, 0.35], [false, 0.12], [true, 0.35], [false, 0.6], [true, 0.35], [false, 0.12], [true, 0.5], [false, 0.12], [true, 0.4], [false, 0.25], [true, 0.7], [false, 0.3]]);
    const a = alignPcm(pcm, { text, sentences: chunk.sentences, words });
    assert.equal(a.words.length, words.length);
    const bursts = [0.475, 0.945, 1.845, 2.395, 2.97, 3.895];
    for (let i = 0; i < words.length; i++) assert.equal(wordAtTime(chunk, bursts[i], a), i, `the word "${text.slice(words[i].textStart, words[i].textEnd)}" at ${bursts[i]} s`);
  });
});

describe('alignment cache', () => {
  it('aligns the same bytes and text once, and different text again', () => {
    const cache = new AlignmentCache(2);
    const wav = new Uint8Array(64);
    const input = { text: 'One two.', sentences: [{ textStart: 0, textEnd: 8 }] };
    const a = cache.align(wav, input);
    assert.equal(cache.align(wav, { ...input, sentences: [...input.sentences] }), a);
    assert.equal(cache.computed, 1);
    cache.align(wav, { ...input, text: 'One too.' });
    assert.equal(cache.computed, 2);
    cache.align(new Uint8Array(65), input);
    cache.align(wav, input);
    assert.equal(cache.computed, 4, 'the oldest went beyond the limit');
  });
});
