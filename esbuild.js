// One build script, three entries: the extension (Node, `vscode` external), the format readers it loads on
// first use, and the player page (browser).
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

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemMatcher],
};

async function main() {
  const contexts = await Promise.all([
    esbuild.context({
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      plugins: [problemMatcher, lazyFormats],
    }),
    esbuild.context({
      ...common,
      entryPoints: ['src/speech/formats/index.ts'],
      outfile: 'dist/formats.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
    }),
    esbuild.context({
      ...common,
      entryPoints: ['webview/player.ts'],
      outfile: 'dist/webview/player.js',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
