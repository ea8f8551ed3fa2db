// `npm run demo` as a person meets it: the same launch (scripts/demoLaunch.ts: the packaged extension, the
// demo helper that stores the key and opens sample.md, code-server WITHOUT the test tiers' smoke-test
// driver), the workbench in headless Chromium. Checks what the test-driver launch cannot show: the Get
// Started walkthrough ticks off what the demo already did (key stored, voice set), and the extension's
// notifications pop up as toasts whose buttons act.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { DEMO_TIME_SCALE, demoUrl, startDemo } from '../../scripts/demoLaunch';
import { RESULTS_DIR } from '../harness/paths';
import type { Stack } from '../harness/stack';
import { DEMO_KEY } from '../simulator/server';
import { runFromPalette as paletteCommand } from './palette';
import { workbenchSession } from './session';

describe('The demo as a person meets it (npm run demo’s own launch)', function () {
  let build: string | undefined;
  const session = workbenchSession({
    name: 'demo',
    start: () => {
      build = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-demo-e2e-build-'));
      // No smoke-test driver here: the demo starts the editor as a user's would.
      return startDemo({ buildDir: build, port: 0, timeScale: DEMO_TIME_SCALE, verbose: !!process.env.EVOLINK_HARNESS_VERBOSE });
    },
    results: ['e2e-demo-failure.png', 'e2e-demo-walkthrough.png', 'e2e-demo-toast.png'],
    cleanup: () => {
      if (build) fs.rmSync(build, { recursive: true, force: true });
    },
  });
  let stack: Stack;
  let page: Page;

  const toasts = () => page.locator('.notifications-toasts .notification-toast');
  /** The walkthrough's checkbox for one step (`data-done-step-id` ends with the step's id from package.json). */
  const stepCheck = (stepId: string) => page.locator(`[data-done-step-id$="#${stepId}"]`).first();

  before(() => {
    ({ stack, page } = session);
  });

  /** Runs a command from the palette as a person would. */
  const runFromPalette = (title: string, timeoutMs?: number): Promise<void> => paletteCommand(page, title, timeoutMs);


  it('opens at the URL the demo prints, with sample.md open (the demo helper ran)', async function () {
    this.timeout(90_000);
    await page.goto(demoUrl(stack));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.tab.active', { hasText: 'sample.md' }).waitFor({ timeout: 60_000 });
  });

  it('Get Started opens with "Set your Evolink API key" and "Design a voice" ticked off, "Speak a selection" not', async function () {
    this.timeout(60_000);
    await runFromPalette('Evolink TTS: Get Started');
    await page.getByText('Get started with Evolink TTS').first().waitFor({ timeout: 30_000 });
    // The helper stores the key at startup; its step ticks once the extension has seen it.
    for (const step of ['setApiKey', 'designVoice']) {
      await page.locator(`[data-done-step-id$="#${step}"][aria-checked="true"]`).first().waitFor({ timeout: 20_000 })
        .catch(async () => assert.fail(`step ${step} is not ticked (aria-checked=${await stepCheck(step).getAttribute('aria-checked')})`));
    }
    assert.strictEqual(await stepCheck('speakSelection').getAttribute('aria-checked'), 'false', 'nothing was spoken yet');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'e2e-demo-walkthrough.png') });
  });

  it('shows the extension’s notification as a toast whose button acts (Speak Selection without a key)', async function () {
    this.timeout(90_000);
    await runFromPalette('Evolink TTS: Clear API Key');
    await page.locator('.statusbar-item', { hasText: 'Evolink API key removed' }).waitFor();
    await page.locator('.tab', { hasText: 'sample.md' }).first().click();
    await page.locator('.tab.active', { hasText: 'sample.md' }).waitFor();
    const keyToasts = () => toasts().filter({ hasText: 'Set your Evolink API key to read aloud.' });
    // (The demo's own key setup may have left its "key saved" toast with Check Connection.)
    assert.strictEqual(await keyToasts().count(), 0, 'no "Set your Evolink API key" toast before Speak Selection');

    await runFromPalette('Evolink TTS: Speak Selection');
    const toast = keyToasts().first();
    await toast.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(RESULTS_DIR, 'e2e-demo-toast.png') });
    await toast.getByRole('button', { name: 'Set API Key' }).click();
    await page.locator('.quick-input-widget input[type="password"]').waitFor();
    await page.keyboard.type(DEMO_KEY);
    await page.keyboard.press('Enter');
    // The key is stored: its own toast offers Check Connection (and the reading that asked for it runs again).
    await toasts().filter({ hasText: 'Evolink API key saved' }).first().waitFor({ timeout: 30_000 });
  });
});
