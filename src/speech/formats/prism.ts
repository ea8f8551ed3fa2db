// Prism's tokenizer and the grammars of the code languages read (code.ts), loaded once, on first use.
// Prism's language files register themselves on a global `Prism`; the global is put back as it was
// afterwards, so nothing else in the extension host sees ours.
import type * as PrismNs from 'prismjs';

export type PrismToken = PrismNs.Token;
type PrismApi = typeof PrismNs;

let prism: PrismApi | undefined;

export function loadPrism(): PrismApi {
  if (prism) return prism;
  const g = globalThis as { Prism?: unknown };
  const had = Object.hasOwn(g, 'Prism');
  const before = g.Prism;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- Prism's language files are scripts run in order */
    const p = require('prismjs') as PrismApi;
    g.Prism = p;
    require('prismjs/components/prism-clike');
    require('prismjs/components/prism-markup');
    require('prismjs/components/prism-javascript');
    require('prismjs/components/prism-typescript');
    require('prismjs/components/prism-jsx');
    require('prismjs/components/prism-tsx');
    require('prismjs/components/prism-python');
    require('prismjs/components/prism-java');
    require('prismjs/components/prism-c');
    require('prismjs/components/prism-cpp');
    require('prismjs/components/prism-csharp');
    require('prismjs/components/prism-go');
    require('prismjs/components/prism-rust');
    require('prismjs/components/prism-bash');
    require('prismjs/components/prism-ruby');
    /* eslint-enable @typescript-eslint/no-require-imports */
    prism = p;
  } finally {
    if (had) g.Prism = before;
    else delete g.Prism;
  }
  return prism;
}
