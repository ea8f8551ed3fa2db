// "Select Voice": a quick pick of the voices in the extension's list (newest first), plus "Enter a voice
// name…" and "Design a new voice…"; the chosen voice is written to evolinkTts.voice at the scope the user
// picks. Items can play their cached preview or be removed from the list (Evolink's API cannot delete a
// voice). Argument form: `{ voice, scope }` writes at once; `{ remove }` removes from the list.
import * as vscode from 'vscode';
import { CONFIG_SECTION, Commands } from '../constants';
import { voiceChoices } from '../voices/choices';
import { validateVoiceName } from '../voices/validation';
import { pickScope, refuseInRestrictedMode, scopeLabel, writeVoice, type VoiceScope } from '../voices/scope';
import { showUntilSettled } from '../voices/quickInput';
import type { VoiceRecord } from '../voices/types';
import type { Services } from './services';

export interface SelectVoiceArgs {
  voice?: string;
  scope?: VoiceScope;
  /** Removes this voice from the list instead. */
  remove?: string;
}

type Item = vscode.QuickPickItem & ({ kind?: undefined; action: 'voice'; voice: VoiceRecord } | { kind?: undefined; action: 'enter' | 'design' } | { kind: vscode.QuickPickItemKind.Separator; action?: undefined });

const PLAY: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('play'), tooltip: vscode.l10n.t('Play the preview') };
const REMOVE: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('trash'),
  tooltip: vscode.l10n.t('Remove from this list (only here: Evolink’s API has no way to delete a voice)'),
};

export function selectVoice(s: Services) {
  const { voices, notifier, log } = s;

  const apply = async (voice: string, scope: VoiceScope): Promise<string | undefined> => {
    if (refuseInRestrictedMode(scope, notifier)) return undefined;
    const note = await writeVoice(voice, scope);
    log.info(`voice ${voice} selected in ${scopeLabel(scope)}`);
    notifier.show(note ? 'warning' : 'info', vscode.l10n.t('Reading with {0} (set in {1}).', voice, scopeLabel(scope)) + (note ? ` ${note}` : ''));
    return voice;
  };

  const items = (current: string): Item[] => {
    const voiceItems: Item[] = voiceChoices(voices.store.list(), current).map((c) => ({
      action: 'voice',
      voice: c.record ?? { name: c.name, created: new Date().toISOString(), origin: 'entered' },
      label: c.label,
      description: c.description,
      detail: c.detail,
      buttons: !c.record ? [] : c.record.previewFile ? [PLAY, REMOVE] : [REMOVE],
    }));
    return [
      ...voiceItems,
      { kind: vscode.QuickPickItemKind.Separator, label: '' },
      { action: 'enter', label: `$(edit) ${vscode.l10n.t('Enter a voice name…')}`, detail: vscode.l10n.t('A voice you designed elsewhere (qwen-tts-vd-…)') },
      { action: 'design', label: `$(add) ${vscode.l10n.t('Design a new voice…')}`, detail: vscode.l10n.t('Describe it; Evolink makes it (about 2 credits)') },
    ];
  };

  const ask = async (): Promise<{ voice: string } | { design: true } | undefined> => {
    const current = vscode.workspace.getConfiguration(CONFIG_SECTION).get<string>('voice') ?? '';
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = vscode.l10n.t('Evolink TTS: Select Voice');
    pick.placeholder = voices.store.list().length || current ? vscode.l10n.t('The voice to read with') : vscode.l10n.t('No voices in your list yet: design one, or enter a name');
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.ignoreFocusOut = true;
    pick.items = items(current);
    let entering = false;
    return showUntilSettled<{ voice: string } | { design: true } | undefined>(pick, (finish) => [
      pick.onDidTriggerItemButton(async ({ item, button }) => {
        if (item.action !== 'voice') return;
        if (button === PLAY) {
          if (!(await voices.playCached(item.voice.name))) pick.placeholder = vscode.l10n.t('The preview of {0} is no longer cached.', item.voice.name);
          return;
        }
        await voices.remove(item.voice.name);
        pick.items = items(current);
        pick.placeholder = vscode.l10n.t('Removed {0} from this list; the voice itself still exists on Evolink (its API cannot delete voices).', item.voice.preferredName ?? item.voice.name);
      }),
      pick.onDidAccept(async () => {
        const it = pick.selectedItems[0];
        if (!it || it.kind === vscode.QuickPickItemKind.Separator) return;
        if (it.action === 'voice') return finish({ voice: it.voice.name });
        if (it.action === 'design') return finish({ design: true });
        entering = true;
        pick.hide();
      }),
      pick.onDidHide(() => {
        if (!entering) return finish(undefined);
        finish(vscode.window.showInputBox({
          title: vscode.l10n.t('Evolink TTS: Enter a Voice Name'),
          prompt: vscode.l10n.t('The full name a voice design returned for your Evolink account'),
          placeHolder: 'qwen-tts-vd-narrator-voice-20260402-a1b2',
          ignoreFocusOut: true,
          validateInput: (v) => validateVoiceName(v.trim()),
        }).then((v) => (v?.trim() ? { voice: v.trim() } : undefined)));
      }),
    ]);
  };

  return async (arg?: unknown): Promise<string | undefined> => {
    if (typeof arg === 'object' && arg !== null) {
      const a = arg as SelectVoiceArgs;
      if (typeof a.remove === 'string') return (await voices.remove(a.remove)) ? a.remove : undefined;
      const problem = validateVoiceName(typeof a.voice === 'string' ? a.voice.trim() : '');
      if (problem || (a.scope !== undefined && a.scope !== 'user' && a.scope !== 'workspace')) {
        notifier.show('error', vscode.l10n.t('“Select Voice” was given a value it cannot use: {0}', problem ?? vscode.l10n.t('scope must be "user" or "workspace".')));
        return undefined;
      }
      const voice = a.voice!.trim();
      if (!voices.store.get(voice)) await voices.store.add({ name: voice, created: new Date().toISOString(), origin: 'entered' });
      return apply(voice, a.scope ?? 'user');
    }
    const choice = await ask();
    if (!choice) return undefined;
    if ('design' in choice) return vscode.commands.executeCommand<string | undefined>(Commands.designVoice);
    if (!voices.store.get(choice.voice)) await voices.store.add({ name: choice.voice, created: new Date().toISOString(), origin: 'entered' });
    const scope = await pickScope(choice.voice, vscode.l10n.t('Evolink TTS: Select Voice'));
    return scope ? apply(choice.voice, scope) : undefined;
  };
}
