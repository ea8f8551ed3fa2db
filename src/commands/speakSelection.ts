// Reads the selection aloud (or, with no selection, the current line, and says so). Resolves when the
// run has ended (done, failed or stopped), or at once when there is nothing to read.
import * as vscode from 'vscode';
import { MAX_PROMPT_CHARS } from '../api/types';
import { Commands } from '../constants';
import { Config } from '../config';
import { checkBaseUrl } from '../settings';
import { chunkText } from '../speech/chunker';
import type { Services } from './services';

export function speakSelection(s: Services) {
  const run = async (): Promise<void> => {
    const { notifier } = s;
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      notifier.show('info', 'Open a file and select the text to read aloud.');
      return;
    }
    const { text, wholeLine } = textToRead(editor);
    if (!text.trim()) {
      notifier.show('info', wholeLine ? 'Nothing to read: nothing is selected and the current line is empty.' : 'Nothing to read: the selection is empty.');
      return;
    }
    const settings = s.config.read(editor.document.uri);
    if (!settings.voice) {
      notifier.show('warning', 'Choose a voice first: set “evolinkTts.voice” to a voice you designed with Evolink (a name like qwen-tts-vd-…).', [
        { title: 'Open Settings', run: () => Config.open('voice') },
      ]);
      return;
    }
    const base = checkBaseUrl(settings.baseUrl);
    if (!base.ok) {
      notifier.show('error', `${base.reason} Change evolinkTts.baseUrl in your user settings: the API key is sent only to https addresses or to this machine.`, [
        { title: 'Open Settings', run: () => Config.open('baseUrl') },
      ]);
      return;
    }
    if (!(await s.secrets.get())) {
      notifier.show('warning', 'Set your Evolink API key to read aloud.', [
        {
          title: 'Set API Key',
          run: async () => {
            if (await vscode.commands.executeCommand<boolean>(Commands.setApiKey)) await run();
          },
        },
      ]);
      return;
    }
    const chunks = chunkText(text, { maxChars: MAX_PROMPT_CHARS });
    if (!chunks.length) {
      notifier.show('info', 'Nothing to read: the selection has only spaces.');
      return;
    }
    const note = wholeLine ? 'Nothing was selected: reading the current line.' : undefined;
    s.statusBar.setNote(note);
    if (note) vscode.window.setStatusBarMessage(`$(info) ${note}`, 5000);
    await s.reader.start({
      chunks,
      voice: settings.voice,
      languageType: settings.languageType,
      baseUrl: base.url,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
    });
  };
  return run;
}

/** The non-empty selections in document order, or the cursor's line when nothing is selected. */
function textToRead(editor: vscode.TextEditor): { text: string; wholeLine: boolean } {
  const selections = editor.selections.filter((sel) => !sel.isEmpty).sort((a, b) => a.start.compareTo(b.start));
  if (selections.length) return { text: selections.map((sel) => editor.document.getText(sel)).join('\n\n'), wholeLine: false };
  return { text: editor.document.lineAt(editor.selection.active.line).text, wholeLine: true };
}
