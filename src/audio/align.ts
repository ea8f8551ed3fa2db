// Times every sentence and word of a clip from the audio itself. Qwen3-TTS reports no word timings, so the
// clip's short-time energy is read for pauses, the pauses are matched to the text's break points (sentence
// ends, clause punctuation, line breaks) by dynamic programming weighted by the expected spoken length of the
// text between them, and inside each phrase the words are placed by their expected spoken length on the
// phrase's voiced time, then moved halfway to where the syllable nuclei heard in the phrase put them (loudness
// peaks in the vowels' band, matched to each word's expected syllables by dynamic programming). Pure: the
// same bytes and text always give the same result (it can be cached beside the clip). Never throws; every
// time lies inside the clip and in order. Where the audio tells nothing (a silent clip, noise, a clip that is
// not PCM WAV) the clip's time is shared by characters, as before.
//
// Every threshold is relative to the clip's own levels and speaking rate: the silence level sits between the
// clip's quiet floor and its speech level, and pause lengths are weighed in units of the clip's own syllable
// time, so nothing here is tuned to one voice, one speed or one document.
import { syllable } from 'syllable';
import { parseWav } from './wav';

/** Changes whenever the aligner's result for the same input may change: alignments stored on disk under another version are not used. */
export const ALIGNER_VERSION = 4;

/** A range [textStart, textEnd) of a chunk's spoken text (the shape of position.ts's SentenceSpan). */
export interface TextSpan {
  textStart: number;
  textEnd: number;
}

/** What the aligner reads: the spoken text, its sentences and (optionally) its words, all in order. */
export interface AlignInput {
  text: string;
  sentences: readonly TextSpan[];
  /** Words in order; derived with wordSpans() when left out. */
  words?: readonly TextSpan[];
}

/** Seconds into the clip; start ≤ end. */
export interface TimeSpan {
  start: number;
  end: number;
}

export interface Alignment {
  /** The clip's length in seconds (0 when its bytes could not be read). */
  duration: number;
  /** One per input sentence, in order, never overlapping. */
  sentences: TimeSpan[];
  /** One per word, in order, never overlapping. */
  words: TimeSpan[];
  /** 'audio' when pauses in the audio placed the text; 'share' when the clip's time was shared by characters. */
  method: 'audio' | 'share';
}

/** Mono samples in [-1, 1]. */
export interface Pcm {
  sampleRate: number;
  samples: Float32Array;
}

// ---------- text ----------

/** One word segmenter per locale (a part's words are split a sentence at a time: made once, not per sentence). */
const wordSegmenters = new Map<string | undefined, Intl.Segmenter>();
function wordSegmenter(locale: string | undefined): Intl.Segmenter {
  let seg = wordSegmenters.get(locale);
  if (!seg) {
    try {
      seg = new Intl.Segmenter(locale, { granularity: 'word' });
    } catch {
      seg = new Intl.Segmenter(undefined, { granularity: 'word' });
    }
    wordSegmenters.set(locale, seg);
  }
  return seg;
}

/**
 * Word spans of `text`: the word-like segments of Intl.Segmenter's word granularity (letters, numbers,
 * a dictionary word of Chinese or Japanese), in order. Punctuation, spaces, symbols and emoji are no words.
 */
export function wordSpans(text: string, locale?: string): TextSpan[] {
  const out: TextSpan[] = [];
  for (const s of wordSegmenter(locale).segment(text)) {
    if (s.isWordLike) out.push({ textStart: s.index, textEnd: s.index + s.segment.length });
  }
  return out;
}

