// Reads the selection aloud (or, with no selection, the current line, and says so). Resolves when the
// run has ended (done, failed or stopped), or at once when there is nothing to read.
import * as vscode from 'vscode';
import { MAX_PROMPT_CHARS } from '../api/types';
import { Commands } from '../constants';
import { Config } from '../config';
import { checkBaseUrl } from '../settings';
import { chunkText } from '../speech/chunker';
import { chooseVoice, voiceFor } from '../speech/voiceChoice';
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
    const choices = chunks.map((c) => chooseVoice(c.text, settings));
    const unvoiced = choices.find((c) => !c.voice);
    if (unvoiced) {
      notifier.show('warning', 'Choose a voice first: Evolink reads only with a voice you designed. Design one (about 2 credits), or select one you already have.'
        + (unvoiced.language && Object.keys(settings.voicesByLanguage).length ? ` (No voice is set for ${unvoiced.language} text, and evolinkTts.voice is empty.)` : ''), [
        { title: 'Design a Voice', run: () => vscode.commands.executeCommand(Commands.designVoice) },
        { title: 'Select Voice', run: () => vscode.commands.executeCommand(Commands.selectVoice) },
      ]);
      return;
    }
    for (const [i, c] of choices.entries()) {
      if (c.source === 'language') s.log.info(`part ${i + 1}: ${c.language} (${c.languageFrom}) → voice ${c.voice}`);
    }
    const note = wholeLine ? 'Nothing was selected: reading the current line.' : undefined;
    s.statusBar.setNote(note);
    if (note) vscode.window.setStatusBarMessage(`$(info) ${note}`, 5000);
    await s.reader.start({
      chunks,
      voice: choices[0].voice,
      voiceFor: (t) => voiceFor(t, settings),
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
