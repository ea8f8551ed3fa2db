// `npm run test:integration`: runs test/integration's mocha suite inside the real extension host of
// VS Code's server build (code-server), in headless Chromium, against the local Evolink simulator.
//
//   node out/test/harness/runIntegration.js [--suite integration|restricted|faults|l10n|startup] [--grep PATTERN] [--timeout SECONDS] [--verbose] [--headed]
//
// Without --suite it runs test/integration, then test/restricted (Restricted Mode: a second code-server with
// workspace trust left on and the workspace not trusted, its .vscode/settings.json naming a voice, language and
// base URL that must be ignored), and prints ONE `N passed, N failed` line for both. `--suite NAME` runs one:
// `faults` is test/faults/*.test.ts (the fault suite, npm run test:faults). `l10n` (also run without --suite)
// is test/l10n: the editor started in Simplified Chinese with a test language pack (a third, short code-server run).
// `startup` (run only when named) is test/startup: a cold activation and the first request, timed and printed.
//
// Everything lives in one temp dir; the server runs in its own process group; browser, server and temp
// dir are always cleaned up. Prints mocha's output, then `N passed, N failed`; exits 1 on any failure.
//
// Playback: browsers play sound only after a click inside the page. Like a person, this launcher clicks
// the player's "Start listening" button whenever it appears (a real Playwright click, so a real user
// gesture), which lets runs reach "done"; the suite asserts that the click was needed once and never again.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { INTEGRATION_ENTRY, ROOT } from './paths';
import type { ResultsFile } from './results';
import { summaryLine } from './results';
import { onInterrupt, startStack, type Stack } from './stack';
import { ensureTools } from './tools';
import { packageLanguagePack } from './vsix';
import { autoStartListening, isAutomationLog, openAutomationPage, workbenchUrl } from './workbench';

/** The simulator's clock runs this much faster than real time; the extension polls with the same scale. */
export const TIME_SCALE = 0.02;
export const TEST_KEY = 'sk-evolink-it-7Qz3xV9pL2mN8rT4';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SUITES = ['integration', 'restricted', 'faults', 'l10n', 'startup'] as const;
type Suite = (typeof SUITES)[number];

/** Restricted Mode: trust stays on, nobody is asked, so the folder opens untrusted (VS Code 1.139 settings). */
const RESTRICTED_USER_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
  'security.workspace.trust.untrustedFiles': 'open',
};
/** What the untrusted workspace asks for (test/restricted checks that none of it is used). */
const RESTRICTED_WORKSPACE_SETTINGS = {
  'evolinkTts.voice': 'qwen-tts-vd-workspace-voice-not-on-the-simulator',
  'evolinkTts.voicesByLanguage': { English: 'qwen-tts-vd-workspace-english-voice-not-on-the-simulator' },
  'evolinkTts.languageType': 'Japanese',
  // Nothing listens on port 9 (discard): a request sent there would fail the run.
  'evolinkTts.baseUrl': 'http://127.0.0.1:9',
};

/** Stops the run in progress (server process group, simulator, temp dir); for Ctrl+C. */
let stopCurrent: (() => Promise<void>) | undefined;

interface Outcome {
  passed: number;
  failed: number;
}

