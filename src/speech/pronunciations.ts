// The pronunciation dictionary: whole-word replacements in the spoken text, each spoken character keeping the
// source range it stands for. The keys are compiled once into two tries (one for keys matched exactly, one for
// keys matched in any case), and the text is walked once from each place a word may start, so the work is
// linear in the text's length times the longest key, however many keys there are.
//
// Rules:
// - Whole words: a match may not be preceded or followed by a letter, digit, underscore or combining mark. The
//   test is made only at an edge whose own character is such a word character: "C++" may not follow a word
//   character (its "C" is one) but may be followed by one ("C++x" is read as "C++" then "x"); "e.g." likewise
//   at its end; and ".NET" is found in "ASP.NET", its "." asking nothing of the "P" before it.
// - A key written all in lower case matches in any case ("sql" matches "SQL" and "Sql"); a key with any
//   capital matches exactly that spelling ("IT" is not "it").
// - Keys and text are compared in Unicode NFC, so precomposed and decomposed spellings of "café" match each
//   other; the any-case comparison is on the NFC form's toLowerCase, with final sigma read as sigma.
// - At a place, the longest text that some key accepts is replaced; when an exact key and an any-case key
//   accept the same text, the exact key wins; when two keys are equal after NFC, the later one in the
//   dictionary wins. Matches do not overlap: the text after a replacement is searched from its end.
// - Blank keys are ignored; other keys are used as written (not trimmed).
import type { Pause } from './slices';

export interface Mapped {
  spoken: string;
  starts: Int32Array;
  ends: Int32Array;
}

export interface Pronunciations {
  /**
   * The text with its replacements made. A replacement's characters all map to the source range of the text it
   * replaces (the start of its first character to the end of its last); every other character keeps its own.
   * Returns `m` itself when nothing is replaced.
   */
  apply(m: Mapped): Mapped;
}

const WORD_ASCII = /[A-Za-z0-9_]/;
const WORD_OTHER = /[\p{L}\p{N}\p{M}]/u;
const MARK = /\p{M}/u;

function isWord(cp: number): boolean {
  if (cp < 0x80) return WORD_ASCII.test(String.fromCharCode(cp));
  return WORD_OTHER.test(String.fromCodePoint(cp));
}

/**
 * Whether a code point belongs to the cluster of the code point before it. Text is normalised cluster by
 * cluster, so a cluster must take in everything NFC may compose with what comes before: combining marks, the
 * Hangul vowel and final jamo (U+1160–U+11FF), and the Kirat Rai vowel sign U+16D67, which composes with the
 * letter before it although it is not a mark. A unit test checks this against every canonical decomposition of
 * the running Unicode version.
 */
export function continuesCluster(cp: number): boolean {
  if (cp < 0x300) return false;
  if (cp >= 0x1160 && cp <= 0x11ff) return true;
  return cp === 0x16d67 || MARK.test(String.fromCodePoint(cp));
}

/** Any-case form of NFC text: toLowerCase, with final sigma (which toLowerCase picks by context) as sigma. */
function fold(nfc: string): string {
  const lower = nfc.toLowerCase();
  return lower.includes('ς') ? lower.replace(/ς/g, 'σ') : lower;
}

/** Keys by UTF-16 code unit: built with a Map per node, then kept as sorted edge arrays. */
class Trie {
  private building: Map<number, number>[] = [new Map()];
  private valueOf: number[] = [-1];
  /** Edges of node n are labels/targets[first[n] .. first[n + 1]), sorted by label. */
  private first = new Int32Array(1);
  private labels = new Uint16Array(0);
  private targets = new Int32Array(0);
  values = new Int32Array(0);
  size = 0;

