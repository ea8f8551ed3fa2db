// LaTeX read as the typeset page would be read aloud. The parser is unified-latex
// (@unified-latex/unified-latex-util-parse): it keeps the source offsets of every word, knows the arguments
// of the common LaTeX macros and environments, and never gives up on unbalanced input (an unclosed brace or
// `$` while the user types leaves text, not an error). latex-utensils is smaller and about as fast, but it
// throws on such input, which would leave a whole block unread.
//
// What is said: the text of the document body (the preamble and everything after \end{document} are
// silent); sectioning commands as headings (a sentence of their own); \emph{…}, \textbf{…} and any
// unknown command as the text of their braced arguments (their names are dropped); citations and
// cross-references per `latexReferences` ("citation", "reference", or nothing), labels never; footnotes read
// after the sentence they belong to ("Footnote: …"), or skipped with references; list items as sentences;
// table rows as sentences with their cells said as a list; verbatim and listings per `codeBlocks`;
// comments never; mathematics per `math` (math.ts). `~` is a space, `--` and `---` are dashes, TeX quotes
// are quotes.
import type * as Ast from '@unified-latex/unified-latex-types';
import { parse } from '@unified-latex/unified-latex-util-parse';
import { BLOCK_CAP, type Block, type BlockSplit } from '../blocks';
import { Builder, codeAnnouncement, prepareAsIs, type PrepareOptions, type PreparedBlock } from '../textPrep';
import type { FormatReader } from './types';
import { mathWords, type MathMode } from './math';

export type LatexReferences = 'skip' | 'announce';

// ---------------------------------------------------------------------------------------------------------
// Blocks

/** A line without its comment (an unescaped `%` to the end of the line). */
function uncommented(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '%') return line.slice(0, i);
  }
  return line;
}

const VERBATIM_ENVS = new Set(['verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted', 'comment', 'alltt']);
const BEGIN_END = /\\(begin|end)\s*\{([^{}]*)\}/g;

interface LatexLine {
  start: number;
  end: number;
  /** Outside any environment (but `document`), brace and display maths when the line starts. */
  outside: boolean;
  blank: boolean;
  /** The line before it ends a sentence. */
  afterSentence: boolean;
}

/**
 * The document cut into blocks that parse on their own: the preamble (to \begin{document}) and what follows
 * \end{document} are silent blocks; the body is cut at blank lines outside environments, braces and display
 * maths; a block longer than BLOCK_CAP is cut again at a line start, outside such groups where it can.
 */
export function latexBlocks(source: string): BlockSplit {
  const lines: LatexLine[] = [];
  let envDepth = 0;
  let braces = 0;
  let display = false;
  let verbatim: string | undefined;
  let bodyStart = 0;
  let bodyEnd = source.length;
  let prevSentence = true;
  for (let s = 0; s < source.length;) {
    let e = source.indexOf('\n', s);
    e = e < 0 ? source.length : e + 1;
    const raw = source.slice(s, e);
    const text = verbatim ? raw : uncommented(raw);
    const outside = envDepth === 0 && braces === 0 && !display && !verbatim;
    lines.push({ start: s, end: e, outside, blank: !text.trim() && !verbatim, afterSentence: prevSentence });
    if (verbatim) {
      if (raw.includes(`\\end{${verbatim}}`)) verbatim = undefined;
    } else {
      for (const m of text.matchAll(BEGIN_END)) {
        const env = m[2].trim();
        if (env === 'document') {
          if (m[1] === 'begin' && bodyStart === 0) bodyStart = e;
          else if (m[1] === 'end' && bodyEnd === source.length) bodyEnd = s;
          continue;
        }
        if (m[1] === 'begin' && VERBATIM_ENVS.has(env)) {
          if (!text.slice(m.index).includes(`\\end{${env}}`)) verbatim = env;
          break;
        }
        envDepth = Math.max(0, envDepth + (m[1] === 'begin' ? 1 : -1));
      }
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\\') {
          if (text[i + 1] === '[') display = true;
          else if (text[i + 1] === ']') display = false;
          i++;
        } else if (c === '{') braces++;
        else if (c === '}') braces = Math.max(0, braces - 1);
        else if (c === '$' && text[i + 1] === '$') {
          display = !display;
          i++;
        }
      }
    }
    if (text.trim()) prevSentence = /[.!?:;]['")\]}]*\s*$/.test(text);
    s = e;
  }
  const blocks: Block[] = [];
  if (bodyStart > 0) blocks.push({ start: 0, end: bodyStart, silent: true });
  let start = bodyStart;
  let sawBlank = false;
  for (const l of lines) {
    if (l.start < bodyStart || l.start >= bodyEnd) continue;
    if (l.blank) {
      sawBlank = true;
      continue;
    }
    if (sawBlank && l.outside && l.start > start) {
      blocks.push(...capped(source, lines, start, l.start));
      start = l.start;
    }
    sawBlank = false;
  }
  if (bodyEnd > start) blocks.push(...capped(source, lines, start, bodyEnd));
  if (bodyEnd < source.length) blocks.push({ start: bodyEnd, end: source.length, silent: true });
  return { blocks, definitions: '' };
}

