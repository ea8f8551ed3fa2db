// HTML read as a browser shows it and a screen reader says it: the text of the body and the alt text of
// images; nothing of the head, scripts, styles, templates, noscript fallbacks, comments, or elements the page
// hides. Block elements end a line (headings, list items, table rows and captions end a sentence; a row's
// cells are said as a list); `<pre>` follows the code-block setting. parse5 (the WHATWG parser, with source
// locations) parses the page; every spoken character is placed in its source by walking the raw text beside
// the parser's value (character references, CRLF, dropped NULs), so the highlight lands on what is said.
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { parse, parseFragment, Parser, type DefaultTreeAdapterMap, type DefaultTreeAdapterTypes as T } from 'parse5';
import { BLOCK_CAP, type Block, type BlockSplit } from '../blocks';
import type { Pause } from '../slices';
import { Builder, codeAnnouncement, type PrepareOptions, type PreparedBlock } from '../textPrep';
import { Speaker } from './speaker';
import type { FormatReader } from './types';

type Node = T.ChildNode;
type Element = T.Element;

/** Elements whose content is never said. */
const SILENT = new Set(['head', 'title', 'script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'video', 'audio',
  'canvas', 'svg', 'select', 'datalist', 'textarea', 'rp', 'noembed', 'noframes', 'meta', 'link', 'base', 'input', 'button']);
/** Elements that end a line before and after them. */
const BLOCK = new Set(['address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset',
  'figure', 'figcaption', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'legend', 'li', 'main', 'menu', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'ul', 'listing', 'xmp', 'plaintext']);
/** Block elements whose end also ends a sentence ("." added when their text has no closing punctuation). */
const SENTENCE = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dt', 'dd', 'caption', 'figcaption', 'summary', 'legend', 'tr']);
/** Preformatted elements: code blocks. */
const PRE = new Set(['pre', 'listing', 'xmp', 'plaintext']);
/**
 * Elements a block never starts inside: cut apart, their parts would mean something else (raw text,
 * preformatted text, a table row's cells, foreign content).
 */
const WHOLE = new Set([...SILENT, ...PRE, 'tr', 'math', 'ruby', 'table-cell', 'td', 'th']);

