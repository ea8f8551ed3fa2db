// Turns a document into the text a reader would say, remembering for every spoken character the source
// range it came from. Markdown goes through a real CommonMark + GFM parser (micromark via
// mdast-util-from-markdown, with front matter), one block at a time (blocks.ts); every node carries source
// offsets, and the characters of a node's value are placed in its source range by replaying the
// transformations the parser made (escapes, character references, line prefixes and trailing spaces
// removed, tabs expanded), never by looking for a look-alike character. Plain text and code are read as
// they are. A pronunciation dictionary is applied last, on whole words.
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import type { Nodes, Root } from 'mdast';
import { prefixOf, splitBlocks, type Block } from './blocks';
import type { LatexReferences } from './formats/latex';
import { formatReader, mathWords } from './formats/load';
import type { MathMode } from './formats/math';
import type * as MarkdownParser from './markdown';
import { compilePronunciations, type Pronunciations } from './pronunciations';
import { speakProse, type Urls } from './prose';

export type CodeBlocks = 'skip' | 'announce' | 'read';
export type CodeFiles = 'comments' | 'all';

export interface PrepareOptions {
  /** VS Code language id: 'markdown' is parsed; 'plaintext' has its hard line wraps joined; others as is. */
  languageId: string;
  codeBlocks: CodeBlocks;
  /**
   * Word → spoken form, on whole words only. A key written all in lower case matches in any case ("sql"
   * matches "SQL" and "Sql"); a key with any capital matches exactly that spelling ("IT" is not "it").
   */
  pronunciations?: Record<string, string>;
  /** Mathematics (Markdown `$…$`, LaTeX): spoken as words (default), announced as "formula", or skipped. */
  math?: MathMode;
  /** LaTeX citations, cross-references and footnotes: announced / read (default) or skipped. */
  latexReferences?: LatexReferences;
  /** URLs in prose and inline code: "link to" and the host, skipped, or read as written (when unset). */
  urls?: Urls;
  /** Code files: only their comments and docstrings are read (when unset), or all of the file as it is. */
  codeFiles?: CodeFiles;
  /**
   * A notebook's code cell in this language, announced instead of read ("Code cell in Python, 12 lines."):
   * the announcement stands for the cell's first block, the rest is silent.
   */
  codeCell?: string;
}

export interface PreparedText {
  spoken: string;
  /** The source offset (UTF-16) of the spoken character at `spokenOffset` (the end of the source for `spoken.length`). */
  toSource(spokenOffset: number): number;
  /** The source offset just after the spoken character before `spokenEnd`: maps an exclusive end. */
  toSourceEnd(spokenEnd: number): number;
  /** Length of the source this was prepared from. */
  sourceLength: number;
  /** Per spoken character, the start and end of the source range it stands for (non-decreasing starts). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Set when a part could not be parsed and was read as plain text instead: why. */
  fallback?: string;
}

/** Spoken text of one block, offsets relative to the block's start. */
export interface PreparedBlock {
  spoken: string;
  starts: Int32Array;
  ends: Int32Array;
  fallback?: string;
}

/** Spoken text with a source range per character, built in document order. */
export class Builder {
  private readonly parts: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  length = 0;
  /** The current line has spoken text (not only whitespace). */
  private lineHasText = false;
  /** The last few characters of the current line. */
  private tail = '';
  private last = '';

  constructor(private readonly base: number) {}

  push(ch: string, start: number, end: number): void {
    this.parts.push(ch);
    const s = start - this.base;
    const e = end - this.base;
    for (let i = 0; i < ch.length; i++) {
      this.starts.push(s);
      this.ends.push(e);
    }
    this.length += ch.length;
    this.note(ch);
  }

  /** Text that stands for source [start, end) as a whole (an announcement, a separator, a replacement). */
  insert(text: string, start: number, end: number): void {
    this.push(text, start, end);
  }

