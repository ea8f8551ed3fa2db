// Cuts a document into blocks that can be prepared one at a time: the unit of caching (an edit re-prepares
// only the blocks whose text changed) and of work (no call prepares more than one block). A cut never
// changes what a block means to a CommonMark parser:
// - Markdown: after a blank line, an unindented line always starts a new top-level block, except inside a
//   fenced code block or an HTML block that runs to an end marker (script, pre, style, textarea, comments,
//   processing instructions, declarations, CDATA). Link reference and footnote definitions are collected for
//   the whole document, so a block can be parsed with them and `[text][ref]` still reads as its text.
// - A block longer than BLOCK_CAP is cut again at a line boundary: after a line ending a sentence if there is
//   one, else at any line that cannot continue an indented code block. A long top-level table is cut between
//   rows and each part is parsed under the table's header rows (`prefix`), so it stays a table.
// - Plain text and code: blank-line paragraphs, cut the same way when long.

import { formatReader } from './formats/load';

export interface Block {
  start: number;
  end: number;
  /**
   * Parsed before the block but not part of it: a source range (a table's header and delimiter rows) or
   * text (a header made up for a group of cells cut from one very wide row).
   */
  prefix?: { start: number; end: number } | string;
  /** Nothing in it is said (a wide table's delimiter row, parsed apart from its header). */
  silent?: boolean;
  /** Cells of a very wide table row: parsed as inline text, each unescaped pipe said as a comma. */
  cells?: boolean;
}

/** The text parsed before block `b`. */
export function prefixOf(source: string, b: Block): string {
  if (!b.prefix) return '';
  return typeof b.prefix === 'string' ? b.prefix : source.slice(b.prefix.start, b.prefix.end);
}

export interface BlockSplit {
  blocks: Block[];
  /** Stub definitions of every reference label in the document, to be parsed after a block. */
  definitions: string;
}

