// BENCH_ONLY=align: today's character share (src/highlight/position.ts) and the aligner (src/audio/align.ts)
// side by side on the ground truth of scripts/alignTruth.ts, per language and eSpeak rate. Errors are in
// milliseconds against the synthesizer's own word times; "mid" is the share of words that the method shows
// as the current word at the word's true midpoint; CPU is the aligner's milliseconds per second of audio.
import { alignClip, type TimeSpan } from '../src/audio/align';
import { sentenceAtTime, timeOfSentence } from '../src/highlight/position';
import type { CorpusLanguage } from '../test/fixtures/alignCorpus';
import { truthClips, type TruthClip, type TruthSource } from './alignTruth';

/** Sets: hand-written prose in three languages, and English parts of the generated Markdown documents. */
const SETS: [CorpusLanguage, TruthSource][] = [['English', 'prose'], ['English', 'documents'], ['Chinese', 'prose'], ['Russian', 'prose']];
/** eSpeak rates, words per minute: a slow and a fast reader (eSpeak's default is 175). */
const RATES = [130, 230];

interface Errors {
  sentence: number[];
  word: number[];
  midHits: number;
  midTotal: number;
}

const newErrors = (): Errors => ({ sentence: [], word: [], midHits: 0, midTotal: 0 });

function pct(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
}

/** Index of the span shown at time t: the last one started by then. */
function shownAt(starts: number[], t: number): number {
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1] <= t) i++;
  return i;
}

function score(e: Errors, c: TruthClip, sentenceStarts: number[], wordStarts: number[]): void {
  const firstWord = c.sentences.map((s) => c.words.findIndex((w) => w.textStart >= s.textStart && w.textStart < s.textEnd));
  firstWord.forEach((w, i) => {
    const t = w >= 0 ? c.wordTimes[w] : null;
    if (t) e.sentence.push(Math.abs(sentenceStarts[i] - t.start) * 1000);
  });
  c.wordTimes.forEach((t, i) => {
    // A word the synthesizer said as part of another has no true time of its own: not scored.
    if (!t) return;
    e.word.push(Math.abs(wordStarts[i] - t.start) * 1000);
    e.midTotal++;
    if (shownAt(wordStarts, (t.start + t.end) / 2) === i) e.midHits++;
  });
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(0).padStart(5) : '    -');

function line(label: string, e: Errors, cpu?: number): string {
  const s = [...e.sentence].sort((a, b) => a - b);
  const w = [...e.word].sort((a, b) => a - b);
  return `${label.padEnd(36)} sentence start ms median ${fmt(pct(s, 0.5))} p90 ${fmt(pct(s, 0.9))} max ${fmt(s[s.length - 1])}` +
    ` | word start ms median ${fmt(pct(w, 0.5))} p90 ${fmt(pct(w, 0.9))} | mid ${(100 * e.midHits / Math.max(1, e.midTotal)).toFixed(1).padStart(5)} %` +
    (cpu === undefined ? '' : ` | CPU ${cpu.toFixed(2)} ms per s of audio`);
}

/** BENCH_ALIGN_SETS=English,documents,130 (any of the words) runs only the sets whose name has each of them. */
function wanted(language: string, source: string, rate: number): boolean {
  const only = (process.env.BENCH_ALIGN_SETS ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const name = [language, source, String(rate)];
  return only.every((x) => name.includes(x));
}

export async function benchAlign(): Promise<void> {
  for (const [language, source] of SETS) {
    for (const rate of RATES) {
      if (!wanted(language, source, rate)) continue;
      const { clips, dropped, method } = await truthClips(language, rate, (s) => console.log(s), source);
      const share = newErrors();
      const aligned = newErrors();
      let cpuMs = 0;
      let audioSec = 0;
      let sentences = 0;
      let words = 0;
      let untimed = 0;
      for (const c of clips) {
        const duration = (c.wav.length - 44) / 2 / 22050;
        audioSec += duration;
        sentences += c.sentences.length;
        words += c.words.length;
        untimed += c.wordTimes.filter((t) => !t).length;
        // Today's follow-along: sentences by character share (position.ts), words the same way.
        const chunk = { text: c.text, start: 0, end: c.text.length, sentences: c.sentences.map((s) => ({ ...s, start: s.textStart, end: s.textEnd })) };
        const shareSentences = c.sentences.map((_, i) => Math.max(0, timeOfSentence(chunk, i, duration) - 0.01));
        void sentenceAtTime;
        const shareWords = c.words.map((w) => (w.textStart / Math.max(1, c.text.length)) * duration);
        score(share, c, shareSentences, shareWords);
        const t0 = process.cpuUsage();
        const a = alignClip(c.wav, { text: c.text, sentences: c.sentences, words: c.words });
        const dt = process.cpuUsage(t0);
        cpuMs += (dt.user + dt.system) / 1000;
        score(aligned, c, a.sentences.map((s: TimeSpan) => s.start), a.words.map((w: TimeSpan) => w.start));
      }
      const head = `align ${language}${source === 'prose' ? '' : ` ${source}`} ${rate} wpm`;
      console.log(`${head}: truth from eSpeak ${method}; ${clips.length} clips (${dropped} dropped), ${sentences} sentences, ${words} words` +
        ` (${untimed} without a time of their own), ${audioSec.toFixed(0)} s of audio`);
      console.log(line(`${head} share`, share));
      console.log(line(`${head} aligner`, aligned, cpuMs / audioSec));
    }
  }
}