const isElement = (n: Node): n is Element => 'tagName' in n;
const isText = (n: Node): n is T.TextNode => n.nodeName === '#text';
const attr = (el: Element, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;

/** Hidden from everyone: the `hidden` attribute, `aria-hidden="true"`, an inline `display: none`. */
function hidden(el: Element): boolean {
  for (const a of el.attrs) {
    if (a.name === 'hidden') return true;
    if (a.name === 'aria-hidden' && a.value.trim().toLowerCase() === 'true') return true;
    if (a.name === 'style' && /display\s*:\s*none/i.test(a.value)) return true;
  }
  return false;
}

const children = (n: T.ParentNode): Node[] => (n.nodeName === 'template' ? (n as T.Template).content.childNodes : n.childNodes);

// ---------------------------------------------------------------------------------------------------------
// Blocks

const SENTENCE_CUT = /[.!?…。！？]["'”’)\]]*\s+(?=\S)/gu;

/**
 * Cuts the page at its block elements: the head (said by nobody) is one silent block; then each block
 * element of the body is a block of its own when its container is too long for one (BLOCK_CAP), going
 * down as far as needed; a long run of text is cut after a sentence's end. A cut never falls inside a
 * `<pre>`, a script or style, a table row or foreign content, so every block parses alone to the same text.
 */
function htmlBlocks(source: string): BlockSplit {
  if (source.length === 0) return { blocks: [], definitions: '' };
  return blocksOfPage(source, parse(source, { sourceCodeLocationInfo: true }));
}

/** Characters the parser is given at a time when parsing in slices (a few hundred microseconds of work). */
const PIECE = 4096;

/**
 * The same split as htmlBlocks, with the page parsed a piece at a time (parse5's own streaming input, as its
 * parser stream uses it), with a `pause` between pieces, so a long page does not hold the thread for its whole
 * parse.
 */
async function htmlBlocksInSlices(source: string, pause: Pause): Promise<BlockSplit> {
  if (source.length === 0) return { blocks: [], definitions: '' };
  const parser = new Parser<DefaultTreeAdapterMap>({ sourceCodeLocationInfo: true });
  for (let at = 0; at < source.length; at += PIECE) {
    await pause();
    parser.tokenizer.write(source.slice(at, at + PIECE), at + PIECE >= source.length);
  }
  return blocksOfPage(source, parser.document);
}

function blocksOfPage(source: string, doc: T.Document): BlockSplit {
  const body = findBody(doc);
  const starts = new Set<number>();
  let first = source.length;
  if (body) {
    for (const c of children(body)) {
      const s = c.sourceCodeLocation?.startOffset;
      if (s !== undefined && !(isText(c) && !/\S/.test(c.value))) first = Math.min(first, s);
    }
  }
  const out: Block[] = [];
  if (first > 0) out.push({ start: 0, end: first, silent: true });
  if (first >= source.length || !body) return { blocks: out, definitions: '' };
  cutInside(source, body, starts, first);
  const all = [...starts].filter((c) => c > first && c < source.length).sort((a, b) => a - b);
  let s = first;
  for (let k = 0; k < all.length; k++) {
    // A cut followed by nothing but white space up to the next one is not worth a block of its own.
    if (!/\S/.test(source.slice(all[k], all[k + 1] ?? source.length))) continue;
    out.push({ start: s, end: all[k] });
    s = all[k];
  }
  out.push({ start: s, end: source.length });
  return { blocks: out, definitions: '' };
}

function findBody(doc: T.Document): Element | undefined {
  const html = doc.childNodes.find((n): n is Element => isElement(n) && n.tagName === 'html');
  return html?.childNodes.find((n): n is Element => isElement(n) && n.tagName === 'body');
}

const span = (n: Node): [number, number] | undefined => {
  const l = n.sourceCodeLocation;
  return l ? [l.startOffset, l.endOffset] : undefined;
};

/**
 * Adds block starts inside `node` (the body, or an element too long for one block): one before each block
 * child, and after a sentence's end in runs of inline content longer than the cap. An explicit stack, as
 * pages nest thousands deep.
 */
function cutInside(source: string, root: T.ParentNode, starts: Set<number>, floor: number): void {
  const work: T.ParentNode[] = [root];
  while (work.length) {
    const node = work.pop()!;
    let run: Node[] = [];
    const flush = (): void => {
      if (run.length === 0) return;
      const a = span(run[0]);
      const z = span(run[run.length - 1]);
      if (a && z && z[1] - a[0] > BLOCK_CAP) sentenceCuts(source, run, starts, floor);
      run = [];
    };
    for (const c of flattenImplied(node)) {
      if (!isElement(c) || !BLOCK.has(c.tagName)) {
        run.push(c);
        continue;
      }
      flush();
      const r = span(c);
      if (!r) continue;
      starts.add(r[0]);
      // The end of a block element starts the inline run after it (when there is one).
      starts.add(r[1]);
      if (r[1] - r[0] > BLOCK_CAP && !WHOLE.has(c.tagName) && !hidden(c)) work.push(c);
    }
    flush();
  }
}

/** Children of `node`, with elements the parser made up without a tag (tbody) replaced by their children. */
function flattenImplied(node: T.ParentNode): Node[] {
  const out: Node[] = [];
  const stack = [...children(node)].reverse();
  while (stack.length) {
    const c = stack.pop()!;
    if (isElement(c) && !c.sourceCodeLocation) stack.push(...[...c.childNodes].reverse());
    else out.push(c);
  }
  return out;
}

/** Cuts after sentence ends in the text of a long run of inline content, pieces as long as the cap allows. */
function sentenceCuts(source: string, run: Node[], starts: Set<number>, floor: number): void {
  const candidates: number[] = [];
  const stack = [...run].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (isText(n)) {
      const r = span(n);
      if (!r) continue;
      const raw = source.slice(r[0], r[1]);
      for (const m of raw.matchAll(SENTENCE_CUT)) candidates.push(r[0] + m.index + m[0].length);
    } else if (isElement(n) && !WHOLE.has(n.tagName)) {
      stack.push(...[...n.childNodes].reverse());
    }
  }
  const a = span(run[0])![0];
  const z = span(run[run.length - 1])![1];
  let s = Math.max(a, floor);
  let k = 0;
  while (z - s > BLOCK_CAP) {
    let best = -1;
    while (k < candidates.length && candidates[k] <= s + BLOCK_CAP) {
      if (candidates[k] > s) best = candidates[k];
      k++;
    }
    if (best < 0) best = candidates.find((c) => c > s) ?? -1;
    if (best < 0) break;
    starts.add(best);
    s = best;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Spoken text

const REF_NUMERIC = /^&#(?:[xX][0-9A-Fa-f]+|[0-9]+);?/;
const REF_NAME = /^&([A-Za-z][A-Za-z0-9]{0,31})(;?)/;
const TAG_OR_COMMENT = /^(?:<\/?[A-Za-z][^>]*>|<!--[\s\S]*?-->|<![^>]*>|<\?[^>]*>)/;

/**
 * A character reference at src[j] that the parser decoded into value[i…]: its decoded text and source
 * length. Undefined when the source there is said as it is written.
 */
function reference(src: string, j: number, e: number, value: string, i: number): { text: string; length: number } | undefined {
  const head = src.slice(j, Math.min(e, j + 40));
  const num = REF_NUMERIC.exec(head);
  if (num) {
    if (value.startsWith(num[0], i)) return undefined;
    const cp = value.codePointAt(i);
    return cp === undefined ? undefined : { text: String.fromCodePoint(cp), length: num[0].length };
  }
  const named = REF_NAME.exec(head);
  if (!named) return undefined;
  const name = named[1];
  // The longest name the parser could have taken (legacy references need no semicolon: `&copy 2024`).
  for (let k = name.length; k > 0; k--) {
    const d = decodeNamedCharacterReference(name.slice(0, k));
    if (d === false || !value.startsWith(d, i)) continue;
    const semi = k === name.length && named[2] === ';';
    const raw = src.slice(j, j + 1 + k + (semi ? 1 : 0));
    if (value.startsWith(raw, i)) return undefined;
    return { text: d, length: raw.length };
  }
  return undefined;
}

/**
 * Places each character of a parser value (text or attribute) read from src[s, e): equal characters match;
 * a character reference stands for its decoded text; CR LF and lone CR are the LF the parser made; tags and
 * comments the parser dropped inside a merged text run, and NULs, are skipped. Characters left when the
 * range is used up stand for its end.
 */
function align(value: string, src: string, s: number, e: number, emit: (ch: string, a: number, z: number) => void): void {
  let j = s;
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (j >= e) {
      emit(c, e, e);
      i++;
      continue;
    }
    const x = src[j];
    if (x === '&') {
      const ref = reference(src, j, e, value, i);
      if (ref) {
        emit(ref.text, j, j + ref.length);
        i += ref.text.length;
        j += ref.length;
        continue;
      }
    }
    if (x === c) {
      emit(c, j, j + 1);
      i++;
      j++;
      continue;
    }
    if (x === '\r' && c === '\n') {
      const len = src[j + 1] === '\n' ? 2 : 1;
      emit('\n', j, j + len);
      i++;
      j += len;
      continue;
    }
    if (x === '<') {
      const m = TAG_OR_COMMENT.exec(src.slice(j, Math.min(e, j + 2048)));
      if (m) {
        j += m[0].length;
        continue;
      }
    }
    j++;
  }
}

/** The language of a code block: a `language-x` / `lang-x` / `highlight-x` class on it, its `<code>`, or an ancestor. */
function codeLanguage(el: Element, ancestors: readonly Element[]): string | undefined {
  const code = el.childNodes.find((c): c is Element => isElement(c) && c.tagName === 'code');
  for (const x of [el, ...(code ? [code] : []), ...[...ancestors].reverse()]) {
    const m = /(?:^|\s)(?:language|lang|highlight)-([\w+#.-]+)/.exec(attr(x, 'class') ?? '');
    if (m && m[1] !== 'default' && m[1] !== 'none') return m[1];
    const data = attr(x, 'data-lang');
    if (data) return data;
  }
  return undefined;
}

function textContent(n: T.ParentNode): string {
  let s = '';
  const stack: Node[] = [...children(n)].reverse();
  while (stack.length) {
    const c = stack.pop()!;
    if (isText(c)) s += c.value;
    else if ('childNodes' in c) stack.push(...[...children(c)].reverse());
  }
  return s;
}

/** The source range of an attribute's value (inside its quotes). */
function attrValueRange(src: string, el: Element, name: string): [number, number] | undefined {
  const l = el.sourceCodeLocation?.attrs?.[name];
  if (!l) return undefined;
  let k = src.indexOf('=', l.startOffset);
  if (k < 0 || k >= l.endOffset) return undefined;
  k++;
  while (k < l.endOffset && /\s/.test(src[k])) k++;
  let z = l.endOffset;
  if (src[k] === '"' || src[k] === "'") {
    k++;
    if (z > k && src[z - 1] === src[k - 1]) z--;
  }
  return [k, z];
}

/**
 * A `<code>` element standing as a block of its own (alone in a block element, over several lines), as
 * some pages write code without `<pre>`: a code block.
 */
function standaloneCode(el: Element): boolean {
  if (el.tagName !== 'code') return false;
  const parent = el.parentNode;
  if (!parent || !('tagName' in parent) || !BLOCK.has(parent.tagName) || PRE.has(parent.tagName)) return false;
  const others = parent.childNodes.filter((c) => c !== el && !(isText(c) && !/\S/.test(c.value)));
  return others.length === 0 && /\n\s*\S/.test(textContent(el).trim());
}

/** A link that only marks a place in the page (the ¶ or # after a heading): said by nobody. */
function permalink(el: Element): boolean {
  return el.tagName === 'a' && (attr(el, 'href') ?? '').startsWith('#') && !/[\p{L}\p{N}]/u.test(textContent(el)) && !el.childNodes.some((c) => isElement(c) && c.tagName === 'img');
}

function prepareHtml(source: string, block: Block, opts: PrepareOptions): PreparedBlock {
  const src = source.slice(block.start, block.end);
  const frag = parseFragment(src, { sourceCodeLocationInfo: true });
  const b = new Builder(0);
  const sp = new Speaker(b);
  const text = (n: T.TextNode): void => {
    const r = span(n);
    if (r) align(n.value, src, r[0], r[1], (ch, a, z) => sp.say(ch, a, z));
  };
  const ancestors: Element[] = [];
  let here = 0;
  type Step = Node | (() => void);
  const stack: Step[] = [...children(frag)].reverse();
  while (stack.length) {
    const step = stack.pop()!;
    if (typeof step === 'function') {
      step();
      continue;
    }
    const n = step;
    if (isText(n)) {
      text(n);
      continue;
    }
    if (!isElement(n)) continue; // comments, doctypes
    const tag = n.tagName;
    // An element the parser made up (an implied tbody) has no place of its own: the last one seen stands.
    const r = span(n);
    if (r) here = r[0];
    const [s, e] = r ? [r[0], Math.max(r[0], r[1])] : [here, here];
    if (SILENT.has(tag) || hidden(n) || permalink(n)) continue;
    if (tag === 'img' || tag === 'area') {
      const alt = attr(n, 'alt');
      const ar = alt ? attrValueRange(src, n, 'alt') : undefined;
      if (alt && ar) align(alt, src, ar[0], ar[1], (ch, a, z) => sp.say(ch, a, z));
      continue;
    }
    if (tag === 'math') {
      const alt = attr(n, 'alttext') ?? attr(n, 'aria-label');
      const name = attr(n, 'alttext') !== undefined ? 'alttext' : 'aria-label';
      const ar = alt ? attrValueRange(src, n, name) : undefined;
      if (alt && ar) align(alt, src, ar[0], ar[1], (ch, a, z) => sp.say(ch, a, z));
      continue;
    }
    if (tag === 'br') {
      sp.endSentence(s);
      continue;
    }
    if (tag === 'hr' || tag === 'wbr') {
      if (tag === 'hr') sp.endBlock(s);
      continue;
    }
    if (PRE.has(tag) || standaloneCode(n)) {
      if (opts.codeBlocks === 'skip') continue;
      sp.endBlock(s);
      if (opts.codeBlocks === 'announce') {
        // The parser drops a newline just after <pre>; after a lone <code> it stays, and is not a line of code.
        const body = textContent(n).replace(/\r\n?/g, '\n').replace(/\n+$/, '').replace(tag === 'code' ? /^\n/ : /(?!)/, '');
        sp.insert(codeAnnouncement(codeLanguage(n, ancestors), body === '' ? 0 : body.split('\n').length), s, e);
        sp.endSentence(e);
        continue;
      }
      // Read: every character of the code, line ends as spaces.
      const code: Node[] = [...children(n)].reverse();
      while (code.length) {
        const c = code.pop()!;
        if (isText(c)) {
          const cr = span(c);
          if (cr) align(c.value, src, cr[0], cr[1], (ch, a, z) => (ch === '\n' ? sp.space(a) : sp.say(ch, a, z)));
        } else if (isElement(c) && !SILENT.has(c.tagName) && !hidden(c)) {
          if (c.tagName === 'br') sp.space(span(c)?.[0] ?? e);
          else code.push(...[...children(c)].reverse());
        }
      }
      sp.endSentence(e);
      continue;
    }
    if (tag === 'tr') {
      // Cells said as a list: "Ann, 31."
      sp.endBlock(s);
      stack.push(() => sp.endSentence(e));
      const cells = n.childNodes.filter(isElement).filter((c) => c.tagName === 'td' || c.tagName === 'th');
      const mark = { at: b.length };
      for (let k = cells.length - 1; k >= 0; k--) {
        const cell = cells[k];
        const cs = span(cell)?.[0] ?? s;
        stack.push(() => sp.cellDepth--);
        stack.push(...[...cell.childNodes].reverse());
        stack.push(() => sp.cellDepth++);
        if (k > 0) {
          stack.push(() => {
            if (b.saidSince(mark.at) && !hidden(cell)) sp.separator(', ', cs);
          });
        }
      }
      continue;
    }
    const isBlock = BLOCK.has(tag);
    if (isBlock) sp.endBlock(s);
    ancestors.push(n);
    stack.push(() => {
      ancestors.pop();
      if (isBlock && SENTENCE.has(tag)) sp.endSentence(e);
      else if (isBlock) sp.endBlock(e);
    });
    stack.push(...[...children(n)].reverse());
  }
  sp.endBlock(src.length);
  return b.build();
}

/** Text that changes no markup wherever it is typed outside a tag: letters, digits, spaces and quiet punctuation. */
const PLAIN_EDIT = /^[\p{L}\p{M}\p{N} \t,.;:]*$/u;
/** How far back an edit's context is looked for (a tag is never this long in the pages we read). */
const CONTEXT_SCAN = 4096;

/**
 * Whether an edit leaves the page's blocks as they were: it is plain text (PLAIN_EDIT, so it opens or closes
 * no tag, comment or character reference) typed where a tag is not open (the nearest `<` or `>` before it is
 * a `>`, or there is none). Such an edit changes a text node (or a comment, a script's or an attribute's
 * text) and nothing else: every block still parses alone to what it says in the page.
 */
function htmlKeepsBlocks(source: string, at: number, removed: string, inserted: string): boolean {
  if (!PLAIN_EDIT.test(removed) || !PLAIN_EDIT.test(inserted)) return false;
  for (let i = at - 1; i >= Math.max(0, at - CONTEXT_SCAN); i--) {
    const c = source.charCodeAt(i);
    if (c === 0x3e /* > */) return true;
    if (c === 0x3c /* < */) return false;
  }
  return at <= CONTEXT_SCAN;
}

export const htmlReader: FormatReader = {
  blocks: htmlBlocks,
  blocksInSlices: htmlBlocksInSlices,
  prepare: prepareHtml,
  keepsBlocks: htmlKeepsBlocks,
};