/** Block [start, end) cut into pieces of at most BLOCK_CAP where it can be. */
function capped(source: string, lines: LatexLine[], start: number, end: number): Block[] {
  const out: Block[] = [];
  let s = start;
  while (end - s > BLOCK_CAP) {
    const within = lines.filter((l) => l.start > s + BLOCK_CAP / 4 && l.start <= s + BLOCK_CAP && l.start < end);
    const pick = within.filter((l) => l.outside && l.afterSentence).pop() ?? within.filter((l) => l.outside).pop()
      ?? within.filter((l) => l.afterSentence).pop() ?? within.pop();
    let cut = pick?.start ?? -1;
    if (cut < 0) {
      // One long line: after a space.
      const space = source.lastIndexOf(' ', s + BLOCK_CAP);
      cut = space > s + BLOCK_CAP / 4 ? space + 1 : s + BLOCK_CAP;
      if (/[\uDC00-\uDFFF]/.test(source[cut] ?? '')) cut--;
    }
    out.push({ start: s, end: cut });
    s = cut;
  }
  out.push({ start: s, end });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Spoken text

const SECTIONS = new Set(['part', 'chapter', 'section', 'subsection', 'subsubsection', 'paragraph', 'subparagraph', 'frametitle', 'title']);
const CITATIONS = new Set(['cite', 'citep', 'citet', 'citealp', 'citealt', 'parencite', 'textcite', 'autocite', 'footcite', 'supercite',
  'smartcite', 'cites', 'Cite', 'Citep', 'Citet', 'Parencite', 'Textcite', 'Autocite', 'citeauthor', 'citeyear', 'fullcite']);
const REFERENCES = new Set(['ref', 'autoref', 'cref', 'Cref', 'vref', 'pageref', 'nameref', 'Autoref', 'cpageref', 'Cpageref', 'hyperref']);
/** Commands whose arguments are never read (set-up, layout, files, keys). */
const SILENT = new Set(['label', 'nocite', 'usepackage', 'documentclass', 'newcommand', 'renewcommand', 'providecommand',
  'newenvironment', 'renewenvironment', 'def', 'edef', 'gdef', 'let', 'setlength', 'addtolength', 'setcounter', 'addtocounter',
  'stepcounter', 'vspace', 'hspace', 'vskip', 'hskip', 'bibliographystyle', 'bibliography', 'addbibresource', 'input', 'include',
  'includegraphics', 'graphicspath', 'url', 'pagestyle', 'thispagestyle', 'pagenumbering', 'maketitle', 'tableofcontents', 'listoffigures',
  'listoftables', 'newpage', 'clearpage', 'cleardoublepage', 'pagebreak', 'centering', 'raggedright', 'raggedleft', 'noindent', 'indent',
  'hline', 'cline', 'toprule', 'midrule', 'bottomrule', 'cmidrule', 'small', 'footnotesize', 'scriptsize', 'tiny', 'large', 'Large',
  'LARGE', 'huge', 'Huge', 'normalsize', 'bfseries', 'itshape', 'ttfamily', 'rmfamily', 'sffamily', 'em', 'color', 'index', 'glossary',
  'newtheorem', 'theoremstyle', 'hypersetup', 'geometry', 'linespread', 'bigskip', 'medskip', 'smallskip', 'vfill', 'hfill', 'par',
  'appendix', 'printbibliography', 'captionsetup', 'renewcommand*', 'newcommand*', 'DeclareMathOperator', 'numberwithin', 'protect',
  'phantom', 'hphantom', 'vphantom', 'nolinkurl', 'newline', 'linebreak', 'allowbreak', 'relax', 'selectfont', 'fontsize']);
/** Commands whose last braced argument is the text (earlier ones are a colour, a link, a key). */
const LAST_ARG = new Set(['textcolor', 'colorbox', 'fcolorbox', 'href', 'hyperlink', 'hypertarget', 'foreignlanguage', 'texorpdfstring']);
/** Commands that stand for text. */
const WORDS: Record<string, string> = {
  LaTeX: 'LaTeX', TeX: 'TeX', LaTeXe: 'LaTeX 2e', BibTeX: 'BibTeX', ldots: '…', dots: '…', textellipsis: '…', textendash: '–',
  textemdash: '—', textbackslash: '\\', S: '§', P: '¶', copyright: '©', textregistered: '®', texttrademark: '™', textasciitilde: '~',
  textbar: '|', textless: '<', textgreater: '>', textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“', textquotedblright: '”',
  '%': '%', '&': '&', $: '$', '#': '#', _: '_', '{': '{', '}': '}', ' ': ' ', ',': ' ', ';': ' ', ':': ' ', '!': '', quad: ' ', qquad: ' ',
  enspace: ' ', thinspace: ' ', '\\': ' ', '-': '', '/': '', '@': '', i: 'ı', o: 'ø', O: 'Ø', ss: 'ß', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ',
  aa: 'å', AA: 'Å', l: 'ł', L: 'Ł', textdegree: '°', euro: '€', pounds: '£', today: 'today',
};
const LISTS = new Set(['itemize', 'enumerate', 'description', 'compactitem', 'compactenum', 'inparaenum', 'asparaenum', 'thebibliography']);
const TABLES = new Set(['tabular', 'tabular*', 'tabularx', 'tabulary', 'longtable', 'supertabular', 'xtabular', 'tblr']);
const CODE_ENVS = new Set(['verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted', 'alltt', 'BVerbatim', 'LVerbatim']);
const SKIPPED_ENVS = new Set(['comment', 'tikzpicture', 'pgfpicture', 'picture', 'filecontents', 'filecontents*']);
/** Maths environments read as several aligned lines. */
const ALIGNED: Record<string, string> = {
  align: 'aligned', 'align*': 'aligned', flalign: 'aligned', 'flalign*': 'aligned', eqnarray: 'aligned', 'eqnarray*': 'aligned',
  alignat: 'aligned', 'alignat*': 'aligned', gather: 'gathered', 'gather*': 'gathered', multline: 'gathered', 'multline*': 'gathered',
  split: 'aligned',
};

const SENTENCE_PUNCT = /[.!?]/;
const CLOSING = /[,.;:!?)\]]/;
/** Environments whose bracketed argument is a title. */
const THEOREMS = /^(?:theorem|lemma|proposition|corollary|definition|remark|example|proof|conjecture|claim|exercise|problem|note|assumption|hypothesis|observation)\*?$/i;

