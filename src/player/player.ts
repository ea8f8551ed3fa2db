// Host side of the "Read Aloud" panel view. It plays the reading pipeline's clips and voice previews: each clip is written to
// the extension's storage and played by an <audio> element in the webview through an asWebviewUri
// URL, so sound comes out on the user's machine even when the extension host is remote.
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { AudioData } from '../api/types';
import { Views } from '../constants';
import type { Log } from '../log';
import { parseFromWebview, type FromWebview, type PageCommand, type PanelView, type ToWebview } from '../shared/protocol';
import { abortError } from '../api/async';
import { newNonce, renderPlayerHtml } from './html';

/** What the page reported about the clip of part `chunk` of `total`. */
export interface PlaybackEvent {
  kind: 'playing' | 'paused' | 'needsGesture';
  chunk: number;
  total: number;
}
export type PlayerCommand = PageCommand;

/** Where the page's <audio> is in the current clip (from its timeupdate events). */
export interface PlaybackPosition {
  clipId: number;
  currentTime: number;
  /** Seconds; NaN until the page knows it. */
  duration: number;
}

/** How to play one clip. */
export interface PlayMeta {
  chunk: number;
  total: number;
  taskId?: string;
  /** Seconds into the clip to start at (an earlier sentence of it). */
  startAt?: number;
  /** The page's line about the clip; default "Part n of N". */
  label?: string;
}

interface Clip {
  id: number;
  chunk: number;
  total: number;
  file: vscode.Uri;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const MIME: Record<string, string | undefined> = { wav: 'audio/wav', mp3: 'audio/mpeg', ogg: 'audio/ogg' };
const VIEW_OPEN_TIMEOUT_MS = 15_000;
const STALE_AUDIO_MS = 6 * 60 * 60 * 1000;
/** How many posted messages `posted()` keeps (a diagnostic record of small messages, a few MB at most: audio goes by URI; the oldest are dropped beyond it). */
const POSTED_KEPT = 4000;

export class Player implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private viewSubs: vscode.Disposable[] = [];
  private ready = false;
  /** Set by `reveal()` while the page loads: the focus is handed to it when it says ready. */
  private focusWhenReady = false;
  private outbox: ToWebview[] = [];
  /** The last POSTED_KEPT messages handed to the page, as JSON, and how many there were in all. */
  private readonly postedLog: string[] = [];
  private postedTotal = 0;
  private _unlocked = false;
  private clipSeq = 0;
  private clip: Clip | undefined;
  /** Pause was asked for while the clip was on its way to the page. */
  private pauseRequested = false;
  /** The clip play() is writing out, not yet handed to the page; `skipped` when skip() came meanwhile. */
  private starting: { id: number; skipped: boolean; seekTo?: number } | undefined;
  private readonly playback = new vscode.EventEmitter<PlaybackEvent>();
  private readonly timeupdate = new vscode.EventEmitter<PlaybackPosition>();
  private _rate = 1;
  private _position: PlaybackPosition | undefined;
  private readonly resolved = new vscode.EventEmitter<void>();
  private readonly rateAsked = new vscode.EventEmitter<number>();
  /** What the panel shows now; handed to the page whenever it (re)loads, so it is never blank or stale. */
  private _view: PanelView | undefined;
  private readonly audioRoot: vscode.Uri;
  private readonly audioDir: vscode.Uri;
  /** Clips left behind by an earlier session are removed before the first new one is written. */
  private readonly cleaned: Promise<void>;

