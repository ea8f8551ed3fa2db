// Debian's chromium driven by playwright-core (no browser download), with the flags from TESTING.md.
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './paths';

export function launchChromium(headless = true, extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
}
