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

/** What is highlighted while reading (evolinkTts.highlight): the sentence and the word, the sentence only, or nothing. */
export type HighlightMode = 'word' | 'sentence' | 'off';

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
  /** The word being spoken, inside the sentence: theme colours the extension contributes (package.json). */
  private readonly wordDecoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('evolinkTts.wordHighlightBackground'),
    borderColor: new vscode.ThemeColor('evolinkTts.wordHighlightBorder'),
    borderStyle: 'solid',
    borderWidth: '1px',
    borderRadius: '2px',
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private word: { start: number; end: number } | undefined;
  private wordSnap: HighlightSnapshot | undefined;
  private readonly wordChanged = new vscode.EventEmitter<HighlightSnapshot | undefined>();
  /** Fires whenever the highlighted word moves or clears (tests collect these). */
  readonly onDidChangeWord = this.wordChanged.event;
  private current: { uri: vscode.Uri; start: number; end: number } | undefined;
  private readonly changed = new vscode.EventEmitter<HighlightSnapshot | undefined>();
  private readonly subs: vscode.Disposable[];
  private snap: HighlightSnapshot | undefined;

  /** Fires whenever the highlighted range moves or clears (tests collect these). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly mode: () => HighlightMode = () => 'word') {
    this.subs = [
      // A document opened again (or an editor that becomes visible) gets the highlight back.
      vscode.window.onDidChangeVisibleTextEditors(() => this.draw(false)),
    ];
  }

  get snapshot(): HighlightSnapshot | undefined {
    return this.snap;
  }

  /** Highlights [start, end) of the document; `reveal` scrolls it into view when it is outside. */
  show(uri: vscode.Uri, start: number, end: number, reveal = true, word?: { start: number; end: number }): void {
    const same = this.current && this.current.uri.toString() === uri.toString() && this.current.start === start && this.current.end === end;
    this.current = { uri, start, end };
    this.word = this.inside(word);
    this.draw(reveal && !same);
  }

  /** Highlights the word [start, end) inside the sentence shown now (kept inside it); undefined clears it. */
  showWord(word: { start: number; end: number } | undefined): void {
    const next = this.inside(word);
    if (next?.start === this.word?.start && next?.end === this.word?.end) return;
    this.word = next;
    this.draw(false);
  }

  /** `word` cut to the sentence shown now; undefined when nothing of it is inside. */
  private inside(word: { start: number; end: number } | undefined): { start: number; end: number } | undefined {
    const c = this.current;
    if (!word || !c) return undefined;
    const w = { start: Math.max(word.start, c.start), end: Math.min(word.end, c.end) };
    return w.end > w.start ? w : undefined;
  }

  get wordSnapshot(): HighlightSnapshot | undefined {
    return this.wordSnap;
  }

  /** The word ranges drawn in the visible editors of `uri` right now, as offsets. */
  wordDrawnIn(uri: string): { start: number; end: number }[] {
    const c = this.current;
    const w = this.word;
    if (!c || !w || c.uri.toString() !== uri || this.mode() !== 'word') return [];
    return vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri) ? [{ ...w }] : [];
  }

  /** Redraws the same (possibly shifted) range without scrolling: after an edit. */
  refresh(): void {
    this.draw(false);
  }

  clear(): void {
    if (!this.current) return;
    this.current = undefined;
    this.word = undefined;
    this.draw(false);
  }

  /** The ranges drawn in the visible editors of `uri` (what the user sees), as offsets. */
  drawnIn(uri: string): { start: number; end: number }[] {
    const c = this.current;
    if (!c || c.uri.toString() !== uri || this.mode() === 'off') return [];
    return vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri) ? [{ start: c.start, end: c.end }] : [];
  }

  private draw(reveal: boolean): void {
    const c = this.current;
    const mode = this.mode();
    const w = c && mode === 'word' ? this.word : undefined;
    let snap: HighlightSnapshot | undefined;
    let wordSnap: HighlightSnapshot | undefined;
    for (const editor of vscode.window.visibleTextEditors) {
      if (!c || editor.document.uri.toString() !== c.uri.toString()) {
        editor.setDecorations(this.decoration, []);
        editor.setDecorations(this.wordDecoration, []);
        continue;
      }
      const doc = editor.document;
      const range = new vscode.Range(doc.positionAt(c.start), doc.positionAt(Math.max(c.start, c.end)));
      editor.setDecorations(this.decoration, mode === 'off' ? [] : [range]);
      const wordRange = w && new vscode.Range(doc.positionAt(w.start), doc.positionAt(w.end));
      editor.setDecorations(this.wordDecoration, wordRange ? [wordRange] : []);
      if (reveal) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      snap ??= { uri: c.uri.toString(), start: c.start, end: c.end, text: doc.getText(range) };
      if (wordRange) wordSnap ??= { uri: c.uri.toString(), start: w.start, end: w.end, text: doc.getText(wordRange) };
    }
    if (c && !snap) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === c.uri.toString());
      snap = { uri: c.uri.toString(), start: c.start, end: c.end, text: doc ? doc.getText(new vscode.Range(doc.positionAt(c.start), doc.positionAt(c.end))) : '' };
    }
    const moved = snap?.start !== this.snap?.start || snap?.end !== this.snap?.end || snap?.uri !== this.snap?.uri || snap?.text !== this.snap?.text;
    this.snap = snap;
    if (moved) this.changed.fire(snap);
    // The word after the sentence: a listener to either sees both current.
    const wordMoved = wordSnap?.start !== this.wordSnap?.start || wordSnap?.end !== this.wordSnap?.end || wordSnap?.uri !== this.wordSnap?.uri;
    this.wordSnap = wordSnap;
    if (wordMoved) this.wordChanged.fire(wordSnap);
  }

  dispose(): void {
    this.current = undefined;
    for (const s of this.subs) s.dispose();
    this.decoration.dispose();
    this.wordDecoration.dispose();
    this.changed.dispose();
    this.wordChanged.dispose();
  }
}
