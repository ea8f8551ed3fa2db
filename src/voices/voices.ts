// The voice service: designs a voice on Evolink (create → poll → download the preview), keeps the list in
// global state, caches previews, and plays a preview in the player view. Commands hold the UI around it.
import * as vscode from 'vscode';
import type { EvolinkClient } from '../api/client';
import { ApiError, isAbort } from '../api/errors';
import type { AudioData, Task } from '../api/types';
import type { Config } from '../config';
import type { ClientFactory } from '../connection';
import type { Log } from '../log';
import type { Player } from '../player/player';
import type { ReadAloud } from '../reading/readAloud';
import type { Secrets } from '../secrets';
import { checkBaseUrl } from '../settings';
import { findAudioUrl } from '../speech/audioLocation';
import { pollTask } from '../speech/poller';
import { isBusy, type SpeechState } from '../speech/state';
import { decodeAudio } from '../audio/decode';
import { describeResultData, designedVoiceName, UnnamedVoiceError } from './designResult';
import { VoiceStore, type StateStore } from './store';
import type { PreviewSnapshot, VoiceRecord } from './types';
import type { VoiceDesignInput } from './validation';

export interface DesignProgress {
  /** A short sentence for the progress notification, and the progress so far (0–100). */
  (message: string, percent: number): void;
}

export interface DesignResult {
  voice: VoiceRecord;
  /** The preview clip, when it could be downloaded. */
  preview?: AudioData;
  /** Why there is no preview, when there is none. */
  previewProblem?: string;
}

export interface VoicesDeps {
  globalState: StateStore;
  storageUri: vscode.Uri;
  config: Config;
  secrets: Secrets;
  log: Log;
  player: Player;
  reader: ReadAloud;
  timeScale: number;
  clients: ClientFactory;
}

export class Voices implements vscode.Disposable {
  readonly store: VoiceStore;
  private readonly previewDir: vscode.Uri;
  private _preview: PreviewSnapshot = { state: 'idle' };
  private previewRun: AbortController | undefined;
  private readonly changed = new vscode.EventEmitter<PreviewSnapshot>();

  /** Fires whenever the preview state changes. */
  readonly onDidChangePreview = this.changed.event;

  private readonly readerSub: vscode.Disposable;

  constructor(private readonly deps: VoicesDeps) {
    this.store = new VoiceStore(deps.globalState);
    this.previewDir = vscode.Uri.joinPath(deps.storageUri, 'voices');
    this.readerSub = deps.reader.onDidChangeState((s) => void this.noteOutcome(s).catch((e: unknown) => deps.log.error('updating the voice list failed', e)));
  }

  /**
   * Remembers which voices Evolink refused (a reading failed on the voice itself), so Select Voice can flag
   * them and list them last; a reading that works with a voice clears the flag.
   */
  private async noteOutcome(s: SpeechState): Promise<void> {
    const voice = this.deps.reader.runInfo?.voice;
    if (!voice) return;
    if (s.kind === 'failed' && s.error instanceof ApiError && (s.error.kind === 'voice' || s.error.param === 'voice')) {
      const rejected = new Date().toISOString();
      if (!(await this.store.patch(voice, { rejected }))) await this.store.add({ name: voice, created: rejected, origin: 'entered', rejected });
    } else if (s.kind === 'done' && this.store.get(voice)?.rejected) {
      await this.store.patch(voice, { rejected: undefined });
    }
  }

  get preview(): PreviewSnapshot {
    return { ...this._preview };
  }

  /** A client for the configured base URL; throws ApiError 'config' when the URL is unusable. */
  client(): EvolinkClient {
    const s = this.deps.config.read();
    const base = checkBaseUrl(s.baseUrl);
    if (!base.ok) throw new ApiError({ kind: 'config', message: base.reason, requestSent: 'no' });
    return this.deps.clients({ baseUrl: base.url, timeoutMs: s.requestTimeoutSeconds * 1000 });
  }

