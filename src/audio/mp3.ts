// Loads the MP3 encoder on first use. In the packaged extension the `require` below resolves to dist/mp3.js,
// a bundle of its own (see esbuild.js); compiled by tsc (tests) it is the module itself. Nothing of the
// encoder is loaded until an MP3 is saved.
import type * as Encoder from './mp3Encoder';

/** `wav` as a mono MP3 at 64 kbit/s with an Info/LAME header (exact duration); throws WavError for audio it cannot read. */
export function wavToMp3(wav: Uint8Array): Uint8Array {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return (require('./mp3Encoder') as typeof Encoder).wavToMp3(wav);
}
