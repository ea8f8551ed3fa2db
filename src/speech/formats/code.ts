// Code files: Speak Document reads their comments and docstrings, in order, each as a paragraph, and none
// of the code or its strings. The file is tokenized by Prism's grammar for its language (prismjs: a
// synchronous tokenizer whose tokens add up to the source exactly, and which knows each language's strings:
// template literals, Python's prefixed and triple-quoted strings, Rust's r#"…"#, Go's backticks, shell
// quoting and heredocs, Ruby's %q and heredocs, C#'s verbatim and interpolated strings, C++'s R"(…)"), so
// a comment marker inside a string is never taken for a comment. Tree-sitter (web-tree-sitter) was weighed
// and not taken: its grammars for these languages come to about 20 MB of .wasm and load asynchronously,
// where a reader here answers synchronously; Prism's grammars for all of them are some 40 KB.
//
// What is said of a comment:
// - markers are silent: `//`, `///`, `//!`, `#`, `/*`, `/**`, `*/`, a leading `*` on each line, `=begin`
//   and `=end`, a docstring's quotes and prefix;
// - hard-wrapped lines are joined; a blank line, a list item or a tag starts a new sentence;
// - tags read as words: `@param name text` → "Parameter name: text", `@returns text` → "Returns: text",
//   `@throws Error text` → "Throws Error: text", `:param name:` → "Parameter name:", `{@link Name}` →
//   "Name", C#'s `<param name="x">` → "Parameter x:"; types in braces, `@example` blocks and tags that
//   only mark code (`@type`, `@internal`, `:rtype:`…) are not said;
// - lines that are code, not prose, are skipped: commented-out code (a line ending in `;`, `{` or `}`, or
//   starting with a keyword and looking like a statement), decoration rules (`// -----`), tool directives
//   (`eslint-disable`, `@ts-ignore`, `noqa`, `type: ignore`, `#region`, a shebang, an encoding line);
// - identifiers and URLs are said as in prose (../prose.ts), `quoted` names as code.
import { BLOCK_CAP, type Block, type BlockSplit } from '../blocks';
import { speakProse, type Urls } from '../prose';
import { Builder, prepareAsIs, proseOf, type PrepareOptions, type PreparedBlock } from '../textPrep';
import type { FormatReader } from './types';
import { loadPrism, type PrismToken } from './prism';

/** VS Code language id → Prism grammar. */
export const CODE_GRAMMARS: Readonly<Record<string, string>> = {
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'jsx',
  python: 'python',
  java: 'java',
  c: 'c',
  cpp: 'cpp',
  csharp: 'csharp',
  go: 'go',
  rust: 'rust',
  shellscript: 'bash',
  ruby: 'ruby',
};

/** A comment or docstring: its source range and kind. */
export interface Comment {
  start: number;
  end: number;
  docstring?: boolean;
}

/** What one tokenization of a file found: its comments, and the ranges where a line must not be cut. */
interface Scan {
  comments: Comment[];
  /** The comments grouped into paragraphs (groups()), found when first asked for. */
  groups?: Comment[][];
  /** Top-level tokens that span lines (strings, comments): a block never starts inside one. */
  spans: Array<[number, number]>;
}

/** The last file scanned (blocks, then each block's preparation, ask about the same text). */
let last: { languageId: string; source: string; scan: Scan } | undefined;

function scan(source: string, languageId: string): Scan {
  if (last && last.source === source && last.languageId === languageId) return last.scan;
  const result = scanUncached(source, languageId);
  last = { languageId, source, scan: result };
  return result;
}

function scanUncached(source: string, languageId: string): Scan {
  const grammar = CODE_GRAMMARS[languageId];
  const Prism = loadPrism();
  const tokens = Prism.tokenize(source, Prism.languages[grammar]);
  const comments: Comment[] = [];
  const spans: Array<[number, number]> = [];
  const walk = (list: Array<string | PrismToken>, at: number, top: boolean): void => {
    for (const t of list) {
      if (typeof t === 'string') {
        at += t.length;
        continue;
      }
      const end = at + t.length;
      if (top && source.slice(at, end).includes('\n')) spans.push([at, end]);
      const from = t.type === 'comment' ? commentStart(source, at, end, grammar) : -1;
      if (from >= 0) comments.push({ start: from, end });
      else if (Array.isArray(t.content) && t.type !== 'comment') walk(t.content, at, false);
      at = end;
    }
  };
  walk(tokens, 0, true);
  if (grammar === 'python') {
    for (const d of docstrings(source, tokens)) comments.push(d);
    comments.sort((a, b) => a.start - b.start);
  }
  return { comments, spans };
}

