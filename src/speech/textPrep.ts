// Turns a document into the text a reader would say, remembering for every spoken character where it came
// from. Markdown goes through a real CommonMark + GFM parser (micromark via mdast-util-from-markdown), whose
// nodes carry source offsets; plain text and code are read as they are. A pronunciation dictionary is applied
// last, on whole words.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Nodes, Parents, Root } from 'mdast';

export type CodeBlocks = 'skip' | 'announce' | 'read';

export interface PrepareOptions {
  /** VS Code language id: 'markdown' is parsed; 'plaintext' has its hard line wraps joined; others as is. */
  languageId: string;
  codeBlocks: CodeBlocks;
  /**
   * Word → spoken form, on whole words only. A key written all in lower case matches in any case ("sql"
   * matches "SQL" and "Sql"); a key with any capital matches exactly that spelling ("IT" is not "it").
   */
  pronunciations?: Record<string, string>;
}

export interface PreparedText {
  spoken: string;
  /** The source offset (UTF-16) of the spoken character at `spokenOffset` (the end of the source for `spoken.length`). */
  toSource(spokenOffset: number): number;
  /** The source offset just after the spoken character before `spokenEnd`: maps an exclusive end. */
  toSourceEnd(spokenEnd: number): number;
  /** Length of the source this was prepared from. */
  sourceLength: number;
}

/** Spoken text with a source range per character (inserted words map to the construct they stand for). */
class Builder {
  private parts: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  length = 0;

  /** Text that is the source's own characters from `at` on. */
  copy(text: string, at: number): void {
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) {
      this.starts.push(at + i);
      this.ends.push(at + i + 1);
    }
    this.length += text.length;
  }

  /** Text that stands for source [start, end) as a whole (an announcement, a separator, a replacement). */
  insert(text: string, start: number, end: number): void {
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
    this.length += text.length;
  }

  /**
   * A parser value drawn from source [start, end) that may differ from it by escapes and character
   * references (`\*`, `&amp;`): each character is matched to the next equal source character nearby, or
   * else stands for the rest of the range.
   */
  align(value: string, source: string, start: number, end: number): void {
    if (source.slice(start, end) === value) return this.copy(value, start);
    let j = start;
    for (let i = 0; i < value.length; i++) {
      const ch = value[i];
      let k = j;
      while (k < end && k - j <= 12 && source[k] !== ch) k++;
      if (k < end && source[k] === ch) {
        this.copy(ch, k);
        j = k + 1;
      } else {
        this.insert(ch, Math.min(j, end), end);
      }
    }
  }

  lastChar(): string {
    for (let p = this.parts.length - 1; p >= 0; p--) {
      if (this.parts[p].length > 0) return this.parts[p][this.parts[p].length - 1];
    }
    return '';
  }

  /** Trailing characters since the last newline, trimmed. */
  tailLine(): string {
    let s = '';
    for (let p = this.parts.length - 1; p >= 0 && !s.includes('\n'); p--) s = this.parts[p] + s;
    return s.slice(s.lastIndexOf('\n') + 1).trim();
  }

  build(sourceLength: number): Prepared {
    return makePrepared(this.parts.join(''), Int32Array.from(this.starts), Int32Array.from(this.ends), sourceLength);
  }
}