interface Options {
  references: LatexReferences;
  math: MathMode;
  codeBlocks: PrepareOptions['codeBlocks'];
}

type N = Ast.Node & { position?: { start: { offset: number }; end: { offset: number } } };

/** The spoken text of one LaTeX block. */
class LatexSpeaker {
  readonly b = new Builder(0);
  /** The last character said (or ' ' for a space not said yet). */
  private last = '\n';
  /** A space waiting for the next word: said before it, dropped before a line's end or a list comma. */
  private space: [number, number] | undefined;
  /** Footnotes waiting for the end of their sentence: their text, and where their command's name is. */
  private footnotes: Array<{ content: N[]; s: number; e: number }> = [];
  /** Inside a table: `&` separates cells, `\\` ends a row. */
  private table: { mark: number } | undefined;

  constructor(private readonly src: string, private readonly opts: Options) {}

  private push(text: string, s: number, e: number): void {
    for (const ch of text) {
      const c = ch === '\n' || ch === '\t' || ch === '\r' ? ' ' : ch;
      if (c === ' ') {
        if (this.last !== ' ' && this.last !== '\n') {
          this.space = [s, e];
          this.last = ' ';
        }
        continue;
      }
      // A space before closing punctuation is one left by something not said ("Section~\ref{s},").
      if (CLOSING.test(c)) this.space = undefined;
      this.flushSpace();
      this.b.push(c, s, e);
      this.last = c;
    }
  }

