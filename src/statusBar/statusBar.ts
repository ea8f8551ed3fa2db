// The one status bar item, rendered from STATUS_TABLE on every state change.
import * as vscode from 'vscode';
import { STATUS_BAR_ID } from '../constants';
import type { RunInfo, SpeechState } from '../speech/state';
import { Commands } from '../constants';
import { isBusy } from '../speech/state';
import { accessibleLabel, tooltipFor, viewFor, type StatusBarSnapshot, type TooltipExtras } from './table';

/** Links under the tooltip while reading: the controls, one click each. */
const CONTROLS = (): [label: string, command: string][] => [
  [`$(debug-step-back) ${vscode.l10n.t('Previous')}`, Commands.previousSentence],
  [`$(debug-restart) ${vscode.l10n.t('Repeat')}`, Commands.repeatSentence],
  [`$(debug-pause) ${vscode.l10n.t('Pause/Resume')}`, Commands.pauseResume],
  [`$(debug-step-over) ${vscode.l10n.t('Next')}`, Commands.nextSentence],
  [`$(remove) ${vscode.l10n.t('Slower')}`, Commands.slower],
  [`$(add) ${vscode.l10n.t('Faster')}`, Commands.faster],
  [`$(debug-stop) ${vscode.l10n.t('Stop')}`, Commands.stop],
];

/** What the status item follows: the reading controller's state and its run's facts. */
export interface ReadingState {
  readonly state: SpeechState;
  readonly runInfo: RunInfo | undefined;
  onDidChangeState(listener: (s: SpeechState) => void): vscode.Disposable;
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 10);
  private snap: StatusBarSnapshot = { text: '', tooltip: '', visible: false };
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private note: string | undefined;
  private extras: () => TooltipExtras = () => ({});

  constructor(private readonly redact: (s: string) => string) {
    this.item.name = 'Evolink TTS';
  }

  /** Where the speed and the remaining credits come from. */
  setExtras(extras: () => TooltipExtras): void {
    this.extras = extras;
  }

  /** A line for the tooltip of the current run (for example "Reading the current line"). */
  setNote(note: string | undefined): void {
    this.note = note;
  }

  private followed: ReadingState | undefined;

  /** Renders `reading`'s state now and on every change of it; refresh() renders it again (speed, credits). */
  follow(reading: ReadingState): vscode.Disposable {
    this.followed = reading;
    this.refresh();
    return reading.onDidChangeState((s) => this.render(s, reading.runInfo));
  }

  refresh(): void {
    if (this.followed) this.render(this.followed.state, this.followed.runInfo);
  }

  render(state: SpeechState, info: RunInfo | undefined): void {
    clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
    const view = viewFor(state);
    const tooltip = this.redact(tooltipFor(view, info, state.kind !== 'idle', state.kind === 'idle' ? undefined : this.note, this.extras()));
    const label = this.redact(accessibleLabel(state));
    this.item.text = this.redact(view.text);
    const extras = this.extras();
    this.item.tooltip = isBusy(state) ? controlsTooltip(tooltip, extras.followYielded === true) : tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
    this.item.accessibilityInformation = { label, role: view.command ? 'button' : undefined };
    this.snap = { text: this.item.text, tooltip, backgroundColor: view.background, command: view.command, visible: view.visible, accessibilityLabel: label };
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

/** The tooltip's link back to the sentence being read, when the editor stopped following it. */
const BACK_TO_READING = (): [label: string, command: string] => [`$(pinned) ${vscode.l10n.t('Back to Reading')}`, Commands.backToReading];

/** The tooltip as Markdown with the controls as command links (only our own commands are trusted). */
function controlsTooltip(text: string, followYielded: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const controls = followYielded ? [BACK_TO_READING(), ...CONTROLS()] : CONTROLS();
  md.isTrusted = { enabledCommands: controls.map(([, c]) => c) };
  for (const line of text.split('\n')) md.appendText(line).appendMarkdown('  \n');
  md.appendMarkdown('\n---\n\n' + controls.map(([label, c]) => `[${label}](command:${c} "${label.replace(/\$\([^)]*\) /, '')}")`).join(' &nbsp; '));
  return md;
}
