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

interface Group { share: Errors; aligned: Errors; cpuMs: number; audioSec: number; clips: number; sentences: number; words: number; untimed: number }

/**
 * The documents are told apart by whether a clip holds Han characters: the English eSpeak voice reads each one
 * as "Chinese letter" (and gives a run of them no word positions of its own), which no voice reading Chinese
 * does, so the truth there says more about eSpeak than about the aligner; reported on its own line.
 */
const HAN = /\p{Script=Han}/u;

export async function benchAlign(): Promise<void> {
  for (const [language, source] of SETS) {
    for (const rate of RATES) {
      if (!wanted(language, source, rate)) continue;
      const { clips, dropped, method } = await truthClips(language, rate, (s) => console.log(s), source);
      const groups = new Map<string, Group>();
      const base = `align ${language}${source === 'prose' ? '' : ` ${source}`} ${rate} wpm`;
      for (const c of clips) {
        const head = source === 'documents' && HAN.test(c.text) ? `${base} with Han` : base;
        let g = groups.get(head);
        if (!g) groups.set(head, (g = { share: newErrors(), aligned: newErrors(), cpuMs: 0, audioSec: 0, clips: 0, sentences: 0, words: 0, untimed: 0 }));
        const duration = (c.wav.length - 44) / 2 / 22050;
        g.clips++;
        g.audioSec += duration;
        g.sentences += c.sentences.length;
        g.words += c.words.length;
        g.untimed += c.wordTimes.filter((t) => !t).length;
        // Today's follow-along: sentences by character share (position.ts), words the same way.
        const chunk = { text: c.text, start: 0, end: c.text.length, sentences: c.sentences.map((s) => ({ ...s, start: s.textStart, end: s.textEnd })) };
        const shareSentences = c.sentences.map((_, i) => Math.max(0, timeOfSentence(chunk, i, duration) - 0.01));
        void sentenceAtTime;
        const shareWords = c.words.map((w) => (w.textStart / Math.max(1, c.text.length)) * duration);
        score(g.share, c, shareSentences, shareWords);
        const t0 = process.cpuUsage();
        const a = alignClip(c.wav, { text: c.text, sentences: c.sentences, words: c.words });
        const dt = process.cpuUsage(t0);
        g.cpuMs += (dt.user + dt.system) / 1000;
        score(g.aligned, c, a.sentences.map((s: TimeSpan) => s.start), a.words.map((w: TimeSpan) => w.start));
      }
      for (const [head, g] of groups) {
        console.log(`${head}: truth from eSpeak ${method}; ${g.clips} clips (${dropped} dropped of the set), ${g.sentences} sentences, ${g.words} words` +
          ` (${g.untimed} without a time of their own), ${g.audioSec.toFixed(0)} s of audio`);
        console.log(line(`${head} share`, g.share));
        console.log(line(`${head} aligner`, g.aligned, g.cpuMs / g.audioSec));
      }
    }
  }
}