  private flushSpace(): void {
    if (!this.space) return;
    this.b.push(' ', this.space[0], this.space[1]);
    this.space = undefined;
  }

  /** Text standing for source [s, e) as a whole (an announcement, the words of a formula). */
  private insert(text: string, s: number, e: number): void {
    if (!text) return;
    this.flushSpace();
    this.b.insert(text, s, e);
    this.last = text[text.length - 1];
  }

  private endSentence(at: number): void {
    this.flushFootnotes(at);
    this.space = undefined;
    this.b.endSentence(at);
    this.last = '\n';
  }

  private endBlock(at: number): void {
    this.flushFootnotes(at);
    this.space = undefined;
    this.b.endBlock(at);
    this.last = '\n';
  }

  private flushFootnotes(at: number): void {
    while (this.footnotes.length) {
      const { content, s, e } = this.footnotes.shift()!;
      this.push(' ', at, at);
      // Its words keep their own places; read after a sentence that ends after it, they stand at its end.
      this.insert('Footnote:', s, e);
      this.push(' ', e, e);
      this.walk(content);
      this.space = undefined;
      this.b.endSentence(at);
      this.last = '\n';
    }
  }

  /** Where node `n` starts and ends in the block ([start, start] when the parser gave no position). */
  private range(n: N, fallback: number): [number, number] {
    return n.position ? [n.position.start.offset, n.position.end.offset] : [fallback, fallback];
  }

  /** The end of a macro with its arguments: past the close mark of its last argument. */
  private macroEnd(m: Ast.Macro & N): number {
    let at = m.position?.end.offset ?? 0;
    for (const a of m.args ?? []) {
      const inner = a.content as N[];
      const lastEnd = inner.reduce((x, n) => Math.max(x, n.position?.end.offset ?? 0), 0);
      if (!a.openMark && !inner.length) continue;
      const from = Math.max(at, lastEnd);
      if (a.closeMark) {
        const close = this.src.indexOf(a.closeMark, from);
        at = close < 0 ? Math.max(at, lastEnd) : close + a.closeMark.length;
      } else {
        at = Math.max(at, lastEnd);
      }
    }
    return at;
  }

  walk(nodes: readonly N[]): void {
    for (let i = 0; i < nodes.length; i++) i += this.node(nodes[i], nodes, i);
  }

  /** Says node `n` (the i-th of `siblings`); returns how many following siblings it consumed. */
  private node(n: N, siblings: readonly N[], i: number): number {
    const [s, e] = this.range(n, this.lastOffset(siblings, i));
    switch (n.type) {
      case 'string':
        return this.string(n.content, s, e, siblings, i);
      case 'whitespace':
        this.push(' ', s, e);
        return 0;
      case 'parbreak':
        this.endBlock(s);
        return 0;
      case 'comment':
        // A comment's line ending is no space in TeX only when the comment follows a word directly; a
        // space keeps the words apart either way.
        if (!n.sameline || n.leadingWhitespace) this.push(' ', s, s);
        return 0;
      case 'group':
        this.walk(n.content as N[]);
        return 0;
      case 'verb':
        this.push(n.content, s + n.env.length + 2, e - 1);
        return 0;
      case 'verbatim':
        if (n.env !== 'comment') this.code(n.content, s, e);
        return 0;
      case 'inlinemath':
      case 'displaymath':
        this.math(n.type === 'displaymath', s, e);
        return 0;
      case 'mathenv':
        this.math(true, s, e, typeof n.env === 'string' ? n.env : (n.env as Ast.String).content);
        return 0;
      case 'environment':
        this.environment(n as Ast.Environment & N, s, e);
        return 0;
      case 'macro':
        return this.macro(n as Ast.Macro & N, s, siblings, i);
      default:
        return 0;
    }
  }

