// Check Connection: with the stored key, asks Evolink for the credits (GET /v1/credits, which costs nothing) and
// says in one message whether Evolink was reached (directly or through which proxy), whether the key was
// accepted, what it can spend, and at which base URL. Each failure says what fixes it (src/errorMessages.ts).
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { Config } from '../config';
import { proxySource } from '../errorMessages';
import { checkBaseUrl } from '../settings';
import { spendableCredits } from '../statusBar/credits';
import type { Services } from './services';

/** Resolves to true when Evolink answered and accepted the key. */
export function checkConnection(s: Services) {
  return async (): Promise<boolean> => {
    const { notifier, log } = s;
    const base = checkBaseUrl(s.config.read().baseUrl);
    if (!base.ok) {
      notifier.show('error', `${base.reason} Change evolinkTts.baseUrl in your user settings, then check the connection again.`,
        [{ title: 'Open Settings', run: () => Config.open('baseUrl') }]);
      return false;
    }
    if (!(await s.secrets.get())) {
      notifier.show('warning', 'No Evolink API key is set, so there is nothing to check yet. Set your key, then check the connection again.',
        [{ title: 'Set API Key', run: () => vscode.commands.executeCommand(Commands.setApiKey) }]);
      return false;
    }
    const client = s.clients({ baseUrl: base.url });
    const again = () => vscode.commands.executeCommand(Commands.checkConnection);
    try {
      const credits = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Evolink TTS: checking the connection' },
        () => client.getCredits(),
      );
      const route = s.connection.routeFor(base.url);
      const via = route ? `through the proxy ${route.url} (from ${proxySource(route.source)})` : 'directly';
      const n = spendableCredits(credits);
      const spend = n === undefined ? 'Evolink did not say how many credits it can spend' : `it can spend ${formatCredits(n)} credits`;
      log.info(`check connection: reached ${base.url} ${via}; key accepted; ${spend}`);
      notifier.show('info', `Connected to Evolink at ${base.url} ${via}. The API key is accepted; ${spend}.`);
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
