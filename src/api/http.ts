// Loads the HTTP library on first use. In the packaged extension the `require` below resolves to
// dist/http.js, a bundle of its own (see esbuild.js); compiled by tsc (tests, scripts) it is the module
// itself. Nothing of it is loaded until the first request, or the first connection is made.
import type * as Undici from './undici';

/** undici's Agent, EnvHttpProxyAgent and request, loaded on first use. */
export function undici(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return require('./undici') as typeof Undici;
}
