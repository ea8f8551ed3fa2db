// Ground truth for the aligner (dev only, never shipped): clips whose every word's true time is known from the
// synthesizer itself, not from the aligner.
//
// Method (preferred): connected speech from libespeak-ng with eSpeak NG's own word events. Each clip's text is
// spoken as it is, in one piece, by scripts/espeakWords.py (python3 ctypes over libespeak-ng's synth callback,
// synchronous mode): every espeakEVENT_WORD gives the word's text position and its audio position, so a word's
// true start is where eSpeak itself began that word in the audio it made. Words are matched by text position:
// our word (Intl.Segmenter) starts where eSpeak's first word event inside it does; eSpeak may say a word in
// several events ("42" is "forty" and "two"; the first counts), and where eSpeak took two of our words as one
// (no event starts inside the second), the second has no true time and is left out of the scores. A word ends
// where the next one starts, less the silence before it (a pause belongs to no word); the last word ends where
// the sound does. A line break ends a clause (eSpeak's line-length option), as a reader pauses after a list item
// or heading; eSpeak by default reads it as a space. Checked against the audio: after a pause, the sound starts 0–75 ms after eSpeak's word event
// (a stop consonant's closure is silent), never before it. Needs `libespeak-ng1` (Debian; brings espeak-ng-data).
//
// Method (fallback, when libespeak-ng cannot be loaded): the eSpeak NG WASM build of the `espeak-ng` npm package
// exposes only its command line (no word events, and `--pho` writes nothing without MBROLA), so the clip is
// built word by word: each word, with the punctuation and symbols written after it, is spoken by eSpeak as its
// own segment (one eSpeak run per clip: the segments are separated by 1.5 s SSML breaks and cut apart at those
// silences, which eSpeak never makes inside a word). Each segment's leading and trailing silence is trimmed,
// and the segments are joined: words of one phrase directly after each other; after punctuation, the pause
// eSpeak itself makes for that punctuation at that voice and rate (measured once per voice and rate from
// eSpeak's own output, "word<p> Word" against "word Word"; a line break, which eSpeak reads as a space, gets
// eSpeak's pause between paragraphs). A word's true start is where its segment was placed, exactly. Each word
// is said as if alone (citation form), so short function words last longer than in connected speech.
//
// Both: a faint seeded noise (−66 dBFS) is added so that the pauses are not digital silence, as in a real
// service's audio. Cached under .cache/align-truth (gitignored); regenerated when the corpus or method changes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { wordSpans, type TextSpan } from '../src/audio/align';
import { chunkPrepared } from '../src/speech/chunker';
import { prepareText } from '../src/speech/textPrep';
import { corpusClips, type CorpusClip, type CorpusLanguage } from '../test/fixtures/alignCorpus';
import { generateDocument } from '../test/fixtures/docgen';
import { prng } from '../test/fixtures/prng';

const METHOD_VERSION = 6;
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
  /** True [start, end) of every word, seconds; null where the synthesizer gave the word no time of its own. */
  wordTimes: ({ start: number; end: number } | null)[];
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

// ---------- connected speech with eSpeak's word events (libespeak-ng) ----------

/** eSpeak's line length (-l): a line shorter than this ends a clause, so a list item or heading is a phrase of its own. */
const LINE_ENDS_CLAUSE = 100000;
const WORDS_SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'espeakWords.py');

interface LibOutput { sampleRate: number; samples: string; words: { char: number; length: number; sample: number }[] }

/** Speaks every text through libespeak-ng in one python3 run; undefined (with the reason) when the library cannot be used. */
function espeakLibrary(voice: string, rate: number, texts: string[]): { out?: LibOutput[]; reason?: string } {
  const input = texts.map((text) => JSON.stringify({ voice, rate, text, lineLength: LINE_ENDS_CLAUSE })).join('\n') + '\n';
  const r = spawnSync('python3', [WORDS_SCRIPT], { input, maxBuffer: 2 ** 31 - 1, encoding: 'utf8' });
  if (r.error || r.status !== 0) return { reason: (r.stderr || String(r.error ?? `python3 exited with ${r.status}`)).trim() };
  const out = r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LibOutput);
  return out.length === texts.length ? { out } : { reason: `espeakWords.py answered ${out.length} of ${texts.length} texts` };
}

/** Whether libespeak-ng can be loaded here (python3 and the library), with the reason when not. */
export function libraryAvailable(): { ok: boolean; reason?: string } {
  const r = espeakLibrary('en-us', 175, []);
  return r.out ? { ok: true } : { ok: false, reason: r.reason };
}

/** Code point index → UTF-16 index of `text` (eSpeak counts characters as code points). */
function codePointOffsets(text: string): number[] {
  const out: number[] = [];
  let i = 0;
  for (const ch of text) {
    out.push(i);
    i += ch.length;
  }
  out.push(i);
  return out;
}