  /**
   * Creates the voice-design task, polls it to the end, records the voice and downloads its preview (a
   * preview that cannot be fetched does not undo the voice). Rejects with ApiError (kind 'aborted' on cancel), or
   * with UnnamedVoiceError when the task completed without a voice name (what it sent is logged).
   */
  async design(input: VoiceDesignInput, signal: AbortSignal, progress: DesignProgress = () => undefined): Promise<DesignResult> {
    const { log } = this.deps;
    const client = this.client();
    progress(vscode.l10n.t('Sending the description to Evolink…'), 0);
    log.info(`voice design: "${input.preferredName}", ${input.language}, target ${input.targetModel}`);
    const task = await client.createVoiceDesignTask({
      voicePrompt: input.description,
      previewText: input.previewText,
      preferredName: input.preferredName,
      language: input.language,
      targetModel: input.targetModel,
    }, signal);
    log.info(`voice design: task ${task.id} (est. ${task.task_info?.estimated_time ?? '?'} s, ${task.usage?.credits_reserved ?? '?'} credits reserved)`);
    progress(vscode.l10n.t('Queued on Evolink…'), 5);
    const done: Task = task.status === 'completed' ? task : await pollTask((id, s) => client.getTask(id, s), task.id, {
      estimatedTimeSec: task.task_info?.estimated_time,
      signal,
      timeScale: this.deps.timeScale,
      log: (line) => log.info(line),
      onUpdate: (t) => {
        if (t.status === 'pending') progress(vscode.l10n.t('Queued on Evolink…'), 5);
        else progress(vscode.l10n.t('Designing the voice… {0}%', t.progress ?? 0), 5 + Math.round((t.progress ?? 0) * 0.85));
      },
    });
    const name = designedVoiceName(done.result_data);
    if (!name) {
      log.error(`voice design: task ${task.id} completed (its credits are charged) without a voice name in `
        + `result_data.voice or result_data[0].voice; result_data as sent: ${describeResultData(done.result_data)}`);
      throw new UnnamedVoiceError(input.preferredName, task.id);
    }
    const voice: VoiceRecord = {
      name,
      preferredName: input.preferredName,
      description: input.description,
      language: input.language,
      targetModel: input.targetModel,
      created: new Date().toISOString(),
      taskId: task.id,
      origin: 'designed',
    };
    await this.store.add(voice);
    log.info(`voice design: task ${task.id} made voice ${name}`);

    const url = findAudioUrl(done);
    if (!url) return { voice, previewProblem: vscode.l10n.t('Evolink sent no preview audio.') };
    progress(vscode.l10n.t('Downloading the preview…'), 92);
    try {
      const audio = await client.downloadAudio(url, signal);
      voice.previewFile = (await this.cachePreview(name, audio)).toString();
      await this.store.patch(name, { previewFile: voice.previewFile });
      return { voice, preview: audio };
    } catch (e) {
      if (isAbort(e) || signal.aborted) throw e;
      log.error(`voice design: the preview of ${name} could not be downloaded`, e);
      return { voice, previewProblem: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Plays `audio` as the preview of `voice` in the player view (stops a reading that is running). */
  async playPreview(voice: string, audio: AudioData, taskId?: string): Promise<void> {
    this.previewRun?.abort();
    const run = new AbortController();
    this.previewRun = run;
    const live = () => this.previewRun === run;
    const { player, reader, log } = this.deps;
    if (isBusy(reader.state)) reader.stop();
    this.setPreview({ state: 'loading', voice });
    const sub = player.onPlayback((e) => {
      if (!live()) return;
      this.setPreview({ state: e.kind === 'needsGesture' ? 'waitingForClick' : e.kind, voice });
    });
    try {
      await player.play(audio, { chunk: 1, total: 1, taskId, label: vscode.l10n.t('Playing the voice preview.') }, run.signal);
      if (live()) this.setPreview({ state: 'ended', voice });
    } catch (e) {
      if (!live()) return;
      if (isAbort(e)) {
        this.setPreview({ state: 'stopped', voice });
      } else {
        log.error(`preview of ${voice} failed`, e);
        this.setPreview({ state: 'failed', voice, error: e instanceof Error ? e.message : String(e) });
      }
    } finally {
      sub.dispose();
      if (live()) this.previewRun = undefined;
    }
  }

  /** Plays the cached preview of a listed voice; false when it is no longer cached. */
  async playCached(name: string): Promise<boolean> {
    const v = this.store.get(name);
    if (!v?.previewFile) return false;
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(v.previewFile));
    } catch {
      await this.store.patch(name, { previewFile: undefined });
      return false;
    }
    let audio: AudioData;
    try {
      audio = decodeAudio(bytes);
    } catch {
      return false;
    }
    void this.playPreview(name, audio, v.taskId);
    return true;
  }

  /** Stops a preview that is playing. */
  stopPreview(): void {
    this.previewRun?.abort();
  }

  /** Removes a voice from the list and its cached preview (the voice stays on Evolink). */
  async remove(name: string): Promise<boolean> {
    const gone = await this.store.remove(name);
    if (gone?.previewFile) {
      await Promise.resolve(vscode.workspace.fs.delete(vscode.Uri.parse(gone.previewFile), { useTrash: false })).catch(() => undefined);
    }
    return gone !== undefined;
  }

  private async cachePreview(name: string, audio: AudioData): Promise<vscode.Uri> {
    await vscode.workspace.fs.createDirectory(this.previewDir);
    const file = vscode.Uri.joinPath(this.previewDir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}${audio.extension}`);
    await vscode.workspace.fs.writeFile(file, audio.bytes);
    return file;
  }

  private setPreview(p: PreviewSnapshot): void {
    this._preview = p;
    this.changed.fire({ ...p });
  }

  dispose(): void {
    this.readerSub.dispose();
    this.previewRun?.abort();
    this.changed.dispose();
  }
}
