// Keeps the Read Aloud panel's view current: builds a PanelView (src/player/panelView.ts) from the reading's
// state, the sentence being heard, whether the editor still follows it, the active editor, the voice and the
// speed, and hands it to the player whenever one of them changes (coalesced to one update per 50 ms).
import * as path from 'path';
import * as vscode from 'vscode';
import type { Config } from '../config';
import type { Highlighter } from '../highlight/highlighter';
import type { ReadAloud } from '../reading/readAloud';
import type { ReadingPositions } from '../reading/readingPositions';
import { SETTINGS } from '../settings';
import type { PanelView } from '../shared/protocol';
import { outlineOf, type Heading } from '../speech/outline';
import type { Player } from './player';
import { buildPanelView } from './panelView';

const COALESCE_MS = 50;

export class PanelPresenter implements vscode.Disposable {
  private readonly subs: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The headings of the document read last, at the version they were found in. */
  private outline: { uri: string; version: number; headings: Heading[] } | undefined;

  constructor(
    private readonly reader: ReadAloud,
    private readonly highlighter: Highlighter,
    private readonly player: Player,
    private readonly config: Config,
    private readonly positions: ReadingPositions,
  ) {
    const later = () => this.schedule();
    const positionsChanged = positions.store.onDidChange(later);
    this.subs = [
      { dispose: () => positionsChanged.dispose() },
      reader.onDidChangeState(later),
      highlighter.onDidChange(later),
      highlighter.onDidChangeFollowing(later),
      vscode.window.onDidChangeActiveTextEditor(later),
      config.onDidChange(['voice', 'playbackRate'], later),
    ];
    this.update();
  }

  /** The view as it is now (also what the panel was last sent, give or take 50 ms). */
  current(): PanelView {
    const r = this.reader.reading;
    const editor = vscode.window.activeTextEditor;
    const rate = this.player.rate;
    return buildPanelView({
      state: this.reader.state,
      reading: r && {
        text: r.document.getText(),
        headings: this.headingsOf(r.document),
        sentence: r.sentence,
        from: r.from,
        end: r.end,
        secondsPerChar: r.secondsPerChar,
      },
      followYielded: !this.highlighter.following,
      editor: editor ? path.basename(editor.document.uri.path) || editor.document.uri.toString(true) : undefined,
      canContinue: Boolean(editor && this.positions.store.get(editor.document.uri.toString())),
      voice: this.reader.runInfo && this.reader.reading ? this.reader.runInfo.voice : this.config.read(editor?.document.uri).voice,
      rate,
      minRate: SETTINGS.playbackRate.minimum ?? 0.5,
      maxRate: SETTINGS.playbackRate.maximum ?? 3,
    });
  }

  /** Sends the view now (the panel never waits for a timer when a test or a command asks). */
  update(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.player.showView(this.current());
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.update(), COALESCE_MS);
  }

  private headingsOf(doc: vscode.TextDocument): Heading[] {
    if (doc.languageId !== 'markdown') return [];
    const uri = doc.uri.toString();
    if (this.outline?.uri !== uri || this.outline.version !== doc.version) {
      this.outline = { uri, version: doc.version, headings: outlineOf(doc.getText(), true).headings };
    }
    return this.outline.headings;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}
