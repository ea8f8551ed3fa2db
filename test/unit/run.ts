// Unit tier: runs every out/test/unit/**/*.test.js with Mocha in plain Node, then prints exactly one final
// line "N passed, N failed" (", N skipped" when any were pending). Exit code 1 on any failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(p));
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

async function main(): Promise<number> {
  const mocha = new Mocha({ reporter: 'spec', timeout: 10_000, color: process.stdout.isTTY });
  // UNIT_GREP=text runs only the tests whose full title contains `text` (a plain string, not a regex).
  const grep = process.env.UNIT_GREP;
  if (grep) mocha.grep(new RegExp(grep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  for (const f of findTests(__dirname)) mocha.addFile(f);
  await mocha.loadFilesAsync();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
    runner.on('pending', () => skipped++);
  });
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
