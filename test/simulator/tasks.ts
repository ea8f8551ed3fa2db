// Simulated tasks: ids, the latency model, the status timeline, and the JSON the API returns for them.
import { randomBytes } from 'node:crypto';
import type { CallbackAttempt, LatencyModel, ProgressModel, ResultShape, SimTaskSnapshot, SimTaskStatus, WavPlaceholder } from './types';
import { codePoints, type DesignParams, type SpeechParams, SPEECH_MODEL } from './validation';

export const DEFAULT_LATENCY: LatencyModel = {
  queueSec: 0.5,
  ttsBaseSec: 1.5,
  ttsPerCharSec: 1 / 60,
  designSec: 12,
  estimatedTts: 10,
  estimatedDesign: 15,
};

/** What a task turns into when its processing time is over. */
export type Outcome =
  | { kind: 'complete'; shape: ResultShape; noAudioUrl?: boolean }
  | { kind: 'fail'; code: string; message: string; param?: string; early?: boolean }
  | { kind: 'cancelled' }
  | { kind: 'stuck' };

export interface Account {
  key: string;
  label: string;
  models: string[];
  initialCredits: number;
  /** The key's own credit limit (KeyConfig.limit); undefined = its own credits are its limit. */
  limit?: number | 'unlimited';
  remaining: number;
  used: number;
  reserved: number;
}

export class SimTask {
  status: SimTaskStatus = 'pending';
  progress = 0;
  /** Bytes of the result audio (speech) or preview (design) once synthesized. */
  audio?: Buffer;
  /** The audio went to the media store (and `audio` was released). */
  published = false;
  audioFormat = 'wav';
  audioSampleRate = 22050;
  audioError?: string;
  audioUrl?: string;
  creditsUsed?: number;
  error?: { code: string; message: string; param?: string };
  callbackAttempts: CallbackAttempt[] = [];
  /** The voice name a design task will produce. */
  designedVoice?: string;
  /** Whether its finished answer reports `usage.credits_used` (SimulatorOptions.usageReport). */
  reportUsage = true;
  /** The WAV sizes its audio downloads declare (SimulatorOptions.wavPlaceholder). */
  placeholder?: WavPlaceholder;
  /** How its completed answer gives the voice name (SimulatorOptions.designResult). */
  designResult?: 'object' | 'array' | 'noVoice';
  /** How its progress moves while it runs (SimulatorOptions.progress). */
  progressModel: ProgressModel = 'linear';
  /** Real milliseconds of its `estimated_time` (for the `estimate` progress model). */
  estimatedMs = 0;

  constructor(
    readonly id: string,
    readonly created: number,
    readonly createdMs: number,
    readonly account: Account,
    readonly params: SpeechParams | DesignParams,
    readonly queueMs: number,
    readonly workMs: number,
    readonly creditsReserved: number,
    readonly estimatedTime: number,
    public outcome: Outcome,
    readonly faultLabel?: string,
  ) {}

  get model(): string {
    return this.params.model;
  }

  get terminal(): boolean {
    return this.status === 'completed' || this.status === 'failed' || this.status === 'cancelled';
  }

  get callbackUrl(): string | undefined {
    return this.params.callbackUrl;
  }

