// `npm run test:faults`: the fault suite. First the core tier (test/faults/core, Mocha in plain Node against
// the simulator), then the editor tier (test/faults/*.test.ts) in one real-editor run through the
// integration harness (`runIntegration --suite faults`). Prints both tiers' output and one final line
// `N passed, N failed`; exits 1 on any failure.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

async function core(): Promise<{ passed: number; failed: number }> {
  const dir = path.join(__dirname, 'core');
  const mocha = new Mocha({ reporter: 'spec', timeout: 20_000, color: process.stdout.isTTY });
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  await mocha.loadFilesAsync();
  let passed = 0;
  let failed = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
  return { passed, failed };
}

function editor(): Promise<{ passed: number; failed: number }> {
  return new Promise((resolve) => {
    const harness = path.join(__dirname, '..', 'harness', 'runIntegration.js');
    const child = spawn(process.execPath, [harness, '--suite', 'faults', '--timeout', '240', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d);
    });
    const forward = () => child.kill('SIGTERM');
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('close', (code) => {
      const last = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
      const counts = last ? { passed: Number(last[1]), failed: Number(last[2]) } : { passed: 0, failed: 0 };
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      resolve(counts);
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  console.log('[faults] core tier (plain Node)');
  const c = await core();
  console.log(`[faults] core: ${c.passed} passed, ${c.failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log('[faults] editor tier (code-server)');
  const e = await editor();
  console.log(`[faults] finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const failed = c.failed + e.failed;
  console.log(`${c.passed + e.passed} passed, ${failed} failed`);
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
