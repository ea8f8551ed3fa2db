// Where a voice setting is written: the user's settings (every window) or this workspace's. The user picks.
// In Restricted Mode (an untrusted workspace) only the user's: VS Code ignores a workspace's evolinkTts.voice
// there (package.json, capabilities.untrustedWorkspaces.restrictedConfigurations), so a write would change a
// file of a repository nobody trusted and still not be heard.
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../constants';
import type { Notifier } from '../notify';

export type VoiceScope = 'user' | 'workspace';

interface ScopeItem extends vscode.QuickPickItem { scope: VoiceScope }

/** Asks User or Workspace (only User when no folder is open or in Restricted Mode); undefined when dismissed. */
export async function pickScope(voice: string, title = vscode.l10n.t('Evolink TTS: Use Voice')): Promise<VoiceScope | undefined> {
  if (!vscode.workspace.workspaceFolders?.length || !vscode.workspace.isTrusted) return 'user';
  const current = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<string>('voice');
  const now = (v: string | undefined) => (v ? vscode.l10n.t('now {0}', v === voice ? vscode.l10n.t('this voice') : v) : vscode.l10n.t('not set'));
  // Preselect (list first) the scope that will take effect here: a workspace that sets its own voice
  // overrides the user's, so writing the user's would change nothing in this window.
  const workspaceWins = Boolean(current?.workspaceValue ?? current?.workspaceFolderValue);
  const user: ScopeItem = {
    scope: 'user', label: `$(account) ${vscode.l10n.t('User settings')}`, description: now(current?.globalValue),
    detail: workspaceWins ? vscode.l10n.t('Every window, but not this one: this workspace sets its own voice.') : vscode.l10n.t('Every window, unless a workspace sets its own voice.'),
  };
  const workspace: ScopeItem = {
    scope: 'workspace', label: `$(folder) ${vscode.l10n.t('Workspace settings')}`, description: now(current?.workspaceValue),
    detail: workspaceWins ? vscode.l10n.t('Takes effect here: this workspace sets its own voice (in its .vscode/settings.json).') : vscode.l10n.t('Only this workspace (stored in its .vscode/settings.json).'),
  };
  const picked = await vscode.window.showQuickPick(workspaceWins ? [workspace, user] : [user, workspace], {
    title, placeHolder: vscode.l10n.t('Where should {0} become the default voice?', voice), ignoreFocusOut: true,
  });
  return picked?.scope;
}

/** Why `scope` cannot be written here (workspace settings in Restricted Mode), or undefined when it can. */
export function restrictedModeRefusal(scope: VoiceScope): string | undefined {
  if (scope !== 'workspace' || vscode.workspace.isTrusted) return undefined;
  return vscode.l10n.t('This workspace is in Restricted Mode: Evolink TTS reads the voice from your user settings only and does not write workspace settings. Use your user settings, or trust the workspace first.');
}

/** Shows the one Restricted Mode message when `scope` cannot be written here; true when it did (write nothing then). */
export function refuseInRestrictedMode(scope: VoiceScope, notifier: Notifier): boolean {
  const refusal = restrictedModeRefusal(scope);
  if (!refusal) return false;
  notifier.show('warning', refusal, [{ title: vscode.l10n.t('Manage Workspace Trust'), run: () => vscode.commands.executeCommand('workbench.trust.manage') }]);
  return true;
}

/**
 * Writes evolinkTts.voice at `scope`; returns a note when another scope still overrides it here. Throws
 * (writes nothing) for workspace settings in Restricted Mode: callers ask refuseInRestrictedMode first.
 */
export async function writeVoice(voice: string, scope: VoiceScope): Promise<string | undefined> {
  const refusal = restrictedModeRefusal(scope);
  if (refusal) throw new Error(refusal);
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  await c.update('voice', voice, scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  const after = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<string>('voice');
  const over = scope === 'user' ? after?.workspaceValue ?? after?.workspaceFolderValue : after?.workspaceFolderValue;
  if (!over || over === voice) return undefined;
  return scope === 'user' ? vscode.l10n.t('A workspace setting ({0}) still takes precedence here.', over) : vscode.l10n.t('A folder setting ({0}) still takes precedence here.', over);
}

export function scopeLabel(scope: VoiceScope): string {
  return scope === 'user' ? vscode.l10n.t('your user settings') : vscode.l10n.t('the workspace settings');
}
