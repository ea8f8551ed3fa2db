#!/usr/bin/env node
// `npm test`: lint, then the unit, integration, fault-suite and end-to-end tiers, then the text bench's
// figures, one after the other (every tier runs even when an earlier one failed). Each tier prints its own
// `N passed, N failed` as its last such line; this script adds them up and prints ONE final line
// `N passed, N failed`. Lint and the bench have no tests of their own and count as one check each. A tier
// that ends without its line, or exits non-zero while claiming no failures, counts one extra failure.
// Exits 1 if anything failed.
//
//   node scripts/test-all.mjs [--only unit,integration,faults]
import { spawn } from 'node:child_process';

const TIERS = [
  { name: 'lint', script: 'lint', counted: false },
  { name: 'unit', script: 'test:unit', counted: true },
  { name: 'integration', script: 'test:integration', counted: true },
  { name: 'faults', script: 'test:faults', counted: true },
  { name: 'e2e', script: 'test:e2e', counted: true },
  // Figures, not tests: how long preparing documents for reading holds the thread (no timing is asserted;
  // like lint it counts as one check, failed only if the bench cannot run).
  { name: 'bench-text', script: 'bench:text', counted: false },
];

const only = (() => {
  const i = process.argv.indexOf('--only');
  return i >= 0 ? new Set(process.argv[i + 1].split(',')) : undefined;
})();

/** The last `N passed, N failed` line in a tier's output. */
function parseSummary(output) {
  const all = [...output.matchAll(/^\s*(\d+) passed, (\d+) failed(?:, \d+ skipped)?\s*$/gm)];
  const last = all.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}

function runTier(tier) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n━━━ ${tier.name}: npm run ${tier.script} ━━━`);
    const child = spawn('npm', ['run', '--silent', tier.script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    const onSignal = () => child.kill('SIGTERM');
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    child.on('close', (code, signal) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const seconds = (Date.now() - started) / 1000;
      const ok = code === 0;
      let counts;
      if (!tier.counted) {
        counts = ok ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
      } else {
        counts = parseSummary(output) ?? { passed: 0, failed: 0, missing: true };
        if (!ok && counts.failed === 0) counts = { ...counts, failed: counts.failed + 1 };
      }
      resolve({ tier: tier.name, ok, code: code ?? signal, seconds, ...counts });
    });
  });
}

const started = Date.now();
const results = [];
for (const tier of TIERS) {
  if (only && !only.has(tier.name)) continue;
  results.push(await runTier(tier));
}

console.log('\n━━━ summary ━━━');
for (const r of results) {
  const note = r.missing ? ' (no summary line)' : '';
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.tier.padEnd(12)} ${String(r.passed).padStart(3)} passed, ${r.failed} failed  ${r.seconds.toFixed(1)} s${note}`);
}
console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.every((r) => r.ok) ? 0 : 1);