  private note(text: string): void {
    if (text.length === 1) {
      // The common case, kept cheap: one character.
      if (text === '\n') {
        this.tail = '';
        this.lineHasText = false;
      } else {
        this.tail = this.tail.length >= 8 ? this.tail.slice(-7) + text : this.tail + text;
        if (!this.lineHasText && !WHITE.test(text)) this.lineHasText = true;
      }
      this.last = text;
      return;
    }
    if (text === '') return;
    const nl = text.lastIndexOf('\n');
    if (nl >= 0) {
      this.tail = text.slice(nl + 1);
      this.lineHasText = /\S/.test(this.tail);
    } else {
      this.tail = (this.tail + text).slice(-8);
      if (!this.lineHasText && /\S/.test(text)) this.lineHasText = true;
    }
    this.last = text[text.length - 1];
  }

  /** Ends the current line as a sentence: adds "." when it has no closing punctuation, then a newline. */
  endSentence(at: number): void {
    if (this.lineHasText && !SENTENCE_END.test(this.tail.trimEnd())) this.insert('.', at, at);
    this.endBlock(at);
  }

  endBlock(at: number): void {
    if (this.length > 0 && this.last !== '\n') this.insert('\n', at, at);
  }

  /** Text of the current line so far, since `mark` (a length taken earlier): has anything been said? */
  saidSince(mark: number): boolean {
    return this.length > mark && this.lineHasText;
  }

  build(fallback?: string): PreparedBlock {
    const starts = Int32Array.from(this.starts);
    // Starts never go back (the walk is in document order; a guard against a parser surprise).
    for (let i = 1; i < starts.length; i++) if (starts[i] < starts[i - 1]) starts[i] = starts[i - 1];
    const ends = Int32Array.from(this.ends);
    for (let i = 0; i < ends.length; i++) if (ends[i] < starts[i]) ends[i] = starts[i];
    return { spoken: this.parts.join(''), starts, ends, fallback };
  }
}

const WHITE = /\s/;
const SENTENCE_END = /[.!?…:;。！？；：]["'”’)\]]*$/u;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const CHAR_REF = /^&(?:#[xX]([0-9A-Fa-f]{1,6});|#([0-9]{1,7});|([A-Za-z][A-Za-z0-9]{0,31});)/;

/** The character a reference stands for, and its length in the source; undefined when it is none. */
function charRef(src: string, at: number): { text: string; length: number } | undefined {
  const m = CHAR_REF.exec(src.slice(at, at + 40));
  if (!m) return undefined;
  if (m[3] !== undefined) {
    const d = decodeNamedCharacterReference(m[3]);
    return d === false ? undefined : { text: d, length: m[0].length };
  }
  const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
  const ok = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return { text: ok ? String.fromCodePoint(code) : '\uFFFD', length: m[0].length };
}

/**
 * Places every character of a parser value drawn from source [s, e) in the source: a character equal to
 * the next source character is that character; otherwise the source has a known transformation there (an
 * escape, a character reference, CRLF, NUL, a tab expanded into spaces) or markup the parser dropped (line
 * prefixes, indentation, trailing spaces, delimiters), which is skipped. `emit` gets each value character
 * (line endings as spaces) with its source range. Characters left when the range is used up stand for its end.
 */
function mapValue(value: string, src: string, s: number, e: number, emit: (ch: string, start: number, end: number, used?: number) => void): void {
  let j = s;
  let i = 0;
  let lastSpace = true;
  const out = (ch: string, a: number, z: number, used = 1): void => {
    lastSpace = ch === ' ';
    emit(ch, a, z, used);
  };
  while (i < value.length) {
    const c = value[i];
    if (j >= e) {
      out(c === '\n' || c === '\r' ? ' ' : c, e, e);
      i++;
      continue;
    }
    const x = src[j];
    if (x === c) {
      if (c === '\r' && value[i + 1] === '\n' && src[j + 1] === '\n') {
        out(' ', j, j + 2, 2);
        i += 2;
        j += 2;
        continue;
      }
      out(c === '\n' || c === '\r' ? ' ' : c, j, j + 1);
      i++;
      j++;
      continue;
    }
    if (x === '\\' && j + 1 < e && src[j + 1] === c && ASCII_PUNCT.test(c)) {
      out(c, j, j + 2);
      i++;
      j += 2;
      continue;
    }
    if (x === '&') {
      const ref = charRef(src, j);
      if (ref && value.startsWith(ref.text, i)) {
        for (const ch of ref.text) out(ch, j, j + ref.length, ch.length);
        i += ref.text.length;
        j += ref.length;
        continue;
      }
    }
    if (c === '\uFFFD' && x === '\0') {
      out(c, j, j + 1);
      i++;
      j++;
      continue;
    }
    if (c === ' ' && (x === '\t' || x === '\n' || x === '\r')) {
      // A tab expanded to spaces (all of them stand for the tab), or a line ending the parser made a space.
      const len = x === '\r' && src[j + 1] === '\n' ? 2 : 1;
      out(' ', j, j + len);
      i++;
      if (x !== '\t' || value[i] !== ' ') j += len;
      continue;
    }
    // Markup the parser dropped. A line ending among it still separates words (a hard break inside an
    // image's alt text leaves nothing in the value).
    if ((x === '\n' || x === '\r') && !lastSpace && i > 0) out(' ', j, j + 1, 0);
    j++;
  }
}

/** The Markdown tree of `text` (GFM and front matter), every node with its source offsets. */
export function parseMarkdown(text: string): Root {
  return parse(text);
}

/**
 * The parser (./markdown.ts), loaded the first time Markdown is read: in the packaged extension the `require`
 * resolves to dist/markdown.js, a bundle of its own (see esbuild.js); compiled by tsc it is the module itself.
 */
function parse(text: string): Root {
  return markdownParser().parseMarkdownTree(text);
}

function markdownParser(): typeof MarkdownParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return require('./markdown') as typeof MarkdownParser;
}

