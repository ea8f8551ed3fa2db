// The repository stands on its own: comments and docs cite the repository's own files (docs/evolink-api.md,
// test/harness/README.md), never a path outside it or a tracker's issue number. The patterns are built so that
// this file does not match them itself.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const SCANNED = ['src', 'test', 'scripts', 'webview', 'docs', 'README.md', 'CHANGELOG.md'];
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', '.tools', 'test-results']);
const TEXT_EXT = new Set(['.ts', '.js', '.mjs', '.cjs', '.json', '.md', '.html', '.css', '.sh', '.yml', '.yaml', '.txt']);

/** An absolute path into the machine's work folder. */
const OUTSIDE_ABSOLUTE = new RegExp('/' + 'work' + '/');
/** The word issue followed by a number, with or without "#", any case. */
const ISSUE_NUMBER = /\bissues?\s*(?:#\s*)?\d+/i;
/** A relative path climbing into a `shared` folder; fine only when it resolves to a file inside the repository. */
const RELATIVE_SHARED = /((?:\.\.\/)+)shared\/([\w./-]*)/g;

function files(p: string): string[] {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [full];
  const out: string[] = [];
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...files(path.join(p, entry.name)));
    } else if (TEXT_EXT.has(path.extname(entry.name))) {
      out.push(path.join(full, entry.name));
    }
  }
  return out;
}

function insideRepoAndExists(fromFile: string, ups: string, rest: string): boolean {
  const target = path.resolve(path.dirname(fromFile), ups + 'shared', rest.replace(/[.)]+$/, ''));
  if (path.relative(root, target).startsWith('..')) return false;
  return ['', '.ts', '.js', '/index.ts'].some((ext) => fs.existsSync(target + ext));
}

/** Every offending line in `text` (of the file at `file`), as "path:line: text". */
export function findOutsideReferences(file: string, text: string): string[] {
  const found: string[] = [];
  const rel = path.relative(root, file);
  text.split('\n').forEach((line, i) => {
    const where = `${rel}:${i + 1}: ${line.trim()}`;
    if (OUTSIDE_ABSOLUTE.test(line) || ISSUE_NUMBER.test(line)) {
      found.push(where);
      return;
    }
    for (const m of line.matchAll(RELATIVE_SHARED)) {
      if (!insideRepoAndExists(file, m[1], m[2])) {
        found.push(where);
        return;
      }
    }
  });
  return found;
}

describe('the repository stands on its own', () => {
  it('has no path outside the repository and no issue number in src, test, scripts, webview, docs, README, CHANGELOG', () => {
    const scanned = SCANNED.flatMap(files);
    assert.ok(scanned.length > 50, `scanned only ${scanned.length} files`);
    const offending = scanned.flatMap((f) => findOutsideReferences(f, fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offending, [], `cite docs/evolink-api.md or test/harness/README.md instead:\n${offending.join('\n')}`);
  });

  it('the scan catches each kind of reference and lets in-repository imports through', () => {
    const here = path.join(root, 'src', 'api', 'example.ts');
    const up = '..' + '/';
    const bad = [
      `// as ${up}shared/evolink-api.md §5`,
      `// as ${up}${up}${up}shared/evolink-api.md §9`,
      `// see ${'/' + 'work'}/shared/TESTING.md`,
      `// Load (${'issue'} 6): a long document`,
      `// (${'Issue'} #12, security)`,
    ];
    for (const line of bad) assert.equal(findOutsideReferences(here, line).length, 1, line);
    const good = [
      `import { parseFromWebview } from '${up}shared/protocol';`, // src/shared/protocol.ts
      '// as docs/evolink-api.md §5',
      '// the tissue 5 layers deep; issues with the network',
    ];
    for (const line of good) {
      assert.deepEqual(findOutsideReferences(path.join(root, 'src', 'player', 'player.ts'), line), [], line);
    }
  });
});
