// The simulator's state and rules, free of HTTP: keys and credits, the voice registry, tasks, audio files, callbacks.
import { randomBytes } from 'node:crypto';
import { CONTENT_TYPES, encodePreview, espeakVoice, parseWav, synthesize } from './audio';
import { errors, taskErrorMessage, voiceTaskMessage } from './errors';
import type { FaultQueue } from './faults';
import {
  type Account, creditsFor, DEFAULT_LATENCY, estimatedSeconds, newTaskId, newVoiceName, type Outcome, SimTask, timeline, taskJson, workSeconds,
} from './tasks';
import { type Fault, type KeyConfig, type LatencyModel, type ResultShape, type SimulatorOptions, WAV_PLACEHOLDERS, type WavPlaceholder } from './types';
import { DEFAULT_TARGET_MODEL, type DesignParams, MODELS, type SpeechParams, SPEECH_MODEL } from './validation';
import { prng } from '../fixtures/prng';

export const DEMO_KEY = 'sk-evo-demo-0000000000000000';
/** Audio files kept in memory at most; beyond it the oldest are dropped. */
const MEDIA_LIMIT_BYTES = 256 * 1024 * 1024;

export interface Voice {
  name: string;
  ownerLabel: string;
  preferredName: string;
  language: string;
  targetModel: string;
  createdMs: number;
}

export interface MediaFile {
  bytes: Buffer;
  contentType: string;
  expiresMs: number;
  format: string;
  /** The data and RIFF sizes its WAV downloads declare, when not the true ones. */
  placeholder?: WavPlaceholder;
}

/** What a 'perTask' choice picks from: true sizes or one of the placeholders. */
const PER_TASK_SIZES: (WavPlaceholder | undefined)[] = [undefined, ...(Object.keys(WAV_PLACEHOLDERS) as WavPlaceholder[])];

export class Engine {
  readonly accounts: Account[];
  readonly latency: LatencyModel;
  readonly timeScale: number;
  readonly voices = new Map<string, Voice>();
  readonly tasks = new Map<string, SimTask>();
  readonly media = new Map<string, MediaFile>();
  /** Speech creates by `account label + Idempotency-Key`: the request body and the task it created. */
  readonly idempotency = new Map<string, { body: string; taskId: string }>();
  mediaBaseUrl = '';
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<AbortController>();
  private closed = false;
  /** Chooses the phrasing of each unknown-voice answer: a sequence fixed by `opts.wordingSeed`. */
  private readonly wording: () => number;
  /** The per-task choices of the 'perTask' options: a sequence fixed by `opts.seed`. */
  private readonly perTask: () => number;

  constructor(readonly opts: SimulatorOptions, readonly faults: FaultQueue) {
    const keys = opts.keys?.length ? opts.keys : [DEMO_KEY];
    this.accounts = keys.map((k, i) => {
      const c: KeyConfig = typeof k === 'string' ? { key: k } : k;
      const credits = c.credits ?? 1000;
      return {
        key: c.key, label: c.label ?? `key${i + 1}`, models: c.models ?? [...MODELS],
        initialCredits: credits, remaining: credits, used: 0, reserved: 0, ...(c.limit !== undefined ? { limit: c.limit } : {}),
      };
    });
    this.latency = { ...DEFAULT_LATENCY, ...opts.latency };
    this.timeScale = opts.timeScale ?? 1;
    for (const s of opts.seedVoices ?? []) this.designVoice(s);
    this.wording = prng(opts.wordingSeed ?? randomBytes(4).readUInt32LE(0));
    this.perTask = prng(opts.seed ?? randomBytes(4).readUInt32LE(0));
  }

  /** Real milliseconds for simulated seconds. */
  ms(simSec: number): number {
    return simSec * this.timeScale * 1000;
  }

  account(keyOrLabel?: string): Account {
    if (keyOrLabel === undefined) return this.accounts[0];
    const a = this.accounts.find((x) => x.key === keyOrLabel) ?? this.accounts.find((x) => x.label === keyOrLabel);
    if (!a) throw new Error('unknown simulator key');
    return a;
  }

