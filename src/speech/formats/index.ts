// The readers of formats other than Markdown and plain text, by VS Code language id. This module and
// everything it imports (the format parsers) is built as its own bundle, dist/formats.js, and loaded the
// first time a document in one of these languages is read (load.ts), so activation does not pay for it.
import type { FormatReader } from './types';
import { latexReader } from './latex';

export const READERS: Readonly<Record<string, FormatReader>> = {
  latex: latexReader,
  tex: latexReader,
};

// Mathematics, for every format that has it (Markdown too, whose reader is in the main bundle).
export { ensureMath, mathFailure, mathWords, mayHaveMath, type MathMode } from './math';
