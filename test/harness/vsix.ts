// Packages the extension as users get it: `vsce package` (which runs vscode:prepublish, the production build),
// and fails on any warning it prints.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './paths';

export function packageVsix(outFile: string): string {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['package', '--out', outFile], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0 || !fs.existsSync(outFile)) {
    throw new Error(`vsce package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  // The package is what the marketplace gets: any warning vsce prints (a missing field, a relative image link
  // in the README, an unwanted file) fails the run.
  const warnings = `${r.stdout}\n${r.stderr}`.split('\n').filter((line) => /\bWARNING\b/.test(line));
  if (warnings.length) throw new Error(`vsce package warned:\n${warnings.join('\n')}`);
  return outFile;
}

/** The test language pack (test/fixtures/zh-cn-language-pack) as a .vsix, for the Chinese editor run. */
export function packageLanguagePack(outFile: string): string {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
  const cwd = path.join(ROOT, 'test', 'fixtures', 'zh-cn-language-pack');
  const r = spawnSync(vsce, ['package', '--allow-missing-repository', '--out', outFile], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0 || !fs.existsSync(outFile)) throw new Error(`vsce package (language pack) failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return outFile;
}
