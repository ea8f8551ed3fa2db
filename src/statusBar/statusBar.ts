// The one status bar item, rendered from STATUS_TABLE on every state change.
import * as vscode from 'vscode';
import { STATUS_BAR_ID } from '../constants';
import type { StatusBarSnapshot } from '../publicApi';
import type { RunInfo, SpeechState } from '../speech/state';
import { tooltipFor, viewFor } from './table';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 10);
  private snap: StatusBarSnapshot = { text: '', tooltip: '', visible: false };
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private note: string | undefined;

  constructor(private readonly redact: (s: string) => string) {
    this.item.name = 'Evolink TTS';
  }

  /** A line for the tooltip of the current run (for example "Reading the current line"). */
  setNote(note: string | undefined): void {
    this.note = note;
  }

  render(state: SpeechState, info: RunInfo | undefined): void {
    clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
    const view = viewFor(state);
    const tooltip = this.redact(tooltipFor(view, info, state.kind !== 'idle', state.kind === 'idle' ? undefined : this.note));
    this.item.text = this.redact(view.text);
    this.item.tooltip = tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
    this.item.accessibilityInformation = { label: `Evolink TTS: ${view.summary}`, role: view.command ? 'button' : undefined };
    this.snap = { text: this.item.text, tooltip, backgroundColor: view.background, command: view.command, visible: view.visible };
    if (view.visible) this.item.show();
    else this.item.hide();
    if (view.hideAfterMs) {
      this.hideTimer = setTimeout(() => {
        this.hideTimer = undefined;
        this.item.hide();
        this.snap = { ...this.snap, visible: false };
      }, view.hideAfterMs);
    }
  }

  snapshot(): StatusBarSnapshot {
    return { ...this.snap };
  }

  dispose(): void {
    clearTimeout(this.hideTimer);
    this.item.dispose();
  }
}