  snapshot(): SimTaskSnapshot {
    const p = this.params;
    return {
      id: this.id,
      created: this.created,
      model: this.model,
      keyLabel: this.account.label,
      status: this.status,
      progress: this.progress,
      ...(p.model === SPEECH_MODEL
        ? { prompt: p.prompt, voice: p.voice, languageType: p.languageType }
        : { designedVoice: this.designedVoice }),
      audioUrl: this.audioUrl,
      audioSampleRate: this.published ? this.audioSampleRate : undefined,
      audioFormat: this.published ? this.audioFormat : undefined,
      shape: this.outcome.kind === 'complete' ? this.outcome.shape : undefined,
      creditsReserved: this.creditsReserved,
      creditsUsed: this.creditsUsed,
      usageReported: this.reportUsage,
      errorCode: this.error?.code,
      fault: this.faultLabel,
      callbackUrl: this.callbackUrl,
      callbackAttempts: [...this.callbackAttempts],
    };
  }
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `task-unified-{unix seconds}-{8 [a-z0-9]}` and the matching `created`. */
export function newTaskId(nowMs: number): { id: string; created: number } {
  const created = Math.floor(nowMs / 1000);
  const bytes = randomBytes(8);
  let suffix = '';
  for (const b of bytes) suffix += ALNUM[b % ALNUM.length];
  return { id: `task-unified-${created}-${suffix}`, created };
}

/** `qwen-tts-vd-{preferred_name}-voice-{YYYYMMDDhhmmssSSS}-{4 hex}` (UTC). */
export function newVoiceName(preferredName: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:TZ.]/g, '');
  return `qwen-tts-vd-${preferredName}-voice-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Estimated credits: 0.005 per code point for speech (0.32 for 63 characters), 2 for a voice design. */
export function creditsFor(params: SpeechParams | DesignParams): number {
  if (params.model !== SPEECH_MODEL) return 2;
  return Math.max(1, Math.ceil(codePoints(params.prompt) * 0.5)) / 100;
}

/** `task_info.estimated_time` of a new task, in simulated seconds: it may grow with the text (estimatedTtsPerCharSec). */
export function estimatedSeconds(params: SpeechParams | DesignParams, latency: LatencyModel): number {
  if (params.model !== SPEECH_MODEL) return latency.estimatedDesign;
  return Math.round((latency.estimatedTts + codePoints(params.prompt) * (latency.estimatedTtsPerCharSec ?? 0)) * 10) / 10;
}

/** Simulated processing seconds (after the queue). */
export function workSeconds(params: SpeechParams | DesignParams, latency: LatencyModel): number {
  if (params.model !== SPEECH_MODEL) return latency.designSec;
  return latency.ttsBaseSec + codePoints(params.prompt) * latency.ttsPerCharSec;
}

/** Status and progress from the elapsed real time, for a task that has not reached its end yet. */
export function timeline(task: SimTask, nowMs: number): { status: 'pending' | 'processing' | 'due'; progress: number } {
  const t = nowMs - task.createdMs;
  if (t < task.queueMs) return { status: 'pending', progress: 0 };
  if (task.outcome.kind === 'fail' && task.outcome.early) return { status: 'due', progress: 0 };
  const done = task.workMs <= 0 ? 1 : (t - task.queueMs) / task.workMs;
  if (task.outcome.kind === 'stuck') return { status: 'processing', progress: Math.min(57, 1 + Math.floor(98 * done)) };
  if (done >= 1) return { status: 'due', progress: 99 };
  const linear = Math.min(99, 1 + Math.floor(98 * done));
  switch (task.progressModel) {
    case 'estimate': return { status: 'processing', progress: task.estimatedMs > 0 ? Math.min(99, Math.floor((100 * t) / task.estimatedMs)) : 0 };
    case 'step': return { status: 'processing', progress: 0 };
    case 'stall': return { status: 'processing', progress: Math.min(40, linear) };
    default: return { status: 'processing', progress: linear };
  }
}

const round = (n: number) => Math.round(n * 10000) / 10000;

/** The task as POST /v1/audios/generations answers it. */
export function creationJson(task: SimTask): Record<string, unknown> {
  return {
    created: task.created,
    id: task.id,
    model: task.model,
    object: 'audio.generation.task',
    progress: 0,
    status: 'pending',
    task_info: {
      can_cancel: true,
      estimated_time: task.estimatedTime,
      audio_type: task.model === SPEECH_MODEL ? 'tts' : 'voice_design',
    },
    type: 'audio',
    usage: { credits_reserved: round(task.creditsReserved) },
  };
}

/** The task as GET /v1/tasks/{id} (and callbacks) return it. */
export function taskJson(task: SimTask): Record<string, unknown> {
  const base: Record<string, unknown> = {
    created: task.created,
    id: task.id,
    model: task.model,
    object: 'audio.generation.task',
    progress: task.progress,
    status: task.status,
    task_info: { can_cancel: !task.terminal },
    type: 'audio',
  };
  const usage: Record<string, number> = { credits_reserved: round(task.creditsReserved) };
  if (task.terminal && task.reportUsage) usage.credits_used = round(task.creditsUsed ?? 0);
  if (task.status === 'failed' && task.error) {
    base.error = { code: task.error.code, message: task.error.message, type: 'task_error', ...(task.error.param ? { param: task.error.param } : {}) };
  }
  if (task.status === 'completed') Object.assign(base, resultFields(task));
  base.usage = usage;
  return base;
}

function resultFields(task: SimTask): Record<string, unknown> {
  const url = task.audioUrl;
  const p = task.params;
  if (p.model !== SPEECH_MODEL) {
    const data: Record<string, unknown> = {
      ...(task.designResult !== 'noVoice' ? { voice: task.designedVoice } : {}),
      target_model: p.targetModel, sample_rate: p.sampleRate, response_format: p.responseFormat,
      ...(url ? { preview_audio_url: url } : {}),
    };
    return { results: url ? [url] : [], result_data: task.designResult === 'array' ? [data] : data };
  }
  if (task.outcome.kind !== 'complete') return {};
  if (task.outcome.noAudioUrl || !url) return { results: [], result_data: {} };
  switch (task.outcome.shape) {
    case 'A':
      return { results: [url], result_data: [{ audio_url: url, format: task.audioFormat, sample_rate: task.audioSampleRate }] };
    case 'B':
      return { result_data: { audio_url: url } };
    case 'C':
      return { results: [url] };
    case 'audioString':
      return { result_data: { audio: url } };
    case 'audioObject':
      return { result_data: { audio: { url } } };
  }
}
