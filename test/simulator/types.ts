// Public types of the local Evolink simulator (docs/evolink-api.md §9).

export interface KeyConfig {
  key: string;
  /** Shown in request records and logs instead of the key; default `key1`, `key2`, … */
  label?: string;
  /** Starting credits of this key; default 1000. */
  credits?: number;
  /** Models this key may use; default both. Others answer 403 model_access_denied. */
  models?: string[];
  /**
   * The key's own credit limit, below or above the account's balance (the sum of every key's credits): what
   * GET /v1/credits reports as `token.remaining_credits` (the limit minus what the key used and reserved); a task
   * beyond it answers 402 insufficient_token_quota. 'unlimited' reports `token.unlimited_credits: true`. Default:
   * the key's own credits. (Addition.)
   */
  limit?: number | 'unlimited';
}

export interface LatencyModel {
  /** Simulated seconds a task stays `pending` (progress 0). */
  queueSec: number;
  /** Simulated processing seconds of a speech task: base + per code point. */
  ttsBaseSec: number;
  ttsPerCharSec: number;
  /** Simulated processing seconds of a voice-design task. */
  designSec: number;
  /** `task_info.estimated_time` returned at creation. */
  estimatedTts: number;
  /** Added to `estimatedTts` per code point of the text: an estimate that grows with length; default 0. (Addition.) */
  estimatedTtsPerCharSec?: number;
  estimatedDesign: number;
}

/**
 * How a running task's `progress` moves (nothing promises it follows the work): `linear` with the work (default);
 * `estimate`, elapsed time ÷ `estimated_time` while the work ends on its own schedule; `step`, 0 until done;
 * `stall`, with the work until 40 %, then still until done. The task ends at the same time under every model.
 * (Addition.)
 */
export type ProgressModel = 'linear' | 'estimate' | 'step' | 'stall';

export const PROGRESS_MODELS: readonly ProgressModel[] = ['linear', 'estimate', 'step', 'stall'];

export type ResultShape = 'A' | 'B' | 'C' | 'audioString' | 'audioObject';

/**
 * The data and RIFF sizes a service streaming its WAV writes before it knows the length (they mean "to the end of
 * the file"). (Simulator addition.)
 */
export type WavPlaceholder = '0xFFFFFFFF' | '0x7FFFFFFF' | '0';

export const WAV_PLACEHOLDERS: Record<WavPlaceholder, number> = { '0xFFFFFFFF': 0xffffffff, '0x7FFFFFFF': 0x7fffffff, '0': 0 };

export interface SimulatorOptions {
  /**
   * A named set of the options below ('upstream': the live service's habits; see ./profiles); options given
   * beside it win. Default: none (the friendly defaults). (Addition.)
   */
  profile?: 'friendly' | 'upstream';
  /** 0 = a free port (default). The media listener always takes a free port. */
  port?: number;
  /** Accepted API keys; default ['sk-evo-demo-0000000000000000']. */
  keys?: (string | KeyConfig)[];
  /** Multiplies every simulated duration (latency, URL lifetime, retention, callback timing); default 1. */
  timeScale?: number;
  /** Audio URL lifetime in simulated seconds; default 86400. Expired URLs answer 403. */
  audioTtlSec?: number;
  /** Simulated seconds after which a task id answers 404 task_not_found; default 7 days. */
  taskRetentionSec?: number;
  /** How an unknown voice is answered: 404 voice_not_found (default) or a task failing invalid_parameters (param "voice"). */
  unknownVoice?: 'http404' | 'failedTask';
  /**
   * Seeds the choice among the phrasings of unknown-voice answers (several do not contain the word "voice"):
   * one choice per answer, the same sequence for the same seed; random when absent. (Addition.)
   */
  wordingSeed?: number;
  /** Optional designed-voice lifetime in simulated seconds (then 404 voice_expired); off by default. */
  voiceTtlSec?: number;
  latency?: Partial<LatencyModel>;
  /** How tasks report progress (ProgressModel); a task fault `{ progress }` picks one for a single task. */
  progress?: ProgressModel;
  /** Test switch: allow §6 callbacks to http(s)://127.0.0.1 / localhost. */
  allowLoopbackCallbacks?: boolean;
  /** Voices that exist from the start (owned by `key`, default the first key). */
  seedVoices?: { key?: string; preferredName: string; language?: string }[];
  /**
   * How a completed voice-design task gives the voice name: `result_data.voice` ('object', default),
   * `result_data[0].voice` ('array', as Evolink's docs also allow), or not at all ('noVoice': the voice is still
   * made and charged). (Addition.)
   */
  designResult?: 'object' | 'array' | 'noVoice';
  /** Shape of completed speech tasks unless a fault picks another; default 'A'. (Addition.) */
  defaultShape?: ResultShape;
  /**
   * Every WAV download (speech and WAV previews) declares this placeholder as its data and RIFF size; 'perTask':
   * each task's audio gets true sizes or one of the placeholders, chosen from `seed`. (Addition.)
   */
  wavPlaceholder?: WavPlaceholder | 'perTask';
  /**
   * The media port also speaks TLS (a self-signed certificate for 127.0.0.1, `Simulator.mediaCa`); links stay
   * `http://`. Without it an https attempt on the media port fails its TLS handshake. (Addition.)
   */
  mediaTls?: boolean;
  /**
   * Whether finished tasks report `usage.credits_used`: 'always' (default), 'never', or 'perTask' (about half
   * of them, chosen from `seed`). (Addition.)
   */
  usageReport?: 'always' | 'never' | 'perTask';
  /** A completed task settles at `credits_reserved` × this (actual use below the estimate); default 1. (Addition.) */
  settledFraction?: number;
  /** Seeds the per-task choices ('perTask' options); random when absent. (Addition.) */
  seed?: number;
  /** false: audio downloads are sent without Content-Length (chunked), as streaming services do; default true. (Addition.) */
  audioContentLength?: boolean;
  /** Sample rate of speech audio, resampled from eSpeak's 22050 Hz (e.g. 24000, the real service's); default 22050. (Addition.) */
  speechSampleRate?: number;
  /**
   * The most billing characters a speech prompt may have; default 600, the documented limit. Lower, the
   * service refuses parts the client budgeted as fitting (400 prompt_too_long). (Addition.)
   */
  maxPromptBilling?: number;
  /**
   * Chaos: a request, task or download that no injected fault takes gets, with probability `rate`, one fault
   * chosen at random (from `seed`) among `faults` (default: the faults a reading should survive with Retry at
   * worst, faults.ts CHAOS_FAULTS) that fit it. (Addition.)
   */
  chaos?: ChaosOptions;
  /** Called with one concise line per request (never contains a key). (Addition, used by the CLI.) */
  log?: (line: string) => void;
}

