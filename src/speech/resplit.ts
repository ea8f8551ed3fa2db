// Where to cut a part that Evolink refused as too long after all (its own count differs from ours): once,
// into two pieces of about equal billing length, at a sentence boundary if the part has more than one
// sentence, else after clause punctuation, else between words. Nothing of the text is dropped: the pieces
// cover the whole part, in order.
import { billingLength } from './billing';
import { cutLong, trimRange, type Range } from './sentences';

const CLAUSE_END = /[,;:，；：、—–)]\s*/gu;

/** Two (or, for an unbreakable run, a few) ranges of `text` covering it; undefined when it cannot be cut. */
export function splitForResend(text: string, sentences: readonly { textStart: number; textEnd: number }[], locale?: string): Range[] | undefined {
  const total = billingLength(text, 0, text.length);
  if (text.trim().length < 2) return undefined;
  const half = total / 2;
  const nearest = (cuts: number[]): number | undefined => {
    let best: number | undefined;
    let bestGap = Infinity;
    for (const c of cuts) {
      if (c <= 0 || c >= text.length) continue;
      const gap = Math.abs(billingLength(text, 0, c) - half);
      if (gap < bestGap) {
        best = c;
        bestGap = gap;
      }
    }
    return best;
  };
  let cut = nearest(sentences.slice(1).map((s) => s.textStart));
  // A clause boundary only when no sentence boundary lies in the middle half.
  if (cut === undefined || Math.abs(billingLength(text, 0, cut) - half) > total / 4) {
    const clauses = [...text.matchAll(CLAUSE_END)].map((m) => m.index + m[0].length);
    const clause = nearest(clauses);
    if (clause !== undefined && Math.abs(billingLength(text, 0, clause) - half) <= total / 4) cut = clause;
  }
  const pieces: Range[] = cut !== undefined && Math.abs(billingLength(text, 0, cut) - half) <= total / 4
    ? [[0, cut], [cut, text.length]]
    : cutLong(text, 0, text.length, Math.max(1, Math.ceil(half)), locale);
  const spoken = pieces.map(([a, b]) => trimRange(text, a, b)).filter(([a, b]) => b > a);
  return spoken.length >= 2 ? spoken : undefined;
}
