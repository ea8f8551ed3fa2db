// Reads the selection aloud (or, with no selection, the current line, and says so); the same flow reads
// the whole document or from the cursor (speakDocument.ts, speakFromCursor.ts). Resolves when the run has
// ended (done, failed or stopped), or at once when there is nothing to read or the user declined.
import * as vscode from 'vscode';
import { LiveDocumentSource, type Span } from '../reading/liveDocument';
import { CODE_LANGUAGES } from '../speech/formats/load';
import type { PrepareOptions } from '../speech/textPrep';
import { chooseVoice } from '../speech/voiceChoice';
import { fromSettings, preflight, showSetupProblem } from './preflight';
import { activeNotebook, readNotebook } from './speakNotebook';
import type { Services } from './services';

/** `fromWord` is Read from Here: from the word at the cursor, in the parts Speak Document cuts (their audio reused). */
export type ReadWhat = 'selection' | 'document' | 'fromCursor' | 'fromWord' | 'continue' | 'section';

/** What to read, chosen by the command (Continue Reading, Read Section); a string says why there is nothing. */
export type ChooseRanges = (editor: vscode.TextEditor) => { ranges: Span[]; from: number } | string;

export function speakSelection(s: Services) {
  return startReading(s, 'selection');
}

/** The command body for reading `what` of the active editor (`choose` picks the ranges when given). */
export function startReading(s: Services, what: ReadWhat, choose?: ChooseRanges) {
  const run = async (): Promise<void> => {
    const { notifier } = s;
    // A notebook is read cell by cell (its cells are documents of their own).
    const notebook = (what === 'document' || what === 'fromCursor') && !choose ? activeNotebook() : undefined;
    if (notebook) return readNotebook(s, what as 'document' | 'fromCursor', notebook, run);
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      notifier.show('info', what === 'selection' ? vscode.l10n.t('Open a file and select the text to read aloud.') : vscode.l10n.t('Open a file to read aloud.'));
      return;
    }
    const cursor = editor.document.offsetAt(editor.selection.active);
    // Read from Here inside the part being heard, or one heard before in this run: its audio is here already.
    if (what === 'fromWord' && s.reader.seekToWord(editor.document, cursor)) return;
    const chosen = choose?.(editor);
    if (typeof chosen === 'string') {
      notifier.show('info', chosen);
      return;
    }
    const target = chosen ? { ...chosen, wholeLine: false } : rangesToRead(editor, what);
    const { wholeLine } = target;
    if (!target.ranges.some((r) => editor.document.getText().slice(r.start, r.end).trim())) {
      notifier.show('info', wholeLine ? vscode.l10n.t('Nothing to read: nothing is selected and the current line is empty.')
        : what === 'selection' ? vscode.l10n.t('Nothing to read: the selection is empty.') : vscode.l10n.t('Nothing to read: the document is empty.'));
      return;
    }
    const settings = s.config.read(editor.document.uri);
    const baseUrl = await preflight(s, settings, 'speech', run);
    if (!baseUrl) return;
    let prep: PrepareOptions = {
      languageId: editor.document.languageId, codeBlocks: settings.codeBlocks, pronunciations: settings.pronunciations,
      math: settings.math, latexReferences: settings['latex.references'], codeFiles: settings.codeFiles, urls: settings.urls,
    };
    let probe = new LiveDocumentSource(editor.document, target.ranges, target.from, prep);
    let handedOver = false;
    try {
      let from = target.from;
      if (what === 'fromCursor' || what === 'continue') {
        await probe.prepareSplit();
        from = probe.sentenceStartAt(target.from);
      }
      if (from !== target.from) probe.rewindTo(from);
      if (what === 'fromWord') {
        const part = await probe.rewindToPartAt(cursor);
        if (!part) {
          notifier.show('info', vscode.l10n.t('Nothing to read from here on.'));
          return;
        }
        from = part.start;
      }
      let estimate = await probe.estimate();
      if (what === 'selection' && !estimate.chunks.length && prep.codeFiles !== 'all' && CODE_LANGUAGES.includes(prep.languageId)) {
        // A selection of code with no comment in it: read what was selected, as it is.
        probe.dispose();
        prep = { ...prep, codeFiles: 'all' };
        probe = new LiveDocumentSource(editor.document, target.ranges, target.from, prep);
        estimate = await probe.estimate();
      }
      if (probe.fallback) {
        s.log.warn(`reading ${editor.document.uri.toString(true)}: ${probe.fallback}`);
        const format = ({ markdown: 'Markdown', latex: 'LaTeX', tex: 'LaTeX' } as Record<string, string>)[editor.document.languageId];
        notifier.show('info', format
          ? vscode.l10n.t('Part of this document could not be read as {0} (it is nested too deeply), so that part is read as plain text.', format)
          : vscode.l10n.t('Part of this document could not be read as its format (it is nested too deeply), so that part is read as plain text.'));
      }
      const chunks = estimate.chunks;
      if (!chunks.length) {
        notifier.show('info', what === 'selection' ? vscode.l10n.t('Nothing to read: the selection has only spaces or markup.') : vscode.l10n.t('Nothing to read from here on.'));
        return;
      }
      const choices = chunks.map((c) => chooseVoice(c.text, settings));
      const unvoiced = choices.find((c) => !c.voice);
      if (unvoiced) {
        const language = unvoiced.language && Object.keys(settings.voicesByLanguage).length ? unvoiced.language : undefined;
        showSetupProblem(s, { kind: 'noVoice', language }, 'speech');
        return;
      }
      for (const [i, c] of choices.entries()) {
        if (c.source === 'language') s.log.info(`part ${i + 1}: ${c.language} (${c.languageFrom}) → voice ${c.voice}`);
      }
      if (settings.confirmAboveCharacters > 0 && estimate.characters > settings.confirmAboveCharacters) {
        const go = vscode.l10n.t('Read Aloud');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('Read {0} characters aloud?', estimate.characters.toLocaleString('en-US')),
          {
            modal: true,
            detail: estimate.tasks === 1
              ? vscode.l10n.t('That takes about 1 speech task at Evolink, and each costs credits (parts read before with the same voice come from the cache for free). evolinkTts.confirmAboveCharacters sets when this is asked.')
              : vscode.l10n.t('That takes about {0} speech tasks at Evolink, and each costs credits (parts read before with the same voice come from the cache for free). evolinkTts.confirmAboveCharacters sets when this is asked.', estimate.tasks),
          },
          go,
        );
        if (answer !== go) return;
      }
      const note = wholeLine ? vscode.l10n.t('Nothing was selected: reading the current line.') : undefined;
      s.statusBar.setNote(note);
      if (note) vscode.window.setStatusBarMessage(`$(info) ${note}`, 5000);
      handedOver = true;
      await s.reader.start({
        document: editor.document,
        ranges: target.ranges,
        from,
        prep,
        voice: choices[0].voice,
        ...fromSettings(settings),
        baseUrl,
        prepared: probe,
        startAtWord: what === 'fromWord' ? cursor : undefined,
        remember: what === 'document' || what === 'fromCursor' || what === 'continue',
      }, estimate.tasks);
    } finally {
      if (!handedOver) probe.dispose();
    }
  };
  return run;
}

/**
 * What to read as document offsets: the non-empty selections in document order (or the cursor's line
 * when nothing is selected), the whole document, or the document from the cursor on.
 */
function rangesToRead(editor: vscode.TextEditor, what: ReadWhat): { ranges: Span[]; from: number; wholeLine: boolean } {
  const doc = editor.document;
  const at = (p: vscode.Position) => doc.offsetAt(p);
  if (what === 'document' || what === 'fromWord') return { ranges: [{ start: 0, end: Infinity }], from: 0, wholeLine: false };
  if (what === 'fromCursor') return { ranges: [{ start: 0, end: Infinity }], from: at(editor.selection.active), wholeLine: false };
  const selections = editor.selections.filter((sel) => !sel.isEmpty).sort((a, b) => a.start.compareTo(b.start));
  if (selections.length) {
    const ranges = selections.map((sel) => ({ start: at(sel.start), end: at(sel.end) }));
    return { ranges, from: ranges[0].start, wholeLine: false };
  }
  const line = doc.lineAt(editor.selection.active.line).range;
  return { ranges: [{ start: at(line.start), end: at(line.end) }], from: at(line.start), wholeLine: true };
}
