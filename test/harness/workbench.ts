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

const LOG_MARK = '\u2063codeAutomationLog';

/**
 * A new context and page with codeAutomationLog / codeAutomationExit defined before navigation.
 *
 * The log is NOT a Playwright binding: answering a binding call runs a script in the page with a user
 * gesture, and the workbench logs all the time, so the page (and the same-origin player webview) would
 * count as "interacted with" at random moments and play audio unasked. The log goes through the console
 * instead, which Playwright only listens to. The exit is a binding (called once, at the very end).
 */
export async function openAutomationPage(browser: Browser, hooks: AutomationHooks): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(`window.codeAutomationLog = (level, args) => console.log(${JSON.stringify(LOG_MARK)}, level, ...(Array.isArray(args) ? args : [args]).map(String));`);
  page.on('console', (m) => {
    const text = m.text();
    if (!text.startsWith(LOG_MARK)) return;
    const [level = 'log', ...rest] = text.slice(LOG_MARK.length + 1).split(' ');
    hooks.onLog(level, [rest.join(' ')]);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => hooks.onExit(code));
  return page;
}

/** Whether a console message is a forwarded codeAutomationLog line (already given to onLog). */
export const isAutomationLog = (text: string): boolean => text.startsWith(LOG_MARK);

/** The player's "Start listening" button, in English or in the Chinese run (test/l10n). */
const START_LISTENING = /^(Start listening|开始收听)$/;
/** The status bar asking for that click (l10n/bundle.l10n.zh-cn.json words it for the Chinese run). */
const CLICK_START_LISTENING = /click Start listening|请点击“开始收听”/;

/**
 * The player webview's frame once its "Start listening" button is visible. The workbench's own frame is
 * skipped: there the status bar item ("TTS: click Start listening") is a button too.
 */
export async function findStartListening(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    try {
      const button = frame.getByRole('button', { name: START_LISTENING });
      if ((await button.count()) > 0 && (await button.first().isVisible())) return frame;
    } catch {
      // Frames come and go while the workbench lays out; a detached frame is simply skipped.
    }
  }
  return undefined;
}

export type PageEvaluator = <T>(expression: string) => Promise<T>;

/**
 * Evaluates in the workbench's main frame WITHOUT a user gesture (CDP Runtime.evaluate, userGesture:
 * false). Playwright's evaluate and locators run with userGesture: true, and in code-server the player
 * webview is same-origin with the workbench, so each such call counts as the user's interaction with the
 * player too and lets it play unasked. Anything that watches the page before "Start listening" must
 * use this instead.
 */
export async function noGestureEvaluator(page: Page): Promise<PageEvaluator> {
  const cdp = await page.context().newCDPSession(page);
  return async <T>(expression: string): Promise<T> => {
    const r = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true, userGesture: false })) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string };
    };
    if (r.exceptionDetails) throw new Error(`page script failed: ${r.exceptionDetails.text}`);
    return r.result.value as T;
  };
}

/** The extension's status bar text (`TTS: …`), read from the DOM without a user gesture. */
export const STATUS_TEXT_EXPRESSION =
  "[...document.querySelectorAll('.statusbar-item')].map((e) => e.innerText.replace(/\\s+/g, ' ').trim()).find((t) => /TTS[:：]/.test(t)) || ''";

/**
 * Clicks "Start listening" in the player webview when the status bar asks for it, as a person would:
 * the browser only lets the page play sound after a real click inside it. Watches without a user
 * gesture (see noGestureEvaluator), so the page is not unlocked by the watching itself. Returns a
 * function that stops watching.
 */
export async function autoStartListening(page: Page, onClick: () => void): Promise<() => void> {
  const evaluate = await noGestureEvaluator(page);
  let stopped = false;
  void (async () => {
    while (!stopped && !page.isClosed()) {
      const status = await evaluate<string>(STATUS_TEXT_EXPRESSION).catch(() => '');
      if (CLICK_START_LISTENING.test(status)) {
        const frame = await findStartListening(page);
        if (frame && !stopped) {
          try {
            await frame.getByRole('button', { name: START_LISTENING }).first().click({ timeout: 2000 });
            onClick();
          } catch {
            // Re-rendered or gone: try again on the next round.
          }
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return () => {
    stopped = true;
  };
}
