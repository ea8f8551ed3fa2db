// Subtitle writers (src/speech/subtitles.ts): SubRip and WebVTT timestamps, escaping and order, checked by
// reading the output back with two published parsers (webvtt-parser is the W3C validator's; subtitle reads
// SubRip), and the cues of a saved file at each part's place in it.
import * as assert from 'node:assert/strict';
import { parseSync } from 'subtitle';
import { cuesOf, srtTimestamp, tidyCues, toSrt, toVtt, vttTimestamp, type Cue, type SubtitlePart } from '../../src/speech/subtitles';
import { prng } from '../fixtures/prng';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { WebVTTParser } = require('webvtt-parser') as {
  WebVTTParser: new () => { parse(input: string, mode?: string): { cues: { startTime: number; endTime: number; text: string }[]; errors: { message: string; line: number }[] } };
};

function parseVtt(text: string) {
  const r = new WebVTTParser().parse(text, 'metadata');
  assert.deepEqual(r.errors.map((e) => `${e.line}: ${e.message}`), [], `valid WebVTT:\n${text}`);
  return r.cues;
}

function parseSrt(text: string): { start: number; end: number; text: string }[] {
  return parseSync(text).filter((n) => n.type === 'cue').map((n) => {
    const d = n.data as { start: number; end: number; text: string };
    return { start: d.start / 1000, end: d.end / 1000, text: d.text };
  });
}

describe('subtitle writers', () => {
  it('write timestamps in whole milliseconds, hours first', () => {
    assert.equal(srtTimestamp(0), '00:00:00,000');
    assert.equal(vttTimestamp(1.2345), '00:00:01.235');
    assert.equal(srtTimestamp(3599.9996), '01:00:00,000');
    assert.equal(vttTimestamp(2 * 3600 + 61.5), '02:01:01.500');
    assert.equal(vttTimestamp(-3), '00:00:00.000');
    assert.equal(srtTimestamp(NaN), '00:00:00,000');
  });

  it('keep cue text on one line, escape WebVTT markup and never write an arrow a parser would read as timing', () => {
    const cues: Cue[] = [
      { start: 0.5, end: 1.25, text: 'Use a <T> & b --> c.' },
      { start: 1.3, end: 2, text: 'Two\n\nlines here.' },
    ];
    const vtt = toVtt(cues);
    assert.match(vtt, /^WEBVTT\n\n/);
    assert.ok(vtt.includes('Use a &lt;T&gt; &amp; b --&gt; c.'));
    assert.deepEqual(parseVtt(vtt).map((c) => [c.startTime, c.endTime, c.text]), [[0.5, 1.25, 'Use a &lt;T&gt; &amp; b --&gt; c.'], [1.3, 2, 'Two lines here.']]);
    const srt = toSrt(cues);
    assert.equal(srt, '1\n00:00:00,500 --> 00:00:01,250\nUse a <T> & b -> c.\n\n2\n00:00:01,300 --> 00:00:02,000\nTwo lines here.\n');
    assert.deepEqual(parseSrt(srt).map((c) => c.text), ['Use a <T> & b -> c.', 'Two lines here.']);
  });

  it('order cues by start, drop empty ones and give every cue a length', () => {
    const t = tidyCues([{ start: 2, end: 3, text: 'b' }, { start: 1, end: 1, text: 'a' }, { start: 1.5, end: 1.6, text: '  ' }, { start: 2, end: 1, text: 'c' }]);
    assert.deepEqual(t, [{ start: 1, end: 1.001, text: 'a' }, { start: 2, end: 3, text: 'b' }, { start: 2, end: 2.001, text: 'c' }]);
  });

  it('random cues read back exactly as written (seeded)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rnd = prng(seed);
      const cues: Cue[] = Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => {
        const start = rnd() * 5000;
        return { start, end: start + rnd() * 10, text: Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => ['word', 'Ünïcödé', '<b>', '&amp;', '-->', '你好', '😀', '\n', '12:30'][Math.floor(rnd() * 9)]).join(' ') };
      });
      const tidy = tidyCues(cues);
      const vtt = parseVtt(toVtt(cues));
      const srt = parseSrt(toSrt(cues));
      assert.equal(vtt.length, tidy.length, `seed ${seed}`);
      assert.equal(srt.length, tidy.length, `seed ${seed}`);
      for (let i = 0; i < tidy.length; i++) {
        assert.ok(Math.abs(vtt[i].startTime - tidy[i].start) < 1e-6 && Math.abs(vtt[i].endTime - tidy[i].end) < 1e-6, `seed ${seed} cue ${i}: WebVTT times`);
        assert.ok(Math.abs(srt[i].start - tidy[i].start) < 1e-6 && Math.abs(srt[i].end - tidy[i].end) < 1e-6, `seed ${seed} cue ${i}: SubRip times`);
        assert.ok(vtt[i].endTime > vtt[i].startTime && (i === 0 || vtt[i].startTime >= vtt[i - 1].startTime), `seed ${seed} cue ${i}: in order, with a length`);
      }
    }
  });

  it('place each part at its offset in the saved file, one cue per sentence or per word', () => {
    const part = (text: string, offset: number, sentences: [number, number][], words: [number, number][], times: number[][], wordTimes: number[][]): SubtitlePart => ({
      chunk: { text, sentences: sentences.map(([textStart, textEnd]) => ({ textStart, textEnd })), words: words.map(([textStart, textEnd]) => ({ textStart, textEnd })) },
      alignment: { duration: 3, method: 'audio', sentences: times.map(([start, end]) => ({ start, end })), words: wordTimes.map(([start, end]) => ({ start, end })) },
      offset,
    });
    const parts = [
      part('Hello there. Bye.', 0, [[0, 12], [13, 17]], [[0, 5], [6, 11], [13, 16]], [[0.2, 1.1], [1.5, 2]], [[0.2, 0.6], [0.7, 1.1], [1.5, 2]]),
      part('Again.', 3, [[0, 6]], [[0, 5]], [[0.1, 0.8]], [[0.1, 0.8]]),
    ];
    assert.deepEqual(cuesOf(parts, 'sentence'), [
      { start: 0.2, end: 1.1, text: 'Hello there.' }, { start: 1.5, end: 2, text: 'Bye.' }, { start: 3.1, end: 3.8, text: 'Again.' },
    ]);
    assert.deepEqual(cuesOf(parts, 'word').map((c) => c.text), ['Hello', 'there', 'Bye', 'Again']);
    assert.equal(cuesOf(parts, 'word')[3].start, 3.1);
  });
});
