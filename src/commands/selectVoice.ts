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

const PLAY: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('play'), tooltip: 'Play the preview' };
const REMOVE: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('trash'),
  tooltip: 'Remove from this list (only here: Evolink’s API has no way to delete a voice)',
};

export function selectVoice(s: Services) {
  const { voices, notifier, log } = s;

  const apply = async (voice: string, scope: VoiceScope): Promise<string | undefined> => {
    if (refuseInRestrictedMode(scope, notifier)) return undefined;
    const note = await writeVoice(voice, scope);
    log.info(`voice ${voice} selected in ${scopeLabel(scope)}`);
    notifier.show(note ? 'warning' : 'info', `Reading with ${voice} (set in ${scopeLabel(scope)}).${note ? ` ${note}` : ''}`);
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
      { action: 'enter', label: '$(edit) Enter a voice name…', detail: 'A voice you designed elsewhere (qwen-tts-vd-…)' },
      { action: 'design', label: '$(add) Design a new voice…', detail: 'Describe it; Evolink makes it (about 2 credits)' },
    ];
  };

  const ask = async (): Promise<{ voice: string } | { design: true } | undefined> => {
    const current = vscode.workspace.getConfiguration(CONFIG_SECTION).get<string>('voice') ?? '';
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = 'Evolink TTS: Select Voice';
    pick.placeholder = voices.store.list().length || current ? 'The voice to read with' : 'No voices in your list yet: design one, or enter a name';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.ignoreFocusOut = true;
    pick.items = items(current);
    let entering = false;
    return showUntilSettled<{ voice: string } | { design: true } | undefined>(pick, (finish) => [
      pick.onDidTriggerItemButton(async ({ item, button }) => {
        if (item.action !== 'voice') return;
        if (button === PLAY) {
          if (!(await voices.playCached(item.voice.name))) pick.placeholder = `The preview of ${item.voice.name} is no longer cached.`;
          return;
        }
        await voices.remove(item.voice.name);
        pick.items = items(current);
        pick.placeholder = `Removed ${item.voice.preferredName ?? item.voice.name} from this list; the voice itself still exists on Evolink (its API cannot delete voices).`;
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
          title: 'Evolink TTS: Enter a Voice Name',
          prompt: 'The full name a voice design returned for your Evolink account',
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
        notifier.show('error', `“Select Voice” was given a value it cannot use: ${problem ?? 'scope must be "user" or "workspace".'}`);
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
    const scope = await pickScope(choice.voice, 'Evolink TTS: Select Voice');
    return scope ? apply(choice.voice, scope) : undefined;
  };
}
