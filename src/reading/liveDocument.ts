// The pipeline's ChunkSource over a live VS Code document: the speech core's DocumentSource, fed the
// document's text and its edits as they happen.
import * as vscode from 'vscode';
import type { SourceChunk } from '../speech/chunker';
import { DocumentSource, type EditEvent } from '../speech/documentSource';
import type { Span } from '../speech/reader';
import type { PrepareOptions } from '../speech/textPrep';

export type { Span } from '../speech/reader';
export type { EditEvent } from '../speech/documentSource';

export class LiveDocumentSource extends DocumentSource implements vscode.Disposable {
  private readonly edited = new vscode.EventEmitter<EditEvent>();
  private readonly sub: vscode.Disposable;

  /** Fires after an edit of the document has been applied to every range this source holds. */
  readonly onDidEdit = this.edited.event;

  /**
   * Reads `ranges` of `document` in order (offsets; `end` may be Infinity for "to the end"), starting at
   * source offset `from`.
   */
  constructor(
    readonly document: vscode.TextDocument,
    ranges: readonly Span[],
    from: number,
    prep: PrepareOptions,
  ) {
    super(() => ({ version: document.version, closed: document.isClosed, getText: () => document.getText() }), ranges, from, prep);
    this.sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== this.document || e.contentChanges.length === 0) return;
      this.edited.fire(this.applyEdit(e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, textLength: c.text.length }))));
    });
  }

  override dispose(): void {
    super.dispose();
    this.sub.dispose();
    this.edited.dispose();
  }
}

export type { SourceChunk };
