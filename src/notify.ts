// Every notification the extension shows goes through here, so each one offers buttons that act and
// EvolinkTtsApi.notifications() can report what was shown. Text passes through the log's redactor.
import * as vscode from 'vscode';
import { Commands } from './constants';
import { Config } from './config';
import { describeError, type ErrorAction, type ErrorContext, type ErrorMessage, type NotificationRecord } from './errorMessages';
import type { Log } from './log';

export interface Action {
  title: string;
  run: () => unknown;
}

const MAX_RECORDS = 200;

export class Notifier {
  private readonly records: NotificationRecord[] = [];
  /** The buttons of each record (same index), so a test can press one through EvolinkTtsApi. */
  private readonly buttons: (readonly Action[])[] = [];

  constructor(private readonly log: Log) {}

  /** Notifications shown so far, newest last. */
  history(): readonly NotificationRecord[] {
    return this.records;
  }

  /** Shows a notification without waiting for it; a clicked button runs its action. */
  show(severity: NotificationRecord['severity'], message: string, actions: readonly Action[] = []): void {
    const text = this.log.redact(message);
    this.records.push({ severity, message: text, actions: actions.map((a) => a.title) });
    this.buttons.push(actions);
    if (this.records.length > MAX_RECORDS) {
      this.records.shift();
      this.buttons.shift();
    }
    this.log[severity === 'info' ? 'info' : severity === 'warning' ? 'warn' : 'error'](`notification: ${text}`);
    const show = severity === 'info' ? vscode.window.showInformationMessage
      : severity === 'warning' ? vscode.window.showWarningMessage
      : vscode.window.showErrorMessage;
    void Promise.resolve(show(text, ...actions.map((a) => a.title))).then(
      (picked) => actions.find((a) => a.title === picked)?.run(),
      (e: unknown) => this.log.error('notification failed', e),
    );
  }

  /**
   * Runs the button `title` of the notification at `index` in history(), as a click on it would: the same
   * callback. Throws if there is no such notification or button.
   */
  press(index: number, title: string): unknown {
    const action = this.buttons[index]?.find((a) => a.title === title);
    if (!action) throw new Error(`notification ${index} has no "${title}" button`);
    return action.run();
  }

  /** Shows the message for a failure (nothing for a Stop); `retry` backs the "Retry" button. */
  showError(err: unknown, ctx: ErrorContext, retry?: () => unknown): void {
    const m = describeError(err, ctx);
    if (m) this.showMessage(m, retry);
  }

  /** Shows a described message; `retry` backs "Retry" and runs again after "Set API Key" when it asks to. */
  showMessage(m: ErrorMessage, retry?: () => unknown): void {
    const actions = m.actions
      .filter((a) => a.kind !== 'retry' || retry)
      .map((a): Action => ({ title: buttonTitle(a), run: () => this.runAction(a, retry) }));
    this.show(m.severity, m.message, actions);
  }

  private runAction(a: ErrorAction, retry?: () => unknown): unknown {
    switch (a.kind) {
      case 'setApiKey':
        if (!a.thenRetry || !retry) return vscode.commands.executeCommand(Commands.setApiKey);
        return Promise.resolve(vscode.commands.executeCommand<boolean>(Commands.setApiKey)).then((stored) => (stored ? retry() : undefined));
      case 'openSettings':
        return Config.open(a.setting);
      case 'showLog':
        return this.log.show();
      case 'retry':
        return retry?.();
      case 'openUrl':
        return vscode.env.openExternal(vscode.Uri.parse(a.url));
      case 'designVoice':
        return vscode.commands.executeCommand(Commands.designVoice);
      case 'selectVoice':
        return vscode.commands.executeCommand(Commands.selectVoice);
      case 'openProxySettings':
        return vscode.commands.executeCommand('workbench.action.openSettings', a.setting);
    }
  }
}

/** A button's title in the editor's language (ErrorAction titles are English identifiers). */
export function buttonTitle(a: ErrorAction): string {
  switch (a.title) {
    case 'Set API Key': return vscode.l10n.t('Set API Key');
    case 'Open Settings': return vscode.l10n.t('Open Settings');
    case 'Show Log': return vscode.l10n.t('Show Log');
    case 'Retry': return vscode.l10n.t('Retry');
    case 'Top Up': return vscode.l10n.t('Top Up');
    case 'Open API Keys': return vscode.l10n.t('Open API Keys');
    case 'Design a Voice': return vscode.l10n.t('Design a Voice');
    case 'Select Voice': return vscode.l10n.t('Select Voice');
    case 'Open Proxy Settings': return vscode.l10n.t('Open Proxy Settings');
  }
}