const HAN = /\p{Script=Han}/u;
const HANGUL = /\p{Script=Hangul}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
/** Small kana that join the mora before them (ゃ, ュ, …): no mora of their own. */
const SMALL_KANA = /[ぁぃぅぇぉゃゅょゎゕゖァィゥェォャュョヮヵヶ]/u;
const CYRILLIC_VOWELS = /[аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ]/gu;
const LATIN_RUN = /[\p{Script=Latin}'’]+/gu;
const CYRILLIC_RUN = /\p{Script=Cyrillic}+/gu;

/**
 * Names of symbols said as words where they stand alone ("5 * 2", "10 %", "© 2025"): they last as long as
 * their names, counted like any word.
 */
const SYMBOL_NAMES: Record<string, string> = {
  '%': 'percent', '&': 'and', '+': 'plus', '=': 'equals', '@': 'at', '$': 'dollars', '€': 'euros', '£': 'pounds',
  '#': 'number', '°': 'degrees', '/': 'slash', '×': 'times', '*': 'asterisk', '©': 'copyright', '®': 'registered',
  '™': 'trade mark', '§': 'section',
};

/**
 * Symbols inside a token (a URL, a path, an address, an identifier: no space around them) are said by their
 * names, which voices read out there ("example dot org slash docs"). A hyphen joins a compound ("well-known")
 * and is not said; an underscore parts the words of a name ("max_size" is "max size", as the text
 * preparation says snake_case and as screen readers read it by default) and is not said either.
 */
const INNER_SYMBOL_NAMES: Record<string, string> = {
  ':': 'colon', '/': 'slash', '.': 'dot', '@': 'at', '\\': 'backslash', '*': 'asterisk',
  '~': 'tilde', '|': 'bar', '=': 'equals', '+': 'plus', '#': 'hash', '&': 'and',
};

/**
 * English names of the letters, for letters said one by one ("https", "CPU", a lone "b"): a letter's name is a
 * word of its own ("aitch", W's "double you"), counted like any word. A letter with a diacritic is said like
 * its plain letter.
 */
const LETTER_NAMES: Record<string, string> = {
  a: 'ay', b: 'bee', c: 'see', d: 'dee', e: 'ee', f: 'ef', g: 'jee', h: 'aitch', i: 'eye', j: 'jay', k: 'kay', l: 'el',
  m: 'em', n: 'en', o: 'oh', p: 'pee', q: 'cue', r: 'ar', s: 'ess', t: 'tee', u: 'you', v: 'vee', w: 'double you',
  x: 'ex', y: 'why', z: 'zee',
};

/**
 * English abbreviations said as the words they stand for (as readers and voices expand them); an abbreviation
 * not here is said as written or spelled.
 */
const ABBREVIATIONS: Record<string, string> = {
  'etc': 'et cetera', 'e.g': 'for example', 'i.e': 'that is', 'mr': 'mister', 'mrs': 'missus', 'dr': 'doctor',
  'st': 'saint', 'prof': 'professor', 'jr': 'junior', 'sr': 'senior', 'approx': 'approximately', 'dept': 'department',
};

/** Spoken length of the text between two words when it lies inside one token (no space), else 0. */
export function innerSymbolUnits(between: string, before: string, after: string, syllablesOnly = false): number {
  if (between === '' || /\s/u.test(between)) return 0;
  // Between digits ("4:30", "1,5") the symbol is read as part of the number, not named.
  if (/\p{Nd}$/u.test(before) && /^\p{Nd}/u.test(after)) return 0;
  return nameUnits([...between].map((c) => INNER_SYMBOL_NAMES[c] ?? '').join(' '), syllablesOnly, true);
}

/**
 * An emoji is said by its name (the Unicode CLDR short name, as voices that read emoji do): most are two short
 * words ("thumbs up", "red heart", "party popper"), about three syllables; a skin tone adds its name
 * ("medium skin tone", four). A flag (two regional indicator letters) is said by its country's name
 * ("France", "United States"), counted as one emoji.
 */
const EMOJI = /\p{Extended_Pictographic}/u;
const SKIN_TONE = /[\u{1F3FB}-\u{1F3FF}]/u;
const FLAG = /[\u{1F1E6}-\u{1F1FF}]{2}/gu;
const EMOJI_UNITS = 3;
const SKIN_TONE_UNITS = 4;

/** Letters with no vowel can not be said as a word ("www", "https", "mm"): voices spell them. */
const VOWEL = /[aeiouyàâäéèêëîïôöùûüÿæœ]/iu;

/**
 * A word of an alphabet lasts by its syllables and by the sounds in them ("strengths" is one long syllable):
 * half by its syllables, half by its letters (standing in for its sounds) at about three letters a syllable.
 * Measured by the bench: syllables alone place words later in long phrases, in English and Russian alike.
 */
function soundsAndSyllables(syllables: number, letters: number): number {
  return 0.5 * syllables + 0.5 * (letters / 3);
}

/**
 * A word's stressed syllable lasts about half again as long as an unstressed one (Klatt 1979 shortens
 * unstressed vowels to about 0.7 of their stressed length; Crystal & House 1988 measured stressed syllables in
 * read English at about 1.5 times the unstressed): every word but a function word has one, so it counts this
 * much of a syllable more. Words said one by one (letter names, symbol names, the parts of a URL, number words)
 * are each stressed, so a string of them lasts longer than one word of as many syllables.
 */
const STRESS = 0.5;

/**
 * Function words said without stress in running speech (articles, pronouns, auxiliaries, short prepositions and
 * conjunctions of English; Russian prepositions, conjunctions and particles, which lean on the next word).
 * Hand-written: a stop-word list (made for search) also holds stressed words such as "very", "first" or
 * "again"; the closed class said without stress is small and fixed per language.
 */
const FUNCTION_WORDS = new Set((
  'a an the of to in on at by for from with as and or but nor if so than that this these those is are was were be ' +
  'been am do does did has have had will would can could shall should may might must i me my we us our you your ' +
  'he him his she her it its they them their not no ' +
  'в во на с со к ко по о об от до из у за над под при про для без и а но или да не ни же ли бы что как'
).split(' '));

/** Units of a word of `syllables` syllables and `letters` letters, with its stressed syllable (none in a function word). */
function stressedUnits(w: string, syllables: number, letters: number): number {
  return soundsAndSyllables(syllables + (FUNCTION_WORDS.has(w.toLowerCase()) ? 0 : STRESS), letters);
}

/** A Latin word said as written: by its syllables (the `syllable` package's count) and letters. */
function latinWordUnits(w: string, syllablesOnly: boolean): number {
  const n = Math.max(1, syllable(w));
  return syllablesOnly ? n : stressedUnits(w, n, w.length);
}

/** A Cyrillic word: by its vowels (one a syllable) and letters. */
function cyrillicWordUnits(w: string, syllablesOnly: boolean): number {
  const v = Math.max(1, w.match(CYRILLIC_VOWELS)?.length ?? 0);
  return syllablesOnly ? v : stressedUnits(w, v, w.length);
}

/**
 * A name said for a letter, a symbol or a number: its Latin or Cyrillic words, one unit a Han character. With
 * `oneWord`, the names are said as one word with one stress: letters spelled in a row ("https", "CPU": an
 * initialism is stressed once, on its last letter) and symbols in a row ("://").
 */
function nameUnits(name: string, syllablesOnly: boolean, oneWord = false): number {
  let units = 0;
  if (oneWord && !syllablesOnly) {
    for (const m of name.matchAll(LATIN_RUN)) units += soundsAndSyllables(Math.max(1, syllable(m[0])), m[0].length);
    return units > 0 ? units + soundsAndSyllables(STRESS, 0) : 0;
  }
  for (const m of name.matchAll(LATIN_RUN)) units += latinWordUnits(m[0], syllablesOnly);
  for (const m of name.matchAll(CYRILLIC_RUN)) units += cyrillicWordUnits(m[0], syllablesOnly);
  for (const c of name) if (HAN.test(c)) units += 1;
  return units;
}

/** Whose number words a clip's digits are said in: English, Russian (Cyrillic text) or Chinese (Han text). */
export type NumberLanguage = 'en' | 'ru' | 'zh';

/** The language a text's digits are read in, by the script most of its letters are written in. */
export function numberLanguage(text: string): NumberLanguage {
  let han = 0;
  let cyrillic = 0;
  let latin = 0;
  for (const c of text) {
    if (HAN.test(c)) han++;
    else if (/\p{Script=Cyrillic}/u.test(c)) cyrillic++;
    else if (/\p{Script=Latin}/u.test(c)) latin++;
  }
  // A Chinese character says as much as a word of four or five letters.
  if (han * 4 >= Math.max(latin, cyrillic)) return han > 0 ? 'zh' : cyrillic > latin ? 'ru' : 'en';
  return cyrillic > latin ? 'ru' : 'en';
}

type Converter = { convert(n: bigint | number): string };
/** Number words of each language, from the `to-words` package (one locale loaded on the first number in it). */
const converters: Partial<Record<NumberLanguage, Converter>> = {};

function converter(language: NumberLanguage): Converter {
  let c = converters[language];
  if (!c) {
    /* eslint-disable @typescript-eslint/no-require-imports -- the one locale needed, loaded on first use */
    const mod = (language === 'ru' ? require('to-words/ru-RU') : language === 'zh' ? require('to-words/zh-CN') : require('to-words/en-US')) as
      { ToWords: new () => Converter };
    /* eslint-enable @typescript-eslint/no-require-imports */
    c = converters[language] = new mod.ToWords();
  }
  return c;
}

/** Most digits said as one number; a longer run (an ID, a card or phone number) is said digit by digit. */
const MAX_NUMBER_DIGITS = 15;

/**
 * The words a voice says for a number as written (ASCII or full-width digits): an integer as number words
 * ("2024": "two thousand twenty four"), thousands groups as one number ("9,999"), a decimal in English as its
 * whole part, "point" and its digits one by one ("3.14": "three point one four"; in Russian and Chinese the
 * language's own decimal words), a version ("2.0.1") part by part, and a run with a leading zero or of more than
 * MAX_NUMBER_DIGITS digits digit by digit. Undefined for digits of other scripts.
 */
export function numberSaid(written: string, language: NumberLanguage = 'en'): string | undefined {
  const ascii = written.normalize('NFKC');
  if (!/^\d+(?:[.,]\d+)*$/.test(ascii)) return undefined;
  const c = converter(language);
  const digits = (d: string): string => [...d].map((x) => c.convert(Number(x))).join(' ');
  const integer = (d: string): string => (d.length > MAX_NUMBER_DIGITS || (d.length > 1 && d.startsWith('0')) ? digits(d) : c.convert(BigInt(d)));
  if (/^\d{1,3}(?:,\d{3})+$/.test(ascii)) return integer(ascii.replace(/,/g, ''));
  const parts = ascii.split(/[.,]/);
  // An English four-digit number from 1100 to 1999 is a year, said in pairs ("nineteen ninety-eight",
  // "eighteen hundred").
  if (parts.length === 1 && language === 'en' && /^1[1-9]\d\d$/.test(ascii)) {
    const last = Number(ascii.slice(2));
    return `${c.convert(Number(ascii.slice(0, 2)))} ${last === 0 ? 'hundred' : last < 10 ? `oh ${c.convert(last)}` : c.convert(last)}`;
  }
  if (parts.length === 1) return integer(ascii);
  if (parts.length === 2 && language !== 'en' && parts[0].length <= MAX_NUMBER_DIGITS && parts[1].length <= 6) {
    return c.convert(Number(`${parts[0]}.${parts[1]}`));
  }
  return [integer(parts[0]), ...parts.slice(1).map(digits)].join(language === 'en' ? ' point ' : ' ');
}

const digitMemo = new Map<string, number>();

/** Units of one ASCII digit said on its own, counted once per language. */
function digitUnits(d: string, syllablesOnly: boolean, language: NumberLanguage): number {
  const key = `${language}${syllablesOnly ? 's' : 'u'}${d}`;
  let u = digitMemo.get(key);
  if (u === undefined) digitMemo.set(key, (u = nameUnits(converter(language).convert(Number(d)), syllablesOnly)));
  return u;
}

/** Runs of digits with the separators of a grouped or decimal number ("9,999", "3.14", "2.0.1"). */
const NUMBER = /\p{Nd}+(?:[.,]\p{Nd}+)*/gu;

/**
 * Expected spoken length of a piece of text in syllable-like units (with `syllablesOnly`, words of an alphabet
 * count by their syllables alone, as the syllable nuclei heard in the audio do). What is written is counted as
 * it is said: Latin words by their syllables and letters; a short all-capitals word, letters with no vowel and
 * a lone letter (other than "a") by the English names of the letters; Cyrillic words by their vowels (one per
 * syllable) and letters; one unit per Han character or Hangul block, one per kana mora; numbers by their number
 * words in `language` (from `to-words`); symbols and emoji by their names.
 */
export function spokenUnits(piece: string, syllablesOnly = false, language: NumberLanguage = 'en'): number {
  // An abbreviation a reader expands ("etc." is "et cetera"), or letters joined by dots ("U.S.", "p.m."): the
  // letters are spelled as one word and the dots are not said.
  const expanded = ABBREVIATIONS[piece.replace(/\.$/u, '').toLowerCase()];
  if (expanded) return nameUnits(expanded, syllablesOnly);
  if (/^(?:\p{Script=Latin}\.)+\p{Script=Latin}\.?$/u.test(piece)) {
    return nameUnits([...piece.replace(/\./gu, '')].map((ch) => LETTER_NAMES[ch.normalize('NFD')[0].toLowerCase()] ?? 'ay').join(' '), syllablesOnly, true);
  }
  let units = 0;
  for (const m of piece.matchAll(LATIN_RUN)) {
    const w = m[0].replace(/['’]/g, '');
    if (!w) continue;
    const abbreviation = w.length > 1 && w.length <= 5 && /^\p{Lu}+$/u.test(w);
    if (abbreviation || (w.length > 1 && !VOWEL.test(w)) || (w.length === 1 && w !== 'a' && w !== 'A')) {
      units += nameUnits([...w].map((ch) => LETTER_NAMES[ch.normalize('NFD')[0].toLowerCase()] ?? 'ay').join(' '), syllablesOnly, true);
    } else {
      units += latinWordUnits(w, syllablesOnly);
    }
  }
  for (const m of piece.matchAll(CYRILLIC_RUN)) units += cyrillicWordUnits(m[0], syllablesOnly);
  for (const m of piece.matchAll(NUMBER)) {
    const plain = m[0].normalize('NFKC');
    if (plain.length > MAX_NUMBER_DIGITS && /^\d+$/.test(plain)) {
      // A long run of digits, said digit by digit: each digit's words counted once (linear in the run).
      for (const d of plain) units += digitUnits(d, syllablesOnly, language);
      continue;
    }
    let said: string | undefined;
    try {
      said = numberSaid(m[0], language);
    } catch {
      said = undefined;
    }
    // Digits of another script: about one and a half syllables each, as digits are said.
    units += said === undefined ? Math.max(1, Math.round(m[0].replace(/[.,]/g, '').length * 1.5)) : nameUnits(said, syllablesOnly);
  }
  // Symbols inside a word ("example.org", "a:b") between letters are named as inside any token.
  for (const m of piece.matchAll(/(?<=\p{L})[^\p{L}\p{Nd}\s]+(?=\p{L})/gu)) units += innerSymbolUnits(m[0], 'a', 'a', syllablesOnly);
  units += [...piece.matchAll(FLAG)].length * EMOJI_UNITS;
  for (const c of piece) {
    const name = SYMBOL_NAMES[c];
    if (HAN.test(c) || HANGUL.test(c)) units += 1;
    else if (KANA.test(c)) units += SMALL_KANA.test(c) ? 0 : 1;
    else if (name) units += nameUnits(name, syllablesOnly);
    else if (SKIN_TONE.test(c)) units += SKIN_TONE_UNITS;
    else if (EMOJI.test(c)) units += EMOJI_UNITS;
  }
  return units;
}

/**
 * How strongly the text between two words invites a pause: 0 none, up to 1 for a sentence end. Punctuation
 * with no space around it lies inside one token ("https://", "example.org", "10:45", "a,b"): voices read on
 * through it, naming the symbols or reading the number, so it is no break (full-width punctuation, which
 * Chinese and Japanese write without spaces, still is).
 */
export function breakStrength(between: string, sentenceEnds: boolean): number {
  if (sentenceEnds) return 1;
  if (between !== '' && /^[\x21-\x7e]+$/u.test(between)) return 0;
  if (/[.!?。！？…]/u.test(between)) return 1;
  if (/\n/.test(between)) return 0.9;
  if (/[;:；：—–]/u.test(between)) return 0.8;
  if (/[,，、()（）"“”«»]/u.test(between)) return 0.6;
  return 0;
}

// ---------- audio ----------

/** Mono PCM from WAV bytes (8/16/24/32-bit integer or 32/64-bit float, any channels); undefined when unreadable. */
export function pcmFromWav(bytes: Uint8Array): Pcm | undefined {
  let info;
  try {
    info = parseWav(bytes);
  } catch {
    return undefined;
  }
  const { channels, bitsPerSample, sampleRate } = info;
  const bytesPer = bitsPerSample / 8;
  if (!(channels >= 1) || !(sampleRate > 0) || ![1, 2, 3, 4, 8].includes(bytesPer)) return undefined;
  const float = info.formatTag === 3 || (info.formatTag === 0xfffe && bytesPer === 8);
  const frame = channels * bytesPer;
  const available = Math.max(0, Math.min(info.dataBytesPresent, bytes.length - info.dataOffset));
  const n = Math.floor(available / frame);
  const dv = new DataView(bytes.buffer, bytes.byteOffset + info.dataOffset, n * frame);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const o = i * frame + c * bytesPer;
      let v: number;
      switch (bytesPer) {
        case 1: v = (dv.getUint8(o) - 128) / 128; break;
        case 2: v = dv.getInt16(o, true) / 32768; break;
        case 3: v = (((dv.getUint8(o + 2) << 24) | (dv.getUint8(o + 1) << 16) | (dv.getUint8(o) << 8)) >> 8) / 8388608; break;
        case 4: v = float ? dv.getFloat32(o, true) : dv.getInt32(o, true) / 2147483648; break;
        default: v = dv.getFloat64(o, true);
      }
      sum += Number.isFinite(v) ? v : 0;
    }
    out[i] = sum / channels;
  }
  return { sampleRate, samples: out };
}

/** Frame length of the energy envelope, seconds. */
const FRAME_SEC = 0.01;

interface Envelope {
  /** Level of each frame, dB. */
  db: Float32Array;
  /** Level of each frame in the band where vowels are loudest, dB. */
  band: Float32Array;
  frameSec: number;
}

/** The band where vowels are loudest and fricatives weak, Hz: syllable nuclei are read there. */
const BAND_LOW = 300;
const BAND_HIGH = 2000;

function envelope(pcm: Pcm): Envelope {
  const hop = Math.max(1, Math.round(pcm.sampleRate * FRAME_SEC));
  const frames = Math.ceil(pcm.samples.length / hop);
  const db = new Float32Array(frames);
  const band = new Float32Array(frames);
  const s = pcm.samples;
  // The band: a one-pole high-pass at BAND_LOW and a two-pole low-pass at BAND_HIGH (RBJ biquad, Q 0.707).
  const fs = pcm.sampleRate;
  const hpA = Math.exp((-2 * Math.PI * BAND_LOW) / fs);
  const w0 = (2 * Math.PI * Math.min(BAND_HIGH, 0.45 * fs)) / fs;
  const alpha = Math.sin(w0) / (2 * Math.SQRT1_2);
  const cw = Math.cos(w0);
  const a0 = 1 + alpha;
  const b0 = (1 - cw) / 2 / a0;
  const b1 = (1 - cw) / a0;
  const a1 = (-2 * cw) / a0;
  const a2 = (1 - alpha) / a0;
  let hpPrevX = 0;
  let hpPrevY = 0;
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let f = 0; f < frames; f++) {
    let e = 0;
    let eb = 0;
    const end = Math.min(s.length, (f + 1) * hop);
    for (let i = f * hop; i < end; i++) {
      const x = s[i];
      e += x * x;
      const hp = hpA * (hpPrevY + x - hpPrevX);
      hpPrevX = x;
      hpPrevY = hp;
      const y = b0 * hp + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = hp;
      y2 = y1;
      y1 = y;
      eb += y * y;
    }
    db[f] = 10 * Math.log10(e / Math.max(1, end - f * hop) + 1e-12);
    band[f] = 10 * Math.log10(eb / Math.max(1, end - f * hop) + 1e-12);
  }
  return { db, band, frameSec: hop / pcm.sampleRate };
}

function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))];
}

