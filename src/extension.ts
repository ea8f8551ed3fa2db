// Composition root: build the services, register commands and the player view, return the API.
import * as vscode from 'vscode';
import { COMMANDS, NEW_ACTIONS } from './commands';
import { Config } from './config';
import { Connection } from './connection';
import { Commands, Views, type CommandId } from './constants';
import { Log } from './log';
import { Notifier } from './notify';
import { Player } from './player/player';
import type { EvolinkTtsApi } from './publicApi';
import { ReadAloud } from './reading/readAloud';
import { checkBaseUrl } from './settings';
import { Secrets } from './secrets';
import { activeWork } from './speech/work';
import { CreditsWatcher } from './statusBar/credits';
import { StatusBar } from './statusBar/statusBar';
import { Highlighter } from './highlight/highlighter';
import { Voices } from './voices/voices';
import { markStepDone } from './walkthrough';

export function activate(context: vscode.ExtensionContext): EvolinkTtsApi {
  const log = new Log();
  const config = new Config();
  const secrets = new Secrets(context.secrets);
  const notifier = new Notifier(log);
  const statusBar = new StatusBar((s) => log.redact(s));
  const player = new Player(context.extensionUri, context.globalStorageUri, log, (c) => void vscode.commands.executeCommand(Commands[c]));
  player.setRate(config.read().playbackRate);
  // Every EvolinkClient comes from here: current settings, the stored key, one dispatcher honouring the proxy settings.
  const connection = new Connection(config, secrets, log, timeScaleFromEnv());
  const highlighter = new Highlighter();
  const credits = new CreditsWatcher(() => statusBar.render(reader.state, reader.runInfo), (line) => log.info(line));
  statusBar.setExtras(() => ({ rate: player.rate, remainingCredits: credits.value }));
  const reader = new ReadAloud(player, notifier, log, timeScaleFromEnv(), highlighter, credits,
    vscode.Uri.joinPath(context.globalStorageUri, 'audio-cache').fsPath, context.globalState, connection.client);
  const voices = new Voices({
    globalState: context.globalState, storageUri: context.globalStorageUri, config, secrets, log, player, reader, timeScale: timeScaleFromEnv(),
    clients: connection.client,
  });
  // The connection (its sockets) is disposed after the reader and voices (whose disposal aborts their runs).
  context.subscriptions.push(log, config, secrets, statusBar, player, highlighter, reader, voices, connection);

  // What is already done shows as done in the Get Started walkthrough (see walkthrough.ts).
  const stepNotMarked = (e: unknown) => log.info(`welcome.markStepComplete: ${e instanceof Error ? e.message : String(e)}`);
  const refreshSecret = () => secrets.get().then(
    (k) => {
      log.setSecret(k);
      credits.forget();
      if (k) void markStepDone('setApiKey', stepNotMarked);
    },
    (e: unknown) => log.error('reading the API key failed', e),
  );
  void refreshSecret();
  const refreshVoice = () => {
    if (config.read().voice) void markStepDone('designVoice', stepNotMarked);
  };
  refreshVoice();
  statusBar.render(reader.state, reader.runInfo);
  context.subscriptions.push(
    secrets.onDidChange(refreshSecret),
    reader.onDidChangeState((s) => statusBar.render(s, reader.runInfo)),
    config.onDidChange(['baseUrl'], () => {
      const base = checkBaseUrl(config.read().baseUrl);
      if (base.ok) log.info(`base URL is now ${base.url}`);
      else notifier.show('warning', `${base.reason} Speak Selection will refuse to send your key there.`, [{ title: 'Open Settings', run: () => Config.open('baseUrl') }]);
    }),
    config.onDidChange(['voice'], refreshVoice),
    config.onDidChange(['playbackRate'], () => {
      player.setRate(config.read().playbackRate);
      statusBar.render(reader.state, reader.runInfo);
    }),
    vscode.window.registerWebviewViewProvider(Views.player, player, { webviewOptions: { retainContextWhenHidden: true } }),
  );
  const services = { config, secrets, log, notifier, reader, player, statusBar, voices, clients: connection.client, connection };
  for (const [id, make] of Object.entries(COMMANDS) as [CommandId, (typeof COMMANDS)[CommandId]][]) {
    const body = make(services);
    const command = NEW_ACTIONS.has(id) ? (...args: never[]) => { reader.acknowledgeFailure(); return body(...args); } : body;
    context.subscriptions.push(vscode.commands.registerCommand(id, command));
  }

  return {
    get state() { return reader.state; },
    get runInfo() { return reader.runInfo; },
    onDidChangeState: (listener) => reader.onDidChangeState(listener),
    statusBar: () => statusBar.snapshot(),
    notifications: () => [...notifier.history()],
    runNotificationAction: async (index, title) => notifier.press(index, title),
    get playerUnlocked() { return player.unlocked; },
    activeWork: () => activeWork(),
    highlight: () => highlighter.snapshot,
    highlightDrawnIn: (uri) => highlighter.drawnIn(uri),
    onDidHighlight: (listener) => highlighter.onDidChange(listener),
    get playback() { return reader.position; },
    get readOffset() { return reader.readOffset; },
    chunks: () => reader.chunks.map((c) => ({ text: c.text, start: c.start, end: c.end, sentences: c.sentences.map((x) => ({ ...x })) })),
    voices: () => voices.store.list(),
    get preview() { return voices.preview; },
    webviewPosts: () => player.posted(),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/** EVOLINK_TTS_TIME_SCALE (test only): the real-editor tests run the simulator faster. */
function timeScaleFromEnv(): number {
  const n = Number(process.env.EVOLINK_TTS_TIME_SCALE);
  return Number.isFinite(n) && n > 0 ? n : 1;
}
