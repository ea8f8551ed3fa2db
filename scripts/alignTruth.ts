// Ground truth for the aligner (dev only, never shipped): clips whose every word's true time is known from the
// synthesizer itself, not from the aligner.
//
// Method. The eSpeak NG WASM build exposes only its command line (no word events, and `--pho` writes nothing
// without MBROLA), so the clip is built word by word: each word, with the punctuation and symbols written
// after it, is spoken by eSpeak as its own segment (one eSpeak run per clip: the segments are separated by
// 1.5 s SSML breaks and cut apart at those silences, which eSpeak never makes inside a word). Each segment's
// leading and trailing silence is trimmed, and the segments are joined: words of one phrase directly after
// each other, as connected speech has no pause between words; after punctuation, the pause eSpeak itself
// makes for that punctuation at that voice and rate (measured once per voice and rate from eSpeak's own
// output, "word<p> Word" against "word Word"; a line break, which eSpeak reads as a space, gets eSpeak's
// pause between paragraphs, as a list item is a phrase of its own for a reader). A word's true start is where its segment was placed, exactly.
// A faint seeded noise (−66 dBFS) is added so that the pauses are not digital silence, as in a real service's
// audio. What this truth does not model: prosody across words (each word is said as if alone).
//
// Cached under .cache/align-truth (gitignored); regenerated when the corpus or this method changes.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { wordSpans, type TextSpan } from '../src/audio/align';
import { chunkPrepared } from '../src/speech/chunker';
import { prepareText } from '../src/speech/textPrep';
import { corpusClips, type CorpusClip, type CorpusLanguage } from '../test/fixtures/alignCorpus';
import { generateDocument } from '../test/fixtures/docgen';
import { prng } from '../test/fixtures/prng';

const METHOD_VERSION = 4;
const RATE_HZ = 22050;
const BREAK_MS = 1500;
const VOICES: Record<CorpusLanguage, string> = { English: 'en-us', Chinese: 'cmn', Russian: 'ru' };
const LOCALES: Record<CorpusLanguage, string> = { English: 'en', Chinese: 'zh', Russian: 'ru' };

export interface TruthClip {
  language: CorpusLanguage;
  rate: number;
  text: string;
  sentences: TextSpan[];
  words: TextSpan[];
  /** True [start, end) of every word, seconds. */
  wordTimes: { start: number; end: number }[];
  wav: Uint8Array;
}

interface EspeakModule { FS: { readFile(path: string): Uint8Array } }
type EspeakFactory = (opts: { arguments: string[]; print?: (s: string) => void; printErr?: (s: string) => void; wasmBinary?: Uint8Array }) =>
  Promise<EspeakModule>;
let wasmBinary: Uint8Array | undefined;

async function espeak(args: string[]): Promise<Int16Array> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = (require('espeak-ng') as { default: EspeakFactory }).default;
  wasmBinary ??= fs.readFileSync(path.join(path.dirname(require.resolve('espeak-ng')), 'espeak-ng.wasm'));
  const quiet = (): undefined => undefined;
  const mod = await factory({ arguments: ['-w', 'out.wav', ...args], print: quiet, printErr: quiet, wasmBinary });
  const wav = mod.FS.readFile('out.wav');
  const data = wav.subarray(44);
  return new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + (data.length & ~1)));
}

/** Audible: above −50 dBFS. */
const AUDIBLE = 32768 * 0.00316;

function trim(s: Int16Array): Int16Array {
  let a = 0;
  let b = s.length;
  while (a < b && Math.abs(s[a]) < AUDIBLE) a++;
  while (b > a && Math.abs(s[b - 1]) < AUDIBLE) b--;
  return s.subarray(a, b);
}

