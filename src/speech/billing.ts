// Prompt length as Evolink bills and limits it: Qwen3-TTS counts a Han character as 2 toward its 600, and
// Evolink's gateway enforces "billing characters (CJK = 2)" on a sibling model. So Han, kana, Hangul,
// CJK punctuation and fullwidth forms count 2; every other character counts its UTF-16 length (1, or 2
// outside the BMP), which is never less than the code-point count the documented limit may mean.

/** Whether code point `cp` counts 2 billing characters. */
export function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x11ff) // Hangul Jamo
    || (cp >= 0x2e80 && cp <= 0x9fff) // CJK radicals, punctuation, kana, Hangul compatibility, CJK ideographs
    || (cp >= 0xa960 && cp <= 0xa97f) // Hangul Jamo Extended-A
    || (cp >= 0xac00 && cp <= 0xd7ff) // Hangul syllables and Jamo Extended-B
    || (cp >= 0xf900 && cp <= 0xfaff) // CJK compatibility ideographs
    || (cp >= 0xfe30 && cp <= 0xfe4f) // CJK compatibility forms
    || (cp >= 0xff00 && cp <= 0xffef) // halfwidth and fullwidth forms
    || (cp >= 0x1b000 && cp <= 0x1b16f) // kana supplement and extensions
    || (cp >= 0x20000 && cp <= 0x3ffff); // CJK ideographs, planes 2 and 3
}

/** Billing characters of `text.slice(from, to)`. */
export function billingLength(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x1100) {
      n++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    n += isWide(cp) ? 2 : cp > 0xffff ? 2 : 1;
  }
  return n;
}

/** The furthest index `to` ≤ `end` with billingLength(text, from, to) ≤ max (never inside a surrogate pair). */
export function billingEnd(text: string, from: number, end: number, max: number): number {
  let n = 0;
  let i = from;
  while (i < end) {
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const cost = cp < 0x1100 ? 1 : isWide(cp) ? 2 : units;
    if (n + cost > max) break;
    n += cost;
    i += units;
  }
  return i;
}