export interface RequestRecord {
  seq: number;
  /** Unix epoch milliseconds when the request arrived. */
  time: number;
  method: string;
  path: string;
  /** Raw query string without '?', '' if none. */
  query: string;
  /** Parsed JSON body, or the raw text when it is not JSON; absent when empty. */
  body?: unknown;
  /** Label of the configured key that matched; never the raw key. */
  keyLabel?: string;
  authorization: 'none' | 'matched' | 'unmatched';
  /** HTTP status sent; 0 when the connection was reset before a status line. */
  status: number;
  origin: 'api' | 'media';
  /** Media requests: whether it came over TLS (an http link upgraded to https) or plain http. */
  scheme?: 'http' | 'https';
  /** Credential headers the request carried (authorization, cookie, proxy-authorization), by name; absent if none. */
  credentials?: string[];
  taskId?: string;
  /** Short description of the fault applied to this request, if any. */
  fault?: string;
  /** The request's `Idempotency-Key` header, if it had one. */
  idempotencyKey?: string;
  /** True when a repeated Idempotency-Key was answered with the task it created before (nothing charged). */
  replayed?: true;
  /** The client's port of the connection the request came on (a proxy's outgoing port, when it went through one). */
  clientPort?: number;
}

export interface ChaosOptions {
  /** Share of requests, tasks and downloads given a fault, 0–1. */
  rate: number;
  seed: number;
  faults?: Fault[];
}

export type TaskFault =
  | { outcome: 'fail'; code: string; message?: string; param?: string }
  | { outcome: 'cancelled' }
  | { outcome: 'stuck' }
  | { outcome: 'failAsCancelled' }
  | { shape: ResultShape }
  | { noAudioUrl: true }
  /** The task completes normally, reporting progress this way (SimulatorOptions.progress). (Addition.) */
  | { progress: ProgressModel }
  /** The task completes normally but its synthesis takes this many (simulated) seconds longer: a busy service. (Addition.) */
  | { slowerSec: number };

export type AudioFault = 'expired' | 'truncated' | 'shortData' | 'notAudio' | 'mp3';