/**
 * Small Markdown samples that between them take the parser, and our walk of its tree and our sentence rules,
 * through their common constructs once: first a sentence alone, then one with an abbreviation and a number.
 */
const WARM_UP_SAMPLES = [
  'A b.',
  'A b. C d, e.g. f 7.30 g.\nH i.',
  '# A\n\nb *c* d.',
  '- a\n- b\n  1. c',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '[l](https://x.y) `c` ![i](j.png) <b>h</b> &amp; ~~s~~ www.x.org',
  '---\nt: 1\n---\n\n> q\n\n```js\nx\n```\n\n[^1]: n\n\n- [ ] t',
];
let warmedUp = false;

/**
 * What the first Markdown block of a session would pay at once, as steps to run one per turn of the event
 * loop: loading the parser, then preparing small samples (the engine compiles each construct's code the first
 * time it meets it). Together about the cost of that first block; apart, none holds the thread for long.
 * Empty for other languages and once done.
 */
export function warmUpSteps(languageId: string): Array<() => void> {
  if (languageId !== 'markdown' || warmedUp) return [];
  warmedUp = true;
  const opts: PrepareOptions = { languageId: 'markdown', codeBlocks: 'announce' };
  // Loading is the engine compiling the bundle (about 10 ms); the first parse then makes the parser's extensions.
  return [() => void markdownParser(), () => parse(''), ...WARM_UP_SAMPLES.map((sample) => () => void prepareText(sample, opts))];
}

const LANGUAGE_NAMES: Record<string, string> = {
  ts: 'TypeScript', typescript: 'TypeScript', tsx: 'TypeScript', js: 'JavaScript', javascript: 'JavaScript',
  jsx: 'JavaScript', json: 'JSON', py: 'Python', python: 'Python', sh: 'shell', bash: 'shell', shell: 'shell',
  zsh: 'shell', console: 'shell', ps1: 'PowerShell', powershell: 'PowerShell', rs: 'Rust', rust: 'Rust', go: 'Go',
  java: 'Java', kt: 'Kotlin', kotlin: 'Kotlin', c: 'C', cpp: 'C++', 'c++': 'C++', cs: 'C#', csharp: 'C#',
  rb: 'Ruby', ruby: 'Ruby', php: 'PHP', swift: 'Swift', html: 'HTML', css: 'CSS', scss: 'SCSS', sql: 'SQL',
  yaml: 'YAML', yml: 'YAML', toml: 'TOML', xml: 'XML', md: 'Markdown', markdown: 'Markdown', diff: 'diff',
  dockerfile: 'Dockerfile', makefile: 'Makefile', lua: 'Lua', r: 'R', scala: 'Scala', dart: 'Dart',
};