/** Cuts at silences (|x| ≤ 2) of at least `minSec`; returns the pieces between them. */
function cut(s: Int16Array, minSec: number): Int16Array[] {
  const min = Math.round(minSec * RATE_HZ);
  const pieces: Int16Array[] = [];
  let from = 0;
  let run = -1;
  for (let i = 0; i <= s.length; i++) {
    const silent = i < s.length && Math.abs(s[i]) <= 2;
    if (silent && run < 0) run = i;
    if (!silent && run >= 0) {
      if (i - run >= min && run > from) {
        pieces.push(s.subarray(from, run));
        from = i;
      } else if (i - run >= min) from = i;
      run = -1;
    }
  }
  if (from < s.length) pieces.push(s.subarray(from));
  return pieces.map(trim).filter((p) => p.length > 0);
}

/** The longest silent run strictly inside the audible part, seconds. */
function longestGap(s: Int16Array): number {
  const t = trim(s);
  let best = 0;
  let run = 0;
  for (const x of t) {
    if (Math.abs(x) < AUDIBLE) best = Math.max(best, ++run);
    else run = 0;
  }
  return best / RATE_HZ;
}

type PauseClass = 'none' | 'period' | 'question' | 'exclaim' | 'comma' | 'semicolon' | 'colon' | 'line' | 'dash';

function pauseClass(between: string, sentenceEnds: boolean): PauseClass {
  if (/\n/.test(between)) return 'line';
  if (/[?？]/u.test(between)) return 'question';
  if (/[!！]/u.test(between)) return 'exclaim';
  if (sentenceEnds || /[.。…]/u.test(between)) return 'period';
  if (/[;；]/u.test(between)) return 'semicolon';
  if (/[:：]/u.test(between)) return 'colon';
  if (/[—–]/u.test(between)) return 'dash';
  if (/[,，、]/u.test(between)) return 'comma';
  return 'none';
}

const CALIBRATION: Record<CorpusLanguage, [string, string, Record<PauseClass, string>]> = {
  English: ['morning', 'Garden', { none: ' ', period: '. ', question: '? ', exclaim: '! ', comma: ', ', semicolon: '; ', colon: ': ', line: '\n\n', dash: ' — ' }],
  Chinese: ['早上', '花园', { none: '', period: '。', question: '？', exclaim: '！', comma: '，', semicolon: '；', colon: '：', line: '\n\n', dash: '——' }],
  Russian: ['утром', 'Садовник', { none: ' ', period: '. ', question: '? ', exclaim: '! ', comma: ', ', semicolon: '; ', colon: ': ', line: '\n\n', dash: ' — ' }],
};

