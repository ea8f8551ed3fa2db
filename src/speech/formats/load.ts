// Loads the format readers on first use. In the packaged extension the `require` below resolves to
// dist/formats.js, a bundle of its own (see esbuild.js); compiled by tsc (tests, scripts) it is the module
// itself. Either way nothing is loaded until a document in one of READER_LANGUAGES is read.
import type * as Formats from './index';
import type { FormatReader } from './types';

/** Code files whose comments and docstrings are read (the grammars are in ./code.ts). */
export const CODE_LANGUAGES: readonly string[] = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'java', 'c',
  'cpp', 'csharp', 'go', 'rust', 'shellscript', 'ruby'];

/** Language ids that have a reader in ./index (kept here so asking about other files loads nothing). */
export const READER_LANGUAGES: ReadonlySet<string> = new Set<string>([
  'latex', 'tex', 'html', 'restructuredtext', 'asciidoc',
  ...CODE_LANGUAGES,
]);

let readers: typeof Formats.READERS | undefined;

/** The reader for `languageId`, or undefined when it is read as Markdown, plain text or as it is. */
export function formatReader(languageId: string): FormatReader | undefined {
  if (!READER_LANGUAGES.has(languageId)) return undefined;
  readers ??= formats().READERS;
  return Object.hasOwn(readers, languageId) ? readers[languageId] : undefined;
}

/** The format readers' module, loaded on first use. */
function formats(): typeof Formats {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return require('./index') as typeof Formats;
}

/** Languages whose text may hold mathematics (`$…$` and the like). */
const MATH_LANGUAGES = new Set(['markdown', 'latex', 'tex']);

/**
 * Starts the speech engine for mathematics when `text` (in `languageId`) has some and it is to be spoken;
 * resolves once it can speak (at once otherwise). Nothing is loaded for a document without mathematics.
 */
export function mathReadyFor(languageId: string, text: string, mode: string | undefined): Promise<void> | undefined {
  if ((mode ?? 'speak') !== 'speak' || !MATH_LANGUAGES.has(languageId) || !/[$\\]/.test(text)) return undefined;
  const f = formats();
  return f.mayHaveMath(languageId, text) ? f.ensureMath() : undefined;
}

/** What to say for TeX `tex`: its words (once the engine is ready), "formula", or nothing (math.ts). */
export function mathWords(tex: string, display: boolean, mode: Formats.MathMode): string {
  return formats().mathWords(tex, display, mode);
}