interface Pause {
  /** Seconds: where the silence starts and ends. */
  start: number;
  end: number;
}

interface Reading {
  voiced: Uint8Array;
  frameSec: number;
  speechStart: number;
  speechEnd: number;
  pauses: Pause[];
  /** voicedBefore[f]: voiced frames before frame f. */
  voicedBefore: Int32Array;
  /** Level in the vowels' band per frame, dB, with its quiet floor and speech level. */
  band: Float32Array;
  bandFloor: number;
  bandLoud: number;
  /** Frames of the syllable nuclei found, in order (set once the clip's syllable time is known). */
  nuclei: Int32Array;
  /** dips[k]: the quietest frame between nuclei[k] and nuclei[k + 1]. */
  dips: Int32Array;
}

/** A nucleus stands out by this much from the dip before it (de Jong & Wempe's 2 dB). */
const NUC_DIP_DB = 2;
/** A nucleus is louder than the band's quiet floor by at least this share of the band's range. */
const NUC_LEVEL = 0.5;
/**
 * The band's level is smoothed over about this share of the clip's syllable time each side (its voiced time
 * over its expected syllables): a slow voice's long vowels then show one peak, a fast voice's short syllables
 * are not merged. Measured: a fixed 50 ms window split syllables at 130 eSpeak words a minute and merged them
 * at 230.
 */
