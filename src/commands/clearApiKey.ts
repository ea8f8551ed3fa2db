// Removes the Evolink API key from SecretStorage.
import * as vscode from 'vscode';
import type { Services } from './services';

export function clearApiKey({ secrets, notifier, log }: Services) {
  return async (): Promise<void> => {
    if (!(await secrets.get())) {
      notifier.show('info', vscode.l10n.t('No Evolink API key is stored.'));
      return;
    }
    await secrets.clear();
    log.info('API key removed from secret storage');
    vscode.window.setStatusBarMessage(`$(key) ${vscode.l10n.t('Evolink API key removed')}`, 4000);
  };
}