function libClip(language: CorpusLanguage, rate: number, text: string, sentences: TextSpan[], o: LibOutput, seed: number): TruthClip | undefined {
  const words = wordSpans(text, LOCALES[language]);
  if (words.length === 0 || o.sampleRate !== RATE_HZ) return undefined;
  const raw = Buffer.from(o.samples, 'base64');
  const speech = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + (raw.length & ~1)));
  const offsets = codePointOffsets(text);
  const events = o.words
    .map((w) => ({ at: offsets[Math.min(offsets.length - 1, Math.max(0, w.char))], sample: w.sample }))
    .filter((e) => e.sample >= 0 && e.sample <= speech.length);
  const lead = Math.round(0.25 * RATE_HZ);
  const tail = Math.round(0.3 * RATE_HZ);
  const total = lead + speech.length + tail;
  const out = new Int16Array(total);
  const rnd = prng(seed);
  for (let i = 0; i < total; i++) out[i] = Math.round((rnd() - 0.5) * 2 * 16);
  for (let k = 0; k < speech.length; k++) out[lead + k] = Math.max(-32768, Math.min(32767, out[lead + k] + speech[k]));
  // Our word starts at eSpeak's first word event inside it; none inside: eSpeak said it as part of another word.
  const starts = words.map((w) => {
    const e = events.find((x) => x.at >= w.textStart && x.at < w.textEnd);
    return e ? lead + e.sample : undefined;
  });
  // In order only: an event out of order (never seen) would make the truth meaningless, so such a clip is dropped.
  const timed = starts.filter((x): x is number => x !== undefined);
  if (timed.length === 0 || timed.some((x, i) => i > 0 && x < timed[i - 1])) return undefined;
  const soundEnd = lead + trimStart(speech) + trim(speech).length;
  const wordTimes = words.map((_, i) => {
    const start = starts[i];
    if (start === undefined) return null;
    let next = soundEnd;
    for (let j = i + 1; j < words.length; j++) {
      const n = starts[j];
      if (n !== undefined) {
        next = n;
        break;
      }
    }
    // Less the silence before the next word (a pause belongs to no word), in 5 ms steps.
    const step = Math.round(0.005 * RATE_HZ);
    let end = Math.max(start, next);
    while (end - step > start && quiet(out, end - step, end)) end -= step;
    return { start: start / RATE_HZ, end: end / RATE_HZ };
  });
  return { language, rate, text, sentences, words, wordTimes, wav: makeWav(out) };
}

/** Samples before the first audible one. */
function trimStart(s: Int16Array): number {
  let a = 0;
  while (a < s.length && Math.abs(s[a]) < AUDIBLE) a++;
  return a;
}

/** No audible sample in s[a, b). */
function quiet(s: Int16Array, a: number, b: number): boolean {
  for (let i = Math.max(0, a); i < Math.min(s.length, b); i++) if (Math.abs(s[i]) >= AUDIBLE) return false;
  return true;
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

/** Prose clips of a language: enough rounds of the sentence bank for at least 300 sentences and 3,000 words. */
function proseClips(language: CorpusLanguage, rate: number): CorpusClip[] {
  for (let rounds = 3; ; rounds++) {
    const clips = corpusClips(language, 20260 + rate, rounds);
    const sentences = clips.reduce((n, c) => n + c.sentences.length, 0);
    const words = clips.reduce((n, c) => n + wordSpans(c.text, LOCALES[language]).length, 0);
    if ((sentences >= 300 && words >= 3000) || rounds >= 12) return clips;
  }
}

/** Where a set's text comes from: the hand-written prose of alignCorpus.ts, or the generated documents. */
export type TruthSource = 'prose' | 'documents';

/** How a set's truth was made: eSpeak's word events in connected speech, or words spoken one by one (fallback). */
export type TruthMethod = 'word events' | 'word by word';

/** The ground-truth clips of one language at one eSpeak rate (words per minute), from the cache when there. */
export async function truthClips(language: CorpusLanguage, rate: number, log: (s: string) => void = () => undefined,
  source: TruthSource = 'prose'): Promise<{ clips: TruthClip[]; dropped: number; method: TruthMethod }> {
  const corpus = source === 'documents' ? documentClips(40) : proseClips(language, rate);
  const lib = libraryAvailable();
  const method: TruthMethod = lib.ok ? 'word events' : 'word by word';
  if (!lib.ok) log(`libespeak-ng is not usable (${lib.reason}); falling back to words spoken one by one by the WASM eSpeak`);
  const key = createHash('sha256').update(JSON.stringify({ METHOD_VERSION, method, language, rate, corpus })).digest('hex').slice(0, 16);
  const file = path.join(CACHE_DIR, `${language}-${source}-${rate}-${key}.json`);
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { clips: (Omit<TruthClip, 'wav'> & { wav: string })[]; dropped: number };
    return { method, dropped: saved.dropped, clips: saved.clips.map((c) => ({ ...c, wav: new Uint8Array(Buffer.from(c.wav, 'base64')) })) };
  }
  log(`generating ground truth (${method}): ${language} ${source} at ${rate} wpm (${corpus.length} clips, once; cached in .cache/align-truth)`);
  const clips: TruthClip[] = [];
  let dropped = 0;
  if (lib.ok) {
    const spoken = espeakLibrary(VOICES[language], rate, corpus.map((c) => c.text));
    if (!spoken.out) throw new Error(`libespeak-ng failed: ${spoken.reason}`);
    spoken.out.forEach((o, i) => {
      const c = libClip(language, rate, corpus[i].text, corpus[i].sentences, o, rate * 1000 + i);
      if (c) clips.push(c);
      else dropped++;
    });
  } else {
    const pauses = await calibrate(language, rate);
    for (let i = 0; i < corpus.length; i++) {
      const c = await buildClip(language, rate, corpus[i].text, corpus[i].sentences, pauses, rate * 1000 + i);
      if (c) clips.push(c);
      else dropped++;
    }
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ dropped, clips: clips.map((c) => ({ ...c, wav: Buffer.from(c.wav).toString('base64') })) }));
  return { clips, dropped, method };
}