  designVoice(o: { key?: string; preferredName: string; language?: string; targetModel?: string }): string {
    const name = newVoiceName(o.preferredName, Date.now());
    this.voices.set(name, {
      name, ownerLabel: this.account(o.key).label, preferredName: o.preferredName,
      language: o.language ?? 'en', targetModel: o.targetModel ?? DEFAULT_TARGET_MODEL, createdMs: Date.now(),
    });
    return name;
  }

  /** Voice lookup for a speech task: undefined if fine, else the outcome (404 thrown, or a failing task). */
  checkVoice(account: Account, name: string): Outcome | undefined {
    const v = this.voices.get(name);
    const pick = (n: number) => Math.floor(this.wording() * n);
    const failed = (why: 'unknown' | 'expired' | 'target'): Outcome => ({
      kind: 'fail', code: 'invalid_parameters', param: 'voice', message: voiceTaskMessage(why, name, v?.targetModel ?? '', pick), early: true,
    });
    if (!v || v.ownerLabel !== account.label) {
      if (this.opts.unknownVoice === 'failedTask') return failed('unknown');
      throw errors.voiceNotFound(name, pick);
    }
    if (this.opts.voiceTtlSec !== undefined && Date.now() - v.createdMs > this.ms(this.opts.voiceTtlSec)) {
      if (this.opts.unknownVoice === 'failedTask') return failed('expired');
      throw errors.voiceExpired(name, pick);
    }
    if (v.targetModel !== DEFAULT_TARGET_MODEL) return failed('target');
    return undefined;
  }

  /** Creates a task after validation: checks credits (402), reserves them, applies a task fault, starts synthesis. */
  createTask(account: Account, params: SpeechParams | DesignParams, preset?: Outcome): SimTask {
    const cost = creditsFor(params);
    if (account.remaining < cost) throw errors.insufficientQuota();
    if (typeof account.limit === 'number' && account.limit - account.used - account.reserved < cost) throw errors.insufficientTokenQuota();
    const fault = this.faults.take('task', { origin: 'api', method: 'POST', path: '/v1/audios/generations', model: params.model, prompt: 'prompt' in params ? params.prompt : undefined });
    const shape: ResultShape = this.opts.defaultShape ?? 'A';
    const outcome = preset ?? outcomeOf(fault, shape);
    const now = Date.now();
    this.sweepTasks(now);
    const { id, created } = newTaskId(now);
    account.remaining -= cost;
    account.reserved += cost;
    const speech = params.model === SPEECH_MODEL;
    const slower = fault?.task && 'slowerSec' in fault.task ? Math.max(0, fault.task.slowerSec) : 0;
    const task = new SimTask(
      id, created, now, account, params, this.ms(this.latency.queueSec), this.ms(workSeconds(params, this.latency) + slower), cost,
      estimatedSeconds(params, this.latency), outcome, fault ? JSON.stringify(fault.task) : undefined,
    );
    const f = fault?.task;
    task.progressModel = (f && 'progress' in f ? f.progress : undefined) ?? this.opts.progress ?? 'linear';
    task.estimatedMs = this.ms(task.estimatedTime);
    // Both drawn for every task, so one option's choices do not shift with the other's setting.
    const [usageDraw, sizeDraw] = [this.perTask(), this.perTask()];
    const usage = this.opts.usageReport ?? 'always';
    task.reportUsage = usage === 'always' || (usage === 'perTask' && usageDraw < 0.5);
    const sizes = this.opts.wavPlaceholder;
    task.placeholder = sizes === 'perTask' ? PER_TASK_SIZES[Math.floor(sizeDraw * PER_TASK_SIZES.length)] : sizes;
    if (!speech) {
      task.designedVoice = newVoiceName((params as DesignParams).preferredName, now);
      task.designResult = this.opts.designResult;
    }
    this.tasks.set(id, task);
    if (outcome.kind === 'complete') this.startAudio(task);
    if (task.callbackUrl && outcome.kind !== 'stuck') this.schedule(() => this.watch(task), task.queueMs + task.workMs + 1);
    return task;
  }