export interface Fault {
  match?: {
    method?: string;
    /** Prefix of the request path (an exact path is its own prefix). */
    path?: string;
    /** `model` of a POST /v1/audios/generations body. */
    model?: string;
    /** `prompt` of a POST /v1/audios/generations body (a request or task fault for one chunk's text). */
    prompt?: string;
    origin?: 'api' | 'media';
  };
  /** How many matching requests (or tasks, or downloads) it applies to; default 1; -1 = unlimited. */
  times?: number;
  /** Let this many matching requests (or tasks, or downloads) through untouched first; default 0. */
  after?: number;
  status?: number;
  code?: string | number;
  message?: string;
  type?: string;
  /** 'string' (default): documented string code; 'numeric': code = status; 'emptyType': `type:""`, `param:""`, numeric code. */
  format?: 'string' | 'numeric' | 'emptyType';
  fallbackSuggestion?: string;
  param?: string;
  /** Raw Retry-After header value: seconds or an HTTP date. */
  retryAfter?: string;
  /** Real milliseconds to wait before answering. */
  delayMs?: number;
  /**
   * 'beforeResponse': the request is processed (a POST creates its task) and the socket is destroyed without an answer.
   * 'midBody': the request is processed, headers and half the body are sent, then the socket is destroyed.
   */
  reset?: 'beforeResponse' | 'midBody';
  /**
   * With `status` or `rawBody`: the request is processed first (a POST creates and charges its task, and
   * records its Idempotency-Key), then answered with the fault instead of the task: a 503 after the task
   * exists, as a gateway or proxy in front of the service can give.
   */
  afterCreate?: boolean;
  /** Send this body verbatim (e.g. proxy HTML, '' for empty) with `status` (default 502). */
  rawBody?: string;
  contentType?: string;
  /** Applies to the next matching task created (its final outcome or completed shape). */
  task?: TaskFault;
  /** Applies to the next matching download from the media origin. */
  audio?: AudioFault;
  /** The next matching WAV download declares this placeholder as its data and RIFF size (with `audio` too). (Addition.) */
  wavPlaceholder?: WavPlaceholder;
  /** false: the next matching download is sent without Content-Length (chunked); with `audio` too. (Addition.) */
  contentLength?: boolean;
}

export type SimTaskStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface CallbackAttempt {
  time: number;
  status?: number;
  error?: string;
}

export interface SimTaskSnapshot {
  id: string;
  created: number;
  model: string;
  keyLabel: string;
  status: SimTaskStatus;
  progress: number;
  prompt?: string;
  voice?: string;
  languageType?: string;
  /** The voice name a design task produces. */
  designedVoice?: string;
  audioUrl?: string;
  audioSampleRate?: number;
  audioFormat?: string;
  shape?: ResultShape;
  creditsReserved: number;
  creditsUsed?: number;
  /** Whether its finished answer reports `usage.credits_used`. */
  usageReported: boolean;
  errorCode?: string;
  fault?: string;
  callbackUrl?: string;
  callbackAttempts: CallbackAttempt[];
}

/** One open TCP connection to the API or media listener (simulator addition, for "no socket left" checks). */
export interface ConnectionInfo {
  origin: 'api' | 'media';
  /** API or media requests it has carried. */
  requests: number;
  /** A request on it is still being answered. */
  busy: boolean;
  /** Real milliseconds since its last answer finished (since it opened if none has); 0 while busy. */
  idleMs: number;
  /** Real milliseconds since it opened. */
  ageMs: number;
}

/**
 * Open connections that have carried at least one API or media request. Connections that carried only
 * control requests (`/__sim/…`, the tests' own) are not counted. (Simulator addition.)
 */
export interface ConnectionStats {
  open: number;
  api: number;
  media: number;
  /** Connections with a request still being answered. */
  busy: number;
  /** The longest any counted connection has been idle (0 when none is open). */
  maxIdleMs: number;
  /** Most counted connections open at once since the start or the last reset. */
  peak: number;
  list: ConnectionInfo[];
}

export interface Simulator {
  /** http://127.0.0.1:PORT (API origin, also serves /__sim/ control routes). */
  baseUrl: string;
  /** A second listener serving the audio files; audio URLs point here. */
  mediaBaseUrl: string;
  /** With `mediaTls`: the media port's certificate (PEM), for a client's trusted CAs. */
  mediaCa?: string;
  /** The options in force (a profile's, under the ones given). */
  options: SimulatorOptions;
  port: number;
  keys: string[];
  /** Every request to either origin, in order (control routes excluded). */
  requests: RequestRecord[];
  inject(fault: Fault | Fault[]): void;
  clearFaults(): void;
  designVoice(opts: { key?: string; preferredName: string; language?: string; targetModel?: string }): string;
  credits(key?: string): { remaining: number; used: number; reserved: number };
  setCredits(key: string, credits: number): void;
  tasks(): SimTaskSnapshot[];
  /** With `chaos`: the faults it gave since the start or the last reset, by kind and description. */
  chaosGiven(): Record<string, number>;
  /** Open connections from clients (control-only connections excluded). */
  connections(): ConnectionStats;
  /** Clears requests, faults, tasks and audio files, and sets the connection peak to the connections open now; keeps keys, voices and credits unless asked. */
  reset(opts?: { voices?: boolean; credits?: boolean }): void;
  close(): Promise<void>;
}