  add(key: string, value: number): void {
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let next = this.building[node].get(c);
      if (next === undefined) {
        next = this.building.length;
        this.building.push(new Map());
        this.valueOf.push(-1);
        this.building[node].set(c, next);
      }
      node = next;
    }
    if (this.valueOf[node] < 0) this.size++;
    this.valueOf[node] = value; // a later key equal after normalisation replaces an earlier one
  }

  freeze(): void {
    const n = this.building.length;
    this.first = new Int32Array(n + 1);
    let edges = 0;
    for (let i = 0; i < n; i++) {
      this.first[i] = edges;
      edges += this.building[i].size;
    }
    this.first[n] = edges;
    this.labels = new Uint16Array(edges);
    this.targets = new Int32Array(edges);
    for (let i = 0; i < n; i++) {
      const edges = this.building[i];
      let at = this.first[i];
      if (edges.size === 1) {
        for (const [label, target] of edges) {
          this.labels[at] = label;
          this.targets[at] = target;
        }
      } else if (edges.size > 1) {
        for (const label of [...edges.keys()].sort((a, b) => a - b)) {
          this.labels[at] = label;
          this.targets[at++] = edges.get(label)!;
        }
      }
    }
    this.values = Int32Array.from(this.valueOf);
    this.building = [];
    this.valueOf = [];
  }

  /** The child of `node` by code unit `c`, or -1. */
  child(node: number, c: number): number {
    let lo = this.first[node];
    let hi = this.first[node + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const l = this.labels[mid];
      if (l === c) return this.targets[mid];
      if (l < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** The spoken text cut into clusters, each normalised (NFC) and folded, with word-character flags at its edges. */
interface Clusters {
  count: number;
  /** Spoken offset where cluster j starts (count + 1 entries; the last is the text's length). */
  at: Int32Array;
  nfc: string;
  /** Offset in `nfc` where cluster j starts (count + 1 entries). */
  nfcAt: Int32Array;
  folded: string;
  foldedAt: Int32Array;
  /** 1 when the first / last code point of cluster j (in NFC) is a word character. */
  firstWord: Uint8Array;
  lastWord: Uint8Array;
}

const ASCII_WORD = Uint8Array.from({ length: 0x80 }, (_, c) => (WORD_ASCII.test(String.fromCharCode(c)) ? 1 : 0));

function clusters(s: string): Clusters {
  const len = s.length;
  const at = new Int32Array(len + 1);
  const nfcAt = new Int32Array(len + 1);
  const foldedAt = new Int32Array(len + 1);
  const firstWord = new Uint8Array(len);
  const lastWord = new Uint8Array(len);
  const nfcParts: string[] = [];
  const foldedParts: string[] = [];
  let nfcLen = 0;
  let foldedLen = 0;
  let count = 0;
  // ASCII characters not followed by a mark are their own NFC and fold by toLowerCase alone: such runs are
  // taken whole, from `run` to `i`.
  let run = 0;
  const endRun = (i: number): void => {
    if (i > run) {
      const text = s.slice(run, i);
      nfcParts.push(text);
      foldedParts.push(text.toLowerCase());
    }
  };
  let i = 0;
  while (i < len) {
    const start = i;
    const c0 = s.charCodeAt(i);
    at[count] = start;
    nfcAt[count] = nfcLen;
    foldedAt[count] = foldedLen;
    if (c0 < 0x80 && (i + 1 >= len || s.charCodeAt(i + 1) < 0x300)) {
      i++;
      nfcLen++;
      foldedLen++;
      firstWord[count] = lastWord[count] = ASCII_WORD[c0];
      count++;
      continue;
    }
    endRun(start);
    i += s.codePointAt(i)! > 0xffff ? 2 : 1;
    while (i < len) {
      const cp = s.codePointAt(i)!;
      if (!continuesCluster(cp)) break;
      i += cp > 0xffff ? 2 : 1;
    }
    const nfc = s.slice(start, i).normalize('NFC');
    const folded = fold(nfc);
    nfcParts.push(nfc);
    foldedParts.push(folded);
    nfcLen += nfc.length;
    foldedLen += folded.length;
    firstWord[count] = isWord(nfc.codePointAt(0)!) ? 1 : 0;
    lastWord[count] = isWord(lastCodePoint(nfc)) ? 1 : 0;
    count++;
    run = i;
  }
  endRun(len);
  at[count] = len;
  nfcAt[count] = nfcLen;
  foldedAt[count] = foldedLen;
  return { count, at, nfc: nfcParts.join(''), nfcAt, folded: foldedParts.join(''), foldedAt, firstWord, lastWord };
}

function lastCodePoint(s: string): number {
  const last = s.charCodeAt(s.length - 1);
  return last >= 0xdc00 && last <= 0xdfff && s.length >= 2 ? s.codePointAt(s.length - 2)! : last;
}

class Compiled implements Pronunciations {
  constructor(
    private readonly exact: Trie,
    private readonly anyCase: Trie,
    private readonly spoken: string[],
  ) {}

  apply(m: Mapped): Mapped {
    const t = clusters(m.spoken);
    const { count, firstWord, lastWord } = t;
    // Matches as spoken [from, to) and the index of the replacement.
    const from: number[] = [];
    const to: number[] = [];
    const say: number[] = [];
    let j = 0;
    while (j < count) {
      if (j > 0 && firstWord[j] && lastWord[j - 1]) {
        j++; // inside a word: no key that starts with a word character may match here
        continue;
      }
      // The any-case trie first, so that on equal length the exact trie's match replaces it.
      let end = -1;
      let value = -1;
      for (let pass = 0; pass < 2; pass++) {
        const trie = pass === 0 ? this.anyCase : this.exact;
        if (trie.size === 0) continue;
        const text = pass === 0 ? t.folded : t.nfc;
        const off = pass === 0 ? t.foldedAt : t.nfcAt;
        let node = 0;
        walk: for (let c = j; c < count; c++) {
          const stop = off[c + 1];
          for (let p = off[c]; p < stop; p++) {
            node = trie.child(node, text.charCodeAt(p));
            if (node < 0) break walk;
          }
          const v = trie.values[node];
          if (v >= 0 && c + 1 >= end && (c + 1 === count || !(lastWord[c] && firstWord[c + 1]))) {
            end = c + 1;
            value = v;
          }
        }
      }
      if (end < 0) {
        j++;
        continue;
      }
      from.push(t.at[j]);
      to.push(t.at[end]);
      say.push(value);
      j = end;
    }
    if (from.length === 0) return m;

    let outLen = m.spoken.length;
    for (let k = 0; k < from.length; k++) outLen += this.spoken[say[k]].length - (to[k] - from[k]);
    const starts = new Int32Array(outLen);
    const ends = new Int32Array(outLen);
    const parts: string[] = [];
    let last = 0;
    let o = 0;
    for (let k = 0; k < from.length; k++) {
      parts.push(m.spoken.slice(last, from[k]));
      starts.set(m.starts.subarray(last, from[k]), o);
      ends.set(m.ends.subarray(last, from[k]), o);
      o += from[k] - last;
      const word = this.spoken[say[k]];
      parts.push(word);
      starts.fill(m.starts[from[k]], o, o + word.length);
      ends.fill(m.ends[to[k] - 1], o, o + word.length);
      o += word.length;
      last = to[k];
    }
    parts.push(m.spoken.slice(last));
    starts.set(m.starts.subarray(last), o);
    ends.set(m.ends.subarray(last), o);
    return { spoken: parts.join(''), starts, ends };
  }
}

/** Keys added between pauses when a dictionary is compiled a slice at a time. */
const KEYS_PER_STEP = 250;

/** Compiles `dict`, pausing (yielding) every KEYS_PER_STEP keys and between the two tries' final layouts. */
function* compiling(dict: Record<string, string>): Generator<void, Compiled | undefined> {
  const exact = new Trie();
  const anyCase = new Trie();
  const spoken: string[] = [];
  let n = 0;
  for (const [key, say] of Object.entries(dict)) {
    if (++n % KEYS_PER_STEP === 0) yield;
    if (key.trim() === '' || typeof say !== 'string') continue;
    const nfc = key.normalize('NFC');
    const lower = nfc.toLowerCase();
    spoken.push(say);
    if (nfc === lower) anyCase.add(fold(nfc), spoken.length - 1);
    else exact.add(nfc, spoken.length - 1);
  }
  if (spoken.length === 0) return undefined;
  yield;
  exact.freeze();
  yield;
  anyCase.freeze();
  return new Compiled(exact, anyCase, spoken);
}

/** Compiled dictionaries by content, most recently used last. */
const cache = new Map<string, Compiled | undefined>();
const CACHE_SIZE = 8;
/**
 * The same dictionary objects, so each block prepared does not pay for the content key (about 8 ms for 10,000
 * entries). A dictionary is settings' value, never changed in place once read.
 */
const byObject = new WeakMap<object, Compiled | undefined>();

/** The compiled form of `dict` if it has been compiled: `found` false when it has not. */
function cached(dict: Record<string, string>): { found: boolean; content: string; compiled?: Compiled } {
  if (byObject.has(dict)) return { found: true, content: '', compiled: byObject.get(dict) };
  const content = JSON.stringify(Object.entries(dict));
  if (!cache.has(content)) return { found: false, content };
  const compiled = cache.get(content);
  cache.delete(content);
  cache.set(content, compiled);
  byObject.set(dict, compiled);
  return { found: true, content, compiled };
}

function remember(dict: Record<string, string>, content: string, compiled: Compiled | undefined): void {
  byObject.set(dict, compiled);
  cache.set(content, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/**
 * Compiled once per dictionary: the same object, or another with equal content (same keys and values in the
 * same order), reuses the compiled form. Undefined when the dictionary has no usable (non-blank) key.
 */
export function compilePronunciations(dict: Record<string, string>): Pronunciations | undefined {
  const hit = cached(dict);
  if (hit.found) return hit.compiled;
  const steps = compiling(dict);
  let r = steps.next();
  while (!r.done) r = steps.next();
  remember(dict, hit.content, r.value);
  return r.value;
}

/**
 * Compiles `dict` ahead of its first use a slice at a time, `pause` awaited between steps: a long list
 * (thousands of entries, tens of ms to compile) does not hold the thread in one call.
 */
export async function compilePronunciationsInSlices(dict: Record<string, string>, pause: Pause): Promise<void> {
  const hit = cached(dict);
  if (hit.found) return;
  const steps = compiling(dict);
  let r = steps.next();
  while (!r.done) {
    await pause();
    r = steps.next();
  }
  // Compiled meanwhile by a block that could not wait: keep that one.
  if (!byObject.has(dict)) remember(dict, hit.content, r.value);
}
