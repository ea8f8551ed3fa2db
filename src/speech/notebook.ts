// What a reading of a notebook reads: its cells in order, each read as a document of its own (a Markdown
// cell as Markdown; a code cell skipped, announced or read as it is, per evolinkTts.codeBlocks). The editor
// side reads the cells one after another in one reading (src/commands/speakNotebook.ts); each spoken
// character maps back into its own cell's text, so the highlight lands in that cell's editor.
import type { PrepareOptions } from './textPrep';

/** A cell as the plan needs it: `markup` is a Markdown cell. */
export interface CellInfo {
  kind: 'markup' | 'code';
  languageId: string;
  text: string;
}

/** One cell to read and how to prepare it. */
export interface CellReading {
  /** The cell's index in the notebook. */
  index: number;
  prep: PrepareOptions;
}

/**
 * The cells of a notebook to read, from cell `from` on, with the preparation of each: Markdown cells as
 * Markdown; code cells per `prep.codeBlocks` (skipped; announced as "Code cell in Python, 12 lines."; or
 * read as they are, code and all). Empty cells are left out.
 */
export function cellReadings(cells: readonly CellInfo[], prep: PrepareOptions, from = 0): CellReading[] {
  const out: CellReading[] = [];
  for (let index = Math.max(0, from); index < cells.length; index++) {
    const c = cells[index];
    if (!c.text.trim()) continue;
    if (c.kind === 'markup') {
      out.push({ index, prep: { ...prep, languageId: c.languageId === 'markdown' ? 'markdown' : c.languageId, codeCell: undefined } });
    } else if (prep.codeBlocks === 'announce') {
      out.push({ index, prep: { ...prep, languageId: 'plaintext', codeCell: c.languageId } });
    } else if (prep.codeBlocks === 'read') {
      out.push({ index, prep: { ...prep, languageId: c.languageId, codeFiles: 'all', codeCell: undefined } });
    }
  }
  return out;
}
