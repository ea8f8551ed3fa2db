// The setup the workbench specs share: a stack (code-server with the packaged extension, the simulator) and
// headless Chromium on one page of the workbench, started before the spec's tests, a screenshot when one
// fails, everything stopped after them (and on Ctrl+C, which skips mocha's after()).
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { RESULTS_DIR } from '../harness/paths';
import { onInterrupt, startStack, type Stack } from '../harness/stack';
import { ensureTools } from '../harness/tools';
import { packageVsix } from '../harness/vsix';

export interface SessionSetup {
  /** The spec's short name, in its log lines (`[e2e panel]`). */
  name: string;
  /** Starts the stack (see packagedStack). */
  start(): Promise<Stack>;
  /** Files the spec writes to test-results/, removed before it runs; the first is the screenshot of a failed test. */
  results: string[];
  /** More Chromium flags (an autoplay policy). */
  chromiumArgs?: string[];
  /** After a failed test's screenshot: more of what the page showed, for the log. */
  onFailure?(page: Page): Promise<void>;
  /** More to clean up after the stack has stopped (also on Ctrl+C). */
  cleanup?(): void;
}

/** What the session's before() started; read it in the tests (and in the spec's own before(), which runs after). */
export interface Session {
  readonly stack: Stack;
  readonly browser: Browser;
  readonly page: Page;
}

/** Registers the before / afterEach / after hooks of `setup` in the calling describe(). */
export function workbenchSession(setup: SessionSetup): Session {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let removeInterrupt = () => {};
  const stop = async () => {
    await browser?.close().catch(() => {});
    await stack?.stop();
    setup.cleanup?.();
  };

  before(async function () {
    this.timeout(240_000);
    removeInterrupt = onInterrupt(stop);
    ensureTools();
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    for (const f of setup.results) fs.rmSync(path.join(RESULTS_DIR, f), { force: true });
    stack = await setup.start();
    console.log(`    [e2e ${setup.name}] simulator ${stack.sim.baseUrl}, code-server ${stack.server.origin}`);
    browser = await launchChromium(true, setup.chromiumArgs);
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page || page.isClosed()) return;
    await page.screenshot({ path: path.join(RESULTS_DIR, setup.results[0]) }).catch(() => {});
    console.log(`    [e2e ${setup.name}] screenshot test-results/${setup.results[0]}`);
    await setup.onFailure?.(page);
  });

  after(async function () {
    this.timeout(30_000);
    await stop();
    removeInterrupt();
  });

  const started = <T>(what: string, v: T | undefined): T => {
    if (v === undefined) throw new Error(`the e2e session has no ${what}: its before() did not run or failed`);
    return v;
  };
  return {
    get stack() { return started('stack', stack); },
    get browser() { return started('browser', browser); },
    get page() { return started('page', page); },
  };
}

/** The packaged extension (.vsix, built now) in code-server with the smoke-test driver, and the simulator. */
export function packagedStack(o: { name: string; key: string; timeScale: number }): Promise<Stack> {
  const t0 = Date.now();
  const vsix = packageVsix(path.join(RESULTS_DIR, `evolink-tts-${o.name}.vsix`));
  console.log(`    [${o.name}] packaged ${path.basename(vsix)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return startStack({ name: o.name, timeScale: o.timeScale, key: o.key, vsix, verbose: !!process.env.EVOLINK_HARNESS_VERBOSE, smokeTestDriver: true });
}