const NUC_SMOOTH = 0.1;

/**
 * Syllable nuclei, after de Jong & Wempe (2009, "Praat script to detect syllable nuclei and measure speech rate
 * automatically"): peaks of the level in the band where vowels are loudest, inside voiced frames, each standing
 * out by NUC_DIP_DB from the dip that parts it from the nucleus before; of two peaks without such a dip between
 * them the louder one counts.
 */
function syllableNuclei(band: Float32Array, voiced: Uint8Array, floor: number, loud: number, h: number): { nuclei: Int32Array; dips: Int32Array } {
  const n = band.length;
  // Moving average over [f − h, f + h] from running sums (linear in the clip's length whatever h is).
  const sums = new Float64Array(n + 1);
  for (let f = 0; f < n; f++) sums[f + 1] = sums[f] + band[f];
  const sm = new Float32Array(n);
  for (let f = 0; f < n; f++) {
    const g0 = Math.max(0, f - h);
    const g1 = Math.min(n, f + h + 1);
    sm[f] = (sums[g1] - sums[g0]) / (g1 - g0);
  }
  const min = floor + NUC_LEVEL * (loud - floor);
  const nuclei: number[] = [];
  const dips: number[] = [];
  let dip = -1;
  for (let f = 1; f < n - 1; f++) {
    if (dip < 0 || sm[f] < sm[dip]) dip = f;
    if (!(sm[f] >= sm[f - 1] && sm[f] > sm[f + 1]) || !voiced[f] || sm[f] < min) continue;
    const last = nuclei.length - 1;
    if (last < 0) {
      nuclei.push(f);
      dip = -1;
      continue;
    }
    if (sm[nuclei[last]] - sm[dip] >= NUC_DIP_DB && sm[f] - sm[dip] >= NUC_DIP_DB) {
      dips.push(dip);
      nuclei.push(f);
      dip = -1;
    } else if (sm[f] > sm[nuclei[last]]) {
      nuclei[last] = f;
      dip = -1;
    }
  }
  return { nuclei: Int32Array.from(nuclei), dips: Int32Array.from(dips) };
}

