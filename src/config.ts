// Typed access to `evolinkTts.*`, read fresh on every call, and change events filtered per key.
import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';
import { SETTING_KEYS, normalizeSettings, type SettingKey, type Settings } from './settings';

export class Config implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReadonlySet<SettingKey>>();
  private readonly sub: vscode.Disposable;

  constructor() {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      const keys = new Set(SETTING_KEYS.filter((k) => e.affectsConfiguration(`${CONFIG_SECTION}.${k}`)));
      if (keys.size) this.changed.fire(keys);
    });
  }

  /**
   * The settings for `scope` (a document, for resource-scoped ones). `baseUrl` decides where the API
   * key is sent, so it comes from the user's own settings or the default only: a value in a
   * workspace or folder (a cloned repository) is ignored, whatever VS Code's scope handling does.
   */
  read(scope?: vscode.Uri): Settings {
    const c = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
    const base = c.inspect<string>('baseUrl');
    return normalizeSettings({
      voice: c.get('voice'),
      voicesByLanguage: c.get('voicesByLanguage'),
      languageType: c.get('languageType'),
      baseUrl: base?.globalValue ?? base?.defaultValue,
      requestTimeoutSeconds: c.get('requestTimeoutSeconds'),
      maxParallelTasks: c.get('maxParallelTasks'),
      codeBlocks: c.get('codeBlocks'),
      math: c.get('math'),
      'latex.references': c.get('latex.references'),
      codeFiles: c.get('codeFiles'),
      urls: c.get('urls'),
      pronunciations: c.get('pronunciations'),
      cacheMaxMegabytes: c.get('cacheMaxMegabytes'),
      confirmAboveCharacters: c.get('confirmAboveCharacters'),
      playbackRate: c.get('playbackRate'),
      focus: c.get('focus'),
      highlight: c.get('highlight'),
      saveSubtitles: c.get('saveSubtitles'),
      pauseAfter: c.get('pauseAfter'),
    });
  }

  /** Fires when any of `keys` changed. */
  onDidChange(keys: readonly SettingKey[], listener: (changed: ReadonlySet<SettingKey>) => void): vscode.Disposable {
    return this.changed.event((changed) => {
      if (keys.some((k) => changed.has(k))) listener(changed);
    });
  }

  /** Writes a user (global) setting. */
  static update<K extends SettingKey>(key: K, value: Settings[K]): Thenable<void> {
    return vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }

  /** Opens the Settings editor at one of our settings. */
  static open(key: SettingKey): Thenable<unknown> {
    return vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.${key}`);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
