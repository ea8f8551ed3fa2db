// Where each document's reading stopped (Stop, closing the document, quitting, a failure), kept per document
// URI in workspace state (PositionStore) and marked in the gutter of its editors with a hover that continues
// reading there. The sentence being heard is kept as reading goes (at most once a second), so quitting the
// editor loses at most that second; a document read to its end is forgotten.
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../constants';
import { findAnchor, type AnchorMatch, type TextAnchor } from '../speech/anchor';
import { PositionStore } from './positionStore';

/** Longest wait before the sentence being heard is written to workspace state. */
const SAVE_EVERY_MS = 1000;
/** Edits redraw the marks after this pause. */
const REDRAW_AFTER_MS = 150;

export interface ResolvedPosition {
  offset: number;
  match: AnchorMatch;
}

export class ReadingPositions implements vscode.Disposable {
  readonly store: PositionStore;
  private readonly decoration: vscode.TextEditorDecorationType;
  /** The document being read: its mark is hidden while the highlight shows where reading is. */
  private reading: string | undefined;
  private pending: { uri: string; anchor: TextAnchor } | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly drawn = new Map<string, number>();
  private canContinue: boolean | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(state: vscode.Memento, extensionUri: vscode.Uri, private readonly log: (line: string) => void) {
    this.store = new PositionStore(state);
    this.decoration = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'reading-stopped-light.svg'),
      gutterIconSize: 'contain',
      light: { gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'reading-stopped-light.svg') },
      dark: { gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'reading-stopped-dark.svg') },
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.infoForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    const store = this.store.onDidChange(() => this.draw());
    this.subs.push(
      { dispose: () => store.dispose() },
      vscode.window.onDidChangeVisibleTextEditors(() => this.draw()),
      vscode.window.onDidChangeActiveTextEditor(() => this.draw()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.drawn.has(e.document.uri.toString())) this.redrawSoon();
      }),
    );
    this.draw();
  }

  /** Where the reading of `document` stopped, found again in its text as it is now. */
  resolve(document: vscode.TextDocument): ResolvedPosition | undefined {
    const p = this.store.get(document.uri.toString());
    return p && findAnchor(document.getText(), p);
  }

  /** Reading of `uri` started. */
  started(uri: vscode.Uri): void {
    this.reading = uri.toString();
    this.draw();
  }

  /** The sentence being heard in `uri` now: kept within a second. */
  heard(uri: vscode.Uri, anchor: TextAnchor): void {
    this.pending = { uri: uri.toString(), anchor };
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      this.flush();
    }, SAVE_EVERY_MS);
  }

  /**
   * Reading of `uri` stopped before the end: the last sentence heard is kept now and marked (unless
   * `readingOn`: a new reading of the same document has started).
   */
  stopped(uri: vscode.Uri, readingOn = false): void {
    this.flush();
    if (this.reading === uri.toString() && !readingOn) this.reading = undefined;
    this.draw();
  }

  /** `uri` was read to its end: its position is forgotten. */
  finished(uri: vscode.Uri, readingOn = false): void {
    const key = uri.toString();
    if (this.pending?.uri === key) this.pending = undefined;
    if (this.reading === key && !readingOn) this.reading = undefined;
    this.forget(this.store.delete(key));
  }

  /** The lines marked in the visible editors of `uri` (what the user sees). */
  marked(uri: string): { line: number; offset: number }[] {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    const offset = this.drawn.get(uri);
    return editor && offset !== undefined ? [{ line: editor.document.positionAt(offset).line, offset }] : [];
  }

  private flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (p) this.forget(this.store.set(p.uri, p.anchor));
  }

  private forget(write: Promise<void>): void {
    write.then(undefined, (e: unknown) => this.log(`could not keep the reading position: ${String(e)}`));
  }

  private redrawSoon(): void {
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = undefined;
      this.draw();
    }, REDRAW_AFTER_MS);
  }

  private draw(): void {
    this.drawn.clear();
    const hover = new vscode.MarkdownString(`${vscode.l10n.t('Reading stopped here')} — [${vscode.l10n.t('Continue Reading')}](command:${Commands.continueReading})`);
    hover.isTrusted = { enabledCommands: [Commands.continueReading] };
    for (const editor of vscode.window.visibleTextEditors) {
      const uri = editor.document.uri.toString();
      const found = uri === this.reading ? undefined : this.resolve(editor.document);
      if (!found) {
        editor.setDecorations(this.decoration, []);
        continue;
      }
      this.drawn.set(uri, found.offset);
      const line = editor.document.positionAt(found.offset).line;
      // The whole line, so that the hover shows over its text as well as over the icon.
      editor.setDecorations(this.decoration, [{ range: editor.document.lineAt(line).range, hoverMessage: hover }]);
    }
    const active = vscode.window.activeTextEditor;
    const can = Boolean(active && this.store.get(active.document.uri.toString()));
    if (can !== this.canContinue) {
      this.canContinue = can;
      void vscode.commands.executeCommand('setContext', ContextKeys.canContinue, can);
    }
  }

  dispose(): void {
    this.flush();
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    for (const s of this.subs) s.dispose();
    this.decoration.dispose();
  }
}
