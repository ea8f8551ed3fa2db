// A place in a document remembered by its text: the sentence where reading stopped, as its offset and its
// words. Found again at the offset while the text there is unchanged; else where the same words are now
// (nearest the old offset, whatever the line wrapping); else where the start or the end of the sentence is
// (it was edited). No VS Code here.

export interface TextAnchor {
  /** Source offset of the sentence's start when it was remembered. */
  offset: number;
  /** The sentence's source text (at most ANCHOR_MAX characters of it). */
  text: string;
}

export type AnchorMatch = 'exact' | 'moved' | 'edited' | 'lost';

/** Longest stretch of a sentence kept as its anchor. */
export const ANCHOR_MAX = 240;
/** A piece of an edited sentence is looked for only when it has at least this many characters. */
const MIN_PIECE = 16;

/** The anchor for the sentence [start, end) of `text`. */
export function anchorAt(text: string, start: number, end: number): TextAnchor {
  return { offset: start, text: text.slice(start, Math.min(end, start + ANCHOR_MAX)) };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every match of `words` in `text` with any whitespace between them: start offsets. */
function occurrences(text: string, words: string[]): number[] {
  if (!words.length) return [];
  const re = new RegExp(words.map(escape).join('\\s+'), 'g');
  const out: number[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m.index);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

function nearest(candidates: number[], to: number): number | undefined {
  let best: number | undefined;
  for (const c of candidates) if (best === undefined || Math.abs(c - to) < Math.abs(best - to)) best = c;
  return best;
}

/**
 * Where `a` is in `text` now, and how it was found: `exact` (the offset still holds the words), `moved` (the
 * words are elsewhere: the occurrence nearest the old offset), `edited` (the sentence changed; where its first
 * or its last words are now), `lost` (none of it is left: the old offset, within the text).
 */
export function findAnchor(text: string, a: TextAnchor): { offset: number; match: AnchorMatch } {
  const at = Math.max(0, Math.min(a.offset, text.length));
  if (a.text && text.startsWith(a.text, a.offset)) return { offset: a.offset, match: 'exact' };
  const found = [...a.text.matchAll(/\S+/g)];
  const words = found.map((m) => m[0]);
  const moved = nearest(occurrences(text, words), at);
  if (moved !== undefined) return { offset: moved, match: 'moved' };
  // Edited: the longest run of its first words, else of its last words, that is still there.
  const candidates: number[] = [];
  for (let n = words.length - 1; n > 0 && !candidates.length; n--) {
    const head = words.slice(0, n);
    if (head.join(' ').length >= MIN_PIECE) candidates.push(...occurrences(text, head));
    const tail = words.slice(words.length - n);
    if (tail.join(' ').length >= MIN_PIECE) {
      // The sentence began about as far before its last words as it did when remembered.
      const before = found[words.length - n].index ?? 0;
      for (const o of occurrences(text, tail)) candidates.push(Math.max(0, o - before));
    }
  }
  const edited = nearest(candidates, at);
  if (edited !== undefined) return { offset: edited, match: 'edited' };
  return { offset: at, match: 'lost' };
}