/** Voiced frames, speech region and pauses, relative to the clip's own levels; undefined when the clip has no contrast. */
function readAudio(pcm: Pcm): Reading | undefined {
  const { db, band, frameSec } = envelope(pcm);
  if (db.length < 3) return undefined;
  const sorted = Float32Array.from(db).sort();
  const floor = quantile(sorted, 0.05);
  const loud = quantile(sorted, 0.95);
  // Less than 15 dB between the quiet floor and the speech level: noise, a tone or silence, no pauses to read.
  if (!(loud - floor >= 15) || loud < -90) return undefined;
  const threshold = Math.max(floor + 0.25 * (loud - floor), loud - 50);
  const voiced = new Uint8Array(db.length);
  for (let f = 0; f < db.length; f++) voiced[f] = db[f] > threshold ? 1 : 0;
  let first = voiced.indexOf(1);
  let last = voiced.lastIndexOf(1);
  if (first < 0) return undefined;
  const voicedBefore = new Int32Array(db.length + 1);
  for (let f = 0; f < db.length; f++) voicedBefore[f + 1] = voicedBefore[f] + voiced[f];
  // Pauses: silent runs inside the speech region of at least 50 ms (shorter silences are stop closures).
  const minFrames = Math.max(1, Math.round(0.05 / frameSec));
  const pauses: Pause[] = [];
  let run = -1;
  for (let f = first; f <= last + 1; f++) {
    const silent = f <= last && !voiced[f];
    if (silent && run < 0) run = f;
    if (!silent && run >= 0) {
      if (f - run >= minFrames) pauses.push({ start: run * frameSec, end: f * frameSec });
      run = -1;
    }
  }
  first = Math.max(0, first);
  last = Math.min(db.length - 1, last);
  const sortedBand = Float32Array.from(band).sort();
  return {
    voiced, frameSec, speechStart: first * frameSec, speechEnd: (last + 1) * frameSec, pauses, voicedBefore,
    band, bandFloor: quantile(sortedBand, 0.05), bandLoud: quantile(sortedBand, 0.95), nuclei: new Int32Array(0), dips: new Int32Array(0),
  };
}

// ---------- matching ----------

interface Word {
  span: TextSpan;
  units: number;
  /** Expected syllables (the units with alphabetic words by their syllables alone). */
  syllables: number;
  text: string;
  /** Written in an alphabet (Latin or Cyrillic letters). */
  alphabetic: boolean;
  /** Strength of the break after this word (0 for the last word). */
  breakAfter: number;
}

/** Cost weights of the match, in units of "one doubling of the speaking rate over a phrase". */
const SKIP_BREAK = 1.2;
const SKIP_PAUSE = 1.6;

/**
 * Chooses which pauses sit at which break points. Anchors are (word index after which the break is, pause);
 * the phrase between two anchors costs the squared log ratio of its voiced time to its expected time
 * (weighted by its expected length), a break left without a pause costs its strength, a pause left without a
 * break costs its length in syllable times.
 */