  private lastOffset(siblings: readonly N[], i: number): number {
    for (let k = i - 1; k >= 0; k--) if (siblings[k].position) return siblings[k].position!.end.offset;
    return 0;
  }

  /** Says a string node; returns how many following siblings it took with it (`--`, TeX quotes). */
  private string(text: string, s: number, e: number, siblings: readonly N[], i: number): number {
    // The next `count` siblings are each the one character `ch`, right after this one.
    const run = (ch: string, count: number): boolean => {
      for (let k = 1; k <= count; k++) {
        const n = siblings[i + k];
        if (n?.type !== 'string' || n.content !== ch || n.position?.start.offset !== s + k) return false;
      }
      return true;
    };
    if (text === '~') {
      this.push(' ', s, e);
      return 0;
    }
    if (text === '-' && run('-', 1)) {
      const em = run('-', 2);
      this.push(em ? '—' : '–', s, s + (em ? 3 : 2));
      return em ? 2 : 1;
    }
    if ((text === '`' || text === "'") && run(text, 1)) {
      this.push(text === '`' ? '“' : '”', s, s + 2);
      return 1;
    }
    if (text === '&' && this.table) {
      this.space = undefined;
      if (this.b.saidSince(this.table.mark)) this.insert(',', s, e);
      this.push(' ', e, e);
      this.table.mark = this.b.length;
      return 0;
    }
    if (e - s === text.length) {
      for (let k = 0; k < text.length; k++) this.push(text[k], s + k, s + k + 1);
    } else {
      this.push(text, s, e);
    }
    // A footnote is read after the sentence it belongs to.
    if (this.footnotes.length && SENTENCE_PUNCT.test(text[text.length - 1])) {
      const next = siblings[i + 1];
      if (!next || next.type === 'whitespace' || next.type === 'parbreak' || next.type === 'comment') this.flushFootnotes(e);
    }
    return 0;
  }

  private code(content: string, s: number, e: number): void {
    const mode = this.opts.codeBlocks;
    if (mode === 'skip') return;
    this.endSentence(s);
    if (mode === 'announce') {
      const body = content.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
      this.b.insert(codeAnnouncement(undefined, body ? body.split(/\r\n|\r|\n/).length : 0), s, e);
    } else {
      const at = this.src.indexOf(content, s);
      const base = at < 0 ? s : at;
      for (let k = 0; k < content.length; k++) this.push(content[k], base + k, base + k + 1);
    }
    this.endSentence(e);
  }

