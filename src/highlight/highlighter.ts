// The sentence being spoken, shown in every visible editor of its document and kept in view. One
// decoration type for the extension's lifetime; ranges are document offsets (the run keeps them
// current through edits), turned into positions whenever they are drawn.
//
// Following yields to the user: when they scroll the sentence out of view, or move the cursor somewhere
// else (to edit), the highlight stays but the editor no longer scrolls to it; Back to Reading, or putting
// the cursor back into the sentence being read, follows again. The optional focus aid dims the text
// outside the paragraph or sentence being read.
import * as vscode from 'vscode';
import { ContextKeys } from '../constants';
import type { FocusMode } from '../settings';
import { dimmedRanges, type Span } from './focusRange';

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
  // Our own theme colours (package.json contributes.colors, with high-contrast values): a faint fixed tint
  // borrowed from the find widget was hard to see in some themes.
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('evolinkTts.sentenceHighlightBackground'),
    borderColor: new vscode.ThemeColor('evolinkTts.sentenceHighlightBorder'),
    borderStyle: 'solid',
    borderWidth: '1px',
    borderRadius: '2px',
    overviewRulerColor: new vscode.ThemeColor('evolinkTts.sentenceHighlightRuler'),
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
  /** False once the user scrolled or moved the cursor away from the sentence being read. */
  private _following = true;
  private readonly followingChanged = new vscode.EventEmitter<boolean>();
  /** The first visible line of each editor of the document, as last seen: a user scroll changes it. */
  private readonly tops = new WeakMap<vscode.TextEditor, number>();
  private focusMode: FocusMode = 'off';
  private dim: vscode.TextEditorDecorationType | undefined;
  private dimmed: Span[] = [];

  /** Fires whenever the highlighted range moves or clears (tests collect these). */
  readonly onDidChange = this.changed.event;
  /** Fires when the editor stops or starts following the voice again. */
  readonly onDidChangeFollowing = this.followingChanged.event;

  constructor(private readonly mode: () => HighlightMode = () => 'word') {
    this.subs = [
      // A document opened again (or an editor that becomes visible) gets the highlight back.
      vscode.window.onDidChangeVisibleTextEditors(() => this.draw(false)),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.onScroll(e)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e)),
      vscode.window.onDidChangeActiveColorTheme(() => {
        // The dimming's opacity depends on the kind of theme: make it again.
        this.dim?.dispose();
        this.dim = undefined;
        this.draw(false);
      }),
      this.followingChanged,
    ];
  }

  /** Whether the editor keeps the sentence being read in view (false after the user scrolled or moved away). */
  get following(): boolean {
    return this._following;
  }

  /** The ranges the focus aid dims right now, as offsets (empty when it is off or nothing is read). */
  get dimmedNow(): readonly Span[] {
    return this.dimmed;
  }

  /** Sets the focus aid (`evolinkTts.focus`) and redraws. */
  setFocus(mode: FocusMode): void {
    if (mode === this.focusMode) return;
    this.focusMode = mode;
    this.draw(false);
  }

  /** Scrolls back to the sentence being read (opening its document if no editor shows it) and follows again. */
  async backToReading(): Promise<void> {
    const c = this.current;
    this.setFollowing(true);
    if (!c) return;
    if (!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === c.uri.toString())) {
      await vscode.window.showTextDocument(c.uri, { preserveFocus: false, preview: false });
    }
    this.draw(true, vscode.TextEditorRevealType.InCenter);
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
    this.setFollowing(true);
    if (!this.current) return;
    this.current = undefined;
    this.word = undefined;
    this.draw(false);
  }

  private setFollowing(following: boolean): void {
    if (following === this._following) return;
    this._following = following;
    void vscode.commands.executeCommand('setContext', ContextKeys.followYielded, !following);
    this.followingChanged.fire(following);
  }

  private isReadIn(editor: vscode.TextEditor): boolean {
    return this.current !== undefined && editor.document.uri.toString() === this.current.uri.toString();
  }

  /**
   * A scroll that moved the first visible line and left the sentence being read out of view is the user's:
   * stop following. (Our own reveal brings the sentence into view; a panel opening below the editor changes
   * the visible lines but not the first one.)
   */
  private onScroll(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    const top = e.visibleRanges[0]?.start.line;
    const before = this.tops.get(e.textEditor);
    if (top !== undefined) this.tops.set(e.textEditor, top);
    const c = this.current;
    if (!c || !this._following || !this.isReadIn(e.textEditor) || top === undefined || before === undefined || top === before) return;
    const doc = e.textEditor.document;
    const sentence = new vscode.Range(doc.positionAt(c.start), doc.positionAt(Math.max(c.start, c.end)));
    if (!e.visibleRanges.some((r) => r.intersection(sentence) !== undefined)) this.setFollowing(false);
  }

  /**
   * The user moved the cursor (keyboard, mouse, or a command such as Go to Line) outside the sentence being
   * read: stop following. Back inside it: follow again. A cursor shifted by an edit (no kind) changes nothing.
   */
  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    const c = this.current;
    if (!c || !this.isReadIn(e.textEditor) || e.kind === undefined) return;
    const at = e.textEditor.document.offsetAt(e.selections[0].active);
    const inside = at >= c.start && at <= c.end;
    if (inside && !this._following) {
      this.setFollowing(true);
      this.draw(true);
    } else if (!inside && this._following) {
      this.setFollowing(false);
    }
  }

  /** The ranges drawn in the visible editors of `uri` (what the user sees), as offsets. */
  drawnIn(uri: string): { start: number; end: number }[] {
    const c = this.current;
    if (!c || c.uri.toString() !== uri || this.mode() === 'off') return [];
    return vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri) ? [{ start: c.start, end: c.end }] : [];
  }

  /** The focus aid's decoration, made for the current kind of theme (text stays readable in high contrast). */
  private dimDecoration(): vscode.TextEditorDecorationType {
    const kind = vscode.window.activeColorTheme.kind;
    const highContrast = kind === vscode.ColorThemeKind.HighContrast || kind === vscode.ColorThemeKind.HighContrastLight;
    return (this.dim ??= vscode.window.createTextEditorDecorationType({ opacity: highContrast ? '0.6' : '0.4' }));
  }

  private draw(reveal: boolean, how = vscode.TextEditorRevealType.InCenterIfOutsideViewport): void {
    const c = this.current;
    const mode = this.mode();
    const w = c && mode === 'word' ? this.word : undefined;
    let snap: HighlightSnapshot | undefined;
    let dimmed: Span[] = [];
    let wordSnap: HighlightSnapshot | undefined;
    for (const editor of vscode.window.visibleTextEditors) {
      if (!c || editor.document.uri.toString() !== c.uri.toString()) {
        editor.setDecorations(this.decoration, []);
        editor.setDecorations(this.wordDecoration, []);
        if (this.dim) editor.setDecorations(this.dim, []);
        continue;
      }
      const doc = editor.document;
      // Where this editor's view starts before anything scrolls it: the user's first scroll is then told
      // apart from it (without it, a scroll with no visible-range change before it would only set the mark).
      if (!this.tops.has(editor) && editor.visibleRanges[0]) this.tops.set(editor, editor.visibleRanges[0].start.line);
      const range = new vscode.Range(doc.positionAt(c.start), doc.positionAt(Math.max(c.start, c.end)));
      editor.setDecorations(this.decoration, mode === 'off' ? [] : [range]);
      const wordRange = w && new vscode.Range(doc.positionAt(w.start), doc.positionAt(w.end));
      editor.setDecorations(this.wordDecoration, wordRange ? [wordRange] : []);
      if (this.focusMode !== 'off' || this.dim) {
        dimmed = dimmedRanges(doc.getText(), c.start, Math.max(c.start, c.end), this.focusMode);
        editor.setDecorations(this.dimDecoration(), dimmed.map((d) => new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end))));
      }
      if (reveal && this._following) editor.revealRange(range, how);
      snap ??= { uri: c.uri.toString(), start: c.start, end: c.end, text: doc.getText(range) };
      if (wordRange) wordSnap ??= { uri: c.uri.toString(), start: w.start, end: w.end, text: doc.getText(wordRange) };
    }
    this.dimmed = dimmed;
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
    this.dim?.dispose();
    this.wordDecoration.dispose();
    this.changed.dispose();
    this.wordChanged.dispose();
  }
}
