// Saves the selection (or the whole document) as one WAV or MP3 file: every chunk is synthesized (or taken
// from the cache) without playing, and the PCM is joined under one correct header. Parts in different sample
// formats cannot be joined without resampling: that is said plainly instead of writing a broken file. The
// format is the one the save dialog's file type (the name's extension) says; an MP3 is encoded from the
// joined WAV by src/audio/mp3.ts, which loads its encoder only then.
import * as path from 'path';
import * as vscode from 'vscode';
import type { AudioData } from '../api/types';
import { Commands } from '../constants';
import { LiveDocumentSource, type Span } from '../reading/liveDocument';
import { AudioCache } from '../speech/cache';
import { synthesizeAll } from '../speech/pipeline';
import { voiceFor } from '../speech/voiceChoice';
import { concatWav, WavError } from '../audio/wav';
import { wavToMp3 } from '../audio/mp3';
import { alignments } from '../audio/alignCache';
import type { SourceChunk } from '../speech/chunker';
import { cuesOf, toSrt, toVtt, type SubtitlePart } from '../speech/subtitles';
import { preflight, showSetupProblem } from './preflight';
import type { Services } from './services';

/** The format a file name asks for: MP3 for `.mp3`, WAV otherwise. */
export function formatOf(file: vscode.Uri): 'mp3' | 'wav' {
  return /\.mp3$/i.test(file.path) ? 'mp3' : 'wav';
}

/**
 * With a target Uri (automation, tests) no dialog is shown; its extension (`.mp3` or not) chooses the format.
 * Resolves to the written file, if any.
 */
export function saveAudio(s: Services) {
  return async (target?: unknown): Promise<vscode.Uri | undefined> => {
    const { notifier, log } = s;
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      notifier.show('info', vscode.l10n.t('Open a file (and select text, or not for the whole document) to save it as audio.'));
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
    const prep = { languageId: doc.languageId, codeBlocks: settings.codeBlocks, pronunciations: settings.pronunciations,
      math: settings.math, latexReferences: settings['latex.references'], codeFiles: settings.codeFiles, urls: settings.urls };
    const source = new LiveDocumentSource(doc, ranges, ranges[0].start, prep);
    try {
      const estimate = await source.estimate();
      if (!estimate.tasks) {
        notifier.show('info', selections.length ? vscode.l10n.t('Nothing to save: the selection has no words to read.') : vscode.l10n.t('Nothing to save: the document has no words to read.'));
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
          title: selections.length ? vscode.l10n.t('Evolink TTS: Save Selection as Audio (WAV or MP3)') : vscode.l10n.t('Evolink TTS: Save Document as Audio (WAV or MP3)'),
          defaultUri: doc.isUntitled ? undefined : vscode.Uri.joinPath(doc.uri, '..', name),
          filters: { [vscode.l10n.t('WAV audio')]: ['wav'], [vscode.l10n.t('MP3 audio (smaller)')]: ['mp3'] },
        });
        if (!file) return undefined;
        // A name typed without .wav or .mp3 is saved as WAV, with .wav added.
        if (!/\.(wav|mp3)$/i.test(file.path)) file = file.with({ path: `${file.path}.wav` });
      }
      const client = s.clients({ baseUrl, timeoutMs: settings.requestTimeoutSeconds * 1000 });
      const cacheMaxBytes = settings.cacheMaxMegabytes * 1024 * 1024;
      const parts = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: estimate.tasks === 1 ? vscode.l10n.t('Evolink TTS: synthesizing 1 part') : vscode.l10n.t('Evolink TTS: synthesizing {0} parts', estimate.tasks), cancellable: true },
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
      const wav = joinWav(parts);
      const bytes = typeof wav === 'string' || formatOf(file) === 'wav' ? wav : toMp3(wav);
      if (typeof bytes === 'string') {
        notifier.show('error', bytes, [{ title: vscode.l10n.t('Show Log'), run: () => log.show() }]);
        return undefined;
      }
      await vscode.workspace.fs.writeFile(file, bytes);
      log.info(`saved ${parts.length} part(s), ${bytes.length} bytes, to ${file.toString(true)}`);
      const subtitles = settings.saveSubtitles === 'none' ? [] : await writeSubtitles(file, parts, source.chunks, settings.saveSubtitles === 'sentencesAndWords');
      if (subtitles.length) log.info(`saved subtitles: ${subtitles.map((f) => path.basename(f.path)).join(', ')}`);
      else if (settings.saveSubtitles !== 'none') log.warn(`no subtitles written: ${parts.length} part(s) of audio for ${source.chunks.length} part(s) of text`);
      vscode.window.setStatusBarMessage(`$(save) ${vscode.l10n.t('Saved {0}', [file, ...subtitles].map((f) => path.basename(f.path)).join(', '))}`, 5000);
      return file;
    } finally {
      source.dispose();
    }
  };
}

/**
 * Writes subtitles next to the audio file `wav` (same name, WAV or MP3): `.srt` and `.vtt` with one cue per sentence and, with `words`,
 * `.words.vtt` with one cue per word, timed by aligning each part's audio with its text (a part at a time,
 * yielding between parts so the window stays responsive). Returns the files written.
 */
async function writeSubtitles(wav: vscode.Uri, parts: readonly AudioData[], chunks: readonly SourceChunk[], words: boolean): Promise<vscode.Uri[]> {
  if (chunks.length !== parts.length) return [];
  const aligned: SubtitlePart[] = [];
  let offset = 0;
  for (const [i, audio] of parts.entries()) {
    const chunk = chunks[i];
    const alignment = alignments.align(audio.bytes, { text: chunk.text, sentences: chunk.sentences, words: chunk.words });
    aligned.push({ chunk, alignment, offset });
    offset += alignment.duration > 0 ? alignment.duration : audio.durationSec ?? 0;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const base = wav.path.replace(/\.(wav|mp3)$/i, '');
  const files: [vscode.Uri, string][] = [
    [wav.with({ path: `${base}.srt` }), toSrt(cuesOf(aligned, 'sentence'))],
    [wav.with({ path: `${base}.vtt` }), toVtt(cuesOf(aligned, 'sentence'))],
  ];
  if (words) files.push([wav.with({ path: `${base}.words.vtt` }), toVtt(cuesOf(aligned, 'word'))]);
  for (const [uri, text] of files) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return files.map(([uri]) => uri);
}

/** The MP3 of a joined WAV, or a sentence saying why it cannot be made (nothing is written then). */
function toMp3(wav: Uint8Array): Uint8Array | string {
  try {
    return wavToMp3(wav);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return vscode.l10n.t('Cannot save the MP3 file ({0}). Save it as WAV instead: choose the WAV file type in the save dialog.', detail);
  }
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
