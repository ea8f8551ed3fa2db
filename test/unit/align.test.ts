// The aligner (src/audio/align.ts): times in the clip, in order, for every input, good or bad; pauses in the
// audio place sentences and words where the character share cannot; real eSpeak speech; the text units.
import * as assert from 'node:assert/strict';
import { alignClip, alignPcm, breakStrength, innerSymbolUnits, numberLanguage, numberSaid, pcmFromWav, spokenUnits, wordSpans, type AlignInput, type Alignment } from '../../src/audio/align';
import { synthesize } from '../simulator/audio';
import { prng } from '../fixtures/prng';

/** A WAV of `samples` (mono, [-1, 1]) written with the given sample format and channel count. */
function wav(samples: Float32Array, rate: number, bits: 8 | 16 | 24 | 32 = 16, channels = 1, float = false): Uint8Array {
  const bytesPer = bits / 8;
  const data = samples.length * channels * bytesPer;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(float ? 3 : 1, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * channels * bytesPer, 28);
  b.writeUInt16LE(channels * bytesPer, 32);
  b.writeUInt16LE(bits, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  let o = 44;
  for (const x of samples) {
    const v = Math.max(-1, Math.min(1, x));
    for (let c = 0; c < channels; c++) {
      if (bits === 8) b.writeUInt8(Math.round(v * 127 + 128), o);
      else if (bits === 16) b.writeInt16LE(Math.round(v * 32767), o);
      else if (bits === 24) b.writeIntLE(Math.round(v * 8388607), o, 3);
      else if (float) b.writeFloatLE(v, o);
      else b.writeInt32LE(Math.round(v * 2147483647), o);
      o += bytesPer;
    }
  }
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/**
 * Speech-like audio with known timing: each word is a voiced burst (a buzz with syllable-rate amplitude
 * dips that never fall silent) lasting `secPerUnit` per syllable; `pauses[i]` seconds of near silence
 * follow word i. Returns the samples and each word's true start.
 */
function buzz(units: number[], pauses: number[], rate = 16000, secPerUnit = 0.2, lead = 0.3): { samples: Float32Array; starts: number[] } {
  const total = lead + units.reduce((s, u, i) => s + u * secPerUnit + (pauses[i] ?? 0), 0) + 0.3;
  const samples = new Float32Array(Math.round(total * rate));
  const rnd = prng(7);
  for (let i = 0; i < samples.length; i++) samples[i] = (rnd() - 0.5) * 0.0004;
  const starts: number[] = [];
  let t = lead;
  units.forEach((u, w) => {
    starts.push(t);
    const n = Math.round(u * secPerUnit * rate);
    const at = Math.round(t * rate);
    for (let i = 0; i < n; i++) {
      const syl = (i / rate / secPerUnit) % 1;
      const env = 0.35 + 0.65 * Math.sin(Math.PI * syl);
      samples[at + i] += 0.3 * env * Math.sin((2 * Math.PI * 140 * i) / rate) * (1 + 0.3 * Math.sin((2 * Math.PI * 900 * i) / rate));
    }
    t += u * secPerUnit + (pauses[w] ?? 0);
  });
  return { samples, starts };
}

/** Sentences of `text` split after . ! ? (the chunker's job; enough for these tests). */
function input(text: string): AlignInput {
  const sentences: { textStart: number; textEnd: number }[] = [];
  const re = /[^.!?。！？]+[.!?。！？]*\s*/gu;
  for (const m of text.matchAll(re)) sentences.push({ textStart: m.index, textEnd: m.index + m[0].trimEnd().length });
  if (sentences.length === 0) sentences.push({ textStart: 0, textEnd: text.length });
  return { text, sentences };
}

/** Every time inside [0, duration], each span's start ≤ end, each span after the one before. */
function assertSane(a: Alignment, inp: AlignInput): void {
  assert.equal(a.sentences.length, inp.sentences.length);
  if (inp.words) assert.equal(a.words.length, inp.words.length);
  for (const list of [a.sentences, a.words]) {
    let last = 0;
    for (const s of list) {
      assert.ok(Number.isFinite(s.start) && Number.isFinite(s.end), 'finite');
      assert.ok(s.start >= 0 && s.end <= a.duration + 1e-9, `inside the clip: ${s.start}–${s.end} of ${a.duration}`);
      assert.ok(s.start <= s.end, 'start before end');
      assert.ok(s.start >= last - 1e-9, 'in order');
      last = s.end;
    }
  }
}

describe('align: audio aligner', () => {
  it('places sentences at the pauses, where the character share is a second off', () => {
    // "Yes." is short in characters but the long words after it are few; the pause tells the truth.
    const text = 'Yes. Unbelievable extraordinary circumstances. Go now.';
    const inp = input(text);
    const words = wordSpans(text);
    const units = words.map((w) => spokenUnits(text.slice(w.textStart, w.textEnd)));
    const pauses = [0.5, 0, 0, 0.5, 0];
    // The voice does not say every syllable alike: the first sentence is slow, the second fast.
    const pace = [2, 2, 0.6, 0.6, 0.6, 1];
    const { samples, starts } = buzz(units.map((u, i) => u * pace[i]), pauses);
    const a = alignClip(wav(samples, 16000), inp);
    assertSane(a, inp);
    assert.equal(a.method, 'audio');
    const truth = [starts[0], starts[1], starts[4]];
    a.sentences.forEach((s, i) => assert.ok(Math.abs(s.start - truth[i]) < 0.05, `sentence ${i}: ${s.start} vs ${truth[i]}`));
    // The character share misses the second sentence by half a second.
    const shareStart = (inp.sentences[1].textStart / text.length) * a.duration;
    assert.ok(Math.abs(shareStart - starts[1]) > 0.3, `${shareStart} vs ${starts[1]}`);
  });

  it('trims leading and trailing silence', () => {
    const text = 'Alpha beta gamma.';
    const { samples, starts } = buzz([2, 2, 2], [0, 0, 0], 16000, 0.2, 1.5);
    const a = alignClip(wav(samples, 16000), input(text));
    assert.ok(Math.abs(a.words[0].start - starts[0]) < 0.05, `${a.words[0].start}`);
    assert.ok(a.words[2].end < a.duration - 0.2);
  });

  it('reads 8, 16, 24 and 32-bit, float and stereo WAVs of any rate alike', () => {
    const text = 'One two. Three four five.';
    const { samples } = buzz([1, 1, 1, 1, 2], [0, 0.4, 0, 0, 0], 24000);
    const base = alignClip(wav(samples, 24000, 16), input(text));
    for (const [bits, ch, float] of [[8, 1, false], [24, 1, false], [32, 1, false], [32, 2, true], [16, 2, false]] as const) {
      const a = alignClip(wav(samples, 24000, bits, ch, float), input(text));
      a.sentences.forEach((s, i) => assert.ok(Math.abs(s.start - base.sentences[i].start) <= 0.011, `${bits}-bit ×${ch}: ${s.start}`));
      const pcm = pcmFromWav(wav(samples, 24000, bits, ch, float));
      assert.ok(pcm);
      const tolerance = bits === 8 ? 0.01 : 1e-4;
      for (let i = 0; i < samples.length; i += 997) assert.ok(Math.abs(pcm.samples[i] - samples[i]) < tolerance, `${bits}-bit ×${ch} sample ${i}`);
    }
    const pcm = pcmFromWav(wav(samples, 24000, 24, 2));
    assert.ok(pcm && pcm.sampleRate === 24000 && pcm.samples.length === samples.length);
  });

  it('aligns real eSpeak speech: the second sentence starts where it was joined', async () => {
    const first = 'Yes.';
    const second = 'Nevertheless, the extraordinary circumstances required everybody to wait patiently.';
    const read = (b: Buffer): Float32Array => {
      const pcm = pcmFromWav(new Uint8Array(b));
      assert.ok(pcm);
      return pcm.samples;
    };
    const a1 = read(await synthesize(first, 'en-us'));
    const a2 = read(await synthesize(second, 'en-us'));
    const joined = new Float32Array(a1.length + a2.length);
    joined.set(a1);
    joined.set(a2, a1.length);
    // Where the second sentence's sound starts (its own leading silence skipped).
    let onset = 0;
    while (onset < a2.length && Math.abs(a2[onset]) < 0.01) onset++;
    const truth = (a1.length + onset) / 22050;
    const inp = input(`${first} ${second}`);
    const a = alignClip(wav(joined, 22050), inp);
    assertSane(a, inp);
    assert.ok(Math.abs(a.sentences[1].start - truth) < 0.06, `${a.sentences[1].start} vs ${truth}`);
  });

  it('falls back to the character share for a silent clip', () => {
    const inp = input('First sentence here. Second one.');
    const a = alignClip(wav(new Float32Array(16000 * 3), 16000), inp);
    assertSane(a, inp);
    assert.equal(a.method, 'share');
    assert.ok(Math.abs(a.sentences[1].start - (inp.sentences[1].textStart / inp.text.length) * 3) < 1e-9);
  });

  it('falls back to the character share for steady noise and for a clip with no level contrast', () => {
    const rnd = prng(3);
    const noise = Float32Array.from({ length: 16000 * 2 }, () => (rnd() - 0.5) * 0.5);
    const tone = Float32Array.from({ length: 16000 * 2 }, (_, i) => 0.5 * Math.sin(i / 5));
    for (const s of [noise, tone]) {
      const inp = input('Some words. More words, and more.');
      const a = alignClip(wav(s, 16000), inp);
      assertSane(a, inp);
      assert.equal(a.method, 'share');
    }
  });

  it('handles a clip with no pauses, and text without punctuation', () => {
    const text = 'one long stream of words without any punctuation at all';
    const words = wordSpans(text);
    const { samples, starts } = buzz(words.map((w) => spokenUnits(text.slice(w.textStart, w.textEnd))), []);
    const inp = input(text);
    const a = alignClip(wav(samples, 16000), inp);
    assertSane(a, inp);
    assert.ok(Math.abs(a.words[5].start - starts[5]) < 0.1, `${a.words[5].start} vs ${starts[5]}`);
  });

  it('handles one word, clipping, emoji, numbers, code and empty text', () => {
    const { samples } = buzz([3, 2, 2, 1], [0.3, 0, 0.3, 0]);
    const clipped = samples.map((x) => Math.max(-0.05, Math.min(0.05, x * 50)));
    const texts = ['Hello.', '🎉🎉 Party time! 🎉', 'It costs $3.50, or 15 % less: 2,000 units.', 'const x = a[i] + 1; // done', '', '   ', '…', '日本語のテキスト。한국어 문장.'];
    for (const pcm of [samples, clipped]) {
      for (const text of texts) {
        const inp = input(text);
        const a = alignClip(wav(pcm, 16000), inp);
        assertSane(a, inp);
      }
    }
  });

  it('never throws on bytes that are no WAV, a truncated WAV, or broken spans', () => {
    const inp = input('A sentence. Another.');
    for (const bytes of [new Uint8Array(0), new Uint8Array([1, 2, 3]), wav(new Float32Array(1000), 16000).subarray(0, 50), new TextEncoder().encode('RIFF....WAVEjunk')]) {
      const a = alignClip(bytes, inp);
      assertSane(a, inp);
      assert.equal(a.method, 'share');
    }
    const broken: AlignInput = { text: 'abc', sentences: [{ textStart: 5, textEnd: -3 }, { textStart: NaN, textEnd: 2 }], words: [{ textStart: 2, textEnd: 1 }] };
    const a = alignClip(wav(buzz([1], []).samples, 16000), broken);
    assertSane(a, broken);
  });

  it('places words by the syllables heard, where the expected lengths are off', () => {
    // A voice that gives every syllable the same time (a syllable-timed reading): "strengths" and "scripts" are
    // one short syllable each although their letters make them long by the expected lengths, and "idea" and
    // "radio" are three. Each syllable is a vowel-like burst between consonant-like dips.
    const text = 'Strengths and scripts need an idea on radio tonight';
    const syllables = [1, 1, 1, 1, 1, 3, 1, 3, 2];
    const rate = 16000;
    const syl = 0.22;
    const lead = 0.3;
    const total = lead + syllables.reduce((x, y) => x + y, 0) * syl + 0.3;
    const samples = new Float32Array(Math.round(total * rate));
    const rnd = prng(11);
    for (let i = 0; i < samples.length; i++) samples[i] = (rnd() - 0.5) * 0.0004;
    const starts: number[] = [];
    let t = lead;
    for (const n of syllables) {
      starts.push(t);
      for (let k = 0; k < n * syl * rate; k++) {
        const env = 0.08 + 0.92 * Math.sin((Math.PI * ((k / rate / syl) % 1)));
        const at = Math.round(t * rate) + k;
        samples[at] += 0.3 * env * Math.sin((2 * Math.PI * 130 * k) / rate) * (1 + 0.5 * Math.sin((2 * Math.PI * 700 * k) / rate));
      }
      t += n * syl;
    }
    const inp = input(text);
    const a = alignClip(wav(samples, rate), inp);
    assertSane(a, inp);
    const errors = a.words.map((w, i) => Math.abs(w.start - starts[i]));
    // Half a syllable at most for every word, a fifth of one on average.
    // Less than a syllable off for every word, about half a syllable on average (by the expected lengths alone,
    // "need" and "an" are a syllable and a half late).
    errors.forEach((e, i) => assert.ok(e < 0.9 * syl, `word ${i}: ${a.words[i].start.toFixed(3)} vs ${starts[i].toFixed(3)}`));
    assert.ok(errors.reduce((x, y) => x + y, 0) / errors.length < 0.55 * syl, `errors ${errors.map((e) => e.toFixed(3)).join(' ')}`);
  });

  it('takes no pause for the period of an abbreviation before a lower-case word', () => {
    // The voice runs on through "vs." and pauses at the comma; the pause belongs to the comma.
    const text = 'Compare apples vs. pears, then decide which to buy.';
    const inp: AlignInput = { text, sentences: [{ textStart: 0, textEnd: text.length }] };
    const words = wordSpans(text);
    const units = words.map((w) => spokenUnits(text.slice(w.textStart, w.textEnd)));
    const pauses = words.map((w) => (text.slice(w.textEnd, w.textEnd + 1) === ',' ? 0.4 : 0));
    const { samples, starts } = buzz(units, pauses);
    const a = alignClip(wav(samples, 16000), inp);
    assertSane(a, inp);
    const pears = words.findIndex((w) => text.slice(w.textStart, w.textEnd) === 'pears');
    for (const i of [pears, pears + 1]) assert.ok(Math.abs(a.words[i].start - starts[i]) < 0.1, `${text.slice(words[i].textStart, words[i].textEnd)}: ${a.words[i].start.toFixed(2)} vs ${starts[i].toFixed(2)}`);
  });

  it('takes no stop consonant\'s closure for a pause where the voice reads on through a break', () => {
    // The voice runs "kept." into "Then" without a pause; a 50 ms closure (a stop consonant) falls a few
    // syllables after the break. The break is left without a pause, and the pauses after "on," and "rest." stay
    // with their own breaks, so no phrase after it takes the pause of the one before.
    const text = 'We walked on and kept. Then much later on, we stopped to rest. Then we went home again.';
    const words = wordSpans(text);
    const units = words.map((w) => Math.max(1, Math.round(spokenUnits(text.slice(w.textStart, w.textEnd), true))));
    const pauses = words.map((w): number => {
      const after = text.slice(w.textEnd, w.textEnd + 1);
      return after === ',' ? 0.3 : after === '.' && text.slice(w.textStart, w.textEnd) !== 'kept' ? 0.5 : 0;
    });
    // The closure: "much" and "later" 50 ms apart (the buzz puts a gap after a word only).
    pauses[words.findIndex((w) => text.slice(w.textStart, w.textEnd) === 'much')] = 0.05;
    const { samples, starts } = buzz(units, pauses, 16000, 0.18);
    const inp = input(text);
    const a = alignClip(wav(samples, 16000), inp);
    assertSane(a, inp);
    a.words.forEach((w, i) => assert.ok(Math.abs(w.start - starts[i]) < 0.2, `${text.slice(words[i].textStart, words[i].textEnd)}: ${w.start.toFixed(2)} vs ${starts[i].toFixed(2)}`));
  });

  it('takes no pause for the period of a title before a name', () => {
    // "Mister Patel" is said in one breath; the pause belongs to the sentence end before it, though the voice
    // says the first sentence half again slower than its expected length (the pause comes late, nearer "Mr.").
    const text = 'The crumb was full of irregular holes! Mr. Patel opened his shop.';
    const inp = input(text);
    inp.sentences = [{ textStart: 0, textEnd: 38 }, { textStart: 39, textEnd: text.length }];
    const words = wordSpans(text);
    const units = words.map((w, i) => spokenUnits(text.slice(w.textStart, w.textEnd)) * (i < 7 ? 1.5 : 1));
    const pauses = words.map((w) => (text.slice(w.textEnd, w.textEnd + 1) === '!' ? 0.3 : 0));
    const { samples, starts } = buzz(units, pauses);
    const a = alignClip(wav(samples, 16000), inp);
    assertSane(a, inp);
    a.words.forEach((w, i) => assert.ok(Math.abs(w.start - starts[i]) < 0.15, `${text.slice(words[i].textStart, words[i].textEnd)}: ${w.start.toFixed(2)} vs ${starts[i].toFixed(2)}`));
  });

  it('is a pure function of bytes and text', () => {
    const text = 'One two three. Four five, six.';
    const { samples } = buzz([1, 1, 2, 1, 1, 1], [0, 0, 0.4, 0, 0.2, 0]);
    const bytes = wav(samples, 16000);
    assert.deepEqual(alignClip(bytes, input(text)), alignClip(bytes.slice(), input(text)));
    assert.deepEqual(alignPcm({ sampleRate: 16000, samples }, input(text)), alignPcm({ sampleRate: 16000, samples: samples.slice() }, input(text)));
  });
});

describe('align: text units', () => {
  it('derives word spans with Intl.Segmenter: no punctuation, spaces or emoji', () => {
    const text = 'Hello, world! 🎉 3.5 km';
    assert.deepEqual(wordSpans(text).map((w) => text.slice(w.textStart, w.textEnd)), ['Hello', 'world', '3.5', 'km']);
    const zh = '今天天气很好。';
    const words = wordSpans(zh, 'zh').map((w) => zh.slice(w.textStart, w.textEnd));
    assert.ok(words.length >= 2 && words.join('') === '今天天气很好', words.join('|'));
  });

  it('counts syllables and letters, Han characters, mora, Hangul blocks, vowels and digits', () => {
    // Alphabetic words: half syllables (a content word's stressed one counting half again), half letters at three a syllable.
    assert.ok(Math.abs(spokenUnits('extraordinary') - (0.5 * (6 + 0.5) + 0.5 * 13 / 3)) < 1e-9);
    assert.equal(spokenUnits('cat'), 0.5 * 1.5 + 0.5);
    assert.ok(spokenUnits('strengths') > spokenUnits('cat'));
    assert.equal(spokenUnits('天气'), 2);
    assert.equal(spokenUnits('きょう'), 2); // kyo-u: the small ょ joins the mora before it
    assert.equal(spokenUnits('한국어'), 3);
    assert.equal(spokenUnits('молоко'), 0.5 * 3.5 + 0.5 * 2);
    assert.equal(spokenUnits('—'), 0);
    // Syllables alone (as the nuclei heard count them): no stress, no letters.
    assert.equal(spokenUnits('extraordinary', true), 6);
  });

  it('says a function word without stress, so it is shorter than a content word of as many letters', () => {
    assert.equal(spokenUnits('cat') - spokenUnits('the'), 0.25, 'half a syllable of stress, half-weighted');
    assert.equal(spokenUnits('кот') - spokenUnits('что'), 0.25, 'Russian too');
    assert.equal(spokenUnits('The'), spokenUnits('the'), 'whatever its case');
    // A string of words said one by one lasts longer than one word of as many syllables: each has its stress.
    assert.ok(spokenUnits('dot org slash') > spokenUnits('dotorgslash') + 0.5);
  });

  it('says numbers as number words, in the language of the text', () => {
    assert.equal(numberSaid('2024')?.toLowerCase(), 'two thousand twenty four');
    assert.equal(numberSaid('1998')?.toLowerCase(), 'nineteen ninety eight', 'a year in pairs');
    assert.equal(numberSaid('1900')?.toLowerCase(), 'nineteen hundred');
    assert.equal(numberSaid('1905')?.toLowerCase(), 'nineteen oh five');
    assert.equal(numberSaid('1998', 'ru')?.toLowerCase(), 'тысяча девятьсот девяносто восемь', 'in English only');
    assert.equal(numberSaid('9,999')?.toLowerCase(), 'nine thousand nine hundred ninety nine', 'thousands groups are one number');
    assert.equal(numberSaid('3.14')?.toLowerCase(), 'three point one four', 'English decimals digit by digit');
    assert.equal(numberSaid('2.0.1')?.toLowerCase(), 'two point zero point one', 'a version part by part');
    assert.equal(numberSaid('007')?.toLowerCase(), 'zero zero seven', 'a leading zero: digit by digit');
    assert.equal(numberSaid('1234567890123456')?.split(' ').length, 16, 'a long run: digit by digit');
    assert.equal(spokenUnits('1234567890123456'), spokenUnits(numberSaid('1234567890123456') ?? ''), 'counted as said');
    assert.ok(Math.abs(spokenUnits('7'.repeat(100000)) / (100000 * spokenUnits('seven')) - 1) < 1e-9, 'however long the run');
    assert.equal(numberSaid('２０２４')?.toLowerCase(), 'two thousand twenty four', 'full-width digits');
    assert.equal(numberSaid('٤٢'), undefined, 'digits of another script are not read as words');
    assert.equal(numberSaid('42', 'ru')?.toLowerCase(), 'сорок два');
    assert.equal(numberSaid('42', 'zh')?.replace(/\s/g, ''), '四十二');
    // A number lasts as long as its words: "7" and "100000" by what is said, not by their digits.
    assert.equal(spokenUnits('42'), spokenUnits('forty two'));
    assert.ok(spokenUnits('100000') < spokenUnits('7') * 4);
    assert.equal(spokenUnits('42', false, 'ru'), spokenUnits('сорок два'));
    assert.equal(spokenUnits('42', false, 'zh'), 3);
    assert.equal(spokenUnits('٤٢'), 3, 'other digits: one and a half syllables each');
    assert.equal(numberLanguage('Hello 42'), 'en');
    assert.equal(numberLanguage('Привет, мир 42'), 'ru');
    assert.equal(numberLanguage('今天是 42 号, ok'), 'zh');
  });

  it('says an abbreviation as the words it stands for, and letters joined by dots as letters', () => {
    assert.equal(spokenUnits('etc'), spokenUnits('et cetera'));
    assert.equal(spokenUnits('e.g'), spokenUnits('for example'));
    assert.equal(spokenUnits('Mr.'), spokenUnits('mister'));
    // "p.m." and "U.S.": the letters' names as one word, the dots not said.
    assert.equal(spokenUnits('p.m'), spokenUnits('pm'));
    assert.equal(spokenUnits('U.S.'), spokenUnits('US'));
    assert.ok(spokenUnits('p.m') < spokenUnits('p') + spokenUnits('dot') + spokenUnits('m'));
  });

  it('says URLs, addresses, emoji, symbols and letters without a vowel as a voice reads them', () => {
    // Spelled by the letters' names, said as one word: stressed once, not on every letter.
    assert.equal(spokenUnits('https'), spokenUnits('aitch tee tee pee ess') - 4 * 0.25);
    assert.equal(spokenUnits('www'), 3 * spokenUnits('double you') - 2 * 0.25);
    assert.equal(spokenUnits('API'), spokenUnits('ay pee eye') - 2 * 0.25, 'a short all-capitals word');
    assert.equal(spokenUnits('API', true), 3, 'three syllables');
    assert.equal(spokenUnits('b'), spokenUnits('bee'), 'a lone letter');
    assert.equal(spokenUnits('a'), 0.5 + 0.5 / 3, 'but "a" is a word, said without stress');
    assert.equal(spokenUnits('👍'), 3, 'its name: thumbs up');
    assert.equal(spokenUnits('👍🏽'), 7, 'and its skin tone');
    assert.equal(spokenUnits('🇫🇷'), 3, 'a flag: its country');
    assert.equal(spokenUnits('*'), spokenUnits('asterisk'), 'a symbol standing alone');
    assert.equal(spokenUnits('%'), spokenUnits('percent'));
    // Symbols inside a token are named; between digits or before a space they are not.
    assert.equal(innerSymbolUnits('://', 'https', 'example'), spokenUnits('colon slash slash') - 2 * 0.25, 'colon slash slash, as one word');
    assert.equal(innerSymbolUnits('.', 'example', 'org'), spokenUnits('dot'), 'dot');
    assert.equal(innerSymbolUnits('/', 'docs', 'page', true), 1, 'slash, one syllable');
    assert.equal(innerSymbolUnits('_', 'max', 'size'), 0, 'an underscore parts the words of a name');
    assert.equal(spokenUnits('max_size'), spokenUnits('max size'));
    assert.equal(innerSymbolUnits('-', 'well', 'known'), 0, 'a compound');
    assert.equal(innerSymbolUnits(':', '4', '30'), 0, 'a time');
    assert.equal(innerSymbolUnits('. ', 'end', 'Next'), 0, 'a full stop');
    assert.equal(spokenUnits('example.org') - spokenUnits('example') - spokenUnits('org'), spokenUnits('dot'), 'a dot inside a word');
  });

  it('places words after a number by the number\'s words, not its digits', () => {
    // "In one hundred thousand and seven homes we counted two thousand twenty four lamps": six digits said in five
    // syllables, one digit in two, four digits in six.
    const text = 'In 100000 and 7 homes we counted 2024 lamps.';
    const words = wordSpans(text);
    const said = [1, 5, 1, 2, 1, 1, 2, 6, 1];
    assert.equal(words.length, said.length);
    const { samples, starts } = buzz(said, [], 16000, 0.18);
    const inp = input(text);
    const a = alignClip(wav(samples, 16000), inp);
    assertSane(a, inp);
    a.words.forEach((w, i) => assert.ok(Math.abs(w.start - starts[i]) < 0.2, `${text.slice(words[i].textStart, words[i].textEnd)}: ${w.start.toFixed(2)} vs ${starts[i].toFixed(2)}`));
  });

  it('places the words of a URL by its spelled and named parts', () => {
    // A voice says "open aitch tee tee pee ess colon slash slash example dot org slash docs today please"
    // ("example.org" is one word).
    const text = 'Open https://example.org/docs today please.';
    const said = [2, 5 + 4, 3 + 1 + 1 + 1, 1, 2, 1];
    const words = wordSpans(text);
    assert.equal(words.length, said.length);
    const { samples, starts } = buzz(said, [], 16000, 0.18);
    const inp = input(text);
    const a = alignClip(wav(samples, 16000), inp);
    assertSane(a, inp);
    a.words.forEach((w, i) => assert.ok(Math.abs(w.start - starts[i]) < 0.25, `${text.slice(words[i].textStart, words[i].textEnd)}: ${w.start.toFixed(2)} vs ${starts[i].toFixed(2)}`));
  });

  it('rates break points by their punctuation', () => {
    assert.equal(breakStrength(' ', false), 0);
    assert.equal(breakStrength(' ', true), 1);
    assert.equal(breakStrength('. ', false), 1);
    assert.ok(breakStrength(', ', false) > 0 && breakStrength(', ', false) < breakStrength('; ', false));
    assert.ok(breakStrength('\n', false) > breakStrength(', ', false));
    // Inside one token the punctuation is read on through, no break; full-width punctuation still is one.
    assert.equal(breakStrength('://', false), 0);
    assert.equal(breakStrength(':', false), 0);
    assert.equal(breakStrength('.', false), 0);
    assert.ok(breakStrength(': ', false) > 0);
    assert.ok(breakStrength('，', false) > 0);
    assert.equal(breakStrength('.', true), 1, 'a sentence end is one whatever its spacing');
  });

  it('takes no pause for the colon inside a URL', () => {
    // "Visit aitch tee tee pee ess colon | slash slash example dot org now, | then rest": the voice stops briefly
    // inside the address (a stop consonant's closure, a breath) and pauses at the comma; the short stop is no
    // break after "https", so "example.org" is not moved to its end.
    const text = 'Visit https://example.org now, then rest.';
    const words = wordSpans(text);
    const said = [2, 7, 2, 6, 1, 1, 1];
    const { samples, starts } = buzz(said, [0, 0.1, 0, 0, 0.4, 0, 0], 16000, 0.18);
    const wordStarts = [starts[0], starts[1], ...starts.slice(3)];
    const inp = input(text);
    const a = alignClip(wav(samples, 16000), inp);
    assertSane(a, inp);
    a.words.forEach((w, i) => assert.ok(Math.abs(w.start - wordStarts[i]) < 0.25, `${text.slice(words[i].textStart, words[i].textEnd)}: ${w.start.toFixed(2)} vs ${wordStarts[i].toFixed(2)}`));
  });
});