  private startAudio(task: SimTask): void {
    const p = task.params;
    let job: Promise<void>;
    if (p.model === SPEECH_MODEL) {
      const voice = this.voices.get(p.voice);
      job = synthesize(p.prompt, espeakVoice(p.prompt, p.languageType, voice?.language)).then((espeak) => {
        const rate = this.opts.speechSampleRate;
        const wav = rate && rate !== parseWav(espeak).sampleRate ? encodePreview(espeak, 'wav', rate) : espeak;
        task.audio = wav;
        task.audioSampleRate = parseWav(wav).sampleRate;
      });
    } else {
      job = synthesize(p.previewText, espeakVoice(p.previewText, undefined, p.language)).then((wav) => {
        task.audio = encodePreview(wav, p.responseFormat, p.sampleRate);
        task.audioFormat = p.responseFormat;
        task.audioSampleRate = p.sampleRate;
      });
    }
    job.catch((e: unknown) => {
      task.audioError = String(e);
    }).finally(() => {
      if (!this.closed) this.advance(task);
    });
  }

  /** Brings a task's status up to date with the clock; terminal transitions settle credits and publish audio. */
  advance(task: SimTask, now = Date.now()): void {
    if (task.terminal) return;
    const t = timeline(task, now);
    if (t.status !== 'due') {
      task.status = t.status;
      task.progress = Math.max(task.progress, t.progress);
      return;
    }
    const o = task.outcome;
    if (o.kind === 'fail') return this.finish(task, 'failed', { code: o.code, message: o.message, ...(o.param ? { param: o.param } : {}) });
    if (o.kind === 'cancelled') return this.finish(task, 'cancelled');
    if (task.audioError) return this.finish(task, 'failed', { code: 'service_error', message: taskErrorMessage('service_error') });
    if (!task.audio && !task.published) {
      task.status = 'processing';
      task.progress = Math.max(task.progress, 99);
      return;
    }
    this.publish(task, now);
    task.audio = undefined;
    task.published = true;
    this.finish(task, 'completed');
  }

  private finish(task: SimTask, status: 'completed' | 'failed' | 'cancelled', error?: { code: string; message: string; param?: string }): void {
    const a = task.account;
    a.reserved = Math.max(0, a.reserved - task.creditsReserved);
    if (status === 'completed') {
      const settled = Math.round(task.creditsReserved * (this.opts.settledFraction ?? 1) * 10000) / 10000;
      a.used += settled;
      task.creditsUsed = settled;
      task.progress = 100;
      if (task.designedVoice) {
        const p = task.params as DesignParams;
        this.voices.set(task.designedVoice, {
          name: task.designedVoice, ownerLabel: a.label, preferredName: p.preferredName, language: p.language,
          targetModel: p.targetModel, createdMs: Date.now(),
        });
      }
    } else {
      a.remaining += task.creditsReserved;
      task.creditsUsed = 0;
      task.progress = 0;
    }
    task.status = status;
    task.error = error;
    if (task.callbackUrl) void this.deliverCallback(task, 0);
  }

  private publish(task: SimTask, now: number): void {
    if (task.outcome.kind === 'complete' && task.outcome.noAudioUrl) return;
    const d = new Date(task.createdMs).toISOString();
    const day = d.slice(0, 10).replace(/-/g, '');
    const suffix = task.id.slice(-8);
    const speech = task.model === SPEECH_MODEL;
    const path = `/audio/${day}/${suffix}${speech ? '' : '-preview'}.${task.audioFormat}`;
    this.sweepMedia(now);
    this.media.set(path, {
      bytes: task.audio as Buffer,
      contentType: CONTENT_TYPES[task.audioFormat] ?? 'application/octet-stream',
      expiresMs: now + this.ms(this.opts.audioTtlSec ?? 86400),
      format: task.audioFormat,
      ...(task.placeholder !== undefined ? { placeholder: task.placeholder } : {}),
    });
    task.audioUrl = `${this.mediaBaseUrl}${path}`;
  }

