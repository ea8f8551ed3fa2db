// The integration suite's entry, loaded by the extension host (test-electron's contract, also used by
// the code-server payload): `run()` resolves when every test passed and rejects otherwise. It also writes
// a results JSON to $EVOLINK_TEST_RESULTS so the launching script gets the counts through a second channel.
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';
import { format } from 'util';
import type { ResultsFile, TestResult } from '../harness/results';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: 30_000,
    grep: process.env.EVOLINK_TEST_GREP,
  });
  // EVOLINK_TEST_SUITE=faults runs test/faults/*.test.ts instead (npm run test:faults), =restricted runs
  // test/restricted/*.test.ts (Restricted Mode, launched with workspace trust on), =l10n runs test/l10n/*.test.ts
  // (the editor in Simplified Chinese), =startup runs test/startup/*.test.ts (a cold start, timed); same host and helpers.
  const chosen = process.env.EVOLINK_TEST_SUITE;
  const suite = chosen === 'faults' || chosen === 'restricted' || chosen === 'l10n' || chosen === 'startup' ? chosen : 'integration';
  const outDir = path.resolve(__dirname, '..', suite);
  // Only files whose source still exists: a renamed or deleted test leaves a stale .js behind in out/.
  const sourceDir = path.resolve(__dirname, '..', '..', '..', 'test', suite);
  const files = fs
    .readdirSync(outDir)
    .filter((f) => f.endsWith('.test.js') && fs.existsSync(path.join(sourceDir, f.replace(/\.js$/, '.ts'))))
    .sort();
  for (const f of files) mocha.addFile(path.join(outDir, f));
  await mocha.loadFilesAsync();

  // Plain text: the report travels through the workbench log and a JSON file (CI=true would turn colours on).
  Mocha.reporters.Base.useColors = false;
  // Keep mocha's report for the results file: the launcher prints it without the workbench's own log noise.
  const output: string[] = [];
  const consoleLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    output.push(format(...args));
    consoleLog(...args);
  };

  const tests: TestResult[] = [];
  // What the extension logged while each failing test ran, printed after mocha's report: a failure seen
  // once in CI can then be read, not only retried.
  const logs = extensionLog();
  const logged: string[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((n) => resolve(n));
    runner.on('test', () => logs.mark());
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => {
      tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack ?? String(err) });
      logged.push(`\n[extension log while "${t.fullTitle()}" ran, last ${LOG_LINES} lines]`, ...logs.sinceMark());
    });
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
  Mocha.reporters.Base.consoleLog = consoleLog;
  if (logged.length) {
    output.push(...logged);
    console.log(logged.join('\n'));
  }

  const results: ResultsFile = {
    passed: tests.filter((t) => t.state === 'passed').length,
    // Hook failures are counted by mocha but are not tests of their own; keep the larger number.
    failed: Math.max(failures, tests.filter((t) => t.state === 'failed').length),
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
    output: output.join('\n'),
  };
  if (process.env.EVOLINK_TEST_RESULTS) fs.writeFileSync(process.env.EVOLINK_TEST_RESULTS, JSON.stringify(results, null, 2));
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}

const LOG_LINES = 80;

/**
 * The extension's own log file (its output channel, written by the workbench under the user data folder):
 * `mark()` notes where it ends now, `sinceMark()` gives the last lines written after that.
 */
function extensionLog(): { mark(): void; sinceMark(): string[] } {
  const root = process.env.EVOLINK_TEST_USER_DATA ? path.join(process.env.EVOLINK_TEST_USER_DATA, 'logs') : undefined;
  const find = (): string | undefined => {
    if (!root || !fs.existsSync(root)) return undefined;
    const found = fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => path.basename(f) === 'Evolink TTS.log')
      .map((f) => path.join(root, f));
    return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  };
  let at = 0;
  const size = (file: string | undefined) => (file ? fs.statSync(file).size : 0);
  return {
    mark: () => { at = size(find()); },
    sinceMark: () => {
      const file = find();
      if (!file) return ['(no log file found)'];
      const text = fs.readFileSync(file).subarray(at).toString('utf8');
      return text.split('\n').filter((l) => l.trim()).slice(-LOG_LINES);
    },
  };
}
