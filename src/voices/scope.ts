// Where a voice setting is written: the user's settings (every window) or this workspace's. The user picks.
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../constants';

export type VoiceScope = 'user' | 'workspace';

interface ScopeItem extends vscode.QuickPickItem { scope: VoiceScope }

/** Asks User or Workspace (only User when no folder is open); undefined when dismissed. */
export async function pickScope(voice: string, title = 'Evolink TTS: Use Voice'): Promise<VoiceScope | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return 'user';
  const current = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<string>('voice');
  const now = (v: string | undefined) => (v ? `now ${v === voice ? 'this voice' : v}` : 'not set');
  const items: ScopeItem[] = [
    { scope: 'user', label: '$(account) User settings', description: now(current?.globalValue), detail: 'Every window, unless a workspace sets its own voice.' },
    { scope: 'workspace', label: '$(folder) Workspace settings', description: now(current?.workspaceValue), detail: 'Only this workspace (stored in its .vscode/settings.json).' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title, placeHolder: `Where should ${voice} become the default voice?`, ignoreFocusOut: true,
  });
  return picked?.scope;
}

/** Writes evolinkTts.voice at `scope`; returns a note when another scope still overrides it here. */
export async function writeVoice(voice: string, scope: VoiceScope): Promise<string | undefined> {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  await c.update('voice', voice, scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  const after = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<string>('voice');
  const over = scope === 'user' ? after?.workspaceValue ?? after?.workspaceFolderValue : after?.workspaceFolderValue;
  return over && over !== voice ? `A ${scope === 'user' ? 'workspace' : 'folder'} setting (${over}) still takes precedence here.` : undefined;
}

export function scopeLabel(scope: VoiceScope): string {
  return scope === 'user' ? 'your user settings' : 'the workspace settings';
}
