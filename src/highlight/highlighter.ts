// The sentence being spoken, shown in every visible editor of its document and kept in view. One
// decoration type for the extension's lifetime; ranges are document offsets (the run keeps them
// current through edits), turned into positions whenever they are drawn.
import * as vscode from 'vscode';

export interface HighlightSnapshot {
  uri: string;
  start: number;
  end: number;
  /** The document's text in the range when it was drawn. */
  text: string;
}

export class Highlighter implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    borderColor: new vscode.ThemeColor('editor.findMatchBorder'),
    borderStyle: 'solid',
    borderWidth: '1px',
    borderRadius: '2px',
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private current: { uri: vscode.Uri; start: number; end: number } | undefined;
  private readonly changed = new vscode.EventEmitter<HighlightSnapshot | undefined>();
  private readonly subs: vscode.Disposable[];
  private snap: HighlightSnapshot | undefined;

  /** Fires whenever the highlighted range moves or clears (tests collect these). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subs = [
      // A document opened again (or an editor that becomes visible) gets the highlight back.
      vscode.window.onDidChangeVisibleTextEditors(() => this.draw(false)),
    ];
  }

  get snapshot(): HighlightSnapshot | undefined {
    return this.snap;
  }

  /** Highlights [start, end) of the document; `reveal` scrolls it into view when it is outside. */
  show(uri: vscode.Uri, start: number, end: number, reveal = true): void {
    const same = this.current && this.current.uri.toString() === uri.toString() && this.current.start === start && this.current.end === end;
    this.current = { uri, start, end };
    this.draw(reveal && !same);
  }

  /** Redraws the same (possibly shifted) range without scrolling: after an edit. */
  refresh(): void {
    this.draw(false);
  }

  clear(): void {
    if (!this.current) return;
    this.current = undefined;
    this.draw(false);
  }

  /** The ranges drawn in the visible editors of `uri` (what the user sees), as offsets. */
  drawnIn(uri: string): { start: number; end: number }[] {
    const c = this.current;
    if (!c || c.uri.toString() !== uri) return [];
    return vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri) ? [{ start: c.start, end: c.end }] : [];
  }

  private draw(reveal: boolean): void {
    const c = this.current;
    let snap: HighlightSnapshot | undefined;
    for (const editor of vscode.window.visibleTextEditors) {
      if (!c || editor.document.uri.toString() !== c.uri.toString()) {
        editor.setDecorations(this.decoration, []);
        continue;
      }
      const doc = editor.document;
      const range = new vscode.Range(doc.positionAt(c.start), doc.positionAt(Math.max(c.start, c.end)));
      editor.setDecorations(this.decoration, [range]);
      if (reveal) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      snap ??= { uri: c.uri.toString(), start: c.start, end: c.end, text: doc.getText(range) };
    }
    if (c && !snap) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === c.uri.toString());
      snap = { uri: c.uri.toString(), start: c.start, end: c.end, text: doc ? doc.getText(new vscode.Range(doc.positionAt(c.start), doc.positionAt(c.end))) : '' };
    }
    const moved = snap?.start !== this.snap?.start || snap?.end !== this.snap?.end || snap?.uri !== this.snap?.uri || snap?.text !== this.snap?.text;
    this.snap = snap;
    if (moved) this.changed.fire(snap);
  }

  dispose(): void {
    this.current = undefined;
    for (const s of this.subs) s.dispose();
    this.decoration.dispose();
    this.changed.dispose();
  }
}
