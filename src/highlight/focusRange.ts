// The focus aid's arithmetic (no vscode import, unit-tested): which part of the document stays bright
// while a sentence is read, and which ranges around it are dimmed.
import type { FocusMode } from '../settings';

export interface Span {
  start: number;
  end: number;
}

/** A blank line (only spaces or tabs on it) ends a paragraph, in Markdown and in plain text alike. */
const BLANK_LINE = /\r?\n[ \t]*\r?\n/g;

/** The paragraph around [start, end): from after the blank line before it to the blank line after it. */
export function paragraphAround(text: string, start: number, end: number): Span {
  let from = 0;
  BLANK_LINE.lastIndex = 0;
  for (let m = BLANK_LINE.exec(text); m && m.index + m[0].length <= start; m = BLANK_LINE.exec(text)) from = m.index + m[0].length;
  BLANK_LINE.lastIndex = Math.max(end, from);
  const after = BLANK_LINE.exec(text);
  return { start: from, end: after ? after.index : text.length };
}

/** The ranges to dim for `mode` while [start, end) is read (none when off). */
export function dimmedRanges(text: string, start: number, end: number, mode: FocusMode): Span[] {
  if (mode === 'off') return [];
  const keep = mode === 'paragraph' ? paragraphAround(text, start, end) : { start, end };
  const out: Span[] = [];
  if (keep.start > 0) out.push({ start: 0, end: keep.start });
  if (keep.end < text.length) out.push({ start: keep.end, end: text.length });
  return out;
}