/**
 * Where a comment token's comment starts (-1: none). Prism's shell grammar takes any `#` for the start of
 * a comment; the shell only one that starts a word (`x=a#b # note` has its comment at the second `#`).
 */
function commentStart(source: string, at: number, end: number, grammar: string): number {
  if (grammar !== 'bash') return at;
  for (let k = at; k < end; k++) {
    if (source[k] === '#' && (k === 0 || /[\s;&|()]/.test(source[k - 1]))) return k;
  }
  return -1;
}

/**
 * Python docstrings: a string that is the first statement of the module, or of a class or function body
 * (right after the header's colon, on a line of its own). Attribute docstrings are not taken.
 */
function docstrings(source: string, tokens: Array<string | PrismToken>): Comment[] {
  const out: Comment[] = [];
  let at = 0;
  // Significant tokens so far (not spaces or comments), with their offsets.
  const seen: Array<{ t: PrismToken | string; at: number }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const len = typeof t === 'string' ? t.length : t.length;
    const start = at;
    at += len;
    if (typeof t === 'string' ? t.trim() === '' : t.type === 'comment') continue;
    if (typeof t !== 'string' && (t.type === 'triple-quoted-string' || t.type === 'string') && startsStatement(seen) && endsLine(source, at)) {
      out.push({ start, end: at, docstring: true });
    }
    seen.push({ t, at: start });
  }
  return out;
}

function startsStatement(seen: Array<{ t: PrismToken | string }>): boolean {
  if (seen.length === 0) return true;
  const prev = seen[seen.length - 1].t;
  if (typeof prev === 'string' || prev.type !== 'punctuation' || prev.content !== ':') return false;
  // Back through the header at bracket depth 0 to `def` or `class` (annotations have colons in brackets).
  let depth = 0;
  for (let k = seen.length - 2; k >= 0; k--) {
    const t = seen[k].t;
    if (typeof t === 'string') {
      if (depth === 0 && t.includes('\n')) return false;
      continue;
    }
    if (t.type === 'punctuation') {
      if (/^[)\]}]$/.test(String(t.content))) depth++;
      else if (/^[([{]$/.test(String(t.content))) depth--;
      else if (depth === 0 && t.content === ':') return false;
    }
    if (depth === 0 && t.type === 'keyword' && (t.content === 'def' || t.content === 'class')) return true;
    if (depth === 0 && t.type === 'string' && String(t.content).includes('\n')) return false;
  }
  return false;
}

