// AsciiDoc read as its rendered page says it: the document and section titles (`=`, `==`…, `#`) and block
// titles (`.Title`) end as sentences, paragraphs have their lines joined, list items and description terms
// end as sentences, inline markup is stripped (`*bold*`, `_em_`, `` `mono` ``, `link:url[text]`, URLs with
// text, `<<id,text>>`, `xref:`, `kbd:`, `footnote:`, anchors, index terms), `{name}` says the attribute's
// value, comments, attribute entries, block attributes, includes and passthroughs are not said, admonitions
// say their label, images their alt text; listing and literal blocks follow the code-block setting; tables are
// said row by row, cells as a list.
//
// A line-based reader rather than Asciidoctor.js: Asciidoctor.js (about 1 MB built, 3.6 MB installed, loading
// asynchronously) gives a block only its first line number, and its inline content as unparsed text or as
// HTML, so inline positions would have to be found by a reader like this one anyway.
import type { Block, BlockSplit } from '../blocks';
import { Builder, codeAnnouncement, type PrepareOptions, type PreparedBlock } from '../textPrep';
import { blocksFrom, indentOf, sayCells, sayInline, SENTENCE_LINE, splitLines, type InlineRule, type Line, type Segment } from './lightMarkup';
import { Speaker } from './speaker';
import type { FormatReader } from './types';

const B = String.raw`(?<![\p{L}\p{N}\\])`;
const A = String.raw`(?![\p{L}\p{N}])`;
const rule = (first: string, pattern: string, keep: number[], extra: Partial<InlineRule> = {}): InlineRule =>
  ({ first, re: new RegExp(pattern, 'yud'), keep, ...extra });

/** A macro's text: the first positional attribute, unquoted (`[Docs, window=_blank]` says "Docs"). */
function macroText(t: string): string {
  const q = /^\s*"([^"]*)"/.exec(t);
  if (q) return q[1];
  return t.replace(/,\s*[\w-]+=.*$/s, '').replace(/\^$/, '');
}
/** A link's text, or its address when it has none. */
const linkText = (t: string, m: RegExpExecArray): string => macroText(t) || m[1];
/** `<<install-guide>>` says "install guide". */
const idWords = (t: string): string => t.replace(/^_+/, '').replace(/[-_]+/g, ' ');

const URL = String.raw`(?:https?|ftp|irc|mailto):[^\s\[\]]+`;