/** "Code block in TypeScript, 12 lines." / "Code block, 1 line." */
export function codeAnnouncement(lang: string | null | undefined, lineCount: number): string {
  const name = lang ? Object.hasOwn(LANGUAGE_NAMES, lang.toLowerCase()) ? LANGUAGE_NAMES[lang.toLowerCase()] : lang : undefined;
  return `Code block${name ? ` in ${name}` : ''}, ${lineCount} line${lineCount === 1 ? '' : 's'}.`;
}

/** A notebook code cell's block, announced: "Code cell in Python, 12 lines." for the first block, nothing for the others. */
function codeCellBlock(source: string, block: Block, lang: string): PreparedBlock {
  if (block.start > 0 || !source.trim()) return SILENT;
  const lines = source.replace(/(\r\n|\r|\n)+$/, '').split(/\r\n|\r|\n/).length;
  const b = new Builder(0);
  b.insert(codeAnnouncement(lang, lines).replace(/^Code block/, 'Code cell'), 0, block.end - block.start);
  return b.build();
}

/** HTML elements that separate blocks of text (their tags end a line of speech). */
const BLOCK_TAGS = new Set(['address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul']);
const TAG = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*>/;

/**
 * The text of an HTML block in Markdown, as a browser shows it: tags dropped (block-level ones end a line),
 * character references decoded, comments, script and style skipped. Markdown needs only the text of these
 * fragments, so a small linear scanner does it; whole HTML documents are another matter.
 */
function htmlText(b: Builder, value: string, src: string, s: number, e: number): void {
  const vs = new Int32Array(value.length + 1);
  const ve = new Int32Array(value.length + 1);
  let k = 0;
  mapValue(value, src, s, e, (_ch, a, z, used = 1) => {
    for (let n = 0; n < used; n++, k++) {
      vs[k] = a;
      ve[k] = z;
    }
  });
  vs[value.length] = e;
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c === '<') {
      if (value.startsWith('<!--', i)) {
        const close = value.indexOf('-->', i + 4);
        i = close < 0 ? value.length : close + 3;
        continue;
      }
      const m = TAG.exec(value.slice(i, i + 512));
      if (m) {
        const name = m[2].toLowerCase();
        i += m[0].length;
        if (!m[1] && (name === 'script' || name === 'style')) {
          const close = value.toLowerCase().indexOf(`</${name}`, i);
          i = close < 0 ? value.length : close;
        } else if (BLOCK_TAGS.has(name)) {
          b.endSentence(vs[i - 1]);
        }
        continue;
      }
    }
    if (c === '&') {
      const ref = charRef(value, i);
      if (ref) {
        b.push(ref.text, vs[i], ve[i + ref.length - 1]);
        i += ref.length;
        continue;
      }
    }
    b.push(c === '\n' || c === '\r' || c === '\t' ? ' ' : c, vs[i], ve[i]);
    i++;
  }
  b.endSentence(e);
}

const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'tableCell']);

/**
 * One Markdown block. `text` is what the parser sees: [prefix][block][definitions]; nodes outside the block
 * (the prefix's header rows, the stub definitions) are not read. Offsets come out relative to the block.
 */