/** The implementation: per spoken character, the source range it came from. */
class Prepared implements PreparedText {
  constructor(
    readonly spoken: string,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly sourceLength: number,
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

function makePrepared(spoken: string, starts: Int32Array, ends: Int32Array, sourceLength: number): Prepared {
  return new Prepared(spoken, starts, ends, sourceLength);
}

const SENTENCE_END = /[.!?…:;。！？；：]["'”’)\]]*$/u;

/** Ends the current line as a sentence: adds "." when it has no closing punctuation, then a newline. */
function endSentence(b: Builder, at: number, end: number): void {
  const tail = b.tailLine();
  if (tail !== '' && !SENTENCE_END.test(tail)) b.insert('.', at, end);
  if (b.length > 0 && b.lastChar() !== '\n') b.insert('\n', at, end);
}

function endBlock(b: Builder, at: number, end: number): void {
  if (b.length > 0 && b.lastChar() !== '\n') b.insert('\n', at, end);
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
  const name = lang ? LANGUAGE_NAMES[lang.toLowerCase()] ?? lang : undefined;
  return `Code block${name ? ` in ${name}` : ''}, ${lineCount} line${lineCount === 1 ? '' : 's'}.`;
}

/** Replaces line breaks inside a block by spaces of the same length (a hard wrap is not a sentence end). */
const unwrap = (s: string): string => s.replace(/[\r\n]/g, ' ');

function prepareMarkdown(source: string, codeBlocks: CodeBlocks): Prepared {
  const tree: Root = fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const b = new Builder();
  const pos = (n: Nodes): [number, number] => [n.position?.start.offset ?? 0, n.position?.end.offset ?? 0];

  const children = (n: Parents): void => {
    for (const c of n.children) visit(c as Nodes);
  };

  const visit = (n: Nodes): void => {
    const [s, e] = pos(n);
    switch (n.type) {
      case 'text':
        b.align(unwrap(n.value), source, s, e);
        return;
      case 'inlineCode': {
        const at = source.indexOf(n.value, s);
        if (at >= 0 && at + n.value.length <= e) b.copy(unwrap(n.value), at);
        else b.insert(unwrap(n.value), s, e);
        return;
      }
      case 'image':
      case 'imageReference': {
        const alt = n.alt ?? '';
        if (alt === '') return;
        const at = source.indexOf(alt, s);
        if (at >= 0 && at + alt.length <= e) b.copy(unwrap(alt), at);
        else b.insert(unwrap(alt), s, e);
        return;
      }
      case 'break':
        b.insert(' ', s, e);
        return;
      case 'html':
      case 'definition':
      case 'thematicBreak':
      case 'yaml' as string:
        return;
      case 'code': {
        if (codeBlocks === 'skip') return;
        if (codeBlocks === 'announce') {
          const lines = n.value === '' ? 0 : n.value.split(/\r?\n/).length;
          b.insert(codeAnnouncement(n.lang, lines), s, e);
        } else {
          const at = n.value === '' ? -1 : source.indexOf(n.value, s);
          if (at >= 0 && at + n.value.length <= e) b.copy(n.value, at);
          else b.align(n.value, source, s, e);
        }
        endSentence(b, e, e);
        return;
      }
      case 'heading':
        children(n);
        endSentence(b, e, e);
        return;
      case 'paragraph':
        children(n);
        endBlock(b, e, e);
        return;
      case 'listItem': {
        // A task list item says whether it is done.
        if (n.checked === true || n.checked === false) b.insert(n.checked ? 'Done: ' : 'To do: ', s, s);
        for (const c of n.children) {
          if (c.type !== 'paragraph') {
            visit(c);
            continue;
          }
          children(c);
          endSentence(b, pos(c)[1], pos(c)[1]);
        }
        return;
      }
      case 'table':
        for (const row of n.children) {
          row.children.forEach((cell, i) => {
            const [cs] = pos(cell);
            if (i > 0 && b.tailLine() !== '') b.insert(', ', cs, cs);
            children(cell);
          });
          endSentence(b, pos(row)[1], pos(row)[1]);
        }
        return;
      default:
        if ('children' in n) {
          children(n);
          if (n.type === 'blockquote' || n.type === 'footnoteDefinition' || n.type === 'list') endBlock(b, e, e);
        }
    }
  };
  children(tree);
  return b.build(source.length);
}

function prepareAsIs(source: string, languageId: string): Prepared {
  const b = new Builder();
  // Plain text: a single line break is a hard wrap inside a paragraph; a blank line still ends the paragraph.
  const text = languageId === 'plaintext'
    ? source.replace(/(?<![\r\n])(\r?\n)(?![\r\n])/g, (m) => ' '.repeat(m.length))
    : source;
  b.copy(text, 0);
  return b.build(source.length);
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Applies whole-word replacements; a replacement maps to the source range of the word it replaces. */
function applyPronunciations(p: Prepared, dict: Record<string, string>): Prepared {
  const keys = Object.keys(dict).filter((k) => k.trim() !== '');
  if (keys.length === 0) return p;
  const { starts, ends } = p;
  const exact = new Map<string, string>();
  const folded = new Map<string, string>();
  for (const k of keys) {
    if (k === k.toLowerCase()) folded.set(k, dict[k]);
    else exact.set(k, dict[k]);
  }
  const alternatives = [...keys].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'giu');
  const out: string[] = [];
  const ns: number[] = [];
  const ne: number[] = [];
  let last = 0;
  const keep = (from: number, to: number): void => {
    out.push(p.spoken.slice(from, to));
    for (let i = from; i < to; i++) {
      ns.push(starts[i]);
      ne.push(ends[i]);
    }
  };
  for (const m of p.spoken.matchAll(re)) {
    const word = m[0];
    const say = exact.get(word) ?? folded.get(word.toLowerCase());
    if (say === undefined) continue; // matched case-insensitively a key that wants its exact spelling
    const at = m.index;
    keep(last, at);
    const s = starts[at];
    const e = ends[at + word.length - 1];
    out.push(say);
    for (let i = 0; i < say.length; i++) {
      ns.push(s);
      ne.push(e);
    }
    last = at + word.length;
  }
  keep(last, p.spoken.length);
  return makePrepared(out.join(''), Int32Array.from(ns), Int32Array.from(ne), p.sourceLength);
}

export function prepareText(source: string, opts: PrepareOptions): PreparedText {
  const base = opts.languageId === 'markdown' ? prepareMarkdown(source, opts.codeBlocks) : prepareAsIs(source, opts.languageId);
  return opts.pronunciations ? applyPronunciations(base, opts.pronunciations) : base;
}
