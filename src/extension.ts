// Composition root: build the services, register commands and the player view, return the API. Wiring only.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { registerCommands, type Services } from './commands';
import { Config } from './config';
import { Connection } from './connection';
import { Commands, Views } from './constants';
import { describeSetupProblem } from './errorMessages';
import { exposeApi } from './exposedApi';
import { Log } from './log';
import { Notifier } from './notify';
import { Player } from './player/player';
import type { EvolinkTtsApi } from './publicApi';
import { ReadAloud } from './reading/readAloud';
import { ReadingPositions } from './reading/readingPositions';
import { checkBaseUrl } from './settings';
import { Secrets } from './secrets';
import { CreditsWatcher } from './statusBar/credits';
import { StatusBar } from './statusBar/statusBar';
import { Highlighter } from './highlight/highlighter';
import { PanelPresenter } from './player/panel';
import { Voices } from './voices/voices';
import { tickDoneSteps } from './walkthrough';

export function activate(context: vscode.ExtensionContext): EvolinkTtsApi {
  // Timed for the startup measurement (test/startup); `end` is set as activate() returns.
  const activation = { start: Date.now(), end: 0 };
  // The vscode-free layers (error messages, the status table) translate through @vscode/l10n with the editor's bundle.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const timeScale = timeScaleFromEnv();
  const log = new Log();
  const config = new Config();
  const secrets = new Secrets(context.secrets);
  const notifier = new Notifier(log);
  const statusBar = new StatusBar((s) => log.redact(s));
  const player = new Player(context.extensionUri, context.globalStorageUri, log, (c) => void vscode.commands.executeCommand(Commands[c]));
  // Every EvolinkClient comes from here: current settings, the stored key, one dispatcher honouring the proxy settings.
  const connection = new Connection(config, secrets, log, timeScale);
  // evolinkTts.highlight, read once and again when it changes (the highlight is drawn many times a second).
  let highlightMode = config.read().highlight;
  const highlighter = new Highlighter(() => highlightMode);
  context.subscriptions.push(config.onDidChange(['highlight'], () => { highlightMode = config.read().highlight; highlighter.refresh(); }));
  const credits = new CreditsWatcher(() => statusBar.refresh(), (line) => log.info(line));
  const positions = new ReadingPositions(context.workspaceState, context.extensionUri, (line) => log.warn(line));
  const reader = new ReadAloud({
    player, notifier, log, timeScale, highlighter, credits, memory: context.globalState, clients: connection.client,
    cacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'audio-cache').fsPath, positions, pauseAfter: () => config.read().pauseAfter,
  });
  const voices = new Voices({
    globalState: context.globalState, storageUri: context.globalStorageUri, config, secrets, log, player, reader, timeScale, clients: connection.client,
  });
  // The connection (its sockets) is disposed after the reader and voices (whose disposal aborts their runs).
  context.subscriptions.push(log, config, secrets, statusBar, player, highlighter, reader, positions, voices, connection);
  const services = { config, secrets, log, notifier, reader, player, statusBar, voices, clients: connection.client, connection, positions };
  const panel = new PanelPresenter(reader, highlighter, player, config, positions);
  context.subscriptions.push(panel, ...watchSettings(services, credits, highlighter), statusBar.follow(reader), ...registerCommands(services),
    vscode.window.registerWebviewViewProvider(Views.player, player, { webviewOptions: { retainContextWhenHidden: true } }));
  const api = exposeApi(services, highlighter, panel, activation);
  activation.end = Date.now();
  return api;
}

/**
 * What follows the key and the settings: the log's redactor and the credits forget a changed key, the
 * walkthrough ticks what is done, the player takes a new speed (also from the panel's slider), the focus aid
 * its mode, the status bar whether the editor follows the voice, and an unusable base URL is said at once.
 */
function watchSettings(s: Services, credits: CreditsWatcher, highlighter: Highlighter): vscode.Disposable[] {
  const { config, secrets, log, notifier, player, statusBar } = s;
  const ticks = tickDoneSteps(async () => Boolean(await secrets.get()), () => Boolean(config.read().voice), (line) => log.info(line));
  const keyChanged = () => secrets.get().then((k) => {
    log.setSecret(k);
    credits.forget();
    ticks.keyChanged();
  }, (e: unknown) => log.error('reading the API key failed', e));
  void keyChanged();
  player.setRate(config.read().playbackRate);
  highlighter.setFocus(config.read().focus);
  statusBar.setExtras(() => ({ rate: player.rate, remainingCredits: credits.value, followYielded: !highlighter.following }));
  return [
    player.onDidAskRate((rate) => void vscode.commands.executeCommand(Commands.playbackSpeed, rate)),
    highlighter.onDidChangeFollowing(() => statusBar.refresh()),
    config.onDidChange(['focus'], () => highlighter.setFocus(config.read().focus)),
    secrets.onDidChange(keyChanged),
    config.onDidChange(['voice'], ticks.voiceChanged),
    config.onDidChange(['baseUrl'], () => {
      const base = checkBaseUrl(config.read().baseUrl);
      if (base.ok) log.info(`base URL is now ${base.url}`);
      else notifier.showMessage(describeSetupProblem({ kind: 'baseUrl', reason: base.reason }, 'speech'));
    }),
    config.onDidChange(['playbackRate'], () => {
      player.setRate(config.read().playbackRate);
      statusBar.refresh();
    }),
  ];
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/** EVOLINK_TTS_TIME_SCALE (test only): the real-editor tests run the simulator faster. */
function timeScaleFromEnv(): number {
  const n = Number(process.env.EVOLINK_TTS_TIME_SCALE);
  return Number.isFinite(n) && n > 0 ? n : 1;
}