/** Longest block before it is cut again (UTF-16 units): a block prepares in a few milliseconds. */
export const BLOCK_CAP = 2000;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HTML_RUN: Array<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
const DEFINITION = /^ {0,3}\[(\^?)((?:[^\]\\\n]|\\.){1,999})\]:/;
const SENTENCE_LINE_END = /[.!?…。！？]["'”’)\]*_]*\s*$/u;
const DELIMITER_ROW = /^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
/** A line that can only be paragraph text at the top level (no block marker at its start). */
const PARAGRAPH_LINE = /^(?![-*+>#|=~`<]|\d{1,9}[.)]|\s|$)/;
const isBlank = (line: string): boolean => /^[ \t]*$/.test(line);
const indentOf = (line: string): number => {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
};

/** A line without its block-quote markers: what a parser sees inside the quotes. */
const unquoted = (line: string): string => line.replace(/^(?: {0,3}> ?)+/, '');

interface Line {
  start: number;
  /** Past the line's text, before its line ending. */
  textEnd: number;
  /** Past its line ending. */
  end: number;
}

function lines(source: string): Line[] {
  const out: Line[] = [];
  // Line ends found with indexOf (a native scan), the next carriage return kept apart: most documents have none.
  let cr = source.indexOf('\r');
  let s = 0;
  while (s < source.length) {
    let e = source.indexOf('\n', s);
    if (e < 0) e = source.length;
    if (cr >= 0 && cr < s) cr = source.indexOf('\r', s);
    if (cr >= 0 && cr < e) e = cr;
    let n = e;
    if (source.charCodeAt(n) === 13) n++;
    if (source.charCodeAt(n) === 10) n++;
    out.push({ start: s, textEnd: e, end: n });
    s = n;
  }
  return out;
}

export function splitBlocks(source: string, languageId: string): BlockSplit {
  const reader = formatReader(languageId);
  if (reader) return reader.blocks(source);
  return languageId === 'markdown' ? markdownBlocks(source) : { blocks: capAll(source, paragraphBlocks(source), () => true, 'any'), definitions: '' };
}

/**
 * Text typed or deleted that cannot change where Markdown or plain-text blocks start: letters, digits, spaces
 * and sentence punctuation (no line break, no character that opens or closes a block construct: `|`, `<`, `>`,
 * `[`, backtick, `~`, `*`, `_`, `#`, `$`, tab).
 */
const PLAIN_EDIT = /^[\p{L}\p{M}\p{N} .,;:!?'"()\-\u2013\u2014\u2018\u2019\u201C\u201D]*$/u;

/**
 * Whether replacing `removed` at `at` in `source` by `inserted` leaves a Markdown or plain-text document's
 * blocks where they were (the split moves by the length difference instead of being made again). Only plain
 * text inside one line, with text after it on that line: the line's end stays what it was. In Markdown the
 * edit also comes after the line's first word (a list marker, a heading's hashes, a fence's info and a
 * definition's label are all before it), never on a line that may be a link reference definition, and never
 * on a line with `<`, `>` or `|` past its quote markers (an HTML run's end marker, a table row).
 */
export function plainEditKeepsBlocks(languageId: string, source: string, at: number, removed: string, inserted: string): boolean {
  if (!PLAIN_EDIT.test(removed) || !PLAIN_EDIT.test(inserted)) return false;
  const after = at + removed.length;
  const line = lineAround(source, at, after);
  if (!/\S/.test(source.slice(after, line.end))) return false;
  const before = source.slice(line.start, at);
  if (languageId !== 'markdown') return /\S/.test(before);
  // A line with a tag, a comment's or a run's end, or a table's pipe (past its quote markers): split again.
  if (/[<>|]/.test(unquoted(source.slice(line.start, line.end)))) return false;
  return AFTER_FIRST_WORD.test(before) && !/^ {0,3}\[/.test(unquoted(before));
}

/**
 * Whether replacing `removed` at `at` in `source` by `inserted`, inside a group of cells of a very wide table
 * row (not at its first pipe, short of its end), leaves the blocks where they were. Plain text after the row's
 * first word: it adds or takes no cell pipe and starts no other construct. Not right after a backslash (an
 * escaped pipe would become a cell's end). Not a row made shorter to the cap or under it: a table is cut into
 * groups of cells only while one of its rows is longer than the cap. The groups' lengths may then differ from a
 * new split's; the cells they say, in order, do not.
 */
export function cellEditKeepsBlocks(source: string, at: number, removed: string, inserted: string): boolean {
  if (!PLAIN_EDIT.test(removed) || !PLAIN_EDIT.test(inserted) || source.charCodeAt(at - 1) === 92) return false;
  const line = lineAround(source, at, at + removed.length);
  if (inserted.length < removed.length && line.end - line.start + inserted.length - removed.length <= BLOCK_CAP) return false;
  return AFTER_FIRST_WORD.test(source.slice(line.start, at));
}

/** Text before an edit on its line that holds the line's first word and the space after it. */
const AFTER_FIRST_WORD = /[\p{L}\p{N}]\S*[ ]/u;

/** The line an edit from `at` to `after` sits in: where it starts, and where it ends (before its line break). */
function lineAround(source: string, at: number, after: number): { start: number; end: number } {
  const start = Math.max(source.lastIndexOf('\n', at - 1), source.lastIndexOf('\r', at - 1)) + 1;
  let end = after;
  while (end < source.length && source.charCodeAt(end) !== 10 && source.charCodeAt(end) !== 13) end++;
  return { start, end };
}

/** Blank-line paragraphs (the blank lines stay with the paragraph before them). */
function paragraphBlocks(source: string): Block[] {
  const out: Block[] = [];
  let start = 0;
  let sawBlank = false;
  for (const l of lines(source)) {
    const text = source.slice(l.start, l.textEnd);
    if (isBlank(text)) {
      sawBlank = true;
      continue;
    }
    if (sawBlank && l.start > start) {
      out.push({ start, end: l.start });
      start = l.start;
    }
    sawBlank = false;
  }
  if (source.length > start) out.push({ start, end: source.length });
  return out;
}

function markdownBlocks(source: string): BlockSplit {
  const all = lines(source);
  const blocks: Block[] = [];
  const labels = new Set<string>();
  const footnotes = new Set<string>();
  let start = 0;
  let i = 0;
  // Front matter: a first line of ---, up to the next --- or ... line, is one block of its own.
  if (all.length && /^---[ \t]*$/.test(source.slice(all[0].start, all[0].textEnd))) {
    const close = all.findIndex((l, k) => k > 0 && /^(?:---|\.\.\.)[ \t]*$/.test(source.slice(l.start, l.textEnd)));
    if (close > 0) {
      blocks.push({ start: 0, end: all[close].end });
      start = all[close].end;
      i = close + 1;
    }
  }
  let fence: { ch: string; len: number } | undefined;
  let htmlEnd: RegExp | undefined;
  let sawBlank = false;
  let topParagraph = false;
  // Lines after which a long block may be cut: [line index, is a sentence end].
  const cuts = new Map<number, boolean>();
  const tables: Array<{ from: number; to: number; header: { start: number; end: number } }> = [];
  let table: { from: number; header: { start: number; end: number } } | undefined;
  for (; i < all.length; i++) {
    const l = all[i];
    const raw = source.slice(l.start, l.textEnd);
    const text = unquoted(raw);
    if (fence) {
      const m = FENCE.exec(text);
      if (m && m[1][0] === fence.ch && m[1].length >= fence.len && isBlank(text.slice(m[0].length))) fence = undefined;
      continue;
    }
    if (htmlEnd) {
      if (htmlEnd.test(text)) htmlEnd = undefined;
      continue;
    }
    if (isBlank(raw)) {
      sawBlank = true;
      if (table) {
        tables.push({ ...table, to: i });
        table = undefined;
      }
      continue;
    }
    if (sawBlank && indentOf(raw) === 0 && l.start > start) {
      blocks.push({ start, end: l.start });
      start = l.start;
    } else if (i > 0 && l.start > start && indentOf(raw) === 0) {
      // Only where what follows is parsed the same without what came before: a new item of a top-level
      // bullet list, or the next line of a top-level paragraph. (Inside quotes or list items, later lines
      // depend on containers opened earlier: indented text after a blank line would become code.)
      const prev = source.slice(all[i - 1].start, all[i - 1].textEnd);
      if (/^[-*+][ \t]+\S/.test(raw)) cuts.set(i, false);
      else if (topParagraph && PARAGRAPH_LINE.test(raw)) cuts.set(i, SENTENCE_LINE_END.test(prev));
    }
    // Whether this line continues (or starts) a paragraph at the top level, outside any container.
    topParagraph = (sawBlank || i === 0 || topParagraph) && indentOf(raw) === 0 && PARAGRAPH_LINE.test(raw);
    sawBlank = false;
    if (!table && raw === text && indentOf(raw) === 0 && text.includes('|') && i + 1 < all.length && DELIMITER_ROW.test(source.slice(all[i + 1].start, all[i + 1].textEnd))) {
      table = { from: i + 2, header: { start: l.start, end: all[i + 1].end } };
    }
    // Most lines start with a letter: nothing below can open on them.
    if (/^[ \t]{0,3}[\p{L}]/u.test(text)) continue;
    const def = DEFINITION.exec(text);
    if (def) (def[1] ? footnotes : labels).add(def[2]);
    const f = FENCE.exec(text);
    if (f && !(f[1][0] === '`' && text.slice(f[0].length).includes('`'))) {
      fence = { ch: f[1][0], len: f[1].length };
      continue;
    }
    for (const [open, close] of HTML_RUN) {
      if (open.test(text)) {
        if (!close.test(text.slice(text.search(/</) + 1))) htmlEnd = close;
        break;
      }
    }
  }
  if (table) tables.push({ ...table, to: all.length });
  if (source.length > start) blocks.push({ start, end: source.length });

  const tableAt = (lineIndex: number) => tables.find((t) => lineIndex >= t.from && lineIndex < t.to);
  // Line numbers by start offset, only when some block is long enough to be cut again.
  const long = blocks.some((b) => b.end - b.start > BLOCK_CAP);
  const lineAt = new Map(long ? all.map((l, k) => [l.start, k]) : []);
  const capped = capAll(source, blocks, (lineStart) => {
    const k = lineAt.get(lineStart);
    if (k === undefined) return false;
    const t = tableAt(k);
    if (t) return k > t.from; // between two body rows
    return cuts.has(k) ? (cuts.get(k) ? 'sentence' : true) : false;
  }, 'sentence', (b) => {
    const first = all[lineAt.get(b.start) ?? -1];
    const text = first ? source.slice(first.start, first.textEnd) : '';
    // Never inside a table row, a code block or an HTML run.
    return !text.includes('|') && !FENCE.test(text) && indentOf(text) < 4 && !HTML_RUN.some(([open]) => open.test(text));
  });
  // A part of a table after its first part is parsed under the table's header rows.
  for (const b of capped) {
    const k = lineAt.get(b.start);
    const t = k === undefined ? undefined : tableAt(k);
    if (t && b.start > t.header.end) b.prefix = t.header;
  }
  const wide = splitWideRows(source, capped, tables.map((t) => ({ header: t.header, end: all[t.to - 1]?.end ?? source.length })));
  const defs = [...labels].map((x) => `[${x}]: #`).concat([...footnotes].map((x) => `[^${x}]: .`));
  return { blocks: wide, definitions: defs.length ? `\n\n${defs.join('\n')}\n` : '' };
}

/**
 * Cuts every block longer than BLOCK_CAP at line starts the predicate allows ('sentence' preferred),
 * each piece as long as it can be up to the cap. Where no line start is allowed within the cap (one very
 * long line), a block the `midLine` test accepts is cut inside the line: after a sentence's end and its
 * space ('sentence'), or for plain text also at a space or, failing that, between characters ('any').
 */
function capAll(
  source: string,
  blocks: Block[],
  allowed: (lineStart: number) => boolean | 'sentence',
  midLine: 'sentence' | 'any',
  midLineOk: (b: Block) => boolean = () => true,
): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.end - b.start <= BLOCK_CAP) {
      out.push(b);
      continue;
    }
    const starts: Array<[number, boolean]> = [];
    for (let p = source.indexOf('\n', b.start); p >= 0 && p + 1 < b.end; p = source.indexOf('\n', p + 1)) {
      const a = allowed(p + 1);
      if (a) starts.push([p + 1, a === 'sentence']);
    }
    const inLine = midLineOk(b);
    let s = b.start;
    let k = 0;
    while (b.end - s > BLOCK_CAP) {
      let best = -1;
      let bestSentence = -1;
      while (k < starts.length && starts[k][0] <= s) k++;
      for (let j = k; j < starts.length && starts[j][0] - s <= BLOCK_CAP; j++) {
        best = starts[j][0];
        if (starts[j][1]) bestSentence = starts[j][0];
      }
      let cut = bestSentence > s + BLOCK_CAP / 4 ? bestSentence : best > s ? best : -1;
      if (cut < 0 && inLine) cut = cutInLine(source, s, Math.min(b.end, s + BLOCK_CAP), midLine);
      // In Markdown, a cut inside a line is safe only when no later line of the block depends on it.
      if (cut > 0 && midLine === 'sentence' && !starts.some(([at]) => at === cut) && /[\r\n]\s*\S/.test(source.slice(cut, b.end))) cut = -1;
      if (cut < 0) cut = starts.find(([at]) => at > s)?.[0] ?? -1;
      if (cut < 0) break;
      out.push({ start: s, end: cut });
      s = cut;
    }
    out.push({ start: s, end: b.end });
  }
  return out;
}

const SENTENCE_SPACE = /[.!?…。！？][)"'”’\]]*[ \t]+|[。！？]/gu;

/** A cut inside one long line in (s + cap / 4, to]: after a sentence end, else (plain text) after a space, else between characters. */
function cutInLine(source: string, s: number, to: number, how: 'sentence' | 'any'): number {
  const floor = s + BLOCK_CAP / 4;
  const window = source.slice(s, to);
  let best = -1;
  for (const m of window.matchAll(SENTENCE_SPACE)) {
    const at = s + m.index + m[0].length;
    // Inside the line only: what follows a cut at a line's end would start a new line of its own (an
    // indented line after a blank one would turn into a code block).
    if (at > floor && at < to && !/[\r\n]/.test(source[at] ?? '\n')) best = at;
  }
  if (best > 0 || how === 'sentence') return best;
  const space = window.lastIndexOf(' ');
  if (space >= 0 && s + space + 1 > floor) return s + space + 1;
  let at = to;
  // Not inside a surrogate pair, not before a combining mark.
  while (at > floor && (/[\uDC00-\uDFFF]/.test(source[at]) || /\p{M}/u.test(source[at]))) at--;
  return at > floor ? at : -1;
}

/**
 * A table row longer than BLOCK_CAP (hundreds of columns) is cut into groups of cells, each parsed as inline
 * text with its pipes said as commas: the GFM table parser takes far longer per row than per paragraph, so
 * this keeps every parse short. The delimiter row is then parsed apart and says nothing. Cuts fall on
 * cell pipes that are neither escaped nor inside code.
 */
function splitWideRows(source: string, blocks: Block[], tables: Array<{ header: { start: number; end: number }; end: number }>): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const t = tables.find((x) => x.header.start < b.end && x.end > b.start);
    const text = source.slice(b.start, b.end);
    if (!t || !text.split('\n').some((l) => l.length > BLOCK_CAP)) {
      out.push(b);
      continue;
    }
    const delimiterStart = source.indexOf('\n', t.header.start) + 1;
    for (let ls = b.start; ls < b.end;) {
      const nl = source.indexOf('\n', ls);
      const le = nl < 0 || nl + 1 > b.end ? b.end : nl + 1;
      if (ls === delimiterStart) out.push({ start: ls, end: le, silent: true });
      else out.push(...cellGroups(source, ls, le));
      ls = le;
    }
  }
  return out;
}

/** Cells per group: enough to keep the number of parses low, few enough to keep each one short. */
const CELLS_PER_GROUP = 64;

function cellGroups(source: string, ls: number, le: number): Block[] {
  const pipes: number[] = [];
  let code = false;
  for (let i = ls; i < le; i++) {
    const c = source[i];
    if (c === '`') code = !code;
    else if (c === '\\') i++;
    else if (c === '|' && !code) pipes.push(i);
  }
  const out: Block[] = [];
  let start = ls;
  let cells = 0;
  for (const p of pipes) {
    if ((p - start > BLOCK_CAP / 2 || cells >= CELLS_PER_GROUP) && p > start) {
      out.push({ start, end: p, cells: true });
      start = p;
      cells = 0;
    }
    cells++;
  }
  out.push({ start, end: le, cells: true });
  return out;
}
