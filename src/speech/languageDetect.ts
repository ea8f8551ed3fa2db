// Guesses the language of a piece of text from the writing system it uses, for choosing a voice per chunk.
// Only scripts that name one of qwen3-tts-vd's languages count: Han → Chinese, Kana → Japanese (Japanese
// mixes Kana with Han, so any Kana turns the Han letters Japanese), Hangul → Korean, Cyrillic → Russian.
// Latin letters are shared by English, French, German, Spanish, Italian and Portuguese: undetermined.
import type { LanguageType } from '../api/types';

/** A language a voice can be chosen for (every `language_type` but `Auto`). */
export type SpokenLanguage = Exclude<LanguageType, 'Auto'>;

export interface ScriptCounts {
  han: number;
  kana: number;
  hangul: number;
  cyrillic: number;
  latin: number;
  /** Letters of any other script (Arabic, Greek, Thai, …). */
  other: number;
}

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;

/** Counts the letters of `text` per script (code points; digits, punctuation and spaces are not letters). */
export function countScripts(text: string): ScriptCounts {
  const n: ScriptCounts = { han: 0, kana: 0, hangul: 0, cyrillic: 0, latin: 0, other: 0 };
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    if (HAN.test(ch)) n.han++;
    else if (KANA.test(ch)) n.kana++;
    else if (HANGUL.test(ch)) n.hangul++;
    else if (CYRILLIC.test(ch)) n.cyrillic++;
    else if (LATIN.test(ch)) n.latin++;
    else n.other++;
  }
  return n;
}

/**
 * The language `text` is written in, when its script says so: the script with the most letters wins;
 * undefined when that is Latin or another script, when there are no letters, or on a tie.
 */
export function detectLanguage(text: string): SpokenLanguage | undefined {
  const n = countScripts(text);
  const scores: [SpokenLanguage | undefined, number][] = [
    ['Japanese', n.kana > 0 ? n.kana + n.han : 0],
    ['Chinese', n.kana > 0 ? 0 : n.han],
    ['Korean', n.hangul],
    ['Russian', n.cyrillic],
    [undefined, n.latin],
    [undefined, n.other],
  ];
  let best: SpokenLanguage | undefined;
  let bestScore = 0;
  let tie = false;
  for (const [lang, score] of scores) {
    if (score > bestScore) {
      best = lang;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) {
      tie = true;
    }
  }
  return bestScore > 0 && !tie ? best : undefined;
}