/** Only spaces, a comment or a semicolon follow on the line. */
function endsLine(source: string, at: number): boolean {
  const nl = source.indexOf('\n', at);
  const rest = source.slice(at, nl < 0 ? source.length : nl);
  return /^\s*;?\s*(?:#.*)?$/.test(rest);
}

/** Comments next to each other on consecutive lines, of the same kind: one paragraph. */
function groups(source: string, comments: readonly Comment[]): Comment[][] {
  const out: Comment[][] = [];
  for (const c of comments) {
    const g = out[out.length - 1];
    const prev = g?.[g.length - 1];
    if (prev && !prev.docstring && !c.docstring && isLineComment(source, prev) && isLineComment(source, c)
      && /^[ \t]*\r?\n[ \t]*$/.test(source.slice(prev.end, c.start)) && markerOf(source, prev) === markerOf(source, c)) {
      g.push(c);
    } else {
      out.push([c]);
    }
  }
  return out;
}

const isLineComment = (source: string, c: Comment): boolean => /^(?:\/\/|#(?!\[))/.test(source.slice(c.start, c.start + 2)) && !source.startsWith('#!', c.start);
const markerOf = (source: string, c: Comment): string => /^(?:\/\/[/!]?|#+)/.exec(source.slice(c.start, c.start + 4))?.[0] ?? '';

/** Line starts where a block may begin: not inside a string or comment that spans lines. */
function cutPoints(source: string, spans: Array<[number, number]>): number[] {
  const out: number[] = [];
  let k = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i + 1 < source.length; i = source.indexOf('\n', i + 1)) {
    const at = i + 1;
    while (k < spans.length && spans[k][1] <= at) k++;
    if (k < spans.length && spans[k][0] < at) continue;
    out.push(at);
  }
  return out;
}

/**
 * Blocks: each comment group ends a block at the next line start, and a long stretch of code is cut at line
 * starts too (never inside a string or comment), so a block stays about BLOCK_CAP long or less.
 */
function codeBlocks(source: string, languageId: string): BlockSplit {
  if (source.length === 0) return { blocks: [], definitions: '' };
  let s: Scan;
  try {
    s = scan(source, languageId);
  } catch {
    s = { comments: [], spans: [] };
  }
  const cuts = cutPoints(source, s.spans);
  const ends = (s.groups ??= groups(source, s.comments)).map((g) => g[g.length - 1].end);
  const blocks: Block[] = [];
  let start = 0;
  let e = 0;
  for (const at of cuts) {
    while (e < ends.length && ends[e] <= start) e++;
    const afterGroup = e < ends.length && ends[e] <= at;
    if (afterGroup || at - start >= BLOCK_CAP) {
      blocks.push({ start, end: at });
      start = at;
    }
  }
  blocks.push({ start, end: source.length });
  return { blocks, definitions: '' };
}

function prepareCode(source: string, block: Block, opts: PrepareOptions): PreparedBlock {
  if (opts.codeFiles === 'all') return prepareAsIs(source.slice(block.start, block.end), opts.languageId);
  let s: Scan;
  try {
    s = scan(source, opts.languageId);
  } catch (e) {
    // Prism never throws on text it was given; if it did, the block is read as it is, and says why.
    return proseOf(prepareAsIs(source.slice(block.start, block.end), 'plaintext', `the code could not be tokenized (${String(e)}); read as plain text`), opts.urls ?? 'host');
  }
  const b = new Builder(block.start);
  const all = (s.groups ??= groups(source, s.comments));
  // The first group in the block, by binary search: a file has thousands of blocks.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid][0].start < block.start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < all.length && all[k][0].start < block.end; k++) sayGroup(b, source, all[k], opts.urls ?? 'host');
  return b.build();
}

// --- One comment group, said ---

/** A line of comment text: its content's source range, without markers. */
interface Line {
  s: number;
  e: number;
}

/** The content lines of one comment or docstring (markers, leading stars and indentation left out). */
function linesOf(source: string, c: Comment): Line[] {
  let s = c.start;
  let e = c.end;
  const text = source.slice(s, e);
  let m: RegExpExecArray | null;
  if (c.docstring) {
    m = /^[rRuUbB]{0,2}("""|'''|"|')/.exec(text);
    const q = m ? m[1] : '';
    s += m ? m[0].length : 0;
    if (q && source.endsWith(q, e) && e - q.length >= s) e -= q.length;
  } else if ((m = /^\/\*+!?/.exec(text))) {
    s += m[0].length;
    const close = /\**\*\/$/.exec(text);
    if (close && e - close[0].length >= s) e -= close[0].length;
  } else if (text.startsWith('=begin')) {
    s += source.indexOf('\n', s) < 0 || source.indexOf('\n', s) > e ? e - s : source.indexOf('\n', s) - s;
    const end = /\n=end[^\n]*$/.exec(text);
    if (end) e -= end[0].length;
  } else if ((m = /^(?:\/\/[/!]?|#+)/.exec(text))) {
    s += m[0].length;
  }
  const out: Line[] = [];
  let ls = s;
  while (ls <= e) {
    let le = source.indexOf('\n', ls);
    if (le < 0 || le > e) le = e;
    let a = ls;
    let z = le;
    if (z > a && source[z - 1] === '\r') z--;
    while (a < z && (source[a] === ' ' || source[a] === '\t')) a++;
    // A leading star in a block comment; a `//` or `#` marker on a line of a grouped comment is handled by the group.
    if (!c.docstring && ls !== s && source[a] === '*' && source[a + 1] !== '/') {
      a++;
      while (a < z && (source[a] === ' ' || source[a] === '\t')) a++;
    }
    while (z > a && /\s/.test(source[z - 1])) z--;
    out.push({ s: a, e: z });
    if (le >= e) break;
    ls = le + 1;
  }
  return out;
}

const DIRECTIVE = /^(?:eslint[- ]|@ts-|prettier-ignore|tslint:|jshint|istanbul |c8 |global |noqa|type:\s*ignore|pylint:|pyright:|mypy:|fmt:|isort:|nolint|#?region\b|#?endregion\b|-\*-|vim?:|shellcheck |rubocop:|frozen_string_literal:|NOLINT|clang-format|pragma |TODO$)/i;
const CODE_LINE = /(?:[;{}]|=>)\s*$|^(?:import|from|return|if|for|while|const|let|var|def|class|function|public|private|static|using|#include|package|fn|func|end)\b.*[=(){}:;]/;

/** Whether a comment line is prose to be said (not code, decoration or a directive for a tool). */
function isProse(text: string): boolean {
  if (!/[\p{L}\p{N}]/u.test(text)) return false;
  if (DIRECTIVE.test(text)) return false;
  return !CODE_LINE.test(text);
}

const SILENT_TAGS = new Set(['type', 'typedef', 'template', 'internal', 'private', 'public', 'protected', 'override', 'module',
  'namespace', 'memberof', 'implements', 'extends', 'augments', 'class', 'constructor', 'function', 'method', 'abstract', 'readonly',
  'static', 'async', 'generator', 'inheritdoc', 'ignore', 'hidden', 'packageDocumentation', 'license', 'jsx', 'flow', 'format',
  'vitest-environment', 'jest-environment', 'rtype', 'vartype', 'ivar', 'kind', 'category', 'alpha', 'beta', 'experimental',
  'sealed', 'virtual', 'import', 'satisfies', 'callback', 'enum', 'const', 'exports', 'name', 'lends', 'this', 'event', 'fires',
  'listens', 'mixes', 'mixin', 'interface', 'global', 'inner', 'instance', 'variation', 'version', 'file', 'fileoverview', 'overview',
  'author', 'copyright']);
const TAG_WORDS: Record<string, string> = {
  param: 'Parameter', arg: 'Parameter', argument: 'Parameter', parameter: 'Parameter', property: 'Property', prop: 'Property',
  returns: 'Returns', return: 'Returns', yields: 'Yields', yield: 'Yields', throws: 'Throws', throw: 'Throws', exception: 'Throws',
  raises: 'Raises', raise: 'Raises', except: 'Raises', deprecated: 'Deprecated', see: 'See', since: 'Since', default: 'Default',
  defaultvalue: 'Default', remarks: 'Remarks', note: 'Note', todo: 'To do', example: 'Example', typeparam: 'Type parameter',
  var: 'Variable', cvar: 'Variable', summary: 'Summary', value: 'Value', keyword: 'Keyword', key: 'Key', warning: 'Warning',
};
/** Tags whose first word is a name said before the colon (`@param name text`). */
const NAMED = new Set(['Parameter', 'Property', 'Throws', 'Raises', 'Type parameter', 'Variable', 'Keyword', 'Key']);

type Chars = { t: string[]; s: number[]; e: number[] };
const chars = (): Chars => ({ t: [], s: [], e: [] });
const add = (c: Chars, text: string, s: number, e: number): void => {
  for (const ch of text) {
    c.t.push(ch);
    for (let k = 0; k < ch.length; k++) {
      c.s.push(s);
      c.e.push(e);
    }
  }
};
const copy = (c: Chars, source: string, s: number, e: number): void => {
  for (let k = s; k < e; k++) add(c, source[k], k, k + 1);
};

/** Says one comment group as a paragraph: one sentence per blank-line paragraph, list item or tag. */
function sayGroup(b: Builder, source: string, g: readonly Comment[], urls: Urls): void {
  const lines = g.flatMap((c) => linesOf(source, c));
  const doc = g[0].docstring === true || /^(?:\/\*\*|\/\/\/|\/\/!|\/\*!)/.test(source.slice(g[0].start, g[0].start + 3));
  let sentence = chars();
  let inExample = false;
  const flush = (at: number): void => {
    if (sentence.t.length) sayChars(b, sentence, urls, doc);
    sentence = chars();
    b.endSentence(at);
  };
  for (const l of lines) {
    const text = source.slice(l.s, l.e);
    if (DIRECTIVE.test(text)) {
      flush(l.s);
      continue;
    }
    const tag = /^@(\w[\w-]*)|^:(\w+)(?:\s+([^:]*))?:/.exec(text);
    if (tag) {
      flush(l.s);
      const name = tag[1] ?? tag[2];
      // An example is code, and a silent tag's text runs on to the next tag or blank line: neither is said.
      inExample = name === 'example' || SILENT_TAGS.has(name);
      if (inExample) continue;
      sayTag(sentence, source, l, tag, name);
      continue;
    }
    if (inExample) {
      if (text === '') inExample = false;
      continue;
    }
    if (text === '' || !isProse(text)) {
      flush(l.s);
      continue;
    }
    if (/^(?:[-*+•]\s|\d{1,3}[.)]\s)/.test(text) || /^[A-Z][\w ]{0,30}:$/.test(text)) flush(l.s);
    let s = l.s;
    const marker = /^(?:[-*+•]\s+)/.exec(text);
    if (marker) s += marker[0].length;
    if (sentence.t.length) add(sentence, ' ', l.s, l.s);
    copy(sentence, source, s, l.e);
  }
  flush(lines.length ? lines[lines.length - 1].e : g[g.length - 1].end);
  b.endBlock(g[g.length - 1].end);
}

/** `@param {T} name - text` → "Parameter name: text"; `:param name: text` → "Parameter name: text". */
function sayTag(c: Chars, source: string, l: Line, tag: RegExpExecArray, name: string): void {
  const word = Object.hasOwn(TAG_WORDS, name.toLowerCase()) ? TAG_WORDS[name.toLowerCase()] : name;
  const tagEnd = l.s + tag[0].length;
  let k = tagEnd;
  const skipSpace = (): void => {
    while (k < l.e && /\s/.test(source[k])) k++;
  };
  if (tag[2] !== undefined) {
    // Sphinx field: `:param name:` with the name inside the field.
    add(c, word, l.s, l.s + 1 + name.length);
    const arg = tag[3]?.trim();
    if (arg) {
      const at = source.indexOf(arg, l.s + 1 + name.length);
      add(c, ' ', at, at);
      copy(c, source, at, at + arg.length);
    }
    add(c, ':', tagEnd - 1, tagEnd);
    skipSpace();
    if (k < l.e) add(c, ' ', k, k);
    copy(c, source, k, l.e);
    return;
  }
  add(c, word, l.s, tagEnd);
  skipSpace();
  // A YARD type in brackets (`@return [String] text`) is not said either.
  const skipBrackets = (): void => {
    if (source[k] !== '[') return;
    const close = source.indexOf(']', k);
    if (close < 0 || close >= l.e) return;
    k = close + 1;
    skipSpace();
  };
  // A type in braces is not said (but for Throws and Raises it is the name).
  let braced: [number, number] | undefined;
  if (source[k] === '{') {
    const open = k;
    let depth = 0;
    for (; k < l.e; k++) {
      if (source[k] === '{') depth++;
      else if (source[k] === '}' && --depth === 0) {
        k++;
        break;
      }
    }
    braced = [open + 1, k - 1];
    skipSpace();
  }
  if ((word === 'Throws' || word === 'Raises') && braced && braced[1] > braced[0]) {
    add(c, ' ', braced[0], braced[0]);
    copy(c, source, braced[0], braced[1]);
    add(c, ':', braced[1], braced[1]);
  } else if (NAMED.has(word) && k < l.e) {
    let ns = k;
    let ne = k;
    while (ne < l.e && !/\s/.test(source[ne])) ne++;
    // `[name=default]` → name
    const nm = /^\[?([\w$.]+)/.exec(source.slice(ns, ne));
    if (nm) {
      ns += source[ns] === '[' ? 1 : 0;
      add(c, ' ', ns, ns);
      copy(c, source, ns, ns + nm[1].length);
    }
    k = ne;
    skipSpace();
    skipBrackets();
    if (source[k] === '-' && /\s/.test(source[k + 1] ?? ' ')) {
      k++;
      skipSpace();
    }
    add(c, ':', ne, ne);
  } else if (k < l.e && word !== 'See' && word !== 'Since' && word !== 'Default') {
    skipBrackets();
    add(c, ':', tagEnd, tagEnd);
  }
  if (k < l.e) {
    add(c, ' ', k, k);
    copy(c, source, k, l.e);
  }
}

/**
 * Says the text of a sentence: inline tags (`{@link X}`, `{@code x}`), HTML and XML doc tags in doc
 * comments, `quoted` names as code, and identifiers and URLs as in prose.
 */
function sayChars(b: Builder, c: Chars, urls: Urls, doc: boolean): void {
  const t = c.t.join('');
  const out = chars();
  let i = 0;
  // Text between code spans and tags is said as prose; a `quoted` name as code.
  let pending = chars();
  const prose = (code: boolean): void => {
    speakProse(pending.t.join(''), pending.s, pending.e, { urls, code }, (ch, a, z) => add(out, ch, a, z));
    pending = chars();
  };
  const take = (k: number): void => {
    pending.t.push(t[k]);
    pending.s.push(c.s[k]);
    pending.e.push(c.e[k]);
  };
  while (i < t.length) {
    const rest = t.slice(i, i + 300);
    let m: RegExpExecArray | null;
    if ((m = /^\{@(?:link|linkcode|linkplain|code|literal)\s+([^}|\s]+)(?:\s*\|?\s*([^}]*))?\}/.exec(rest))) {
      prose(false);
      const shown = m[2] && m[2].trim() ? m[2].trim() : m[1];
      const at = i + m[0].indexOf(shown, m[0].indexOf(m[1]) + (shown === m[1] ? 0 : m[1].length));
      for (let k = at; k < at + shown.length; k++) take(k);
      prose(shown === m[1]);
      i += m[0].length;
      continue;
    }
    if ((m = /^(`+)([^`\n]+?)\1(?!`)/.exec(rest))) {
      prose(false);
      const at = i + m[1].length;
      for (let k = at; k < at + m[2].length; k++) take(k);
      prose(true);
      i += m[0].length;
      continue;
    }
    if ((m = /^\[([^\]\n]+)\]\([^)\s]+\)/.exec(rest))) {
      // A Markdown link in a comment: its text.
      prose(false);
      for (let k = i + 1; k < i + 1 + m[1].length; k++) take(k);
      prose(false);
      i += m[0].length;
      continue;
    }
    if (doc && (m = /^<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/.exec(rest))) {
      prose(false);
      const name = m[2].toLowerCase();
      const attr = /(?:name|cref|langword|href)\s*=\s*["']([^"']*)["']/.exec(m[3]);
      const spoken = !m[1] && (name === 'param' || name === 'typeparam') && attr ? `${name === 'param' ? 'Parameter' : 'Type parameter'} ${attr[1]}: `
        : !m[1] && name === 'returns' ? 'Returns: '
          : !m[1] && name === 'exception' && attr ? `Throws ${attr[1].replace(/^\w:/, '')}: `
            : !m[1] && (name === 'see' || name === 'paramref' || name === 'typeparamref') && attr && m[4] ? attr[1].replace(/^\w:/, '')
              : /^(?:p|br|li|para|summary|remarks|returns|param|typeparam|exception)$/.test(name) ? ' ' : '';
      const s0 = c.s[i];
      const e0 = c.e[i + m[0].length - 1];
      if (spoken.trim()) {
        add(pending, spoken, s0, e0);
        prose(false);
      } else if (spoken) {
        add(out, ' ', s0, e0);
      }
      i += m[0].length;
      continue;
    }
    take(i);
    i++;
  }
  prose(false);
  for (let k = 0; k < out.t.length; k++) b.push(out.t[k], out.s[k], out.e[k]);
}

/** The reader for one language id. */
export function codeReaderFor(languageId: string): FormatReader {
  return {
    blocks: (source) => codeBlocks(source, languageId),
    prepare: prepareCode,
  };
}

/** The comments of `source` (for tests and tools): each with its source range. */
export function commentsOf(source: string, languageId: string): Comment[] {
  return scan(source, languageId).comments;
}