  private math(display: boolean, s: number, e: number, env?: string): void {
    let tex = this.src.slice(s, e);
    if (env !== undefined) {
      tex = tex.replace(/^\\begin\s*\{[^}]*\}/, '').replace(/\\end\s*\{[^}]*\}\s*$/, '');
      if (env.startsWith('alignat')) tex = tex.replace(/^\s*\{[^}]*\}/, '');
      const wrap = Object.hasOwn(ALIGNED, env) ? ALIGNED[env] : undefined;
      if (wrap) tex = `\\begin{${wrap}}${tex}\\end{${wrap}}`;
    } else if (tex.startsWith('$$')) tex = tex.slice(2, tex.endsWith('$$') && tex.length >= 4 ? -2 : undefined);
    else if (tex.startsWith('$')) tex = tex.slice(1, tex.endsWith('$') && tex.length >= 2 ? -1 : undefined);
    else tex = tex.slice(2, /\\[)\]]$/.test(tex) ? -2 : undefined);
    tex = tex.replace(/\\(?:label|tag\*?)\s*\{[^{}]*\}|\\(?:nonumber|notag)\b/g, '');
    // Punctuation that ends a displayed formula belongs to the sentence: said as punctuation, not as
    // "period".
    const punct = display ? /[.,;:]?(?=(?:\s|\\[,;!: ]|\\quad|\\qquad)*$)/.exec(tex) : null;
    const tail = punct?.[0] ?? '';
    if (tail) tex = tex.slice(0, punct!.index) + tex.slice(punct!.index + 1);
    const words = mathWords(tex, display, this.opts.math);
    if (!words) return;
    if (/[\p{L}\p{N}]/u.test(this.last)) this.push(' ', s, s);
    this.insert(words, s, e);
    if (tail) this.push(tail, e, e);
    if (display) this.push(' ', e, e);
  }

  private environment(n: Ast.Environment & N, s: number, e: number): void {
    const env = n.env;
    const content = n.content as N[];
    if (SKIPPED_ENVS.has(env)) return;
    if (CODE_ENVS.has(env)) {
      const text = content.map((c) => (c.type === 'string' ? c.content : '')).join('');
      this.code(text, s, e);
      return;
    }
    if (TABLES.has(env)) {
      this.endSentence(s);
      const outer = this.table;
      this.table = { mark: this.b.length };
      this.walk(content);
      this.table = outer;
      this.endSentence(e);
      return;
    }
    if (LISTS.has(env)) {
      this.endSentence(s);
      this.walk(content);
      this.endSentence(e);
      return;
    }
    if (env === 'document') {
      this.walk(content);
      return;
    }
    // Any other environment (abstract, quote, figure, theorem, one the parser does not know): its text,
    // a theorem's title in brackets ("theorem[Main result]") first. Other bracketed arguments are options.
    this.endSentence(s);
    for (const a of n.args ?? []) {
      if (a.openMark !== '[' || !a.content.length || !THEOREMS.test(env)) continue;
      this.walk(a.content as N[]);
      this.endSentence(s);
    }
    this.walk(content);
    this.endSentence(e);
  }

  /** A macro; returns how many siblings after it were consumed (the braces of an unknown one are read). */
  private macro(m: Ast.Macro & N, s: number, siblings: readonly N[], i: number): number {
    const name = m.content;
    const args = (m.args ?? []) as Ast.Argument[];
    const braced = args.filter((a) => a.openMark === '{');
    const end = this.macroEnd(m);
    if (name === 'begin' || name === 'end') {
      // An environment the block does not close (or open): its name is no text.
      const next = this.nextNonSpace(siblings, i);
      if (next > i && siblings[next].type === 'group') return next - i;
      return 0;
    }
    if (SECTIONS.has(name)) {
      this.endSentence(s);
      const title = braced[braced.length - 1];
      if (title) this.walk(title.content as N[]);
      else return this.followingGroups(siblings, i, 1, true, () => this.endSentence(end));
      this.endSentence(end);
      return 0;
    }
    if (CITATIONS.has(name) || REFERENCES.has(name) || name === 'eqref') {
      if (this.opts.references === 'announce') {
        const word = CITATIONS.has(name) ? 'citation' : name === 'eqref' ? 'equation reference' : 'reference';
        if (/[\p{L}\p{N}]/u.test(this.last)) this.push(' ', s, s);
        this.insert(word, s, end);
      }
      return args.length ? 0 : this.followingGroups(siblings, i, name === 'hyperref' ? 1 : 9, false);
    }
    if (name === 'footnote' || name === 'footnotetext') {
      if (this.opts.references === 'announce') {
        const text = braced[braced.length - 1];
        if (text) this.footnotes.push({ content: text.content as N[], s, e: m.position?.end.offset ?? s });
        // After the sentence's full stop ("…holds.\footnote{…} It"): read now.
        if (SENTENCE_PUNCT.test(this.last)) this.flushFootnotes(s);
      }
      return args.length ? 0 : this.followingGroups(siblings, i, 1, false);
    }
    if (name === 'item') {
      this.endSentence(s);
      for (const a of args) {
        if (a.openMark === '[' && a.content.length) {
          this.walk(a.content as N[]);
          this.insert(':', end, end);
          this.push(' ', end, end);
        }
      }
      const body = args[args.length - 1];
      if (body && body.openMark === '') this.walk(body.content as N[]);
      return 0;
    }
    if (name === '\\' || name === 'tabularnewline' || name === 'cr') {
      if (this.table) {
        this.endSentence(s);
        this.table.mark = this.b.length;
      } else {
        this.push(' ', s, end);
      }
      return 0;
    }
    if (name === 'caption') {
      this.endSentence(s);
      const text = braced[braced.length - 1];
      if (text) this.walk(text.content as N[]);
      this.endSentence(end);
      return 0;
    }
    if (Object.hasOwn(WORDS, name)) {
      this.push(WORDS[name], s, end);
      return 0;
    }
    if (SILENT.has(name)) return args.length ? 0 : this.followingGroups(siblings, i, 9, false);
    if (LAST_ARG.has(name)) {
      const text = braced[braced.length - 1];
      if (text) this.walk(text.content as N[]);
      return args.length ? 0 : this.followingGroups(siblings, i, 9, true, undefined, true);
    }
    // Any other command: the text of its braced arguments, without its name (the braces that follow an
    // unknown command are groups, read as they come).
    for (const a of braced) this.walk(a.content as N[]);
    return 0;
  }

  private nextNonSpace(siblings: readonly N[], i: number): number {
    let k = i + 1;
    while (k < siblings.length && siblings[k].type === 'whitespace') k++;
    return k < siblings.length ? k : i;
  }

  /**
   * The groups right after an argumentless macro at `i` (up to `max`): read (`read`, only the last when
   * `lastOnly`) or skipped. Returns how many siblings were consumed.
   */
  private followingGroups(siblings: readonly N[], i: number, max: number, read: boolean, after?: () => void, lastOnly = false): number {
    const groups: number[] = [];
    let k = i + 1;
    let consumed = 0;
    while (groups.length < max && k < siblings.length) {
      const n = siblings[k];
      if (n.type === 'group') groups.push(k);
      else if (n.type === 'string' && n.content === '[' && !groups.length) {
        // An optional argument the parser did not attach ("\citep[p.~4]{key}" of a package it does not know).
        let close = k;
        while (close < siblings.length && !(siblings[close].type === 'string' && (siblings[close] as Ast.String).content === ']')) close++;
        if (close >= siblings.length) break;
        consumed = close - i;
        k = close;
      } else if (n.type !== 'whitespace') break;
      k++;
    }
    if (!groups.length) {
      after?.();
      return consumed;
    }
    if (read) {
      for (const g of lastOnly ? groups.slice(-1) : groups) this.walk((siblings[g] as Ast.Group).content as N[]);
    }
    const lastGroup = groups[groups.length - 1];
    after?.();
    return lastGroup - i;
  }

  finish(at: number): PreparedBlock {
    this.endBlock(at);
    return this.b.build();
  }
}

/** How deep braces and environments may nest before the parser's recursion is at risk. */
const MAX_NESTING = 400;

function nestingOf(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') max = Math.max(max, ++depth);
    else if (c === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}

export function prepareLatex(source: string, block: Block, opts: PrepareOptions): PreparedBlock {
  const text = source.slice(block.start, block.end);
  if (nestingOf(text) > MAX_NESTING) {
    return prepareAsIs(text, 'plaintext', `the LaTeX here nests braces more than ${MAX_NESTING} deep; read as plain text`);
  }
  const speaker = new LatexSpeaker(text, {
    references: opts.latexReferences ?? 'announce',
    math: opts.math ?? 'speak',
    codeBlocks: opts.codeBlocks,
  });
  try {
    speaker.walk(parse(text).content as N[]);
    return speaker.finish(text.length);
  } catch (e) {
    return prepareAsIs(text, 'plaintext', `the LaTeX parser gave up (${e instanceof RangeError ? 'nested too deeply' : String(e)}); read as plain text`);
  }
}

export const latexReader: FormatReader = { blocks: latexBlocks, prepare: prepareLatex };