function matchPauses(words: Word[], r: Reading, secPerUnit: number): { word: number; pause: Pause }[] {
  const breaks: number[] = [];
  for (let i = 0; i < words.length - 1; i++) if (words[i].breakAfter > 0) breaks.push(i);
  const P = r.pauses;
  if (breaks.length === 0 || P.length === 0) return [];
  const cumUnits = new Float64Array(words.length + 1);
  for (let i = 0; i < words.length; i++) cumUnits[i + 1] = cumUnits[i] + words[i].units;
  const voicedAt = (t: number): number => r.voicedBefore[Math.min(r.voicedBefore.length - 1, Math.max(0, Math.round(t / r.frameSec)))] * r.frameSec;
  const pauseCost = P.map((p) => SKIP_PAUSE * Math.min(1, (p.end - p.start) / (4 * secPerUnit)));
  const breakCost = breaks.map((b) => SKIP_BREAK * words[b].breakAfter);
  // Nodes: 0 = clip start; k = 1..B × j = 1..P; B+1,P+1 = clip end.
  const B = breaks.length;
  const NP = P.length;
  // Units of text before each break, voiced time before each pause's end and start (node 0 the clip start).
  const U = Float64Array.from({ length: B + 2 }, (_, k) => (k === 0 ? 0 : k === B + 1 ? cumUnits[words.length] : cumUnits[breaks[k - 1] + 1]));
  const TE = Float64Array.from({ length: NP + 2 }, (_, j) => (j === 0 ? voicedAt(r.speechStart) : j <= NP ? voicedAt(P[j - 1].end) : 0));
  const TS = Float64Array.from({ length: NP + 2 }, (_, j) => (j === NP + 1 ? voicedAt(r.speechEnd) : j > 0 ? voicedAt(P[j - 1].start) : 0));
  const unitsAt = (k: number): number => U[k];
  const phraseCost = (k0: number, j0: number, k1: number, j1: number): number => {
    const u = U[k1] - U[k0];
    const t = TS[j1] - TE[j0];
    if (u <= 0 && t <= 0) return 0;
    const expected = Math.max(u * secPerUnit, secPerUnit * 0.5);
    const ratio = Math.log(Math.max(t, secPerUnit * 0.1) / expected);
    return ratio * ratio * Math.sqrt(Math.max(u, 1));
  };
  const skippedBreaks = new Float64Array(B + 2);
  for (let k = 1; k <= B; k++) skippedBreaks[k] = skippedBreaks[k - 1] + breakCost[k - 1];
  skippedBreaks[B + 1] = skippedBreaks[B];
  const skippedPauses = new Float64Array(NP + 2);
  for (let j = 1; j <= NP; j++) skippedPauses[j] = skippedPauses[j - 1] + pauseCost[j - 1];
  skippedPauses[NP + 1] = skippedPauses[NP];
  const between = (a: Float64Array, x: number, y: number): number => Math.max(0, a[y - 1] - a[x]);
  // A silence shorter than a syllable's time may be a stop consonant's closure rather than a pause: a break
  // matched to it counts as partly left without a pause, in proportion (one with no silence at all as wholly).
  // Without this, a break the voice read on through takes the closure nearest to it, and the next phrases
  // each take the pause of the one before.
  const shortPause = (k: number, j: number): number => breakCost[k - 1] * Math.max(0, 1 - (P[j - 1].end - P[j - 1].start) / secPerUnit);
  const W_BREAKS = 8;
  const W_PAUSES = 12;
  const cost = new Float64Array((B + 2) * (NP + 2)).fill(Infinity);
  const from = new Int32Array((B + 2) * (NP + 2)).fill(-1);
  const at = (k: number, j: number): number => k * (NP + 2) + j;
  cost[at(0, 0)] = 0;
  const relax = (k: number, j: number): void => {
    let best = Infinity;
    let arg = -1;
    for (let k0 = Math.max(0, k - W_BREAKS); k0 < k; k0++) {
      for (let j0 = Math.max(0, j - W_PAUSES); j0 < j; j0++) {
        if ((k0 === 0) !== (j0 === 0)) continue;
        const c0 = cost[at(k0, j0)];
        if (c0 === Infinity) continue;
        const c = c0 + phraseCost(k0, j0, k, j) + between(skippedBreaks, k0, k) + between(skippedPauses, j0, j) + shortPause(k, j);
        if (c < best) {
          best = c;
          arg = at(k0, j0);
        }
      }
    }
    cost[at(k, j)] = best;
    from[at(k, j)] = arg;
  };
  // A break is matched only to pauses within a band around where the expected lengths put it: a tenth of the
  // speech or eight syllable times, whichever is longer (keeps the cost linear in the clip's length).
  const span = r.speechEnd - r.speechStart;
  const band = Math.max(0.1 * span, 8 * secPerUnit * (span / Math.max(voicedAt(r.speechEnd) - voicedAt(r.speechStart), 1e-9)));
  const total = Math.max(cumUnits[words.length], 1e-9);
  for (let k = 1; k <= B; k++) {
    const expected = r.speechStart + (unitsAt(k) / total) * span;
    for (let j = 1; j <= NP; j++) if (Math.abs(P[j - 1].start - expected) <= band) relax(k, j);
  }
  // The end node may be reached from any anchor; windows do not apply to it (a long tail of text is allowed).
  let best = Infinity;
  let arg = -1;
  for (let k0 = 0; k0 <= B; k0++) {
    for (let j0 = 0; j0 <= NP; j0++) {
      if ((k0 === 0) !== (j0 === 0)) continue;
      const c0 = cost[at(k0, j0)];
      if (c0 === Infinity) continue;
      const c = c0 + phraseCost(k0, j0, B + 1, NP + 1) + between(skippedBreaks, k0, B + 1) + between(skippedPauses, j0, NP + 1);
      if (c < best) {
        best = c;
        arg = at(k0, j0);
      }
    }
  }
  const anchors: { word: number; pause: Pause }[] = [];
  for (let node = arg; node > 0; node = from[node]) {
    const k = Math.floor(node / (NP + 2));
    const j = node % (NP + 2);
    anchors.push({ word: breaks[k - 1], pause: P[j - 1] });
  }
  return anchors.reverse();
}

/**
 * Speakers lengthen the syllable before a pause (phrase-final lengthening): Klatt's duration rules (Klatt 1979,
 * "Synthesis by rule of segmental durations in English sentences") lengthen the syllable just before a pause by
 * 1.4, so the last word of a phrase gets 0.4 of a syllable more. Applied to words of an alphabet (the rule is
 * English's, and Russian lengthens alike); not to Han, kana or Hangul, whose phrase ends are often toneless
 * particles (吗, 呢, 了, ね) said short, and where the benchmark's Chinese voice lengthens nothing.
 */
const PAUSAL_LENGTHENING = 0.4;

/** Places words[a..b] on [t0, t1] by their units, on voiced time (silences inside the phrase fall between words). */
function placePhrase(words: Word[], a: number, b: number, t0: number, t1: number, r: Reading | undefined, out: TimeSpan[]): void {
  let total = 0;
  for (let i = a; i <= b; i++) total += words[i].units;
  if (total <= 0) {
    // Nothing spoken by units (symbols only): share by characters.
    for (let i = a; i <= b; i++) total += Math.max(1, words[i].span.textEnd - words[i].span.textStart);
  }
  const len = (i: number): number => (total > 0 && words[i].units > 0 ? words[i].units + (i === b && words[i].alphabetic ? PAUSAL_LENGTHENING : 0) :
    Math.max(1, words[i].span.textEnd - words[i].span.textStart));
  const sumLen = (() => {
    let s = 0;
    for (let i = a; i <= b; i++) s += len(i);
    return s;
  })();
  // Voiced time inside [t0, t1] mapped back to clock time.
  const toClock = phraseClock(r, t0, t1);
  let acc = 0;
  for (let i = a; i <= b; i++) {
    const s = toClock(acc / sumLen);
    acc += len(i);
    out[i] = { start: s, end: toClock(acc / sumLen) };
  }
  // Then halfway to where the syllable nuclei found in the audio put each word (the two estimates weigh alike:
  // the expected lengths miss where the voice dwells, the nuclei now and then miss or split a syllable).
  const knots = phraseKnots(r, t0, t1);
  if (!knots || b <= a) return;
  for (let i = a; i <= b; i++) if (SYLLABIC.test(words[i].text)) return;
  const starts = matchNuclei(words, a, b, knots, len);
  if (!starts) return;
  for (let i = a + 1; i <= b; i++) {
    const t = 0.5 * (out[i].start + starts[i - a]);
    out[i].start = t;
    out[i - 1].end = t;
  }
}

