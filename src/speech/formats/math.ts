// Mathematics in the text to read, as the reader chose (`evolinkTts.math`): spoken as words, announced as
// "formula", or skipped. The speech engine (mathEngine.ts, its own bundle dist/math.js) is loaded the first
// time a document with mathematics is read: `ensureMath()` starts it (its rules load asynchronously, in about
// half a second), and preparation, which is synchronous, asks `mathWords()` once it is ready. Until then,
// or when the engine could not start, a formula is announced instead of spoken.
import type * as Engine from './mathEngine';

export type MathMode = 'speak' | 'announce' | 'skip';

export const FORMULA = 'formula';

let engine: typeof Engine | undefined;
let ready: Promise<void> | undefined;
let isReady = false;
/** Why the engine could not start, once it failed. */
let failure: string | undefined;

/**
 * Starts the speech engine if it is not started yet; resolves when it can speak (or has failed: then
 * formulas are announced, and `mathFailure()` says why). Never rejects.
 */
export function ensureMath(): Promise<void> {
  ready ??= (async () => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
      const e = require('./mathEngine') as typeof Engine;
      await e.setup();
      engine = e;
      isReady = true;
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
  })();
  return ready;
}

/** Why mathematics is announced rather than spoken, when the engine failed to start. */
export function mathFailure(): string | undefined {
  return failure;
}

/** Whether text in `languageId` may hold mathematics that the engine would speak. */
export function mayHaveMath(languageId: string, text: string): boolean {
  if (languageId === 'markdown') return text.includes('$');
  if (languageId === 'latex' || languageId === 'tex') return /\$|\\\(|\\\[|\\begin\s*\{(?:equation|align|gather|multline|eqnarray|flalign|alignat|displaymath|math)/.test(text);
  return false;
}

/**
 * What to say for TeX `tex` (without its delimiters): its words, "formula", or '' to say nothing. Words
 * only when the engine is ready and can read the TeX; a formula it cannot read is announced.
 */
export function mathWords(tex: string, display: boolean, mode: MathMode): string {
  if (mode === 'skip') return '';
  if (mode === 'announce' || !tex.trim()) return mode === 'announce' ? FORMULA : '';
  if (!isReady || !engine) {
    void ensureMath();
    return FORMULA;
  }
  const key = `${display ? 'd' : 'i'}${tex}`;
  let words = spoken.get(key);
  if (words === undefined) {
    try {
      words = engine.speak(tex, display) || FORMULA;
    } catch {
      words = FORMULA;
    }
    // Papers repeat their symbols ($x$, $n$) many times: each is spoken by the engine once.
    if (spoken.size >= CACHE_SIZE) spoken.delete(spoken.keys().next().value!);
    spoken.set(key, words);
  }
  return words;
}

const CACHE_SIZE = 4000;
const spoken = new Map<string, string>();
