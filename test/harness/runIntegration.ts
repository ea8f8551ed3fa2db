// `npm run test:integration`: runs test/integration's mocha suite inside the real extension host of
// VS Code's server build (code-server), in headless Chromium, against the local Evolink simulator.
//
//   node out/test/harness/runIntegration.js [--suite faults] [--grep PATTERN] [--timeout SECONDS] [--verbose] [--headed]
//
// `--suite faults` runs test/faults/*.test.ts (the fault suite, npm run test:faults) instead of test/integration.
//
// Everything lives in one temp dir; the server runs in its own process group; browser, server and temp
// dir are always cleaned up. Prints mocha's output, then `N passed, N failed`; exits 1 on any failure.
//
// Playback: browsers play sound only after a click inside the page. Like a person, this launcher clicks
// the player's "Start listening" button whenever it appears (a real Playwright click, so a real user
// gesture), which lets runs reach "done"; the suite asserts that the click was needed once and never again.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { INTEGRATION_ENTRY, ROOT } from './paths';
import type { ResultsFile } from './results';
import { summaryLine } from './results';
import { onInterrupt, startStack, type Stack } from './stack';
import { ensureTools } from './tools';
import { autoStartListening, isAutomationLog, openAutomationPage, workbenchUrl } from './workbench';

/** The simulator's clock runs this much faster than real time; the extension polls with the same scale. */
export const TIME_SCALE = 0.02;
export const TEST_KEY = 'sk-evolink-it-7Qz3xV9pL2mN8rT4';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const started = Date.now();
  const verbose = process.argv.includes('--verbose') || !!process.env.EVOLINK_HARNESS_VERBOSE;
  const timeoutMs = Number(arg('--timeout') ?? 300) * 1000;
  if (!fs.existsSync(INTEGRATION_ENTRY)) throw new Error(`${path.relative(ROOT, INTEGRATION_ENTRY)} is missing: run \`tsc -p .\` first`);
  ensureTools();

  let stack: Stack | undefined;
  let browser: Browser | undefined;
  let stopClicking = () => {};
  const cleanup = async () => {
    stopClicking();
    await browser?.close().catch(() => {});
    await stack?.stop();
  };
  const removeInterrupt = onInterrupt(cleanup);

  try {
    stack = await startStack({ name: 'it', timeScale: TIME_SCALE, key: TEST_KEY, verbose });
    const { sim, server, voice, workspace } = stack;
    const resultsFile = path.join(stack.dir, 'results.json');
    // The key goes by file, not in the payload: code-server writes the last URL into user-data/coder.json.
    const keyFile = path.join(stack.dir, 'key.txt');
    fs.writeFileSync(keyFile, TEST_KEY);
    console.log(`[integration] simulator ${sim.baseUrl}, code-server ${server.origin}, voice ${voice}`);

    browser = await launchChromium(!process.argv.includes('--headed'));
    const automationLog: string[] = [];
    let finish: (code: number) => void = () => {};
    const exited = new Promise<number>((r) => (finish = r));
    const page = await openAutomationPage(browser, {
      onLog: (_level, args) => {
        // The workbench forwards its whole console here; keep it for a failure report, print it only when verbose.
        automationLog.push(args.map(String).join(' '));
        if (automationLog.length > 400) automationLog.shift();
        if (verbose) console.log(...args);
      },
      onExit: (code) => finish(code),
    });
    if (verbose) page.on('console', (m) => !isAutomationLog(m.text()) && console.log(`[page ${m.type()}] ${m.text()}`));
    stopClicking = await autoStartListening(page, () => console.log('[integration] clicked "Start listening" in the player'));

    const env: Record<string, string> = {
      EVOLINK_TTS_TIME_SCALE: String(TIME_SCALE),
      EVOLINK_TEST_RESULTS: resultsFile,
      EVOLINK_TEST_SIM_URL: sim.baseUrl,
      EVOLINK_TEST_SIM_CONTROL: sim.baseUrl,
      EVOLINK_TEST_KEY_FILE: keyFile,
      EVOLINK_TEST_VOICE: voice,
      EVOLINK_TEST_USER_DATA: server.userDataDir,
      EVOLINK_TEST_WORKSPACE: workspace,
      // Nothing touches the page before the first clip, so the browser refuses it until the click.
      EVOLINK_TEST_PLAYER_NEEDS_CLICK: '1',
    };
    if (arg('--suite') === 'faults') env.EVOLINK_TEST_SUITE = 'faults';
    else if (arg('--suite') !== undefined) throw new Error(`unknown --suite ${arg('--suite')}: only "faults"`);
    const grep = arg('--grep');
    if (grep) env.EVOLINK_TEST_GREP = grep;
    await page.goto(workbenchUrl(server.origin, workspace, { extensionDevelopmentPath: ROOT, extensionTestsPath: INTEGRATION_ENTRY, env }));

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);

    let results: ResultsFile | undefined;
    try {
      results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ResultsFile;
    } catch {
      results = undefined;
    }
    if (results?.output && !verbose) console.log(results.output);
    if (!verbose && (outcome === 'timeout' || !results)) {
      console.log('[integration] last lines of the workbench log:');
      console.log(automationLog.slice(-80).join('\n'));
    }
    if (outcome === 'timeout') console.error(`[integration] timed out after ${timeoutMs / 1000} s`);
    else if (!results) console.error(`[integration] the suite exited with ${outcome} but wrote no results (did index.js fail to load?)`);
    const passed = results?.passed ?? 0;
    // A timeout, a missing results file, or an exit code that disagrees with the results all count as a failure.
    let failed = results?.failed ?? 0;
    if (outcome === 'timeout' || !results || (outcome !== 0 && failed === 0)) failed += 1;
    console.log(`[integration] finished in ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${outcome})`);
    console.log(summaryLine(passed, failed));
    return failed === 0 ? 0 : 1;
  } finally {
    await cleanup();
    removeInterrupt();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`[integration] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      console.log(summaryLine(0, 1));
      process.exit(1);
    },
  );
}
