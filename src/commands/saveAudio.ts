// Saves the selection (or the whole document) as one WAV file: every chunk is synthesized (or taken from
// the cache) without playing, and the PCM is joined under one correct header. Parts in different sample
// formats cannot be joined without resampling: that is said plainly instead of writing a broken file.
import * as path from 'path';
import * as vscode from 'vscode';
import type { AudioData } from '../api/types';
import { Commands } from '../constants';
import { LiveDocumentSource, type Span } from '../reading/liveDocument';
import { AudioCache } from '../speech/cache';
import { synthesizeAll } from '../speech/pipeline';
import { voiceFor } from '../speech/voiceChoice';
import { concatWav, WavError } from '../audio/wav';
import { preflight, showSetupProblem } from './preflight';
import type { Services } from './services';

/** With a target Uri (automation, tests) no dialog is shown. Resolves to the written file, if any. */
export function saveAudio(s: Services) {
  return async (target?: unknown): Promise<vscode.Uri | undefined> => {
    const { notifier, log } = s;
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      notifier.show('info', 'Open a file (and select text, or not for the whole document) to save it as audio.');
      return undefined;
    }
    const doc = editor.document;
    const settings = s.config.read(doc.uri);
    const baseUrl = await preflight(s, settings, 'saveAudio', () => vscode.commands.executeCommand(Commands.saveAudio, target));
    if (!baseUrl) return undefined;
    const selections = editor.selections.filter((sel) => !sel.isEmpty).sort((a, b) => a.start.compareTo(b.start));
    const ranges: Span[] = selections.length
      ? selections.map((sel) => ({ start: doc.offsetAt(sel.start), end: doc.offsetAt(sel.end) }))
      : [{ start: 0, end: Infinity }];
    const prep = { languageId: doc.languageId, codeBlocks: settings.codeBlocks, pronunciations: settings.pronunciations, codeFiles: settings.codeFiles, urls: settings.urls };
    const source = new LiveDocumentSource(doc, ranges, ranges[0].start, prep);
    try {
      const estimate = await source.estimate();
      if (!estimate.tasks) {
        notifier.show('info', selections.length ? 'Nothing to save: the selection has no words to read.' : 'Nothing to save: the document has no words to read.');
        return undefined;
      }
      const voices = estimate.chunks.map((c) => voiceFor(c.text, settings));
      if (voices.some((v) => !v)) {
        showSetupProblem(s, { kind: 'noVoice' }, 'saveAudio');
        return undefined;
      }
      let file = target instanceof vscode.Uri ? target : undefined;
      if (!file) {
        const name = `${path.basename(doc.uri.path).replace(/\.[^.]*$/, '') || 'speech'}.wav`;
        file = await vscode.window.showSaveDialog({
          title: `Evolink TTS: Save ${selections.length ? 'Selection' : 'Document'} as WAV`,
          defaultUri: doc.isUntitled ? undefined : vscode.Uri.joinPath(doc.uri, '..', name),
          filters: { 'WAV audio': ['wav'] },
        });
        if (!file) return undefined;
      }
      const client = s.clients({ baseUrl, timeoutMs: settings.requestTimeoutSeconds * 1000 });
      const cacheMaxBytes = settings.cacheMaxMegabytes * 1024 * 1024;
      const parts = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Evolink TTS: synthesizing ${estimate.tasks} part${estimate.tasks === 1 ? '' : 's'}`, cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort());
          return synthesizeAll(
            source,
            {
              client,
              cache: cacheMaxBytes > 0 ? new AudioCache(s.reader.cacheDir, cacheMaxBytes) : undefined,
              timeScale: s.reader.timeScale,
              log: (line: string) => log.info(line),
              onState: () => undefined,
            },
            { voice: (text: string) => voiceFor(text, settings) || settings.voice, languageType: settings.languageType, maxParallel: settings.maxParallelTasks },
            abort.signal,
          ).finally(() => sub.dispose());
        },
      ).then((p) => p, (e: unknown) => {
        if (e instanceof Error && /abort|stopped/i.test(`${e.name} ${e.message}`)) return undefined;
        notifier.showError(e, { voice: settings.voice });
        return undefined;
      });
      if (!parts) return undefined;
      const bytes = joinWav(parts);
      if (typeof bytes === 'string') {
        notifier.show('error', bytes, [{ title: 'Show Log', run: () => log.show() }]);
        return undefined;
      }
      await vscode.workspace.fs.writeFile(file, bytes);
      log.info(`saved ${parts.length} part(s), ${bytes.length} bytes, to ${file.toString(true)}`);
      vscode.window.setStatusBarMessage(`$(save) Saved ${path.basename(file.path)}`, 5000);
      return file;
    } finally {
      source.dispose();
    }
  };
}

/** One WAV, or a sentence saying why the parts cannot be joined. */
export function joinWav(parts: readonly AudioData[]): Uint8Array | string {
  const odd = parts.findIndex((p) => p.format !== 'wav');
  if (odd >= 0) {
    return `Cannot save one WAV file: part ${odd + 1} came back as ${parts[odd].format.toUpperCase()} audio, not WAV, and the extension does not convert formats.`;
  }
  try {
    return concatWav(parts.map((p) => p.bytes));
  } catch (e) {
    const detail = e instanceof WavError ? e.message : String(e);
    return `Cannot save one WAV file: the parts have different sample formats (${detail}). Joining them would need resampling, which the extension does not do.`;
  }
}
