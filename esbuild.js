// One build script, eight entries: the extension (Node, `vscode` external), the parts it loads on first use
// (the HTTP library, the Markdown parser, the aligner, the format readers, the MP3 encoder), the speech
// engine for mathematics the format readers load on first use, and the player page (browser).
// `node esbuild.js [--production] [--watch]` builds; required (the unit test `bundles`), it only exports BUNDLES.
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild's problems in the form VS Code's problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * The format readers (src/speech/formats/index.ts) are a bundle of their own, loaded on first use: in the
 * extension bundle, load.ts's `require('./index')` stays a require of ./formats.js, next to extension.js.
 */
const lazyFormats = {
  name: 'lazy-formats',
  setup(build) {
    build.onResolve({ filter: /^\.\/index$/ }, (args) =>
      args.kind === 'require-call' && /[\\/]src[\\/]speech[\\/]formats[\\/]load\.ts$/.test(args.importer)
        ? { path: './formats.js', external: true }
        : undefined);
  },
};

/**
 * The MP3 encoder (src/audio/mp3Encoder.ts, with LAME's JavaScript port) is a bundle of its own, dist/mp3.js,
 * loaded by src/audio/mp3.ts only when Save Audio writes an MP3.
 */
const lazyMp3 = {
  name: 'lazy-mp3',
  setup(build) {
    build.onResolve({ filter: /^\.\/mp3Encoder$/ }, (args) =>
      args.kind === 'require-call' && /[\\/]src[\\/]audio[\\/]mp3\.ts$/.test(args.importer)
        ? { path: './mp3.js', external: true }
        : undefined);
  },
};

/**
 * The speech engine for mathematics (src/speech/formats/mathEngine.ts) is a bundle of its own, dist/math.js,
 * loaded by the format readers only when a document has mathematics.
 */
const lazyMath = {
  name: 'lazy-math',
  setup(build) {
    build.onResolve({ filter: /^\.\/mathEngine$/ }, (args) =>
      args.kind === 'require-call' && /[\\/]src[\\/]speech[\\/]formats[\\/]math\.ts$/.test(args.importer)
        ? { path: './math.js', external: true }
        : undefined);
  },
};

/**
 * Parts loaded on first use, each a bundle of its own next to extension.js: in every bundle, its loader's
 * `require(specifier)` stays a require of the part's file, so each part's modules live in that one file.
 * Loaders: src/api/http.ts (undici, on the first request), src/speech/textPrep.ts (the Markdown parser, the
 * first time Markdown is read), src/audio/aligner.ts (the aligner, when a reading first splits words).
 */
const LAZY_PARTS = [
  { entry: 'src/api/undici.ts', outfile: 'dist/http.js', specifier: './undici', loader: /[\\/]src[\\/]api[\\/]http\.ts$/ },
  { entry: 'src/speech/markdown.ts', outfile: 'dist/markdown.js', specifier: './markdown', loader: /[\\/]src[\\/]speech[\\/]textPrep\.ts$/ },
  { entry: 'src/audio/align.ts', outfile: 'dist/align.js', specifier: './align', loader: /[\\/]src[\\/]audio[\\/]aligner\.ts$/ },
];

const lazyParts = {
  name: 'lazy-parts',
  setup(build) {
    for (const part of LAZY_PARTS) {
      const file = `./${path.basename(part.outfile)}`;
      const filter = new RegExp(`^${part.specifier.replace(/[.\\/]/g, '\\$&')}$`);
      build.onResolve({ filter }, (args) =>
        args.kind === 'require-call' && part.loader.test(args.importer) ? { path: file, external: true } : undefined);
    }
  },
};

/**
 * The Speech Rule Engine loads @xmldom/xmldom, wicked-good-xpath and fs through `eval('require')`, which a
 * bundle cannot see (and the packaged extension has no node_modules): those calls become plain requires, so
 * they are bundled. The build fails if the engine's source no longer has them.
 */
const sreRequires = {
  name: 'sre-requires',
  setup(build) {
    build.onLoad({ filter: /speech-rule-engine[\\/]js[\\/]common[\\/]system_external\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const out = text.replace(/SystemExternal\.extRequire\('(@xmldom\/xmldom|wicked-good-xpath|fs)'\)/g, "require('$1')");
      if ((out.match(/require\('(?:@xmldom\/xmldom|wicked-good-xpath|fs)'\)/g) ?? []).length !== 3) {
        throw new Error('speech-rule-engine: system_external.js no longer loads its modules as expected; update sreRequires in esbuild.js');
      }
      return { contents: out, loader: 'js' };
    });
  },
};

/** The engine's English rules, read at run time from dist/mathmaps (see mathEngine.ts). */
function copyMathRules() {
  const from = path.join(path.dirname(require.resolve('speech-rule-engine/package.json')), 'lib', 'mathmaps');
  fs.mkdirSync('dist/mathmaps', { recursive: true });
  for (const f of ['base.json', 'en.json']) fs.copyFileSync(path.join(from, f), path.join('dist/mathmaps', f));
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemMatcher],
};

/** Every bundle, as esbuild options. */
const BUNDLES = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [problemMatcher, lazyFormats, lazyMp3, lazyParts],
  },
  {
    ...common,
    entryPoints: ['src/speech/formats/index.ts'],
    outfile: 'dist/formats.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [problemMatcher, lazyMath, lazyParts],
  },
  {
    ...common,
    entryPoints: ['src/speech/formats/mathEngine.ts'],
    outfile: 'dist/math.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [problemMatcher, sreRequires, lazyParts],
  },
  {
    ...common,
    entryPoints: ['src/audio/mp3Encoder.ts'],
    outfile: 'dist/mp3.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [problemMatcher, lazyParts],
  },
  ...LAZY_PARTS.map((part) => ({
    ...common,
    entryPoints: [part.entry],
    outfile: part.outfile,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [problemMatcher, lazyParts],
  })),
  {
    ...common,
    entryPoints: ['webview/player.ts'],
    outfile: 'dist/webview/player.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

async function main() {
  copyMathRules();
  const contexts = await Promise.all(BUNDLES.map((b) => esbuild.context(b)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

module.exports = { BUNDLES, LAZY_PARTS };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
