// Proofreading in sessions: continue where the last reading of a document stopped, forget those places,
// move by paragraph or heading while reading, and read the section at the cursor.
import * as vscode from 'vscode';
import { outlineOf, sectionAt } from '../speech/outline';
import type { Services } from './services';
import { startReading } from './speakSelection';

/** Reads the active document from the sentence where its last reading stopped. */
export const continueReading = (s: Services) => startReading(s, 'continue', (editor) => {
  const found = s.positions.resolve(editor.document);
  if (!found) return 'This document has no reading to continue: start one with Speak Document or Speak from Cursor.';
  if (found.match !== 'exact') s.log.info(`continue reading: the sentence was found ${found.match === 'lost' ? 'nowhere; reading from its old offset' : found.match === 'moved' ? 'elsewhere (moved)' : 'by part of its words (edited)'}`);
  return { ranges: [{ start: 0, end: Infinity }], from: found.offset };
});

/** Reads the section at the cursor (Markdown); in other documents, the paragraph at the cursor. */
export const readSection = (s: Services) => startReading(s, 'section', (editor) => {
  const doc = editor.document;
  const section = sectionAt(outlineOf(doc.getText(), doc.languageId === 'markdown'), doc.offsetAt(editor.selection.active));
  return { ranges: [{ start: section.start, end: section.end }], from: section.start };
});

export const forgetReadingPositions = ({ positions, notifier }: Services) => async (): Promise<void> => {
  const n = await positions.store.clear();
  notifier.show('info', n === 0 ? vscode.l10n.t('No reading positions were kept.')
    : n === 1 ? vscode.l10n.t('Forgot where reading stopped in 1 document.') : vscode.l10n.t('Forgot where reading stopped in {0} documents.', n));
};


function mover(unit: 'paragraph' | 'heading', direction: 1 | -1) {
  return ({ reader }: Services) => (): void => {
    if (reader.move(unit, direction)) return;
    if (reader.state.kind === 'idle' || !reader.position) return;
    const words = unit === 'paragraph'
      ? (direction > 0 ? vscode.l10n.t('No next paragraph to move to.') : vscode.l10n.t('No previous paragraph to move to.'))
      : (direction > 0 ? vscode.l10n.t('No next heading to move to.') : vscode.l10n.t('No previous heading to move to.'));
    vscode.window.setStatusBarMessage(`$(info) ${words}`, 3000);
  };
}

export const nextParagraph = mover('paragraph', 1);
export const previousParagraph = mover('paragraph', -1);
export const nextHeading = mover('heading', 1);
export const previousHeading = mover('heading', -1);