/** eSpeak's own pause after each kind of punctuation at this voice and rate, seconds. */
async function calibrate(language: CorpusLanguage, rate: number): Promise<Record<PauseClass, number>> {
  const [a, b, seps] = CALIBRATION[language];
  const out = {} as Record<PauseClass, number>;
  const base = longestGap(await espeak(['-z', '-s', String(rate), '-v', VOICES[language], '--', `${a}${seps.none}${b}`]));
  for (const k of Object.keys(seps) as PauseClass[]) {
    const g = longestGap(await espeak(['-z', '-s', String(rate), '-v', VOICES[language], '--', `${a}${seps[k]}${b}`]));
    out[k] = k === 'none' ? 0 : Math.max(0, g - base);
  }
  return out;
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function makeWav(s: Int16Array): Uint8Array {
  const b = Buffer.alloc(44 + s.length * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + s.length * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(RATE_HZ, 24);
  b.writeUInt32LE(RATE_HZ * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(s.length * 2, 40);
  for (let i = 0; i < s.length; i++) b.writeInt16LE(s[i], 44 + i * 2);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

async function buildClip(language: CorpusLanguage, rate: number, text: string, sentences: TextSpan[],
  pauses: Record<PauseClass, number>, seed: number): Promise<TruthClip | undefined> {
  const words = wordSpans(text, LOCALES[language]);
  if (words.length === 0) return undefined;
  const segments = words.map((w, i) => text.slice(i === 0 ? 0 : w.textStart, i + 1 < words.length ? words[i + 1].textStart : text.length).trim());
  const ssml = `<speak>${segments.map(xml).join(`<break time="${BREAK_MS}ms"/>`)}</speak>`;
  const audio = await espeak(['-m', '-z', '-s', String(rate), '-v', VOICES[language], '--', ssml]);
  const pieces = cut(audio, (BREAK_MS * 0.6) / 1000);
  if (pieces.length !== words.length) return undefined;
  const sentenceEnds = new Set(sentences.map((s) => s.textEnd));
  const lead = Math.round(0.25 * RATE_HZ);
  const gaps = words.map((w, i) => {
    if (i + 1 >= words.length) return Math.round(0.3 * RATE_HZ);
    const between = text.slice(w.textEnd, words[i + 1].textStart);
    const ends = [...sentenceEnds].some((e) => e >= w.textEnd && e <= words[i + 1].textStart);
    return Math.round(pauses[pauseClass(between, ends)] * RATE_HZ);
  });
  const total = lead + pieces.reduce((n, p, i) => n + p.length + gaps[i], 0);
  const out = new Int16Array(total);
  const rnd = prng(seed);
  for (let i = 0; i < total; i++) out[i] = Math.round((rnd() - 0.5) * 2 * 16);
  let at = lead;
  const wordTimes = pieces.map((p, i) => {
    for (let k = 0; k < p.length; k++) out[at + k] = Math.max(-32768, Math.min(32767, out[at + k] + p[k]));
    const t = { start: at / RATE_HZ, end: (at + p.length) / RATE_HZ };
    at += p.length + gaps[i];
    return t;
  });
  return { language, rate, text, sentences, words, wordTimes, wav: makeWav(out) };
}

const CACHE_DIR = path.join(__dirname, '..', '..', '.cache', 'align-truth');

/**
 * Parts as the reader sends them, with their sentence spans, from the repository's seeded Markdown documents
 * (test/fixtures/docgen.ts: invented words, numbers, abbreviations, URLs, emoji, code identifiers, lists,
 * tables) through the real text preparation and chunker. English voice only.
 */
function documentClips(count: number): CorpusClip[] {
  const out: CorpusClip[] = [];
  for (let seed = 1; out.length < count; seed++) {
    const doc = generateDocument(seed, 'markdown');
    for (const c of chunkPrepared(prepareText(doc.source, { languageId: 'markdown', codeBlocks: 'announce' }))) {
      if (out.length < count) out.push({ text: c.text, sentences: c.sentences.map((s) => ({ textStart: s.textStart, textEnd: s.textEnd })) });
    }
  }
  return out;
}

/** Where a set's text comes from: the hand-written prose of alignCorpus.ts, or the generated documents. */
export type TruthSource = 'prose' | 'documents';

/** The ground-truth clips of one language at one eSpeak rate (words per minute), from the cache when there. */
export async function truthClips(language: CorpusLanguage, rate: number, log: (s: string) => void = () => undefined,
  source: TruthSource = 'prose'): Promise<{ clips: TruthClip[]; dropped: number }> {
  const corpus = source === 'documents' ? documentClips(40) : corpusClips(language, 20260 + rate, 3);
  const key = createHash('sha256').update(JSON.stringify({ METHOD_VERSION, language, rate, corpus })).digest('hex').slice(0, 16);
  const file = path.join(CACHE_DIR, `${language}-${source}-${rate}-${key}.json`);
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { clips: (Omit<TruthClip, 'wav'> & { wav: string })[]; dropped: number };
    return { dropped: saved.dropped, clips: saved.clips.map((c) => ({ ...c, wav: new Uint8Array(Buffer.from(c.wav, 'base64')) })) };
  }
  log(`generating ground truth: ${language} ${source} at ${rate} wpm (${corpus.length} clips, once; cached in .cache/align-truth)`);
  const pauses = await calibrate(language, rate);
  const clips: TruthClip[] = [];
  let dropped = 0;
  for (let i = 0; i < corpus.length; i++) {
    const c = await buildClip(language, rate, corpus[i].text, corpus[i].sentences, pauses, rate * 1000 + i);
    if (c) clips.push(c);
    else dropped++;
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ dropped, clips: clips.map((c) => ({ ...c, wav: Buffer.from(c.wav).toString('base64') })) }));
  return { clips, dropped };
}