/**
 * Scripts whose units already count syllables one for one (a Han character, a kana mora, a Hangul block): the
 * nuclei are not used there. Measured on Chinese: eSpeak's Mandarin shows about two level peaks a syllable
 * (the tone contour), and matching them made the words worse.
 */
const SYLLABIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Phrase start, the dips between the nuclei inside the phrase, phrase end; undefined when no nucleus lies in it. */
function phraseKnots(r: Reading | undefined, t0: number, t1: number): number[] | undefined {
  if (!r || t1 <= t0) return undefined;
  let k0 = -1;
  let k1 = -1;
  for (let k = 0; k < r.nuclei.length; k++) {
    const t = r.nuclei[k] * r.frameSec;
    if (t < t0 || t >= t1) continue;
    if (k0 < 0) k0 = k;
    k1 = k;
  }
  if (k0 < 0) return undefined;
  const knots: number[] = [t0];
  for (let k = k0; k < k1; k++) knots.push(Math.min(t1, Math.max(t0, r.dips[k] * r.frameSec)));
  knots.push(t1);
  return knots;
}

/** Most nuclei one word but the last may take in the match (keeps it linear in the phrase's length). */
const MAX_NUCLEI_PER_WORD = 12;

/**
 * Word starts at the dips between syllable nuclei, by dynamic programming: each word takes a whole number
 * (≥ 1) of the phrase's nuclei. A word costs the squared difference between the nuclei it takes and its
 * expected syllables (scaled by the phrase's ratio of nuclei found to syllables expected), over the latter, plus
 * the squared log ratio of its time to its expected share of the phrase's time (`unitsOf`: the units the
 * expected-length placement used). Both terms are relative to the phrase itself. Undefined when the phrase
 * has fewer nuclei than words, or no match fits.
 */
function matchNuclei(words: Word[], a: number, b: number, knots: number[], unitsOf: (i: number) => number): number[] | undefined {
  const K = knots.length - 1;
  const W = b - a + 1;
  if (K < W) return undefined;
  let syllables = 0;
  let units = 0;
  for (let i = a; i <= b; i++) {
    syllables += words[i].syllables;
    units += unitsOf(i);
  }
  if (!(syllables > 0) || !(units > 0)) return undefined;
  const ratio = K / syllables;
  const secPerUnit = (knots[K] - knots[0]) / units;
  const wordCost = (i: number, j0: number, j1: number): number => {
    const expected = ratio * words[i].syllables;
    const n = j1 - j0 - expected;
    const d = Math.log(Math.max(knots[j1] - knots[j0], 0.01) / Math.max(unitsOf(i) * secPerUnit, 0.01));
    return (n * n) / Math.max(expected, 0.5) + 2 * d * d;
  };
  // cost[i * (K + 1) + j]: the best match of words a .. a + i − 1 with word a + i starting at knot j.
  const cost = new Float64Array(W * (K + 1)).fill(Infinity);
  const from = new Int32Array(W * (K + 1)).fill(-1);
  cost[0] = 0;
  for (let i = 1; i < W; i++) {
    for (let j = i; j <= K - (W - i); j++) {
      for (let j0 = Math.max(i - 1, j - MAX_NUCLEI_PER_WORD); j0 < j; j0++) {
        const c0 = cost[(i - 1) * (K + 1) + j0];
        if (c0 === Infinity) continue;
        const c = c0 + wordCost(a + i - 1, j0, j);
        if (c < cost[i * (K + 1) + j]) {
          cost[i * (K + 1) + j] = c;
          from[i * (K + 1) + j] = j0;
        }
      }
    }
  }
  let best = Infinity;
  let arg = -1;
  for (let j0 = W - 1; j0 < K; j0++) {
    const c0 = cost[(W - 1) * (K + 1) + j0];
    if (c0 === Infinity) continue;
    const c = c0 + wordCost(b, j0, K);
    if (c < best) {
      best = c;
      arg = j0;
    }
  }
  if (arg < 0) return undefined;
  const starts = new Array<number>(W);
  for (let i = W - 1, j = arg; i >= 0 && j >= 0; i--) {
    starts[i] = knots[j];
    j = from[i * (K + 1) + j];
  }
  return starts;
}

/** A map from a share of a phrase's voiced time to clock time (linear when the voicing is unknown). */
function phraseClock(r: Reading | undefined, t0: number, t1: number): (share: number) => number {
  if (!r || t1 <= t0) return (x) => t0 + x * Math.max(0, t1 - t0);
  const f0 = Math.max(0, Math.floor(t0 / r.frameSec));
  const f1 = Math.min(r.voiced.length, Math.ceil(t1 / r.frameSec));
  const v0 = r.voicedBefore[f0];
  const totalVoiced = r.voicedBefore[f1] - v0;
  if (totalVoiced <= 0) return (x) => t0 + x * (t1 - t0);
  return (x) => {
    const target = x * totalVoiced;
    // Binary search the first frame whose voiced count reaches target.
    let lo = f0;
    let hi = f1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r.voicedBefore[mid] - v0 < target) lo = mid + 1;
      else hi = mid;
    }
    // Between frames: start of a word at the first voiced frame after the count.
    // A word starts at the first voiced frame from there on (a silence inside the phrase goes before it).
    let f = lo;
    if (x > 0 && x < 1) while (f < f1 - 1 && !r.voiced[f]) f++;
    return Math.min(t1, Math.max(t0, f * r.frameSec));
  };
}

// ---------- the aligner ----------

function sanitizeSpans(spans: readonly TextSpan[] | undefined, length: number): TextSpan[] {
  const out: TextSpan[] = [];
  let last = 0;
  for (const s of spans ?? []) {
    const a = Math.min(length, Math.max(last, Number.isFinite(s?.textStart) ? Math.floor(s.textStart) : last));
    const b = Math.min(length, Math.max(a, Number.isFinite(s?.textEnd) ? Math.floor(s.textEnd) : a));
    out.push({ textStart: a, textEnd: b });
    last = b;
  }
  return out;
}

/** Character share of the whole clip (today's follow-along), for every sentence and word. */
function shareByCharacters(text: string, sentences: TextSpan[], words: TextSpan[], t0: number, t1: number): { sentences: TimeSpan[]; words: TimeSpan[] } {
  const n = Math.max(1, text.length);
  const at = (c: number): number => t0 + (Math.min(Math.max(c, 0), n) / n) * Math.max(0, t1 - t0);
  return {
    sentences: sentences.map((s) => ({ start: at(s.textStart), end: at(s.textEnd) })),
    words: words.map((w) => ({ start: at(w.textStart), end: at(w.textEnd) })),
  };
}

