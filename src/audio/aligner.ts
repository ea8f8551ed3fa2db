// Loads the aligner (./align.ts, with its syllable counter) on first use. In the packaged extension the
// `require` below resolves to dist/align.js, a bundle of its own (see esbuild.js); compiled by tsc (tests,
// scripts) it is the module itself. Nothing of it is loaded until a reading splits words or times a clip.
import type * as Align from './align';
import type { AlignInput, Alignment, TextSpan } from './align';

function align(): typeof Align {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return require('./align') as typeof Align;
}

/** The aligner's version (align.ts `ALIGNER_VERSION`): alignments made by another are not reused. */
export function alignerVersion(): number {
  return align().ALIGNER_VERSION;
}

/** The word spans of `text` (align.ts `wordSpans`). */
export function wordSpans(text: string, locale?: string): TextSpan[] {
  return align().wordSpans(text, locale);
}

/** Aligns a clip given as WAV bytes (align.ts `alignClip`). Never throws. */
export function alignClip(wav: Uint8Array, input: AlignInput): Alignment {
  return align().alignClip(wav, input);
}
