// The headings of a Markdown document, from its syntax tree (the same parser text preparation uses), with
// their source offsets: the panel shows the section a sentence belongs to and a tick per heading.
import type { Nodes } from 'mdast';
import { parseMarkdown } from './textPrep';

export interface Heading {
  /** Source offset where the heading starts. */
  offset: number;
  /** 1–6. */
  depth: number;
  /** Its text, without the Markdown markup. */
  title: string;
}

function plainText(node: Nodes): string {
  if (node.type === 'image' || node.type === 'imageReference') return node.alt ?? '';
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** The headings of a Markdown document in source order (ATX and setext; none inside code blocks or quotes' code). */
export function markdownHeadings(text: string): Heading[] {
  const out: Heading[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'heading') {
      const offset = node.position?.start.offset;
      const title = plainText(node).replace(/\s+/g, ' ').trim();
      if (offset !== undefined && title) out.push({ offset, depth: node.depth, title });
      return;
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(parseMarkdown(text));
  return out;
}

/** The heading of the section `offset` lies in: the last heading that starts at or before it. */
export function headingAt(headings: readonly Heading[], offset: number): Heading | undefined {
  let lo = 0;
  let hi = headings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (headings[mid].offset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? headings[lo - 1] : undefined;
}
