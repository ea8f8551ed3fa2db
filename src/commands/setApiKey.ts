// Stores the Evolink API key in SecretStorage. Interactive (masked input), or with the key as the
// argument for automation. Resolves to true when a key was stored, and then offers Check Connection.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { validateApiKey } from '../secrets';
import type { Services } from './services';

export function setApiKey({ secrets, notifier, log }: Services) {
  return async (key?: unknown): Promise<boolean> => {
    let value: string | undefined;
    if (typeof key === 'string') {
      value = key.trim();
      const problem = validateApiKey(value);
      if (problem) {
        notifier.show('error', vscode.l10n.t('The API key passed to “Set API Key” was not stored: {0}', problem));
        return false;
      }
    } else {
      value = (await vscode.window.showInputBox({
        title: vscode.l10n.t('Evolink TTS: Set API Key'),
        prompt: vscode.l10n.t('Paste your Evolink API key (evolink.ai → Dashboard → API Keys). It is kept in VS Code’s secret storage.'),
        placeHolder: vscode.l10n.t('Evolink API key'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => validateApiKey(v.trim()),
      }))?.trim();
      if (!value) return false;
    }
    await secrets.set(value);
    log.setSecret(value);
    log.info('API key stored in secret storage');
    vscode.window.setStatusBarMessage(`$(key) ${vscode.l10n.t('Evolink API key saved')}`, 4000);
    notifier.show('info', vscode.l10n.t('Evolink API key saved in VS Code’s secret storage.'), [
      { title: vscode.l10n.t('Check Connection'), run: () => vscode.commands.executeCommand(Commands.checkConnection) },
    ]);
    return true;
  };
}
