// Runs a command from the command palette as a person would (F1, type its title, Enter), retrying while the
// extension host is still starting and the command is not listed yet.
import type { Page } from 'playwright-core';

export async function runFromPalette(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor();
    await page.keyboard.type(title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.keyboard.press('Escape');
    }
  }
}
