// Opens the real workbench in a Chromium page, optionally with the `payload` that runs an extension test
// entry inside the extension host (the way VS Code's own browser integration tests do it).
import type { Browser, Frame, Page } from 'playwright-core';

export interface TestPayload {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  env: Record<string, string>;
}

/** The workbench URL; with a payload, the paths become vscode-remote URIs on the page's own authority. */
export function workbenchUrl(origin: string, folder: string, payload?: TestPayload): string {
  const authority = new URL(origin).host;
  let url = `${origin}/?folder=${encodeURIComponent(folder)}`;
  if (payload) {
    const entries = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${payload.extensionDevelopmentPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${payload.extensionTestsPath}`],
      ['skipWelcome', 'true'],
      ['extensionEnvironment', JSON.stringify(payload.env)],
    ];
    url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  }
  return url;
}

export interface AutomationHooks {
  onLog(level: string, args: unknown[]): void;
  onExit(code: number): void;
}

/** A new context and page with codeAutomationLog / codeAutomationExit exposed before navigation. */
export async function openAutomationPage(browser: Browser, hooks: AutomationHooks): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.exposeFunction('codeAutomationLog', (level: string, args: unknown[]) => hooks.onLog(level, args));
  await page.exposeFunction('codeAutomationExit', (code: number) => hooks.onExit(code));
  return page;
}

/** Every frame of the page whose document has a visible "Start listening" button (the player webview). */
export async function findStartListening(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      const button = frame.getByRole('button', { name: /Start listening/i });
      if ((await button.count()) > 0 && (await button.first().isVisible())) return frame;
    } catch {
      // Frames come and go while the workbench lays out; a detached frame is simply skipped.
    }
  }
  return undefined;
}

/**
 * Clicks "Start listening" in the player webview whenever it appears, as a person would: the browser
 * only lets the page play sound after a real click inside it. Returns a function that stops watching.
 */
export function autoStartListening(page: Page, onClick: () => void): () => void {
  let stopped = false;
  void (async () => {
    while (!stopped && !page.isClosed()) {
      const frame = await findStartListening(page);
      if (frame && !stopped) {
        try {
          await frame.getByRole('button', { name: /Start listening/i }).first().click({ timeout: 2000 });
          onClick();
        } catch {
          // Re-rendered or gone: try again on the next round.
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return () => {
    stopped = true;
  };
}