  /** What the page reports about the current clip (the browser decides whether it may play). */
  readonly onPlayback = this.playback.event;
  /** Position reports from the page (a diagnostic count: tests measure the message rate). */
  private reports = { count: 0, lastAt: undefined as number | undefined };
  /** The playback position of the current clip, about twenty times a second while it plays. */
  readonly onTimeUpdate = this.timeupdate.event;
  /** The page's speed slider asked for this speed. */
  readonly onDidAskRate = this.rateAsked.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    storageUri: vscode.Uri,
    private readonly log: Log,
    private readonly onCommand: (c: PlayerCommand) => void,
  ) {
    // One folder per window: other windows share globalStorage and may be playing from theirs.
    this.audioRoot = vscode.Uri.joinPath(storageUri, 'audio');
    this.audioDir = vscode.Uri.joinPath(this.audioRoot, crypto.randomUUID());
    this.cleaned = this.removeOldClips();
  }

  /** Whether the page has been allowed to play sound (after its "Start listening" click). */
  get unlocked(): boolean {
    return this._unlocked;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    this._unlocked = false;
    const webview = view.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
        this.audioDir,
      ],
    };
    webview.html = renderPlayerHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'player.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'player.css')).toString(),
      lang: vscode.env.language,
      bundle: vscode.l10n.bundle,
    });
    this.viewSubs.push(
      webview.onDidReceiveMessage((m: unknown) => {
        const msg = parseFromWebview(m);
        if (msg) this.onMessage(msg);
        else this.log.warn('player: ignored a malformed message from the page');
      }),
      view.onDidDispose(() => {
        if (this.view !== view) return;
        this.disposeView();
        this.view = undefined;
        this.failClip(new Error('The Read Aloud player was closed.'));
      }),
    );
    this.resolved.fire();
  }

  /**
   * Every message handed to the page this session, as the JSON it was posted as (the last 1000, oldest
   * first), and how many were posted in all. A diagnostic record: the key scan test reads it.
   */
  posted(): { total: number; messages: readonly string[] } {
    return { total: this.postedTotal, messages: [...this.postedLog] };
  }

  /** How many position reports the page has sent this session, and when the last one came. */
  positionReports(): { count: number; lastAt: number | undefined } {
    return { ...this.reports };
  }

  /** The playback rate (0.5–4, pitch preserved); applies to the clip playing now and later ones. */
  get rate(): number {
    return this._rate;
  }

  setRate(rate: number): void {
    if (rate === this._rate) return;
    this._rate = rate;
    this.post({ type: 'setRate', rate });
  }

  /** What the panel shows now (the last view handed to it). */
  get panelView(): PanelView | undefined {
    return this._view;
  }

  /** Shows `view` in the panel (now if the page is ready, else as soon as it is). */
  showView(view: PanelView): void {
    this._view = view;
    if (this.view && this.ready) this.send({ type: 'view', view });
  }

  /** The last reported position of the clip playing now. */
  get position(): PlaybackPosition | undefined {
    return this.clip && this._position?.clipId === this.clip.id ? this._position : undefined;
  }

  /** Moves to `time` seconds in the clip playing now. */
  seek(time: number): void {
    if (this.clip) this.post({ type: 'seek', time });
    // A seek while the clip is still on its way to the page: it starts there.
    else if (this.starting) this.starting.seekTo = time;
  }

  /** Ends the clip playing now as if it had ended (moving to another one); play() resolves. */
  skip(): void {
    const c = this.clip;
    if (!c) {
      // A move that came while the next clip is still on its way: that clip ends at once.
      if (this.starting) this.starting.skipped = true;
      return;
    }
    this.clip = undefined;
    this.post({ type: 'stop', text: vscode.l10n.t('Moving on…') });
    c.resolve();
  }

  /** Plays one clip; resolves when it ended, rejects on a playback error or abort. */
  async play(audio: AudioData, meta: PlayMeta, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw abortError();
    if (meta.chunk === 1) this.pauseRequested = false;
    const mime = MIME[audio.format];
    if (!mime) throw new Error(`The audio format "${audio.format}" cannot be played.`);
    this.failClip(abortError());
    const id = ++this.clipSeq;
    const starting: { id: number; skipped: boolean; seekTo?: number } = { id, skipped: false };
    this.starting = starting;
    await this.cleaned;
    await vscode.workspace.fs.createDirectory(this.audioDir);
    const file = vscode.Uri.joinPath(this.audioDir, `clip-${Date.now()}-${id}${audio.extension}`);
    await vscode.workspace.fs.writeFile(file, audio.bytes);
    try {
      if (signal.aborted) throw abortError();
      const view = await this.ensureView(meta.chunk === 1 || !this._unlocked, signal);
      if (this.starting === starting) this.starting = undefined;
      if (starting.skipped) return;
      const ended = new Promise<void>((resolve, reject) => {
        this.clip = { id, chunk: meta.chunk, total: meta.total, file, resolve, reject };
      });
      const onAbort = () => {
        this.pauseRequested = false;
        if (this.clip?.id !== id) return;
        this.post({ type: 'stop' });
        this.failClip(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.post({
        type: 'play',
        id,
        src: view.webview.asWebviewUri(file).toString(),
        mime,
        chunk: meta.chunk,
        total: meta.total,
        label: meta.label ?? (meta.total > 1 ? vscode.l10n.t('Part {0} of {1}', meta.chunk, meta.total) : vscode.l10n.t('Reading aloud')),
        rate: this._rate,
        startAt: starting.seekTo ?? meta.startAt,
      });
      if (this.pauseRequested) this.post({ type: 'pause' });
      try {
        await ended;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    } finally {
      if (this.starting === starting) this.starting = undefined;
      if (this.clip?.id === id) this.clip = undefined;
      void this.remove(file);
    }
  }

  /** Pauses the clip; one that is still being handed to the page starts paused. */
  pause(): void {
    this.pauseRequested = true;
    if (this.clip) this.post({ type: 'pause' });
  }

  resume(): void {
    this.pauseRequested = false;
    if (this.clip) this.post({ type: 'resume' });
  }

  /**
   * Opens the view and moves focus to it (for the "Start listening" click, and for keyboard users). A page
   * still loading cannot take the focus the workbench hands it, so it is handed again once the page says ready.
   */
  async reveal(): Promise<void> {
    if (!this.view || !this.ready) this.focusWhenReady = true;
    if (this.view) this.view.show(false);
    else await vscode.commands.executeCommand(`${Views.player}.focus`);
  }

  /** Removes the folders of windows that closed long ago (a crash or a kill leaves them behind). */
  private async removeOldClips(): Promise<void> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.audioRoot);
    } catch {
      return; // nothing stored yet
    }
    for (const [name] of entries) {
      const uri = vscode.Uri.joinPath(this.audioRoot, name);
      try {
        if (Date.now() - (await vscode.workspace.fs.stat(uri)).mtime > STALE_AUDIO_MS) {
          await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
        }
      } catch (e) {
        this.log.debug(`player: could not remove ${uri.path}: ${String(e)}`);
      }
    }
  }

  private onMessage(msg: FromWebview): void {
    const current = this.clip;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this._unlocked = msg.unlocked;
        this.log.debug(`player: ready (unlocked: ${msg.unlocked})`);
        if (this.focusWhenReady) {
          this.focusWhenReady = false;
          this.view?.show(false);
        }
        if (this._view) this.send({ type: 'view', view: this._view });
        for (const m of this.outbox.splice(0)) this.send(m);
        this.send({ type: 'setRate', rate: this._rate });
        return;
      case 'unlocked':
        this._unlocked = true;
        return;
      case 'needsGesture':
        if (current?.id !== msg.id) return;
        this.log.info('player: the browser wants a click before it plays sound; waiting for "Start listening"');
        this.view?.show(true);
        this.playback.fire({ kind: 'needsGesture', chunk: current.chunk, total: current.total });
        return;
      case 'playing':
        if (current?.id === msg.id) this.playback.fire({ kind: 'playing', chunk: current.chunk, total: current.total });
        return;
      case 'paused':
        if (current?.id === msg.id) this.playback.fire({ kind: 'paused', chunk: current.chunk, total: current.total });
        return;
      case 'timeupdate':
        this.reports.count++;
        this.reports.lastAt = Date.now();
        if (current?.id !== msg.id) return;
        this._position = { clipId: msg.id, currentTime: msg.currentTime, duration: msg.duration };
        this.timeupdate.fire(this._position);
        return;
      case 'ended':
        if (current?.id !== msg.id) return;
        this.clip = undefined;
        current.resolve();
        return;
      case 'error':
        if (current?.id !== msg.id) return;
        this.clip = undefined;
        current.reject(new Error(`the player could not play the audio (${msg.message || 'unknown media error'})`));
        return;
      case 'command':
        this.onCommand(msg.command);
        return;
      case 'setRate':
        this.rateAsked.fire(msg.rate);
        return;
    }
  }

  private async ensureView(reveal: boolean, signal: AbortSignal): Promise<vscode.WebviewView> {
    if (this.view) {
      if (reveal && !this.view.visible) this.view.show(true);
      return this.view;
    }
    const editor = vscode.window.activeTextEditor;
    const resolved = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error('the Read Aloud player did not open.'));
      }, VIEW_OPEN_TIMEOUT_MS);
      const sub = this.resolved.event(() => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand(`${Views.player}.focus`);
    await resolved;
    // Opening a view focuses it; give the keyboard back to the editor the user was in.
    if (editor && !signal.aborted) await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    if (!this.view) throw new Error('the Read Aloud player did not open.');
    return this.view;
  }

  private post(m: ToWebview): void {
    if (this.view && this.ready) {
      this.send(m);
      return;
    }
    // Until the page is ready only the latest clip matters; a stop just drops it.
    if (m.type === 'play' || m.type === 'stop') this.outbox = this.outbox.filter((q) => q.type !== 'play');
    if (m.type !== 'stop') this.outbox.push(m);
  }

  /** Hands `m` to the page now (the only place that does) and records it. */
  private send(message: ToWebview): void {
    const view = this.view;
    if (!view) return;
    // Every text the page gets is scrubbed of the key, whatever built it (an error echoing the key reaches the
    // panel's status line as well as the notification).
    const m = scrubbed(message, (t) => this.log.redact(t));
    this.postedTotal++;
    this.postedLog.push(JSON.stringify(m));
    if (this.postedLog.length > POSTED_KEPT) this.postedLog.shift();
    void view.webview.postMessage(m);
  }

  private failClip(e: unknown): void {
    const c = this.clip;
    this.clip = undefined;
    c?.reject(e);
  }

  private async remove(file: vscode.Uri): Promise<void> {
    try {
      await vscode.workspace.fs.delete(file, { useTrash: false });
    } catch (e) {
      this.log.debug(`player: could not remove ${file.path}: ${String(e)}`);
    }
  }

  private disposeView(): void {
    for (const d of this.viewSubs.splice(0)) d.dispose();
    this.ready = false;
    this.outbox = [];
  }

  dispose(): void {
    this.failClip(abortError());
    void Promise.resolve(vscode.workspace.fs.delete(this.audioDir, { recursive: true, useTrash: false })).catch(() => undefined);
    this.disposeView();
    this.playback.dispose();
    this.timeupdate.dispose();
    this.resolved.dispose();
    this.rateAsked.dispose();
  }
}

/** `value` with `redact` applied to every string in it (objects and arrays copied, nothing else changed). */
function scrubbed<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubbed(v, redact)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubbed(v, redact)])) as T;
  }
  return value;
}