function prepareMarkdownBlock(src: string, prefixLength: number, blockLength: number, codeBlocks: CodeBlocks, cells = false, mathMode: MathMode = 'speak', urls: Urls = 'read'): PreparedBlock {
  const tree = parse(src);
  const b = new Builder(prefixLength);
  const lo = prefixLength;
  const hi = prefixLength + blockLength;
  const pos = (n: Nodes): [number, number] => [n.position?.start.offset ?? lo, n.position?.end.offset ?? lo];
  // In a group of cells of a very wide row, each pipe of the row's syntax is said as a comma.
  let cellMark = 0;
  const say = (ch: string, a: number, z: number): void => {
    if (cells && ch === '|' && z - a === 1) {
      if (b.saidSince(cellMark)) b.insert(', ', a, a);
      cellMark = b.length;
      return;
    }
    b.push(ch, a, z);
  };
  const text = (value: string, s: number, e: number): void => mapValue(value, src, s, e, say);
  // Prose and inline code: identifiers and URLs said as words (prose.ts), each character still mapped.
  const prose = (value: string, s: number, e: number, code: boolean): void => {
    const t: string[] = [];
    const ts: number[] = [];
    const te: number[] = [];
    mapValue(value, src, s, e, (ch, a, z) => {
      t.push(ch);
      for (let k = 0; k < ch.length; k++) {
        ts.push(a);
        te.push(z);
      }
    });
    speakProse(t.join(''), ts, te, { urls, code }, say);
  };

  // An explicit stack instead of recursion: documents nest thousands deep.
  type Step = { node: Nodes; parent: string } | (() => void);
  const stack: Step[] = [];
  const pushChildren = (n: { children: Nodes[] | readonly Nodes[] }, parent: string): void => {
    for (let i = n.children.length - 1; i >= 0; i--) stack.push({ node: n.children[i], parent });
  };
  pushChildren(tree as { children: Nodes[] }, 'root');
  while (stack.length) {
    const step = stack.pop()!;
    if (typeof step === 'function') {
      step();
      continue;
    }
    const { node: n, parent } = step;
    const [s, e] = pos(n);
    if (e <= lo || s >= hi) continue; // the table's header rows, the stub definitions
    switch (n.type) {
      case 'text':
        prose(n.value, s, e, false);
        break;
      case 'inlineCode': {
        let k = s;
        while (k < e && src[k] === '`') k++;
        prose(n.value, k, Math.max(k, e - (k - s)), true);
        break;
      }
      case 'inlineMath': {
        // `$5 and $10` is prose: a single-dollar span that starts or ends with a space, or whose closing
        // dollar has a digit after it, is read as it is written (the rule Pandoc uses).
        if (src[s] === '$' && src[s + 1] !== '$' && (/^\s|\s$/.test(n.value) || /[0-9]/.test(src[e] ?? ''))) {
          text(src.slice(s, e), s, e);
          break;
        }
        const words = mathWords(n.value, false, mathMode);
        if (words) b.insert(words, s, e);
        break;
      }
      case 'math': {
        const words = mathWords(n.value, true, mathMode);
        if (words) {
          b.insert(words, s, e);
          b.endBlock(e);
        }
        break;
      }
      case 'image':
      case 'imageReference':
        if (n.alt) text(n.alt, s + 2, e);
        break;
      case 'break':
        b.insert(' ', s, e);
        break;
      case 'html':
        if (PHRASING_PARENTS.has(parent)) {
          if (/^<\/?(?:br|p|div|li|tr|td|th|hr)\b/i.test(n.value)) b.insert(' ', s, e);
        } else {
          htmlText(b, n.value, src, s, e);
        }
        break;
      case 'definition':
      case 'footnoteReference':
      case 'thematicBreak':
      case 'yaml':
      case 'toml' as string:
        break;
      case 'code': {
        if (codeBlocks === 'skip') break;
        if (codeBlocks === 'announce') {
          const lines = n.value === '' ? 0 : n.value.split(/\r\n|\r|\n/).length;
          b.insert(codeAnnouncement(n.lang, lines), s, e);
        } else {
          text(n.value, s, e);
        }
        b.endSentence(e);
        break;
      }
      case 'heading':
        stack.push(() => b.endSentence(e));
        pushChildren(n, n.type);
        break;
      case 'paragraph':
        stack.push(() => (parent === 'listItem' ? b.endSentence(e) : b.endBlock(e)));
        pushChildren(n, n.type);
        break;
      case 'listItem':
        // A task list item says whether it is done.
        if (n.checked === true || n.checked === false) b.insert(n.checked ? 'Done: ' : 'To do: ', s, s);
        pushChildren(n, n.type);
        break;
      case 'table':
        for (let r = n.children.length - 1; r >= 0; r--) {
          const row = n.children[r];
          const [, re] = pos(row);
          // Cells are said as a list: "Ann, 31." (nothing is added before an empty first cell).
          const mark = { at: 0 };
          stack.push(() => b.endSentence(re));
          for (let c = row.children.length - 1; c >= 0; c--) {
            const cell = row.children[c];
            const [cs] = pos(cell);
            stack.push({ node: cell, parent: 'tableRow' });
            if (c > 0) stack.push(() => b.saidSince(mark.at) && b.insert(', ', cs, cs));
          }
          stack.push(() => (mark.at = b.length));
        }
        break;
      default:
        if ('children' in n) {
          if (n.type === 'blockquote' || n.type === 'footnoteDefinition' || n.type === 'list') stack.push(() => b.endBlock(e));
          pushChildren(n, n.type);
        }
    }
  }
  return b.build();
}

