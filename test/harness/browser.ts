// Debian's chromium driven by playwright-core (no browser download), with the flags test/harness/README.md describes.
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './paths';

export function launchChromium(headless = true, extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless,
    // Our own signal handlers close the browser AND stop code-server and the simulator; Playwright's
    // would close the browser and exit the process before that cleanup ran.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
}
