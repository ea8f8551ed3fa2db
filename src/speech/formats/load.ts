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
  ...CODE_LANGUAGES,
]);

let readers: typeof Formats.READERS | undefined;

/** The reader for `languageId`, or undefined when it is read as Markdown, plain text or as it is. */
export function formatReader(languageId: string): FormatReader | undefined {
  if (!READER_LANGUAGES.has(languageId)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  readers ??= (require('./index') as typeof Formats).READERS;
  return Object.hasOwn(readers, languageId) ? readers[languageId] : undefined;
}