const RULES: InlineRule[] = [
  rule('+', String.raw`\+\+\+([\s\S]+?)\+\+\+`, [1], { literal: true }),
  rule('+', String.raw`\+\+([\s\S]+?)\+\+`, [1], { literal: true }),
  rule('`', String.raw`\x60\+([\s\S]+?)\+\x60`, [1], { literal: true }),
  rule('`', String.raw`\x60\x60([\s\S]+?)\x60\x60`, [1]),
  rule('`', `${B}\`(\\S(?:[\\s\\S]*?\\S)?)\`${A}`, [1]),
  rule('+', `${B}\\+(\\S(?:[\\s\\S]*?\\S)?)\\+${A}`, [1], { literal: true }),
  rule('*', String.raw`\*\*([\s\S]+?)\*\*`, [1]),
  rule('*', `${B}\\*(\\S(?:[\\s\\S]*?\\S)?)\\*${A}`, [1]),
  rule('_', String.raw`__([\s\S]+?)__`, [1]),
  rule('_', `${B}_(\\S(?:[\\s\\S]*?\\S)?)_${A}`, [1]),
  rule('#', String.raw`##([\s\S]+?)##`, [1]),
  rule('#', `${B}#(\\S(?:[\\s\\S]*?\\S)?)#${A}`, [1]),
  rule('^', String.raw`\^(\S+?)\^`, [1]),
  rule('~', String.raw`~(\S+?)~`, [1]),
  // A role before marked text: [.term]#word#.
  rule('[', String.raw`\[\[\[[^\]\n]*\]\]\]`, []),
  rule('[', String.raw`\[\[[^\]\n]*\]\]`, []),
  rule('[', String.raw`\[[^\]\n]*\](?=[#*_\x60])`, []),
  rule('(', String.raw`\(\(\(([\s\S]+?)\)\)\)`, []),
  rule('(', String.raw`\(\(([\s\S]+?)\)\)`, [1]),
  rule('<', String.raw`<<([^,>\n]+),\s*([^>]+?)>>`, [2]),
  rule('<', String.raw`<<([^>\n]+?)>>`, [1], { say: idWords }),
  rule('l', String.raw`link:([^\s\[]+)\[([^\]]*)\]`, [2], { say: linkText }),
  rule('m', String.raw`mailto:([^\s\[]+)\[([^\]]*)\]`, [2], { say: linkText }),
  rule('x', String.raw`xref:([^\s\[]+)\[([^\]]*)\]`, [2], { say: (t, m) => macroText(t) || idWords(m[1].replace(/^.*#/, '').replace(/\.adoc$/, '')) }),
  rule('k', String.raw`kbd:\[([^\]]*)\]`, [1]),
  rule('b', String.raw`btn:\[([^\]]*)\]`, [1]),
  rule('m', String.raw`menu:([^\s\[]+)\[([^\]]*)\]`, [1, 2]),
  rule('f', String.raw`footnote:(?:[\w-]*)\[((?:[^\]\\]|\\.)*)\]`, [1]),
  rule('p', String.raw`pass:[a-z,]*\[([^\]]*)\]`, [1], { literal: true }),
  rule('i', String.raw`image:(?!:)[^\s\[]+\[([^\]]*)\]`, [1], { say: macroText }),
  rule('i', String.raw`icon:[^\s\[]+\[[^\]]*\]`, []),
  rule('i', String.raw`indexterm2?:\[[^\]]*\]`, []),
  rule('a', String.raw`anchor:[^\s\[]+\[[^\]]*\]`, []),
  rule('h', `${B}(${URL})\\[([^\\]]*)\\]`, [2], { say: linkText }),
  rule('f', `${B}(${URL})\\[([^\\]]*)\\]`, [2], { say: linkText }),
  rule('i', `${B}(${URL})\\[([^\\]]*)\\]`, [2], { say: linkText }),
];
const BUILTIN_ATTRIBUTES: Record<string, string> = {
  nbsp: ' ', sp: ' ', empty: '', zwsp: '', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", deg: '°', plus: '+', brvbar: '¦',
  vbar: '|', caret: '^', tilde: '~', backslash: '\\', backtick: '`', blank: '', 'two-colons': '::', 'two-semicolons': ';;', cpp: 'C++',
  startsb: '[', endsb: ']', pp: '++', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', wj: '', 'cxx': 'C++',
};

const ADMONITION = /^(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+/;
const ADMONITION_WORDS: Record<string, string> = { NOTE: 'Note', TIP: 'Tip', IMPORTANT: 'Important', WARNING: 'Warning', CAUTION: 'Caution' };
const TITLE = /^(={1,6}|#{1,6})\s+(\S.*?)(?:\s+\1)?\s*$/;
const LIST = /^(\*{1,5}|-|\.{1,5}|\d+\.|[a-zA-Z]\.|[ivxIVX]+\))\s+(?:(\[[ x*]\])\s+)?/;
const DESCRIPTION = /^(.*?\S)(:{2,4}|;;)(?:\s+|$)/;
const ATTRIBUTE_ENTRY = /^:(!?[\w][\w-]*!?):(?:\s+(.*))?$/;
const DELIMITERS: Array<[RegExp, 'code' | 'literal' | 'skip' | 'read' | 'table']> = [
  [/^-{4,}\s*$/, 'code'], [/^\.{4,}\s*$/, 'literal'], [/^`{3}.*$/, 'code'], [/^\/{4,}\s*$/, 'skip'], [/^\+{4,}\s*$/, 'skip'],
  [/^={4,}\s*$/, 'read'], [/^\*{4,}\s*$/, 'read'], [/^_{4,}\s*$/, 'read'], [/^--\s*$/, 'read'], [/^[|,:!]={3,}\s*$/, 'table'],
];

interface Sink {
  sp?: Speaker;
  opts?: PrepareOptions;
  cut?: (at: number, soft: boolean) => void;
  /** Attribute values defined before the part read. */
  attributes: Map<string, string>;
}

/** Attribute entries of a document, with where each is defined: kept for the last document asked about. */
let lastAttributes: { source: string; entries: Array<{ at: number; name: string; value: string | undefined }> } | undefined;

function attributeEntries(source: string): Array<{ at: number; name: string; value: string | undefined }> {
  if (lastAttributes?.source === source) return lastAttributes.entries;
  const entries: Array<{ at: number; name: string; value: string | undefined }> = [];
  for (const m of source.matchAll(/^:(!?[\w][\w-]*!?):(?:[ \t]+(.*))?$/gm)) {
    const unset = m[1].startsWith('!') || m[1].endsWith('!');
    entries.push({ at: m.index, name: m[1].replace(/!/g, '').toLowerCase(), value: unset ? undefined : (m[2] ?? '').trim() });
  }
  lastAttributes = { source, entries };
  return entries;
}

function readAsciidoc(source: string, from: number, to: number, sink: Sink): void {
  const sp = sink.sp;
  const lines = splitLines(source, from, to);
  let para: { segs: Segment[]; sentence: boolean; literal: boolean; lastText: string; start: number } | undefined;
  let block: { kind: 'code' | 'literal' | 'skip' | 'table'; close: string; lang?: string; start: number; lines: Line[] } | undefined;
  /** The style of the next block, from a `[source,python]` / `[NOTE]` line. */
  let style: { name: string; lang?: string } | undefined;
  let blankBefore = true;
  /** Under the document title, up to the first blank line: author and revision lines, not said. */
  let inHeader = false;

  const special = (text: string, i: number, pos: Int32Array, s: Speaker): number => {
    if (text[i] !== '{') return 0;
    const m = /^\{([\w][\w-]*)\}/.exec(text.slice(i, i + 80));
    if (!m) return /^\{counter2?:[\w-]+(?::[^}]*)?\}/.test(text.slice(i, i + 80)) ? text.slice(i).indexOf('}') + 1 : 0;
    const name = m[1].toLowerCase();
    const value = sink.attributes.get(name) ?? (Object.hasOwn(BUILTIN_ATTRIBUTES, name) ? BUILTIN_ATTRIBUTES[name] : undefined);
    const a = pos[i];
    const z = pos[i + m[0].length - 1] + 1;
    if (value === undefined) s.word(idWords(m[1]), a, z);
    else if (/^\s*$/.test(value)) s.say(' ', a, z);
    else s.word(value.replace(/[*_`#]/g, ''), a, z);
    return m[0].length;
  };

  const say = (segs: Segment[]): void => {
    if (sp) sayInline(sp, source, segs.filter((g) => g.end > g.start), RULES, special);
  };

  const endPara = (): void => {
    if (!para) return;
    const p = para;
    para = undefined;
    const end = p.segs[p.segs.length - 1].end;
    if (p.literal) {
      codeBlock(p.start, end, p.segs.length, style?.lang);
      return;
    }
    if (!sp) return;
    say(p.segs);
    if (p.sentence) sp.endSentence(end);
    else sp.endBlock(end);
  };

  const codeBlock = (start: number, end: number, lineCount: number, lang: string | undefined, body?: Line[]): void => {
    const codeBlocks = sink.opts?.codeBlocks ?? 'announce';
    if (!sp || codeBlocks === 'skip') return;
    sp.endBlock(start);
    if (codeBlocks === 'announce') sp.insert(codeAnnouncement(lang, lineCount), start, end);
    else {
      for (const l of body ?? splitLines(source, start, end)) {
        for (let p = l.start; p < l.textEnd; p++) sp.say(source[p], p, p + 1);
        sp.say(' ', l.textEnd, Math.max(l.textEnd, l.end));
      }
    }
    sp.endSentence(end);
  };

  const startPara = (at: number, l: Line, sentence: boolean, literal = false): void => {
    endPara();
    let e = l.textEnd;
    while (e > at && /\s/.test(source[e - 1])) e--;
    para = { segs: [{ start: at, end: e }], sentence, literal, lastText: source.slice(at, e), start: l.start };
  };

  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    const raw = source.slice(l.start, l.textEnd);
    const text = raw.trim();
    const lead = l.start + (raw.length - raw.trimStart().length);
    const blank = text === '';

    if (block) {
      if (text === block.close) {
        const b = block;
        block = undefined;
        if (b.kind === 'code' || b.kind === 'literal') {
          const body = b.lines;
          codeBlock(b.start, l.textEnd, body.length, b.lang, body);
        }
        style = undefined;
        continue;
      }
      if (block.kind === 'table') {
        if (sp && !blank) tableLine(sp, source, l, lead, say);
        continue;
      }
      block.lines.push(l);
      continue;
    }
    if (blank) {
      endPara();
      blankBefore = true;
      inHeader = false;
      continue;
    }
    const afterBlank = blankBefore;
    blankBefore = false;
    if (afterBlank && indentOf(raw) === 0 && text !== '+') sink.cut?.(l.start, false);
    else if (para && !para.literal && SENTENCE_LINE.test(para.lastText) && indentOf(raw) === 0 && /^[\p{L}\p{N}]/u.test(text) && !DESCRIPTION.test(text)) sink.cut?.(l.start, true);

    if (text.startsWith('//') && !/^\/{4,}\s*$/.test(text)) continue;
    if (/^(?:ifdef|ifndef|ifeval|endif)::/.test(text)) continue;
    const entry = ATTRIBUTE_ENTRY.exec(text);
    if (entry && !para) {
      const name = entry[1].replace(/!/g, '').toLowerCase();
      if (entry[1].includes('!')) sink.attributes.delete(name);
      else sink.attributes.set(name, (entry[2] ?? '').trim());
      continue;
    }
    // A delimiter line ends the paragraph before it (literal paragraphs aside).
    const delim = para?.literal ? undefined : DELIMITERS.find(([re]) => re.test(text));
    if (delim) {
      endPara();
      const [, kind] = delim;
      if (kind === 'read') {
        // Example, sidebar, quote and open blocks: their content is read; an admonition style says its label.
        if (sp && style && ADMONITION_WORDS[style.name.toUpperCase()]) {
          sp.endBlock(l.start);
          sp.word(ADMONITION_WORDS[style.name.toUpperCase()], l.start, l.textEnd);
          sp.endSentence(l.textEnd);
        }
        style = undefined;
        continue;
      }
      const fence = text.startsWith('```');
      const lang = fence ? text.slice(3).trim() || undefined : style?.lang;
      block = { kind: kind === 'literal' && style?.name !== 'source' ? 'literal' : kind, close: fence ? '```' : text, lang, start: l.start, lines: [] };
      continue;
    }
    if (/^\[.*\]$/.test(text) && !para) {
      // Block attributes and anchors: not said; they give the next block its style.
      const attrs = text.slice(1, -1);
      if (!attrs.startsWith('[')) {
        const [first, second] = attrs.split(',').map((x) => x.trim());
        const name = first.replace(/[#.%].*$/, '') || (first.startsWith('.') ? '' : first);
        style = { name, lang: name === 'source' || name === 'listing' ? second : undefined };
      }
      continue;
    }
    const title = para ? undefined : TITLE.exec(text);
    if (title && !text.startsWith('#{') && indentOf(raw) === 0) {
      endPara();
      if (sp) {
        const at = lead + raw.trimStart().indexOf(title[2]);
        say([{ start: at, end: at + title[2].length }]);
        sp.endSentence(at + title[2].length);
      }
      inHeader = title[1] === '=' && l.start === 0;
      continue;
    }
    if (inHeader) continue;
    if (!para && /^\.[^\s.]/.test(text)) {
      // A block title.
      endPara();
      if (sp) {
        say([{ start: lead + 1, end: lead + text.length }]);
        sp.endSentence(lead + text.length);
      }
      continue;
    }
    const macro = para ? undefined : /^([a-z][\w-]*)::([^\s\[]*)\[(.*)\]$/.exec(text);
    if (macro) {
      if (macro[1] === 'image' && sp) {
        const alt = macroText(macro[3]).trim();
        if (alt) {
          const at = lead + text.lastIndexOf('[') + 1 + macro[3].indexOf(alt);
          say([{ start: at, end: at + alt.length }]);
          sp.endSentence(at + alt.length);
        }
      }
      continue;
    }
    if (text === '+') {
      endPara();
      continue;
    }
    if (!para && indentOf(raw) > 0 && !LIST.test(text)) {
      // A literal paragraph (indented): code.
      startPara(lead, l, false, true);
      continue;
    }
    if (para?.literal) {
      para.segs.push({ start: l.start, end: l.textEnd });
      continue;
    }
    const list = LIST.exec(text);
    if (list && !(para && !afterBlank && !para.sentence)) {
      startPara(lead + list[0].length, l, true);
      if (list[2] && sp) {
        // A checklist item says whether it is done.
        const at = lead + list[0].indexOf(list[2]);
        sp.endBlock(l.start);
        sp.word(list[2] === '[ ]' ? 'To do:' : 'Done:', at, at + 3);
      }
      continue;
    }
    const desc = para ? undefined : DESCRIPTION.exec(text);
    if (desc && !/^https?:/.test(text)) {
      endPara();
      if (sp) {
        say([{ start: lead, end: lead + desc[1].length }]);
        sp.endSentence(lead + desc[1].length);
      }
      const rest = lead + desc[0].length;
      if (rest < l.textEnd) startPara(rest, l, true);
      continue;
    }
    const adm = para ? undefined : ADMONITION.exec(text);
    if (adm) {
      // The space after the label is said, so the label and the text stay two words.
      startPara(lead + adm[1].length + 1, l, false);
      if (sp) {
        sp.endBlock(l.start);
        sp.word(`${ADMONITION_WORDS[adm[1]]}:`, lead, lead + adm[1].length + 1);
      }
      continue;
    }
    if (para) {
      let e = l.textEnd;
      while (e > lead && /\s/.test(source[e - 1])) e--;
      // A hard line break: the `+` at a line's end is not said.
      if (/\s\+$/.test(source.slice(lead, e))) e -= 1;
      const last = para.segs[para.segs.length - 1];
      if (/\s\+$/.test(source.slice(last.start, last.end))) last.end -= 1;
      para.segs.push({ start: lead, end: e });
      para.lastText = text;
      continue;
    }
    startPara(lead, l, style !== undefined && ADMONITION_WORDS[style.name.toUpperCase()] !== undefined);
    if (sp && style && ADMONITION_WORDS[style.name.toUpperCase()]) {
      sp.word(`${ADMONITION_WORDS[style.name.toUpperCase()]}:`, l.start, l.start);
      sp.say(' ', l.start, l.start);
    }
    style = undefined;
  }
  if (block && (block.kind === 'code' || block.kind === 'literal')) codeBlock(block.start, to, block.lines.length, block.lang, block.lines);
  endPara();
}

/** One line of a table: its cells (split at unescaped `|`, cell specifiers dropped) said as a list. */
function tableLine(sp: Speaker, source: string, l: Line, lead: number, say: (segs: Segment[]) => void): void {
  const cells: Segment[] = [];
  let at = -1;
  for (let p = lead; p <= l.textEnd; p++) {
    if (p < l.textEnd && source[p] === '\\') {
      p++;
      continue;
    }
    if (p === l.textEnd || source[p] === '|') {
      if (at >= 0) cells.push({ start: at, end: p });
      else if (p > lead && p < l.textEnd && !/^[\d.+*^<>aehlmsdv]*$/.test(source.slice(lead, p).trim())) cells.push({ start: lead, end: p });
      at = p + 1;
    }
  }
  // A cell's specifier before the next pipe (`2+|`, `a|`) is not said.
  for (const c of cells) {
    const spec = /\s+(?:\d+(?:\.\d+)?[+*]|[.^<>\d]*[aehlmsdv])$/.exec(source.slice(c.start, c.end));
    if (spec) c.end -= spec[0].length;
  }
  sayCells(sp, source, cells, l.textEnd, say);
}

function asciidocBlocks(source: string): BlockSplit {
  const hard: number[] = [];
  const soft: number[] = [];
  readAsciidoc(source, 0, source.length, { cut: (at, isSoft) => (isSoft ? soft : hard).push(at), attributes: new Map() });
  return blocksFrom(source, hard, soft);
}

function prepareAsciidoc(source: string, block: Block, opts: PrepareOptions): PreparedBlock {
  const attributes = new Map<string, string>();
  for (const e of attributeEntries(source)) {
    if (e.at >= block.start) break;
    if (e.value === undefined) attributes.delete(e.name);
    else attributes.set(e.name, e.value);
  }
  const b = new Builder(block.start);
  const sp = new Speaker(b);
  readAsciidoc(source, block.start, block.end, { sp, opts, attributes });
  sp.endBlock(block.end);
  return b.build();
}

export const asciidocReader: FormatReader = { blocks: asciidocBlocks, prepare: prepareAsciidoc };
