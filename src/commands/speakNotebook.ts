// Speak Document and Speak from Cursor in a notebook: the cells are read in order in one reading (Markdown
// cells as Markdown, code cells per evolinkTts.codeBlocks), each cell as the document it is, so the
// highlight is drawn in that cell's editor; when one cell has been read to its end the next one follows
// (ReadRequest.next), and Stop, Pause and Retry work on the cell being read.
import * as vscode from 'vscode';
import type { ReadRequest } from '../reading/readAloud';
import { LiveDocumentSource } from '../reading/liveDocument';
import { cellReadings, type CellReading } from '../speech/notebook';
import type { PrepareOptions } from '../speech/textPrep';
import { chooseVoice } from '../speech/voiceChoice';
import { fromSettings, preflight, showSetupProblem } from './preflight';
import type { Services } from './services';

/** The notebook the command works on: the active notebook editor, with the cell editor in it that has focus. */
export function activeNotebook(): { editor: vscode.NotebookEditor; cellEditor?: vscode.TextEditor } | undefined {
  const editor = vscode.window.activeNotebookEditor;
  if (!editor) return undefined;
  const text = vscode.window.activeTextEditor;
  if (!text) return { editor };
  const inside = editor.notebook.getCells().some((c) => c.document === text.document);
  // A text editor of another document has focus: that is what is read.
  return inside ? { editor, cellEditor: text } : undefined;
}

/**
 * Reads the notebook from its first cell (`document`) or from the sentence at the cursor in the cell with
 * focus (`fromCursor`; the first selected cell when no cell editor has focus).
 */
export async function readNotebook(s: Services, what: 'document' | 'fromCursor', nb: { editor: vscode.NotebookEditor; cellEditor?: vscode.TextEditor }, again: () => Promise<void>): Promise<void> {
  const { notifier } = s;
  const { editor, cellEditor } = nb;
  const notebook = editor.notebook;
  const cells = notebook.getCells();
  let first = 0;
  let cursor = 0;
  if (what === 'fromCursor') {
    const focused = cellEditor && cells.findIndex((c) => c.document === cellEditor.document);
    first = focused !== undefined && focused >= 0 ? focused : editor.selection.start;
    if (cellEditor) cursor = cellEditor.document.offsetAt(cellEditor.selection.active);
  }
  const settings = s.config.read(notebook.uri);
  const base: PrepareOptions = {
    languageId: 'markdown', codeBlocks: settings.codeBlocks, pronunciations: settings.pronunciations,
    math: settings.math, latexReferences: settings['latex.references'], codeFiles: settings.codeFiles, urls: settings.urls,
  };
  const plan = cellReadings(cells.map((c) => ({
    kind: c.kind === vscode.NotebookCellKind.Markup ? 'markup' : 'code', languageId: c.document.languageId, text: c.document.getText(),
  })), base, first);
  if (!plan.length) {
    notifier.show('info', what === 'document'
      ? vscode.l10n.t('Nothing to read: this notebook has no Markdown cells with text (evolinkTts.codeBlocks sets whether code cells are read).')
      : vscode.l10n.t('Nothing to read from here on.'));
    return;
  }
  const baseUrl = await preflight(s, settings, 'speech', again);
  if (!baseUrl) return;
  // Each cell prepared once for the cost question; the first one's source is handed to the reading.
  const steps: Array<{ cell: CellReading; from: number; tasks: number; source: LiveDocumentSource }> = [];
  let handedOver = false;
  try {
    let characters = 0;
    const texts: string[] = [];
    for (const cell of plan) {
      const doc = cells[cell.index].document;
      const source = new LiveDocumentSource(doc, [{ start: 0, end: Infinity }], 0, cell.prep);
      let from = 0;
      if (what === 'fromCursor' && cell.index === first && cellEditor) {
        from = source.sentenceStartAt(cursor);
        if (from !== 0) source.rewindTo(from);
      }
      const estimate = await source.estimate();
      if (!estimate.chunks.length) {
        source.dispose();
        continue;
      }
      characters += estimate.characters;
      texts.push(...estimate.chunks.map((c) => c.text));
      steps.push({ cell, from, tasks: estimate.tasks, source });
    }
    if (!steps.length) {
      notifier.show('info', vscode.l10n.t('Nothing to read from here on.'));
      return;
    }
    const choices = texts.map((t) => chooseVoice(t, settings));
    const unvoiced = choices.find((c) => !c.voice);
    if (unvoiced) {
      const language = unvoiced.language && Object.keys(settings.voicesByLanguage).length ? unvoiced.language : undefined;
      showSetupProblem(s, { kind: 'noVoice', language }, 'speech');
      return;
    }
    const tasks = steps.reduce((n, st) => n + st.tasks, 0);
    if (settings.confirmAboveCharacters > 0 && characters > settings.confirmAboveCharacters) {
      const go = vscode.l10n.t('Read Aloud');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Read {0} characters aloud?', characters.toLocaleString('en-US')),
        {
          modal: true,
          detail: vscode.l10n.t('That takes about {0} speech task(s) at Evolink, and each costs credits (parts read before with the same voice come from the cache for free). evolinkTts.confirmAboveCharacters sets when this is asked.', tasks),
        },
        go,
      );
      if (answer !== go) return;
    }
    // Only the first cell's source is used as prepared; the others are prepared again when their turn comes
    // (the cell may have been edited in between).
    for (const st of steps.slice(1)) st.source.dispose();
    const request = (i: number): { req: ReadRequest; tasks: number } | undefined => {
      const st = steps[i];
      if (!st) return undefined;
      const doc = notebook.isClosed ? undefined : notebook.getCells()[st.cell.index]?.document;
      if (!doc || doc.isClosed || doc !== cells[st.cell.index].document) {
        if (i === 0) st.source.dispose();
        return request(i + 1);
      }
      reveal(editor, st.cell.index);
      return {
        req: {
          document: doc,
          ranges: [{ start: 0, end: Infinity }],
          from: st.from,
          prep: st.cell.prep,
          voice: choices[0].voice,
          ...fromSettings(settings),
          baseUrl,
          prepared: i === 0 ? st.source : undefined,
          next: () => request(i + 1),
        },
        tasks: st.tasks,
      };
    };
    handedOver = true;
    const start = request(0);
    if (!start) return;
    s.statusBar.setNote(undefined);
    await s.reader.start(start.req, start.tasks);
  } finally {
    if (!handedOver) for (const st of steps) st.source.dispose();
  }
}

/**
 * Brings cell `index` into view in the notebook editor and selects it (a cell's editor exists only while it
 * is shown). A Markdown cell is shown as rendered, without an editor to draw the highlight in: it is opened
 * for editing, as a double-click would, so that its source and the highlight on it are seen.
 */
function reveal(editor: vscode.NotebookEditor, index: number): void {
  const range = new vscode.NotebookRange(index, index + 1);
  editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  if (vscode.window.activeNotebookEditor !== editor) return;
  editor.selection = range;
  if (editor.notebook.cellAt(index).kind === vscode.NotebookCellKind.Markup) {
    void vscode.commands.executeCommand('notebook.cell.edit').then(undefined, () => undefined);
  }
}
