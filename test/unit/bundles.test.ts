// What each bundle holds, from esbuild's own account (its metafile), built in memory with the options of
// esbuild.js: activation (dist/extension.js) carries neither the HTTP library nor the Markdown parser nor the
// aligner, each of those lives in its own file, and a module bundled into two files (two copies, two sets of
// classes and module state: an `instanceof` across them fails) is only ever one known to be stateless.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

const root = path.resolve(__dirname, '../../..');

interface LazyPart { entry: string; outfile: string; specifier: string; loader: RegExp }
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is CommonJS JavaScript
const script = require(path.join(root, 'esbuild.js')) as { BUNDLES: BuildOptions[]; LAZY_PARTS: LazyPart[] };

/**
 * Modules allowed in more than one bundle, and why that is safe: no class of theirs is checked with
 * `instanceof` across bundles and no module state of theirs is shared.
 */
const STATELESS_SHARED: Record<string, string> = {
  'src/audio/wav.ts': 'WAV reading and writing; the aligner and the MP3 encoder catch its WavError themselves',
  'node_modules/character-entities/index.js': 'a table of named character references',
  'node_modules/decode-named-character-reference/index.js': 'one pure function over that table',
  'src/speech/textPrep.ts': 'the format readers use its pure helpers; its parser is dist/markdown.js, one copy',
  'src/speech/blocks.ts': 'pure block splitting, used by the format readers too',
  'src/speech/prose.ts': 'pure text rules, used by the format readers too',
  'src/speech/pronunciations.ts': 'pure word replacement, used by the format readers too',
  'src/speech/formats/load.ts': 'the format readers\' loader; its cache holds the one dist/formats.js module',
};

/** Each Node bundle's output file (relative to the repository) → the modules in it. */
let contents: Map<string, Set<string>>;
let sizes: Map<string, number>;

async function buildAll(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a dev tool, loaded only by this test
  const esbuild = require('esbuild') as typeof import('esbuild');
  contents = new Map();
  sizes = new Map();
  const cwd = process.cwd();
  process.chdir(root);
  try {
    for (const b of script.BUNDLES.filter((x) => x.platform === 'node')) {
      const r = await esbuild.build({
        ...b, minify: true, sourcemap: false, write: false, metafile: true,
        plugins: (b.plugins ?? []).filter((p: Plugin) => p.name !== 'problem-matcher'),
      });
      const outputs = (r.metafile as Metafile).outputs;
      for (const [file, out] of Object.entries(outputs)) {
        contents.set(file, new Set(Object.keys(out.inputs)));
        sizes.set(file, out.bytes);
      }
    }
  } finally {
    process.chdir(cwd);
  }
}

function has(file: string, pattern: RegExp): string[] {
  return [...(contents.get(file) ?? [])].filter((m) => pattern.test(m));
}

const HTTP = /^node_modules\/undici\//;
const MARKDOWN = /^node_modules\/(micromark[^/]*|mdast-util-[^/]*)\//;
const ALIGNER = /^(node_modules\/syllable\/|src\/audio\/align\.ts$)/;

describe('bundles: what activation loads', function () {
  this.timeout(120_000);
  before(buildAll);

  it('dist/extension.js holds neither undici, nor micromark and mdast, nor the aligner', () => {
    assert.ok(contents.has('dist/extension.js'), `no dist/extension.js among ${[...contents.keys()].join(', ')}`);
    assert.deepEqual(has('dist/extension.js', HTTP), [], 'undici is in the activation bundle');
    assert.deepEqual(has('dist/extension.js', MARKDOWN), [], 'the Markdown parser is in the activation bundle');
    assert.deepEqual(has('dist/extension.js', ALIGNER), [], 'the aligner is in the activation bundle');
    // Printed, not asserted: the sizes belong to the report (README, Performance).
    console.log(`      sizes (minified): ${[...sizes].filter(([f]) => f.endsWith('.js')).map(([f, n]) => `${path.basename(f)} ${(n / 1024).toFixed(0)} KB`).join(', ')}`);
  });

  it('each part loaded on first use is in its own file: undici in http.js, the parser in markdown.js, the aligner in align.js', () => {
    assert.ok(has('dist/http.js', HTTP).length > 10, 'dist/http.js holds undici');
    assert.ok(has('dist/markdown.js', MARKDOWN).length > 10, 'dist/markdown.js holds micromark and mdast');
    assert.ok(contents.get('dist/align.js')?.has('src/audio/align.ts'), 'dist/align.js holds align.ts');
    assert.ok(has('dist/align.js', /^node_modules\/syllable\//).length > 0, 'dist/align.js holds syllable');
    assert.deepEqual(script.LAZY_PARTS.map((p) => p.outfile).sort(), ['dist/align.js', 'dist/http.js', 'dist/markdown.js']);
  });

  it('a module is in exactly one bundle, unless it is known to be stateless', () => {
    const where = new Map<string, string[]>();
    for (const [file, modules] of contents) for (const m of modules) where.set(m, [...(where.get(m) ?? []), file]);
    const several = [...where].filter(([m, files]) => files.length > 1 && !Object.hasOwn(STATELESS_SHARED, m));
    assert.deepEqual(several.map(([m, files]) => `${m}: ${files.join(', ')}`), []);
  });

  it('the package ships every bundle (.vscodeignore lets each output file through)', () => {
    const allowed = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => new RegExp(`^${l.slice(1).trim().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`));
    const files = [...contents.keys()].filter((f) => f.endsWith('.js'));
    assert.ok(files.length >= 7, files.join(', '));
    for (const f of files) assert.ok(allowed.some((re) => re.test(f)), `.vscodeignore leaves ${f} out of the package`);
  });
});