  /** Drops expired audio files, and the oldest ones while more than MEDIA_LIMIT_BYTES are kept (they answer 404). */
  private sweepMedia(now: number): void {
    let total = 0;
    for (const [path, f] of this.media) {
      if (now >= f.expiresMs) this.media.delete(path);
      else total += f.bytes.length;
    }
    for (const [path, f] of this.media) {
      if (total <= MEDIA_LIMIT_BYTES) break;
      this.media.delete(path);
      total -= f.bytes.length;
    }
  }

  /** Forgets tasks past the retention time (they answer 404 task_not_found). */
  private sweepTasks(now: number): void {
    const retention = this.ms(this.opts.taskRetentionSec ?? 7 * 86400);
    for (const [id, t] of this.tasks) {
      if (now - t.createdMs > retention) this.tasks.delete(id);
    }
  }

  /** The task visible to `account` (404 after the retention time or if unknown, 403 if another key's). */
  getTask(id: string, account: Account): SimTask {
    this.sweepTasks(Date.now());
    const task = this.tasks.get(id);
    if (!task) throw errors.taskNotFound();
    if (task.account !== account) throw errors.permissionDenied();
    this.advance(task);
    return task;
  }

  advanceAll(): void {
    for (const t of this.tasks.values()) this.advance(t);
  }

  private watch(task: SimTask): void {
    this.advance(task);
    if (!task.terminal && !this.closed) this.schedule(() => this.watch(task), 25);
  }

  private async deliverCallback(task: SimTask, attempt: number): Promise<void> {
    if (this.closed || !task.callbackUrl) return;
    const ac = new AbortController();
    this.aborts.add(ac);
    const timer = setTimeout(() => ac.abort(), Math.max(1, this.ms(10)));
    let ok = false;
    try {
      const res = await fetch(task.callbackUrl, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(taskJson(task)), signal: ac.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      task.callbackAttempts.push({ time: Date.now(), status: res.status });
      ok = res.status >= 200 && res.status < 300;
    } catch (e) {
      task.callbackAttempts.push({ time: Date.now(), error: e instanceof Error ? e.message : String(e) });
    } finally {
      clearTimeout(timer);
      this.aborts.delete(ac);
    }
    if (!ok && attempt < 3 && !this.closed) this.schedule(() => void this.deliverCallback(task, attempt + 1), this.ms(2 ** attempt));
  }

  schedule(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, ms));
    this.timers.add(t);
  }

  reset(o: { voices?: boolean; credits?: boolean } = {}): void {
    for (const t of this.tasks.values()) {
      if (!t.terminal) {
        t.account.reserved = Math.max(0, t.account.reserved - t.creditsReserved);
        t.account.remaining += t.creditsReserved;
      }
    }
    this.tasks.clear();
    this.idempotency.clear();
    this.media.clear();
    this.clearTimers();
    if (o.voices) this.voices.clear();
    if (o.credits) {
      for (const a of this.accounts) Object.assign(a, { remaining: a.initialCredits, used: 0, reserved: 0 });
    }
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const ac of this.aborts) ac.abort();
    this.aborts.clear();
  }

  close(): void {
    this.closed = true;
    this.clearTimers();
  }
}

function outcomeOf(fault: Fault | undefined, shape: ResultShape): Outcome {
  const f = fault?.task;
  if (!f) return { kind: 'complete', shape };
  if ('outcome' in f) {
    switch (f.outcome) {
      case 'fail': return { kind: 'fail', code: f.code, message: f.message ?? taskErrorMessage(f.code), ...(f.param ? { param: f.param } : {}) };
      case 'failAsCancelled': return { kind: 'fail', code: 'request_cancelled', message: taskErrorMessage('request_cancelled') };
      case 'cancelled': return { kind: 'cancelled' };
      case 'stuck': return { kind: 'stuck' };
    }
  }
  if ('shape' in f) return { kind: 'complete', shape: f.shape };
  if ('progress' in f || 'slowerSec' in f) return { kind: 'complete', shape };
  return { kind: 'complete', shape, noAudioUrl: true };
}

export function requestId(): string {
  return randomBytes(12).toString('hex');
}
