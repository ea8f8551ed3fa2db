// package.json as the editor shows it: every "%key%" replaced by its text from package.nls.json (or from
// package.nls.<language>.json). Tests that check contributed texts read it through here.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
}

/** package.json with its %key% references resolved; a reference with no text throws. */
export function localisedPackageJson<T = unknown>(language?: string): T {
  const nls = readJson<Record<string, string>>(language ? `package.nls.${language}.json` : 'package.nls.json');
  const resolve = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = /^%([^%\s]+)%$/.exec(v);
      if (!m) return v;
      if (!(m[1] in nls)) throw new Error(`package.json refers to %${m[1]}%, which package.nls${language ? `.${language}` : ''}.json does not have`);
      return nls[m[1]];
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  return resolve(readJson('package.json')) as T;
}