/** Clamps into [0, duration] and forces order: each span starts no earlier than the previous one ends. */
function ordered(spans: TimeSpan[], duration: number): TimeSpan[] {
  let last = 0;
  return spans.map((s) => {
    const start = Math.min(duration, Math.max(last, Number.isFinite(s.start) ? s.start : last));
    const end = Math.min(duration, Math.max(start, Number.isFinite(s.end) ? s.end : start));
    last = end;
    return { start, end };
  });
}

/** Aligns a clip given as WAV bytes. Never throws. */
export function alignClip(wav: Uint8Array, input: AlignInput): Alignment {
  let pcm: Pcm | undefined;
  try {
    pcm = pcmFromWav(wav);
  } catch {
    pcm = undefined;
  }
  return alignPcm(pcm ?? { sampleRate: 1, samples: new Float32Array(0) }, input);
}

/** Aligns mono PCM. Never throws. */
export function alignPcm(pcm: Pcm, input: AlignInput): Alignment {
  const duration = pcm.sampleRate > 0 && Number.isFinite(pcm.sampleRate) ? pcm.samples.length / pcm.sampleRate : 0;
  const text = typeof input?.text === 'string' ? input.text : '';
  const sentences = sanitizeSpans(input?.sentences, text.length);
  let words: TextSpan[];
  try {
    words = sanitizeSpans(input?.words ?? wordSpans(text), text.length);
  } catch {
    words = [];
  }
  try {
    const result = alignInner(pcm, duration, text, sentences, words);
    return { duration, method: result.method, sentences: ordered(result.sentences, duration), words: ordered(result.words, duration) };
  } catch {
    const share = shareByCharacters(text, sentences, words, 0, duration);
    return { duration, method: 'share', sentences: ordered(share.sentences, duration), words: ordered(share.words, duration) };
  }
}

function alignInner(pcm: Pcm, duration: number, text: string, sentences: TextSpan[], spans: TextSpan[]):
  { sentences: TimeSpan[]; words: TimeSpan[]; method: Alignment['method'] } {
  const r = duration > 0 ? readAudio(pcm) : undefined;
  if (!r || spans.length === 0) return { ...shareByCharacters(text, sentences, spans, 0, duration), method: 'share' };
  const sentenceEndsAt = new Set(sentences.map((s) => s.textEnd));
  const language = numberLanguage(text);
  const words: Word[] = spans.map((span, i) => {
    const next = spans[i + 1];
    const between = next ? text.slice(span.textEnd, next.textStart) : '';
    const endsSentence = next !== undefined && [...sentenceEndsAt].some((e) => e > span.textEnd - 1 && e <= next.textStart);
    // A word's own units plus the symbols said after it (50 %), never less than a small share of a syllable.
    const own = text.slice(span.textStart, span.textEnd);
    const nextText = next ? text.slice(next.textStart, next.textEnd) : '';
    const said = (syllablesOnly: boolean): number => {
      const inToken = innerSymbolUnits(between, own, nextText, syllablesOnly);
      return spokenUnits(own, syllablesOnly, language) + (inToken > 0 ? inToken : spokenUnits(between.replace(/[\p{L}\p{Nd}]/gu, ''), syllablesOnly, language));
    };
    const units = said(false);
    const syllables = said(true);
    const alphabetic = /[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(text.slice(span.textStart, span.textEnd));
    // A period that ends no sentence and is followed by a lower-case word closes an abbreviation ("e.g. the",
    // "vs. the"): voices run on there, it is no break.
    // So does one after a title or another abbreviation a reader expands ("Mr. Patel", "Dr. Lee") where the
    // sentence goes on.
    const abbreviation = !endsSentence && next !== undefined && /^\.\s+$/u.test(between) &&
      (/^\p{Ll}/u.test(text.slice(next.textStart, next.textEnd)) || ABBREVIATIONS[own.toLowerCase()] !== undefined);
    return { span, text: text.slice(span.textStart, span.textEnd), alphabetic, units: Math.max(units, 0.5), syllables: Math.max(syllables, 0.5), breakAfter: next && !abbreviation ? breakStrength(between, endsSentence) : 0 };
  });
  let totalUnits = 0;
  for (const w of words) totalUnits += w.units;
  const voicedSec = (r.voicedBefore[r.voicedBefore.length - 1]) * r.frameSec;
  const secPerUnit = voicedSec / Math.max(totalUnits, 1);
  let totalSyllables = 0;
  for (const w of words) totalSyllables += w.syllables;
  const secPerSyllable = voicedSec / Math.max(totalSyllables, 1);
  const h = Math.max(1, Math.round((NUC_SMOOTH * secPerSyllable) / r.frameSec));
  ({ nuclei: r.nuclei, dips: r.dips } = syllableNuclei(r.band, r.voiced, r.bandFloor, r.bandLoud, h));
  const anchors = matchPauses(words, r, secPerUnit);
  const times: TimeSpan[] = new Array<TimeSpan>(words.length);
  const phrases: [number, number, number, number][] = [];
  let a = 0;
  let t0 = r.speechStart;
  for (const anchor of anchors) {
    phrases.push([a, anchor.word, t0, anchor.pause.start]);
    a = anchor.word + 1;
    t0 = anchor.pause.end;
  }
  phrases.push([a, words.length - 1, t0, r.speechEnd]);
  for (const [pa, pb, p0, p1] of phrases) placePhrase(words, pa, pb, p0, p1, r, times);
  // Sentences: from their first word's start to their last word's end; a sentence without words sits where
  // the text around it does.
  const sentenceTimes: TimeSpan[] = [];
  let w = 0;
  let lastEnd = r.speechStart;
  for (const s of sentences) {
    while (w < words.length && words[w].span.textEnd <= s.textStart) lastEnd = times[w++].end;
    let first = -1;
    let last = -1;
    for (let i = w; i < words.length && words[i].span.textStart < s.textEnd; i++) {
      if (first < 0) first = i;
      last = i;
    }
    if (first < 0) {
      const next = w < words.length ? times[w].start : r.speechEnd;
      sentenceTimes.push({ start: lastEnd, end: Math.max(lastEnd, Math.min(next, lastEnd)) });
    } else {
      sentenceTimes.push({ start: times[first].start, end: times[last].end });
    }
  }
  return { sentences: sentenceTimes, words: times, method: 'audio' };
}