/** One real-editor run of `suite`: its own simulator and code-server, a fresh browser context. */
async function runSuite(suite: Suite, browser: Browser, verbose: boolean, timeoutMs: number): Promise<Outcome> {
  const started = Date.now();
  const restricted = suite === 'restricted';
  let stack: Stack | undefined;
  let stopClicking = () => {};
  let page: Page | undefined;
  try {
    stack = await startStack({
      name: restricted ? 'restricted' : suite === 'l10n' ? 'l10n' : 'it',
      timeScale: TIME_SCALE,
      key: TEST_KEY,
      verbose,
      workspaceTrust: restricted,
      // A built workbench reads the payload (the extension under development, the test entry) only with it.
      smokeTestDriver: true,
      // The Chinese run: the display language zh-cn, from a test language pack packaged here.
      displayLanguage: suite === 'l10n' ? { locale: 'zh-cn', pack: packageLanguagePack(path.join(ROOT, 'out', 'test', 'zh-cn-language-pack.vsix')) } : undefined,
      // In Restricted Mode the voice and language come from here (the user's settings) only.
      userSettings: restricted ? { ...RESTRICTED_USER_SETTINGS, 'evolinkTts.languageType': 'English' } : undefined,
    });
    stopCurrent = stack.stop;
    const { sim, server, voice, workspace } = stack;
    if (restricted) {
      const settingsFile = path.join(workspace, '.vscode', 'settings.json');
      const userFile = path.join(server.userDataDir, 'User', 'settings.json');
      const user = JSON.parse(fs.readFileSync(userFile, 'utf8')) as Record<string, unknown>;
      // The simulator's voice: designed when the stack started, so it is known only now (read at page load).
      fs.writeFileSync(userFile, JSON.stringify({ ...user, 'evolinkTts.voice': voice }, null, 2));
      fs.writeFileSync(settingsFile, JSON.stringify({ ...RESTRICTED_WORKSPACE_SETTINGS }, null, 2) + '\n');
    }
    const resultsFile = path.join(stack.dir, 'results.json');
    // The key goes by file, not in the payload: code-server writes the last URL into user-data/coder.json.
    const keyFile = path.join(stack.dir, 'key.txt');
    fs.writeFileSync(keyFile, TEST_KEY);
    console.log(`[integration] ${suite}: simulator ${sim.baseUrl}, code-server ${server.origin}, voice ${voice}`);

    const automationLog: string[] = [];
    let finish: (code: number) => void = () => {};
    const exited = new Promise<number>((r) => (finish = r));
    page = await openAutomationPage(browser, {
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
    if (suite !== 'integration') env.EVOLINK_TEST_SUITE = suite;
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
    if (outcome === 'timeout') console.error(`[integration] ${suite} timed out after ${timeoutMs / 1000} s`);
    else if (!results) console.error(`[integration] ${suite} exited with ${outcome} but wrote no results (did index.js fail to load?)`);
    const passed = results?.passed ?? 0;
    // A timeout, a missing results file, or an exit code that disagrees with the results all count as a failure.
    let failed = results?.failed ?? 0;
    if (outcome === 'timeout' || !results || (outcome !== 0 && failed === 0)) failed += 1;
    // Not the summary line's shape: scripts read only the one combined line main() prints last.
    console.log(`[integration] ${suite} finished in ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${outcome}): ${passed} passed, ${failed} failed`);
    return { passed, failed };
  } finally {
    stopClicking();
    await page?.context().close().catch(() => {});
    await stack?.stop();
    stopCurrent = undefined;
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const verbose = process.argv.includes('--verbose') || !!process.env.EVOLINK_HARNESS_VERBOSE;
  const timeoutMs = Number(arg('--timeout') ?? 1500) * 1000;
  const chosen = arg('--suite');
  if (chosen !== undefined && !(SUITES as readonly string[]).includes(chosen)) throw new Error(`unknown --suite ${chosen}: one of ${SUITES.join(', ')}`);
  const suites: Suite[] = chosen ? [chosen as Suite] : ['integration', 'restricted', 'l10n'];
  if (!fs.existsSync(INTEGRATION_ENTRY)) throw new Error(`${path.relative(ROOT, INTEGRATION_ENTRY)} is missing: run \`tsc -p .\` first`);
  ensureTools();

  let browser: Browser | undefined;
  const removeInterrupt = onInterrupt(async () => {
    await browser?.close().catch(() => {});
    await stopCurrent?.();
  });
  try {
    browser = await launchChromium(!process.argv.includes('--headed'));
    let passed = 0;
    let failed = 0;
    // One after the other: two code-servers at once need about 4 GB and both cores.
    for (const suite of suites) {
      const r = await runSuite(suite, browser, verbose, timeoutMs).catch((e: unknown) => {
        console.error(`[integration] ${suite}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return { passed: 0, failed: 1 };
      });
      passed += r.passed;
      failed += r.failed;
    }
    console.log(`[integration] finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(summaryLine(passed, failed));
    return failed === 0 ? 0 : 1;
  } finally {
    await browser?.close().catch(() => {});
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