/**
 * Whether a block is so deeply nested that the parser would take seconds on it (its time grows faster than
 * linearly with nesting: 6,000 levels of emphasis take about 9 s): container markers thousands deep at the
 * start of a line, or a long block made mostly of emphasis, link and quote delimiters. Real documents are
 * nowhere near either.
 */
function tooNested(block: string): boolean {
  if (block.length < 1000) return false;
  // Spaces only after each marker, so the pattern cannot backtrack between two ways of taking them.
  const prefix = /^[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>)[ \t]*){200}/m;
  if (prefix.test(block)) return true;
  let delimiters = 0;
  for (let i = 0; i < block.length; i++) {
    const c = block.charCodeAt(i);
    // * _ [ ] ! > ~
    if (c === 42 || c === 95 || c === 91 || c === 93 || c === 33 || c === 62 || c === 126) delimiters++;
  }
  return delimiters > 1000 && delimiters > block.length / 4;
}

/** Plain text: a single line break is a hard wrap inside a paragraph; a blank line still ends the paragraph. */
export function prepareAsIs(src: string, languageId: string, fallback?: string): PreparedBlock {
  const b = new Builder(0);
  const wrap = languageId === 'plaintext' || fallback !== undefined;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (wrap && (c === '\n' || c === '\r')) {
      // A line ending is a space unless a blank line (or the start or end) is next to it.
      const len = c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      const before = i > 0 ? src[i - 1] : '\n';
      const after = src[i + len] ?? '\n';
      const soft = before !== '\n' && before !== '\r' && after !== '\n' && after !== '\r';
      b.push(soft ? ' '.repeat(len) : src.slice(i, i + len), i, i + len);
      i += len - 1;
      continue;
    }
    b.push(c === '\0' ? '\uFFFD' : c, i, i + 1);
  }
  return b.build(fallback);
}

/**
 * Prepares one block: `prefix` (a table's header rows) and `definitions` are parsed with it but not read.
 * A block the parser cannot take (nesting deeper than its stack) is read as plain text, and says so.
 */
function prepareBlockText(block: string, opts: PrepareOptions, prefix: string, definitions: string, dict: Pronunciations | undefined, cells: boolean): PreparedBlock {
  let p: PreparedBlock;
  if (opts.languageId === 'markdown' && tooNested(block)) {
    p = prepareAsIs(block, 'plaintext', 'the Markdown here is nested thousands deep, more than the Markdown parser reads in good time; read as plain text');
  } else if (opts.languageId === 'markdown') {
    const withDefs = definitions && block.includes('[') ? definitions : '';
    try {
      p = prepareMarkdownBlock(prefix + block + withDefs, prefix.length, block.length, opts.codeBlocks, cells, opts.math, opts.urls);
    } catch (e) {
      p = prepareAsIs(block, 'plaintext', `the Markdown parser gave up (${e instanceof RangeError ? 'nested too deeply' : String(e)}); read as plain text`);
    }
  } else if (opts.languageId === 'plaintext') {
    p = proseOf(prepareAsIs(block, opts.languageId), opts.urls ?? 'read');
  } else {
    p = prepareAsIs(block, opts.languageId);
  }
  return dict ? { ...dict.apply(p), fallback: p.fallback } : p;
}

