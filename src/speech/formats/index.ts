// The readers of formats other than Markdown and plain text, by VS Code language id. This module and
// everything it imports (the format parsers) is built as its own bundle, dist/formats.js, and loaded the
// first time a document in one of these languages is read (load.ts), so activation does not pay for it.
import { asciidocReader } from './asciidoc';
import { CODE_GRAMMARS, codeReaderFor } from './code';
import { htmlReader } from './html';
import { latexReader } from './latex';
import { rstReader } from './rst';
import type { FormatReader } from './types';

export const READERS: Readonly<Record<string, FormatReader>> = {
  latex: latexReader,
  tex: latexReader,
  html: htmlReader,
  restructuredtext: rstReader,
  asciidoc: asciidocReader,
  ...Object.fromEntries(Object.keys(CODE_GRAMMARS).map((id) => [id, codeReaderFor(id)])),
};

// Mathematics, for every format that has it (Markdown too, whose reader is in the main bundle).
export { ensureMath, mathFailure, mathWords, mayHaveMath, type MathMode } from './math';
