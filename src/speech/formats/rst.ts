// reStructuredText read as its rendered page says it: titles (underlined or overlined) end as sentences,
// paragraphs have their hard-wrapped lines joined, list items and definition terms end as sentences, inline
// markup is stripped (emphasis, literals, roles, references and their URLs, footnote references), comments,
// targets and substitution definitions are not said, directives say their content (admonitions with their
// name, images their alt text) and code (`::` literal blocks, code-block, doctest) follows the code-block
// setting; table rows are said as lists of cells.
//
// A line-based reader rather than a parser package: the one rST parser on npm (`restructured`) has had one
// release, carries a runtime assertion library, and gives no offsets inside a paragraph; every character
// said here is placed at its own source offset.
import type { Block, BlockSplit } from '../blocks';
import { Builder, codeAnnouncement, type PrepareOptions, type PreparedBlock } from '../textPrep';
import { blocksFrom, indentOf, sayCells, sayInline, SENTENCE_LINE, splitLines, type InlineRule, type Line, type Segment } from './lightMarkup';
import { Speaker } from './speaker';
import type { FormatReader } from './types';

/** Before inline markup: the start of the text, white space or opening punctuation. */
const B = String.raw`(?<![\p{L}\p{N}\\])`;
/** After it: the end, white space or punctuation. */
const A = String.raw`(?![\p{L}\p{N}])`;
const rule = (first: string, pattern: string, keep: number[], extra: Partial<InlineRule> = {}): InlineRule =>
  ({ first, re: new RegExp(pattern, 'yud'), keep, ...extra });

/** `text <target>` says its text; a target alone (`~pkg.mod.name`) says its last name after a tilde. */
function roleText(t: string): string {
  const m = /^([\s\S]*?\S)\s*<[^<>]*>$/.exec(t);
  if (m) return m[1];
  if (t.startsWith('~')) return t.slice(t.lastIndexOf('.') + 1);
  return t.replace(/^[!~]/, '');
}

const RULES: InlineRule[] = [
  rule('`', `${B}\`\`(\\S(?:[^\`]|\`(?!\`))*?)\`\`${A}`, [1], { literal: true }),
  rule(':', `${B}:[\\w.+-]+(?::[\\w.+-]+)?:\`((?:[^\`\\\\]|\\\\.)+?)\`${A}`, [1], { say: roleText }),
  rule('`', `${B}\`((?:[^\`\\\\]|\\\\.)+?)\`(?::[\\w.+-]+:|__?)?${A}`, [1], { say: roleText }),
  rule('*', `${B}\\*\\*(\\S(?:[^*\\\\]|\\\\.|\\*(?!\\*))*?)\\*\\*${A}`, [1]),
  rule('*', `${B}\\*(\\S(?:[^*\\\\]|\\\\.)*?)\\*${A}`, [1]),
  rule('[', `${B}\\[(?:#[\\w.-]*|\\*|\\d+|[\\w.-]+)\\]_${A}`, []),
  rule('|', `${B}\\|(\\S[^|\\n]*?)\\|(?:__?)?${A}`, [1]),
  rule('_', `${B}_\`([^\`]+)\``, [1]),
  // The underscores of a simple reference (`word_`, `word__`), after a word.
  rule('_', String.raw`(?<=[\p{L}\p{N}])__?(?![\p{L}\p{N}_])`, []),
];

