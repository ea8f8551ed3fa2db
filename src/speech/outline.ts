// Where paragraphs, headings and sections begin in a document's source text, for moving through it while
// reading (Next / Previous Paragraph and Heading, Read Section), for pausing after a paragraph, and for the
// panel's section heading and its tick per heading (so a tick is where Next Heading goes). A line scan, not
// the Markdown parser: the moves need only block starts and ATX / setext headings (fenced code and front
// matter skipped), they run on a key press over the whole text, and the parser is loaded only for reading.
// Offsets are source offsets; no VS Code here.
import { decodeNamedCharacterReference } from 'decode-named-character-reference';

export interface Heading {
  /** Offset of the heading's first line. */
  start: number;
  /** 1–6 (`#` … `######`; setext `===` is 1, `---` is 2). */
  level: number;
  /** Its text without the Markdown markup (emphasis, code spans, link targets, tags, escapes). */
  title: string;
}

export interface Outline {
  /** Offsets where paragraphs (blocks separated by blank lines; in Markdown also headings and fences) start, ascending. */
  paragraphs: number[];
  /** Markdown headings in order (none for other documents). */
  headings: Heading[];
  length: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^(?: {0,3}>[ \t]?)+/;
const QUOTE_LINES = /^(?: {0,3}>[ \t]?)+/gm;

/** The outline of `text`; `markdown` turns on headings, fences and front matter. */
export function outlineOf(text: string, markdown: boolean): Outline {
  const paragraphs: number[] = [];
  const headings: Heading[] = [];
  let blankBefore = true;
  /** Start of the plain paragraph being scanned (a setext underline makes it a heading). */
  let para: number | undefined;
  let fence: string | undefined;
  let frontMatter = false;
  let lineNo = 0;
  for (let at = 0; at <= text.length; lineNo++) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const line = text.slice(at, end).replace(/\r$/, '');
    const start = at;
    at = end + 1;
    if (markdown && lineNo === 0 && line === '---') {
      frontMatter = true;
      continue;
    }
    if (frontMatter) {
      if (line === '---' || line === '...') frontMatter = false;
      blankBefore = true;
      continue;
    }
    if (fence !== undefined) {
      const inner = line.replace(QUOTE, '');
      const m = FENCE.exec(inner);
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && !inner.slice(m[0].length).trim()) fence = undefined;
      blankBefore = fence === undefined;
      continue;
    }
    if (!line.trim()) {
      blankBefore = true;
      para = undefined;
      if (end >= text.length) break;
      continue;
    }
    if (markdown) {
      // Inside block quotes, headings and fences are found after the quote marks (`> ## Heading`).
      const inner = line.replace(QUOTE, '');
      const atx = ATX.exec(inner);
      if (atx) {
        paragraphs.push(start);
        headings.push({ start, level: atx[1].length, title: headingTitle(inner.slice(atx[0].length).replace(/(?:^|[ \t]+)#+[ \t]*$/, '')) });
        blankBefore = true;
        para = undefined;
        continue;
      }
      const f = FENCE.exec(inner);
      if (f && !(f[1][0] === '`' && inner.slice(f[0].length).includes('`'))) {
        paragraphs.push(start);
        fence = f[1];
        para = undefined;
        continue;
      }
      if (para !== undefined && SETEXT.test(inner)) {
        headings.push({ start: para, level: inner.trim()[0] === '=' ? 1 : 2, title: headingTitle(text.slice(para, start).replace(QUOTE_LINES, '')) });
        blankBefore = true;
        para = undefined;
        continue;
      }
      if (BREAK.test(inner)) {
        blankBefore = true;
        para = undefined;
        continue;
      }
    }
    if (blankBefore) {
      paragraphs.push(start);
      para = start;
    }
    blankBefore = false;
    if (end >= text.length) break;
  }
  return { paragraphs, headings, length: text.length };
}

/**
 * A heading's source as the plain words it shows: image alt text and link text without their targets,
 * emphasis and code-span marks, HTML tags, backslash escapes and character references resolved. Hand-written
 * beside the line scan (not the Markdown parser, which the moves must not load), for the few inline forms a
 * heading has; the words the voice says come from the parser either way.
 */
export function headingTitle(source: string): string {
  // Escaped punctuation is set aside first (as private-use characters) so that no rule below sees it as markup.
  return source
    .replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => String.fromCharCode(0xe000 + c.charCodeAt(0)))
    .replace(/!?\[((?:\\.|[^\]\\])*)\](?:\([^)]*\)|\[[^\]]*\])?/g, '$1')
    .replace(/<(?:[a-z][a-z0-9+.-]*:[^\s<>]*)>/gi, (m) => m.slice(1, -1))
    .replace(/<\/?[a-z][^<>]*>|<!--[\s\S]*?-->/gi, '')
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _f, code: string) => code.trim())
    .replace(/(^|[^\\\p{L}\p{N}*_])(\*{1,3}|_{1,3})(?=\S)|(?<=\S)(\*{1,3}|_{1,3})(?=[^\p{L}\p{N}]|$)/gu, (_m, before: string | undefined) => before ?? '')
    .replace(/~~/g, '')
    .replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (m, ref: string) => {
      if (ref[0] !== '#') return decodeNamedCharacterReference(ref) || m;
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    })
    .replace(/[\ue021-\ue07e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xe000))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The heading of the section `offset` lies in: the last heading that starts at or before it. */
export function headingAt(headings: readonly Heading[], offset: number): Heading | undefined {
  const i = indexAtOrBefore(headings.map((h) => h.start), offset);
  return i < 0 ? undefined : headings[i];
}

/** The last of `starts` at or before `offset` (index), or -1. */
export function indexAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The first of `starts` after `offset`. */
export function nextAfter(starts: readonly number[], offset: number): number | undefined {
  return starts[indexAtOrBefore(starts, offset) + 1];
}

/**
 * Where "previous" goes from the sentence starting at `sentence`: the start of the block it is in when the
 * sentence is not that block's first (as a player's Previous restarts the track), else the block before.
 * `firstSentence` is the start of the first sentence of the block that holds `sentence`.
 */
export function previousFrom(starts: readonly number[], sentence: number, firstSentence: (blockStart: number) => number): number | undefined {
  const i = indexAtOrBefore(starts, sentence);
  if (i < 0) return undefined;
  if (firstSentence(starts[i]) < sentence) return starts[i];
  return i > 0 ? starts[i - 1] : undefined;
}

/** Index of the paragraph holding `offset` (-1 before the first). */
export function paragraphIndexAt(o: Outline, offset: number): number {
  return indexAtOrBefore(o.paragraphs, offset);
}

/**
 * The section at `offset`: from its heading to the next heading of the same or higher level (or the end). Before
 * the first heading, from the start to that heading; a document without headings: the paragraph at `offset`.
 */
export function sectionAt(o: Outline, offset: number): { start: number; end: number; heading?: Heading } {
  const hs = o.headings;
  if (!hs.length) {
    const i = Math.max(0, paragraphIndexAt(o, offset));
    return { start: o.paragraphs[i] ?? 0, end: o.paragraphs[i + 1] ?? o.length };
  }
  const i = indexAtOrBefore(hs.map((h) => h.start), offset);
  if (i < 0) return { start: 0, end: hs[0].start };
  const h = hs[i];
  const next = hs.slice(i + 1).find((x) => x.level <= h.level);
  return { start: h.start, end: next?.start ?? o.length, heading: h };
}