/** Prepared prose with its identifiers and URLs said as words (prose.ts); source ranges carried over. */
export function proseOf(p: PreparedBlock, urls: Urls, code = false): PreparedBlock {
  const b = new Builder(0);
  speakProse(p.spoken, p.starts, p.ends, { urls, code }, (ch, a, z) => b.push(ch, a, z));
  return b.build(p.fallback);
}

/** The options' pronunciation dictionary, compiled (compile once per document, not once per block). */
export function compiledDictionary(opts: PrepareOptions): Pronunciations | undefined {
  return opts.pronunciations ? compilePronunciations(opts.pronunciations) : undefined;
}

/** Per spoken character, the source range: the implementation behind PreparedText. */
export class Prepared implements PreparedText {
  constructor(
    readonly spoken: string,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly sourceLength: number,
    readonly fallback?: string,
  ) {}

  toSource(o: number): number {
    if (o >= this.starts.length) return this.sourceLength;
    return this.starts.length > 0 ? this.starts[Math.max(0, o)] : 0;
  }

  toSourceEnd(o: number): number {
    if (o <= 0) return this.starts.length > 0 ? this.starts[0] : 0;
    return this.ends[Math.min(o, this.ends.length) - 1];
  }
}

/** Joins blocks prepared one by one into one PreparedText of the whole source. */
export function joinBlocks(sourceLength: number, parts: Array<{ block: Block; prepared: PreparedBlock }>): Prepared {
  const total = parts.reduce((n, p) => n + p.prepared.spoken.length, 0);
  const starts = new Int32Array(total);
  const ends = new Int32Array(total);
  let at = 0;
  let fallback: string | undefined;
  for (const { block, prepared } of parts) {
    for (let i = 0; i < prepared.spoken.length; i++) {
      starts[at + i] = prepared.starts[i] + block.start;
      ends[at + i] = prepared.ends[i] + block.start;
    }
    at += prepared.spoken.length;
    fallback ??= prepared.fallback;
  }
  return new Prepared(parts.map((p) => p.prepared.spoken).join(''), starts, ends, sourceLength, fallback);
}

const SILENT: PreparedBlock = { spoken: '', starts: new Int32Array(0), ends: new Int32Array(0) };

/**
 * Block `block` of `source`, prepared: a silent block says nothing; a table part is parsed under its header
 * rows (`prefix`); a group of wide-row cells reads its pipes as commas. Offsets relative to the block.
 */
export function prepareBlock(source: string, block: Block, opts: PrepareOptions, definitions = '', dict = compiledDictionary(opts)): PreparedBlock {
  if (block.silent) return SILENT;
  if (opts.codeCell !== undefined) return codeCellBlock(source, block, opts.codeCell);
  const reader = formatReader(opts.languageId);
  if (reader) {
    const p = reader.prepare(source, block, opts);
    return dict ? { ...dict.apply(p), fallback: p.fallback } : p;
  }
  return prepareBlockText(source.slice(block.start, block.end), opts, prefixOf(source, block), definitions, dict, block.cells === true);
}

/** The whole source prepared at once (block by block, as a reading does). */
export function prepareText(source: string, opts: PrepareOptions): PreparedText {
  const { blocks, definitions } = splitBlocks(source, opts.languageId);
  const dict = compiledDictionary(opts);
  return joinBlocks(source.length, blocks.map((block) => ({
    block,
    prepared: prepareBlock(source, block, opts, definitions, dict),
  })));
}