const PUNCT_LINE = /^([!-/:-@[-`{-~])\1+\s*$/;
const BULLET = /^([-*+•‣⁃])(\s+|$)/u;
const ENUM = /^(?:\(?(?:\d+|#|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)])(\s+|$)/;
const FIELD = /^:([^:\s][^:]*?):(\s+|$)/;
const DIRECTIVE = /^\.\.\s+([\w:.+-]+)::(?:\s+(.*))?$/;
const CODE_DIRECTIVES = new Set(['code', 'code-block', 'sourcecode', 'doctest', 'testcode', 'testoutput', 'highlight-block', 'parsed-literal', 'productionlist', 'math']);
/** Directives whose content and arguments are not said (navigation, configuration, includes). */
const SKIP_DIRECTIVES = new Set(['toctree', 'contents', 'index', 'include', 'literalinclude', 'raw', 'meta', 'sectnum', 'highlight', 'default-role', 'role',
  'tabularcolumns', 'automodule', 'autoclass', 'autofunction', 'automethod', 'autodata', 'autoattribute', 'autosummary', 'currentmodule', 'module',
  'py:module', 'py:currentmodule', 'title', 'header', 'footer', 'target-notes', 'class', 'container', 'csv-table', 'only', 'ifconfig', 'glossary-skip']);
const ADMONITIONS: Record<string, string> = {
  note: 'Note', warning: 'Warning', tip: 'Tip', important: 'Important', caution: 'Caution', danger: 'Danger', error: 'Error',
  hint: 'Hint', attention: 'Attention', seealso: 'See also', todo: 'To do', deprecated: 'Deprecated', versionadded: 'New in version',
  versionchanged: 'Changed in version', versionremoved: 'Removed in version',
};

interface Sink {
  /** Says the document (prepare); absent when only looking for block starts. */
  sp?: Speaker;
  opts?: PrepareOptions;
  /** A block may start at this line start (`soft`: only to cut a long block inside a paragraph). */
  cut?: (at: number, soft: boolean) => void;
}

type Para = { segs: Segment[]; indent: number; sentence: boolean; start: number; lastText: string };
type Region = { kind: 'code' | 'skip'; indent: number; lang?: string; start: number; end: number; lines: Line[]; announce?: string };

/** Reads `source` (the whole document, or one block of it) line by line. */
function readRst(source: string, from: number, to: number, sink: Sink): void {
  const sp = sink.sp;
  const lines = splitLines(source, from, to);
  let para: Para | undefined;
  let region: Region | undefined;
  /** A directive's option lines (`:alt: text`) follow its first line, indented. */
  let options: { indent: number; name: string } | undefined;
  let table: { kind: 'simple'; cols: Array<[number, number]>; borders: number } | { kind: 'grid' } | undefined;
  let blankBefore = true;
  /** A paragraph ended with `::`: the next lines indented more than it are a literal block. */
  let literalNext: number | undefined;
  /** A table cell, said with the inline rules. */
  const sayCell = (segs: Segment[]): void => {
    if (sp) sayInline(sp, source, segs, RULES);
  };

  const endPara = (heading = false): void => {
    if (!para) return;
    const p = para;
    para = undefined;
    // A paragraph ending in `::` introduces a literal block; the marker is not said (a lone one at all).
    const last = p.segs[p.segs.length - 1];
    const lastText = source.slice(last.start, last.end);
    if (/::\s*$/.test(lastText)) {
      literalNext = p.indent;
      const at = last.start + lastText.lastIndexOf('::');
      const bare = at === last.start || /\s/.test(source[at - 1]);
      last.end = bare ? at : at + 1;
      while (last.end > last.start && /\s/.test(source[last.end - 1])) last.end--;
    }
    if (!sp) return;
    sayInline(sp, source, p.segs.filter((g) => g.end > g.start), RULES);
    const end = last.end;
    if (heading || p.sentence) sp.endSentence(end);
    else sp.endBlock(end);
  };

  const endRegion = (): void => {
    if (!region) return;
    const r = region;
    region = undefined;
    if (!sp || r.kind === 'skip') return;
    const body = r.lines.filter((l) => /\S/.test(source.slice(l.start, l.textEnd)));
    if (body.length === 0 && r.announce === undefined) return;
    const codeBlocks = sink.opts?.codeBlocks ?? 'announce';
    if (codeBlocks === 'skip') return;
    sp.endBlock(r.start);
    if (codeBlocks === 'announce') {
      const first = body[0]?.start ?? r.start;
      const last = body[body.length - 1]?.textEnd ?? r.end;
      const lineCount = body.length ? splitLines(source, first, last).length : 0;
      sp.insert(r.announce ?? codeAnnouncement(r.lang, lineCount), first, last);
    } else {
      for (const l of r.lines) {
        for (let p = l.start; p < l.textEnd; p++) sp.say(source[p], p, p + 1);
        sp.say(' ', l.textEnd, l.end);
      }
    }
    sp.endSentence(r.end);
  };

  const startPara = (l: Line, contentAt: number, sentence: boolean): void => {
    endPara();
    let e = l.textEnd;
    while (e > contentAt && /\s/.test(source[e - 1])) e--;
    para = { segs: [{ start: contentAt, end: e }], indent: indentOf(source.slice(l.start, contentAt).replace(/[^\t]/g, ' ')), sentence, start: l.start, lastText: '' };
  };

  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    const raw = source.slice(l.start, l.textEnd);
    const blank = !/\S/.test(raw);
    const ind = indentOf(raw);
    const text = raw.trimStart();
    const lead = l.start + (raw.length - text.length);

    if (region) {
      if (blank || ind > region.indent) {
        region.lines.push(l);
        if (!blank) region.end = l.textEnd;
        blankBefore = blank;
        continue;
      }
      // Trailing blank lines are not part of the code.
      while (region.lines.length && !/\S/.test(source.slice(region.lines[region.lines.length - 1].start, region.lines[region.lines.length - 1].textEnd))) region.lines.pop();
      endRegion();
    }
    if (blank) {
      endPara();
      if (table?.kind === 'grid') table = undefined;
      options = undefined;
      blankBefore = true;
      continue;
    }
    if (literalNext !== undefined) {
      const owner = literalNext;
      literalNext = undefined;
      if (ind > owner) {
        region = { kind: 'code', indent: owner, start: l.start, end: l.textEnd, lines: [l] };
        blankBefore = false;
        continue;
      }
    }
    // Where a block may start: after a blank line, at a line that is not indented, outside tables.
    const afterBlank = blankBefore;
    if (afterBlank && ind === 0 && !table) sink.cut?.(l.start, false);
    else if (para && !table && ind === para.indent && para.indent === 0 && SENTENCE_LINE.test(para.lastText) && plainLine(text)) sink.cut?.(l.start, true);
    blankBefore = false;

    if (options && ind > options.indent && FIELD.test(text)) {
      const m = FIELD.exec(text)!;
      if (m[1] === 'alt' && sp) {
        endPara();
        sayInline(sp, source, [{ start: lead + m[0].length, end: l.textEnd }], RULES);
        sp.endSentence(l.textEnd);
      }
      continue;
    }
    options = undefined;

    // Tables.
    if (table?.kind === 'simple') {
      if (/^=+(\s+=+)*\s*$/.test(text) && ind === 0) {
        table.borders++;
        // The table ends at a border followed by a blank line or the end (the header's border is not).
        const next = lines[k + 1];
        if (table.borders >= 3 || !next || !/\S/.test(source.slice(next.start, next.textEnd))) table = undefined;
        continue;
      }
      if (sp) sayCells(sp, source, table.cols.map(([a, z]) => ({ start: Math.min(l.start + a, l.textEnd), end: Math.min(l.start + z, l.textEnd) })), l.textEnd, sayCell);
      continue;
    }
    if (ind === 0 && /^=+(\s+=+)+\s*$/.test(text)) {
      endPara();
      const cols: Array<[number, number]> = [];
      for (const m of raw.matchAll(/=+/g)) cols.push([m.index, m.index + m[0].length]);
      // The last column runs to the line's end.
      cols[cols.length - 1][1] = Number.MAX_SAFE_INTEGER;
      for (let c = 1; c < cols.length; c++) cols[c - 1][1] = cols[c][0];
      table = { kind: 'simple', cols, borders: 1 };
      continue;
    }
    if (/^\+[-=+]+\+\s*$/.test(text)) {
      endPara();
      table = { kind: 'grid' };
      continue;
    }
    if (table?.kind === 'grid' && text.startsWith('|')) {
      if (sp) {
        const cells: Segment[] = [];
        let at = lead + 1;
        for (let p = lead + 1; p <= l.textEnd; p++) {
          if (p === l.textEnd || source[p] === '|') {
            cells.push({ start: at, end: p });
            at = p + 1;
          }
        }
        sayCells(sp, source, cells, l.textEnd, sayCell);
      }
      continue;
    }

    // Section titles: a line of one punctuation character under (and maybe over) the title.
    if (PUNCT_LINE.test(text) && ind === 0 && text.trim().length >= 2) {
      if (para && para.segs.length === 1 && para.indent === 0) endPara(true);
      else endPara();
      continue;
    }

    if (text.startsWith('..') && (text.length === 2 || /\s/.test(text[2]))) {
      endPara();
      const d = DIRECTIVE.exec(text);
      if (!d) {
        const fn = /^\.\.\s+\[([^\]]+)\]\s*(.*)$/.exec(text);
        if (fn && !/^\s*$/.test(fn[2])) {
          // A footnote or citation: its text is said where it stands.
          startPara(l, lead + text.length - fn[2].length, true);
          para!.indent = ind + 3;
          continue;
        }
        // A comment, a hyperlink target, a substitution definition: nothing of it is said.
        region = { kind: 'skip', indent: ind, start: l.start, end: l.textEnd, lines: [] };
        continue;
      }
      const name = d[1].toLowerCase();
      const args = d[2] ?? '';
      const argsAt = l.textEnd - args.length;
      options = { indent: ind, name };
      if (CODE_DIRECTIVES.has(name)) {
        const lang = name === 'math' ? undefined : args.trim().split(/\s+/)[0] || undefined;
        region = { kind: 'code', indent: ind, lang, start: l.start, end: l.textEnd, lines: [], announce: name === 'math' ? 'Formula.' : undefined };
        continue;
      }
      if (SKIP_DIRECTIVES.has(name) || name.endsWith(':module')) {
        region = { kind: 'skip', indent: ind, start: l.start, end: l.textEnd, lines: [] };
        continue;
      }
      if (name === 'image' || name === 'figure') continue; // the alt option is said; a figure's caption follows as a paragraph
      const title = ADMONITIONS[name];
      if (sp && title) {
        sp.endBlock(l.start);
        sp.word(title, lead, lead + 2 + d[1].length + 2);
        if (args.trim()) {
          sp.say(' ', argsAt - 1, argsAt);
          sayInline(sp, source, [{ start: argsAt, end: l.textEnd }], RULES);
        }
        sp.endSentence(l.textEnd);
      } else if (sp && args.trim()) {
        // Any other directive (a function's signature, an admonition's own title): its argument is a heading.
        sp.endBlock(l.start);
        sayInline(sp, source, [{ start: argsAt, end: l.textEnd }], RULES);
        sp.endSentence(l.textEnd);
      }
      continue;
    }

    if (text.startsWith('>>>')) {
      endPara();
      // A doctest block runs to the next blank line.
      region = { kind: 'code', indent: -1, lang: 'python', start: l.start, end: l.textEnd, lines: [l] };
      for (let j = k + 1; j < lines.length && /\S/.test(source.slice(lines[j].start, lines[j].textEnd)); j++) {
        region.lines.push(lines[j]);
        region.end = lines[j].textEnd;
        k = j;
      }
      endRegion();
      continue;
    }

    if (text.startsWith('| ') || text === '|') {
      // A line block: each line said as a line.
      endPara();
      startPara(l, lead + 1, true);
      para!.indent = -1;
      endPara();
      continue;
    }

    // A marker inside a paragraph's run of lines is its text (lists start after a blank line or another item).
    const continues = para !== undefined && ind === para.indent && !afterBlank;
    const marker = BULLET.exec(text) ?? ENUM.exec(text);
    if (marker && !continues) {
      startPara(l, lead + marker[0].length, true);
      para!.indent = ind + marker[0].length;
      para!.lastText = text;
      continue;
    }
    const field = FIELD.exec(text);
    if (field && !continues) {
      // A field ("Author: Ann."): its name and body said as one sentence.
      startPara(l, lead + 1, true);
      const nameEnd = lead + 1 + field[1].length;
      para!.segs = [{ start: lead + 1, end: nameEnd + 1 }, { start: lead + field[0].length, end: para!.segs[0].end }].filter((g) => g.end > g.start);
      para!.indent = ind + 3;
      para!.lastText = text;
      continue;
    }

    if (para && ind === para.indent) {
      let e = l.textEnd;
      while (e > lead && /\s/.test(source[e - 1])) e--;
      para.segs.push({ start: lead, end: e });
      para.lastText = text;
      continue;
    }
    if (para && ind > para.indent && para.segs.length === 1 && !para.sentence) {
      // A definition list: the term (one line) ends as a sentence; its definition follows.
      endPara(true);
    }
    startPara(l, lead, false);
    para!.indent = ind;
    para!.lastText = text;
  }
  if (region) {
    while (region.lines.length && !/\S/.test(source.slice(region.lines[region.lines.length - 1].start, region.lines[region.lines.length - 1].textEnd))) region.lines.pop();
    endRegion();
  }
  endPara();
}

/** Text that starts a paragraph of its own when a block starts with it (no marker, no title underline). */
function plainLine(text: string): boolean {
  return !BULLET.test(text) && !ENUM.test(text) && !FIELD.test(text) && !text.startsWith('..') && !PUNCT_LINE.test(text) && !text.startsWith('|') && !text.startsWith('>>>') && !text.startsWith('+');
}

function rstBlocks(source: string): BlockSplit {
  const hard: number[] = [];
  const soft: number[] = [];
  readRst(source, 0, source.length, { cut: (at, isSoft) => (isSoft ? soft : hard).push(at) });
  return blocksFrom(source, hard, soft);
}

function prepareRst(source: string, block: Block, opts: PrepareOptions): PreparedBlock {
  const b = new Builder(block.start);
  const sp = new Speaker(b);
  readRst(source, block.start, block.end, { sp, opts });
  sp.endBlock(block.end);
  return b.build();
}

export const rstReader: FormatReader = { blocks: rstBlocks, prepare: prepareRst };
