// A tiny demo-only extension (never shipped): `npm run demo` packs it next to the real extension so a
// newcomer can just select text and press the keybinding. On startup, in the newcomer's own browser
// session, it stores the local simulator's demo key through Evolink TTS's own "Set API Key" command
// (SecretStorage lives in the browser, so the demo script cannot pre-set it from outside) and opens the
// sample Markdown document.
import * as vscode from 'vscode';

export async function activate(): Promise<void> {
  const key = process.env.EVOLINK_DEMO_KEY;
  if (key) await vscode.commands.executeCommand('evolinkTts.setApiKey', key);
  const doc = process.env.EVOLINK_DEMO_OPEN;
  if (doc && !vscode.window.activeTextEditor) {
    await vscode.window.showTextDocument(vscode.Uri.file(doc), { preview: false });
  }
}

export function deactivate(): void {}
