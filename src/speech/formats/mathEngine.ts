// Mathematics spoken as words: TeX is turned into MathML by Temml, and MathML into words by the Speech Rule
// Engine (the speech engine of MathJax), in its ClearSpeak style ("x squared"). Built as its own bundle,
// dist/math.js, and loaded only when a document to read has mathematics (math.ts). The engine reads its
// English rules from two JSON files (base.json, en.json); the build copies them next to this bundle.
import * as fs from 'fs';
import * as path from 'path';
import temml from 'temml';
// The engine's CommonJS modules without its command line (which needs `commander` at load).
import * as sre from 'speech-rule-engine/js/common/system.js';

/** Where the engine's rule files are: next to this bundle when packaged, else in the engine's package. */
function rulesDir(): string {
  const packaged = path.join(__dirname, 'mathmaps');
  if (fs.existsSync(path.join(packaged, 'en.json'))) return packaged;
  return path.join(path.dirname(require.resolve('speech-rule-engine/package.json')), 'lib', 'mathmaps');
}

/** Sets the engine up for English ClearSpeak; resolves when its rules are loaded. */
export async function setup(): Promise<void> {
  const dir = rulesDir();
  const feature = {
    locale: 'en',
    domain: 'clearspeak',
    modality: 'speech',
    style: 'default',
    // The rule files are read by us, so nothing depends on where the engine thinks it is installed.
    custom: (locale: string) => fs.promises.readFile(path.join(dir, `${locale}.json`), 'utf8'),
  };
  // The engine's typings allow only strings and booleans here, but it takes a loader function too.
  await sre.setupEngine(feature as unknown as Parameters<typeof sre.setupEngine>[0]);
  await sre.engineReady();
}

/** The words for TeX `tex`; throws when the TeX or the MathML cannot be read. */
export function speak(tex: string, display: boolean): string {
  const mathml = temml.renderToString(tex, { displayMode: display, throwOnError: true, annotate: false });
  return sre.toSpeech(mathml).replace(/\s+/g, ' ').trim();
}
