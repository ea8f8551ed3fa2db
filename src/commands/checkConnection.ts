// Check Connection: with the stored key, asks Evolink for the credits (GET /v1/credits, which costs nothing) and
// says in one message whether Evolink was reached (directly or through which proxy), whether the key was
// accepted, what it can spend, and at which base URL. Each failure says what fixes it (src/errorMessages.ts).
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { proxySource } from '../errorMessages';
import { spendableCredits } from '../statusBar/credits';
import { preflight } from './preflight';
import type { Services } from './services';

/** Resolves to true when Evolink answered and accepted the key. */
export function checkConnection(s: Services) {
  return async (): Promise<boolean> => {
    const { notifier, log } = s;
    const again = () => vscode.commands.executeCommand(Commands.checkConnection);
    // No key or a base URL the key may not go to: the same words and buttons as every other command.
    const baseUrl = await preflight(s, s.config.read(), 'connection', again);
    if (!baseUrl) return false;
    const client = s.clients({ baseUrl });
    try {
      const credits = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Evolink TTS: checking the connection') },
        () => client.getCredits(),
      );
      const route = s.connection.routeFor(baseUrl);
      const via = route ? vscode.l10n.t('through the proxy {0} (from {1})', route.url, proxySource(route.source)) : vscode.l10n.t('directly');
      const n = spendableCredits(credits);
      const spend = n === undefined ? vscode.l10n.t('Evolink did not say how many credits it can spend') : vscode.l10n.t('it can spend {0} credits', formatCredits(n));
      log.info(`check connection: reached ${baseUrl}${route ? ` through the proxy ${route.url}` : ' directly'}; key accepted; ${n ?? 'unknown'} credits`);
      notifier.show('info', vscode.l10n.t('Connected to Evolink at {0} {1}. The API key is accepted; {2}.', baseUrl, via, spend));
      return true;
    } catch (e) {
      notifier.showError(e, { job: 'connection' }, again);
      return false;
    }
  };
}

function formatCredits(n: number): string {
  return (Math.round(n * 1000) / 1000).toLocaleString('en-US');
}
