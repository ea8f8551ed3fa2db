// What the line-based readers (reStructuredText, AsciiDoc) share: the document's lines, inline markup
// stripped from a paragraph with every kept character placed at its own source offset, and blocks cut only
// where the reader says a block may start.
import { BLOCK_CAP, type Block, type BlockSplit } from '../blocks';
import type { Speaker } from './speaker';

export interface Line {
  start: number;
  /** Past the line's text, before its line ending. */
  textEnd: number;
  /** Past its line ending. */
  end: number;
}

export function splitLines(source: string, from = 0, to = source.length): Line[] {
  const out: Line[] = [];
  let s = from;
  while (s < to) {
    let e = s;
    while (e < to && source[e] !== '\n' && source[e] !== '\r') e++;
    let n = e;
    if (n < to && source[n] === '\r') n++;
    if (n < to && source[n] === '\n') n++;
    out.push({ start: s, textEnd: e, end: n });
    s = n;
  }
  return out;
}

/** Columns of leading white space (a tab to the next multiple of 8, as docutils and Asciidoctor count). */
export function indentOf(text: string): number {
  let n = 0;
  for (const ch of text) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 8 - (n % 8);
    else break;
  }
  return n;
}

/** A piece of a paragraph's source: the text of one line without its prefix. */
export interface Segment {
  start: number;
  end: number;
}

/**
 * One inline rule: a sticky pattern tried where its first character occurs, and what of the match is said:
 * the numbered groups (in order), each through `say` so it may be changed (a role's target shortened).
 */
export interface InlineRule {
  first: string;
  re: RegExp;
  keep: number[];
  /** What to say for the kept group `text` (defaults to the group as it is, markup inside it stripped). */
  say?: (text: string, m: RegExpExecArray) => string | undefined;
  /** Keep the group as written, markup and all (literals). */
  literal?: boolean;
}

/**
 * Says the paragraph made of `segments` (its lines joined by a space) with inline markup stripped: at each
 * character that can open markup the rules are tried in order; a match says only its kept groups (a group's
 * own markup stripped too, unless literal), each character at its source offset. A backslash escapes the
 * character after it. `special` handles what the rules cannot (an attribute reference): it returns how many
 * characters it consumed, or 0.
 */
export function sayInline(
  sp: Speaker,
  source: string,
  segments: readonly Segment[],
  rules: readonly InlineRule[],
  special?: (text: string, i: number, pos: Int32Array, sp: Speaker) => number,
): void {
  let text = '';
  const map: number[] = [];
  for (let k = 0; k < segments.length; k++) {
    const g = segments[k];
    if (k > 0) {
      text += '\n';
      map.push(segments[k - 1].end);
    }
    text += source.slice(g.start, g.end);
    for (let p = g.start; p < g.end; p++) map.push(p);
  }
  map.push(segments.length ? segments[segments.length - 1].end : 0);
  const pos = Int32Array.from(map);
  const triggers = new Set(rules.map((r) => r.first));
  const run = (from: number, to: number, depth: number): void => {
    let i = from;
    while (i < to) {
      const c = text[i];
      if (c === '\\' && i + 1 < to) {
        // An escaped character is said; an escaped white space is nothing.
        if (!/\s/.test(text[i + 1])) sp.say(text[i + 1], pos[i], pos[i + 1] + 1);
        i += 2;
        continue;
      }
      if (special) {
        const used = special(text, i, pos, sp);
        if (used > 0) {
          i += used;
          continue;
        }
      }
      if (triggers.has(c) && depth < 8) {
        let matched = false;
        for (const r of rules) {
          if (r.first !== c) continue;
          r.re.lastIndex = i;
          const m = r.re.exec(text);
          if (!m || m.index !== i || i + m[0].length > to) continue;
          matched = true;
          for (const g of r.keep) {
            const range = m.indices?.[g];
            if (!range || m[g] === undefined) continue;
            const said = r.say ? r.say(m[g], m) : undefined;
            if (said !== undefined && said !== m[g]) {
              // A changed group is said from where its text is found in the group, else as a whole.
              const at = m[g].lastIndexOf(said);
              const whole = m[0].indexOf(said);
              if (at >= 0) run(range[0] + at, range[0] + at + said.length, depth + 1);
              else if (said !== '' && whole >= 0) {
                // Said from elsewhere in the match (a link with no text says its address), as written.
                for (let p = i + whole; p < i + whole + said.length; p++) sp.say(text[p], pos[p], pos[p] + 1);
              } else sp.word(said, pos[range[0]], pos[range[1]]);
            } else if (r.literal) {
              for (let p = range[0]; p < range[1]; p++) sp.say(text[p] === '\n' ? ' ' : text[p], pos[p], text[p] === '\n' ? pos[p + 1] : pos[p] + 1);
            } else {
              run(range[0], range[1], depth + 1);
            }
          }
          i += m[0].length;
          break;
        }
        if (matched) continue;
      }
      sp.say(c === '\n' ? ' ' : c, pos[i], c === '\n' ? pos[i + 1] : pos[i] + 1);
      i++;
    }
  };
  run(0, text.length, 0);
}

/**
 * Blocks from the line starts where a block may begin (`starts`, ascending): one block from each start
 * to the next, and a block longer than BLOCK_CAP cut again at `soft` starts (inside a paragraph, after a
 * line that ends a sentence), pieces as long as the cap allows.
 */
export function blocksFrom(source: string, starts: readonly number[], soft: readonly number[]): BlockSplit {
  const hard = [...new Set([0, ...starts.filter((s) => s > 0 && s < source.length)])].sort((a, b) => a - b);
  const out: Block[] = [];
  if (source.length === 0) return { blocks: out, definitions: '' };
  let k = 0;
  for (let h = 0; h < hard.length; h++) {
    const s = hard[h];
    const e = hard[h + 1] ?? source.length;
    let at = s;
    while (e - at > BLOCK_CAP) {
      while (k < soft.length && soft[k] <= at) k++;
      let best = -1;
      for (let j = k; j < soft.length && soft[j] < e && soft[j] - at <= BLOCK_CAP; j++) best = soft[j];
      if (best < 0) best = soft.find((x) => x > at && x < e) ?? -1;
      if (best < 0) break;
      out.push({ start: at, end: best });
      at = best;
    }
    out.push({ start: at, end: e });
  }
  return { blocks: out, definitions: '' };
}

/** A line that ends a sentence (where a long paragraph may be cut). */
export const SENTENCE_LINE = /[.!?…。！？]["'”’)\]*_`]*\s*$/u;

/**
 * A table row: its cells said as a list ("Ann, 31."), each trimmed of white space and said by `say` (empty
 * cells are not said), then the sentence ended at `end`.
 */
export function sayCells(sp: Speaker, source: string, cells: readonly Segment[], end: number, say: (segs: Segment[]) => void): void {
  let said = false;
  for (const c of cells) {
    let s = c.start;
    let e = c.end;
    while (s < e && /\s/.test(source[s])) s++;
    while (e > s && /\s/.test(source[e - 1])) e--;
    if (e <= s) continue;
    if (said) sp.separator(', ', s);
    say([{ start: s, end: e }]);
    said = true;
  }
  if (said) sp.endSentence(end);
}
