// The Evolink HTTP client: a plain class on undici. Base URL, key source and dispatcher are injected; each
// request has its own timeout combined with the caller's AbortSignal; every failure is one typed ApiError.
// Redirects on API calls are never followed (the Authorization header must not reach another host); the
// key never appears in a log line or an error message; headers are never logged.
import type { Agent, Dispatcher } from 'undici';
import { abortError, realClock, sleep } from './async';
import { capMessage, classifyHttpError, classifyNetworkError, errorCode, tlsCannotConnect } from './classify';
import { ApiError, provesNoTask } from './errors';
import { undici } from './http';
import {
  SPEECH_MODEL, VOICE_DESIGN_MODEL, VOICE_TARGET_MODEL,
  type AudioData, type Credits, type SpeechRequest, type Task, type VoiceDesignRequest,
} from './types';
import { AudioDecodeError, decodeAudio } from '../audio/decode';
import type { Network } from './proxy';

export interface EvolinkClientOptions {
  baseUrl: string;
  getApiKey: () => Promise<string | undefined>;
  dispatcher?: Dispatcher;
  /** The extension's network (its current dispatcher, read on every request, and proxy routes); wins over `dispatcher`. */
  network?: Network;
  /** Per-request timeout in milliseconds (real time, not scaled); default 30000. */
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Largest audio download accepted; default 50 MB. */
  maxAudioBytes?: number;
  /** Multiplies the client's own retry waits (Retry-After included); default 1. */
  timeScale?: number;
}

/** Re-sends of a paid POST, only when provably no task was created (provesNoTask in ./errors). */
export const CREATE_RETRY = { maxRetries: 3, firstWaitMs: 5000, maxWaitMs: 60_000 } as const;
/** Redirects followed on audio downloads (no credentials are sent there anyway). */
export const MAX_AUDIO_REDIRECTS = 3;
const MAX_JSON_BYTES = 5 * 1024 * 1024;
const CREATE_PATH = '/v1/audios/generations';

/**
 * How long an idle keep-alive connection stays open in the extension's pool (real milliseconds). Long enough
 * that consecutive polls (2 s or more apart) reuse one connection; short enough that after a run nothing is
 * held for long. Also the most a server's `Keep-Alive: timeout=…` hint can stretch it to.
 */
export const KEEP_ALIVE_MS = 4000;

/**
 * A connection pool of the extension's kind (not undici's global one, which other extensions in the same host
 * and Node's fetch share, and which keeps idle sockets for as long as a server hints, up to ten minutes).
 * A request aborted by Stop destroys its socket; idle ones close after KEEP_ALIVE_MS. The extension itself
 * uses createDispatcher (./proxy), which has the same limits and adds proxies; plain-Node tests use this.
 */
export function createConnectionPool(): Agent {
  return new (undici().Agent)({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS });
}

/** What an `Idempotency-Key` header may hold: 16–96 characters of letters, digits, `.`, `_` and `-`. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._-]{16,96}$/;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h === '[::1]' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Parses and checks an API base URL: https, or http on a loopback host (127.0.0.0/8, localhost, [::1]);
 * no user info. Throws ApiError 'config'. Paths are appended to `origin + pathname` minus trailing slashes.
 */
export function checkBaseUrl(baseUrl: string): URL {
  let u: URL;
  try {
    u = new URL(baseUrl.trim());
  } catch {
    throw configError(`The Evolink base URL "${baseUrl}" is not a valid URL.`);
  }
  if (u.username || u.password) throw configError('The Evolink base URL must not contain a user name or password.');
  const loopback = isLoopbackHost(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw configError(`The Evolink base URL must use https (http is allowed only for 127.0.0.1, localhost or [::1]): ${u.origin}`);
  }
  u.search = '';
  u.hash = '';
  return u;
}

function configError(message: string): ApiError {
  return new ApiError({ kind: 'config', message, requestSent: 'no' });
}

/** A request stopped by the caller: it may already have reached the service. */
const abortedError = (): ApiError => abortError('Stopped.', 'maybe');

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a body up to `cap` bytes; throws `TooLarge` beyond it. */
class TooLarge extends Error {}
async function readCapped(body: Dispatcher.ResponseData['body'], cap: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of body) {
    const b = chunk as Buffer;
    n += b.length;
    if (n > cap) {
      body.destroy();
      throw new TooLarge(`more than ${cap} bytes`);
    }
    parts.push(b);
  }
  return new Uint8Array(Buffer.concat(parts, n));
}

interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  requestId?: string;
}

/** A per-request timeout combined with the caller's signal; `done()` clears the timer. */
function deadline(timeoutMs: number, caller?: AbortSignal): { signal: AbortSignal; timedOut: () => boolean; done: () => void } {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error('timeout')), timeoutMs);
  const signal = caller ? AbortSignal.any([caller, ctl.signal]) : ctl.signal;
  return { signal, timedOut: () => ctl.signal.aborted, done: () => clearTimeout(timer) };
}

export class EvolinkClient {
  private readonly timeoutMs: number;
  private readonly maxAudioBytes: number;
  private readonly timeScale: number;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: EvolinkClientOptions) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxAudioBytes = opts.maxAudioBytes ?? 50 * 1024 * 1024;
    this.timeScale = opts.timeScale ?? 1;
    this.log = opts.log ?? ((): void => undefined);
  }

  private get dispatcher(): Dispatcher | undefined {
    // Without either: undici's global dispatcher (plain-Node tests only; the extension always passes its network).
    return this.opts.network?.dispatcher ?? this.opts.dispatcher;
  }

  /**
   * Creates a qwen3-tts-vd task. Re-sent (≤ 3 times) only when no task can have been created (provesNoTask).
   * `retryRateLimited: false` hands a 429 straight back to a caller that re-sends on its own (the reading
   * pipeline lowers its concurrency first); otherwise this client re-sends it, capped (CREATE_RETRY).
   * `idempotencyKey` goes out as the `Idempotency-Key` header on this request and on every re-send of it:
   * Evolink answers a repeated key with the task it created for it the first time, and charges once.
   */
  createSpeechTask(
    req: SpeechRequest, signal?: AbortSignal, opts: { retryRateLimited?: boolean; idempotencyKey?: string } = {},
  ): Promise<Task> {
    const body: Record<string, unknown> = { model: SPEECH_MODEL, prompt: req.prompt, voice: req.voice };
    if (req.languageType && req.languageType !== 'Auto') body.language_type = req.languageType;
    if (opts.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(opts.idempotencyKey)) {
      return Promise.reject(new ApiError({
        kind: 'config', message: 'An idempotency key must be 16–96 letters, digits, ".", "_" or "-".', requestSent: 'no',
      }));
    }
    return this.create(body, signal, opts.retryRateLimited ?? true, opts.idempotencyKey);
  }

  /** Creates a qwen-voice-design task with Evolink's own defaults (24 kHz WAV preview, the 2026-01-26 target). */
  createVoiceDesignTask(req: VoiceDesignRequest, signal?: AbortSignal): Promise<Task> {
    const body: Record<string, unknown> = {
      model: VOICE_DESIGN_MODEL,
      voice_prompt: req.voicePrompt,
      preview_text: req.previewText,
      preferred_name: req.preferredName,
      sample_rate: req.sampleRate ?? 24000,
      response_format: req.responseFormat ?? 'wav',
      target_model: req.targetModel ?? VOICE_TARGET_MODEL,
    };
    if (req.language) body.language = req.language;
    return this.create(body, signal);
  }

  async getTask(id: string, signal?: AbortSignal): Promise<Task> {
    if (!id) throw new ApiError({ kind: 'taskNotFound', message: 'No task id.', requestSent: 'no' });
    const j = await this.callJson('GET', `/v1/tasks/${encodeURIComponent(id)}`, undefined, signal);
    return this.toTask(j.value, j.requestId, id);
  }

  /** GET /v1/credits: its `data`. An answer with `success: false` is an error ('server'), whatever its status. */
  async getCredits(signal?: AbortSignal): Promise<Credits> {
    const j = await this.callJson('GET', '/v1/credits', undefined, signal);
    if (isRecord(j.value) && j.value.success === false) {
      const said = typeof j.value.message === 'string' && j.value.message.trim() !== '' ? `: ${capMessage(j.value.message.trim())}` : '';
      throw new ApiError({ kind: 'server', message: `Evolink could not report the credits${said}.`, requestId: j.requestId });
    }
    const data = isRecord(j.value) && isRecord(j.value.data) ? j.value.data : undefined;
    if (!data) throw new ApiError({ kind: 'malformed', message: 'The credits answer has no "data" object.', requestId: j.requestId });
    return data as Credits;
  }

  /**
   * Downloads audio from a task's URL: never with Authorization or cookies (undici keeps no cookie jar); an
   * `http:` link (the upstream provider signs plain-http storage links; the signature does not cover the
   * scheme) is fetched over https first, and over plain http only when an https connection cannot be made
   * (tlsCannotConnect: refused, TLS handshake failed), never after an HTTP answer; the log says which served
   * it. At most MAX_AUDIO_REDIRECTS redirects; size-capped; a transfer cut short (Content-Length not
   * met, the connection reset) is an error; only a complete body is decoded (decodeAudio: the bytes are
   * sniffed, a WAV's placeholder sizes are replaced by the true ones). Any of that failing → 'audioUnavailable'.
   */
  async downloadAudio(url: string, signal?: AbortSignal): Promise<AudioData> {
    let current = this.checkAudioUrl(url);
    const t0 = Date.now();
    const dl = deadline(this.timeoutMs, signal);
    const fail = (message: string, extra: { status?: number; cause?: unknown; retryable?: boolean } = {}): ApiError =>
      new ApiError({ kind: 'audioUnavailable', message, requestSent: 'yes', ...extra });
    try {
      for (let redirects = 0; ; redirects++) {
        const where = `${current.host}${current.pathname}`;
        let res: Dispatcher.ResponseData;
        let via: string;
        try {
          ({ res, via } = await this.fetchAudio(current, dl.signal));
        } catch (e) {
          throw this.failure(e, signal, dl.timedOut(), 'GET', where, current);
        }
        this.log(`GET ${where} → ${res.statusCode} (audio${via}) ${Date.now() - t0} ms`);
        const location = header(res.headers, 'location');
        if (res.statusCode >= 300 && res.statusCode < 400 && location) {
          await res.body.dump().catch(() => undefined);
          if (redirects >= MAX_AUDIO_REDIRECTS) throw fail(`Audio link expired or unavailable: more than ${MAX_AUDIO_REDIRECTS} redirects.`);
          current = this.checkAudioUrl(new URL(location, current).href);
          continue;
        }
        if (res.statusCode < 200 || res.statusCode >= 300) {
          await res.body.dump().catch(() => undefined);
          const expired = res.statusCode === 403 || res.statusCode === 404 || res.statusCode === 410;
          throw fail(`Audio link expired or unavailable (HTTP ${res.statusCode}${expired ? ', the link has probably expired' : ''}).`,
            { status: res.statusCode });
        }
        const declared = Number(header(res.headers, 'content-length'));
        const hasLength = header(res.headers, 'content-length') !== undefined && Number.isFinite(declared);
        if (hasLength && declared > this.maxAudioBytes) {
          res.body.destroy();
          throw fail(`The audio is too large (${declared} bytes; the limit is ${this.maxAudioBytes}).`);
        }
        let bytes: Uint8Array;
        try {
          bytes = await readCapped(res.body, this.maxAudioBytes);
        } catch (e) {
          if (signal?.aborted) throw abortedError();
          if (e instanceof TooLarge) throw fail(`The audio is too large (limit ${this.maxAudioBytes} bytes).`);
          if (dl.timedOut()) throw new ApiError({ kind: 'timeout', message: `The audio download timed out after ${this.timeoutMs} ms.`, retryable: true, cause: e });
          throw fail('Audio link expired or unavailable: the download was cut short.', { cause: e, retryable: true });
        }
        if (hasLength && bytes.length < declared) {
          throw fail(`Audio link expired or unavailable: got ${bytes.length} of ${declared} bytes.`, { retryable: true });
        }
        return this.toAudio(bytes, fail);
      }
    } finally {
      dl.done();
    }
  }

  private toAudio(bytes: Uint8Array, fail: (m: string) => ApiError): AudioData {
    try {
      return decodeAudio(bytes);
    } catch (e) {
      if (!(e instanceof AudioDecodeError)) throw e;
      throw fail(`Audio link expired or unavailable: ${e.message}.`);
    }
  }

  /**
   * One GET of an audio URL. An `http:` URL is tried over https first (same host, port and path); plain http
   * only when that connection cannot be made. `via` tells the log which one answered.
   */
  private async fetchAudio(u: URL, signal: AbortSignal): Promise<{ res: Dispatcher.ResponseData; via: string }> {
    const get = (x: URL) => undici().request(x, { method: 'GET', headers: { accept: 'audio/*, */*' }, signal, dispatcher: this.dispatcher });
    if (u.protocol === 'https:') return { res: await get(u), via: '' };
    const secure = new URL(u.href);
    secure.protocol = 'https:';
    try {
      return { res: await get(secure), via: ', http link fetched over https' };
    } catch (e) {
      if (signal.aborted || !tlsCannotConnect(e)) throw e;
      return { res: await get(u), via: `, over plain http: https could not connect (${errorCode(e) ?? 'error'})` };
    }
  }

  /** An absolute http(s) URL. */
  private checkAudioUrl(url: string): URL {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ApiError({ kind: 'malformed', message: 'The task gave an audio URL that is not a valid URL.', requestSent: 'no' });
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      throw new ApiError({ kind: 'malformed', message: `The audio URL must use https or http (got ${u.protocol}).`, requestSent: 'no' });
    }
    return u;
  }

  private async create(body: Record<string, unknown>, signal?: AbortSignal, retryRateLimited = true, idempotencyKey?: string): Promise<Task> {
    const headers = idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        const j = await this.callJson('POST', CREATE_PATH, body, signal, headers);
        if (j.replayed) this.log(`POST ${CREATE_PATH}: the same request was answered before; Evolink replayed its task`);
        return this.toTask(j.value, j.requestId);
      } catch (e) {
        if (!(e instanceof ApiError) || attempt >= CREATE_RETRY.maxRetries) throw e;
        if (!provesNoTask(e, { rateLimited: retryRateLimited })) throw e;
        const waitMs = e.retryAfterMs ?? Math.min(CREATE_RETRY.firstWaitMs * 2 ** attempt, CREATE_RETRY.maxWaitMs);
        if (waitMs > CREATE_RETRY.maxWaitMs) throw e;
        this.log(`POST ${CREATE_PATH}: ${e.status ?? e.kind} (no task created), re-sending in ${waitMs} ms` +
          `${this.timeScale !== 1 ? ` × ${this.timeScale}` : ''} (retry ${attempt + 1} of ${CREATE_RETRY.maxRetries})`);
        await sleep(waitMs * this.timeScale, realClock, signal);
      }
    }
  }

  private toTask(v: unknown, requestId: string | undefined, fallbackId?: string): Task {
    if (!isRecord(v)) throw new ApiError({ kind: 'malformed', message: 'The API answered with JSON that is not an object.', requestId });
    const id = typeof v.id === 'string' && v.id !== '' ? v.id : fallbackId;
    if (!id) throw new ApiError({ kind: 'malformed', message: 'The API answered without a task id.', requestId });
    return { ...(v as Partial<Task>), id, ...(requestId ? { requestId } : {}) };
  }

  private async apiKey(): Promise<string> {
    const key = await this.opts.getApiKey();
    if (key === undefined || key === '') {
      throw configError('No Evolink API key is set. Run "Evolink TTS: Set API Key" (keys are at https://evolink.ai/dashboard/keys).');
    }
    if (/\s/.test(key)) throw configError('The stored Evolink API key contains whitespace. Set the key again.');
    return key;
  }

  private failure(e: unknown, caller: AbortSignal | undefined, timedOut: boolean, method: string, path: string, url?: URL | string): ApiError {
    if (e instanceof ApiError) return e;
    if (caller?.aborted) return abortedError();
    if (timedOut) {
      return new ApiError({
        kind: 'timeout', message: `No answer from Evolink within ${this.timeoutMs} ms (${method} ${path}).`,
        requestSent: 'maybe', retryable: true, cause: e,
      });
    }
    let proxy;
    try {
      proxy = url !== undefined ? this.opts.network?.routeFor(url) : undefined;
    } catch {
      proxy = undefined;
    }
    return classifyNetworkError(e, { method, path, proxy });
  }

  private async callJson(
    method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal, extraHeaders?: Record<string, string>,
  ): Promise<{ value: unknown; requestId?: string; replayed?: boolean }> {
    if (signal?.aborted) throw abortedError();
    const base = checkBaseUrl(this.opts.baseUrl);
    const key = await this.apiKey();
    const url = `${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`;
    const t0 = Date.now();
    const dl = deadline(this.timeoutMs, signal);
    let ex: Exchange;
    let raw: Uint8Array;
    try {
      let res: Dispatcher.ResponseData;
      try {
        res = await undici().request(url, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            accept: 'application/json',
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...extraHeaders,
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: dl.signal,
          dispatcher: this.dispatcher,
        });
      } catch (e) {
        throw this.failure(e, signal, dl.timedOut(), method, path, url);
      }
      ex = {
        status: res.statusCode, headers: res.headers, body: res.body,
        requestId: header(res.headers, 'x-request-id') ?? header(res.headers, 'x-oneapi-request-id'),
      };
      try {
        raw = await readCapped(ex.body, MAX_JSON_BYTES);
      } catch (e) {
        if (e instanceof TooLarge) throw new ApiError({ kind: 'malformed', message: 'The API answer is too large.', status: ex.status, requestId: ex.requestId });
        // The answer had begun: the request reached the server (a POST may have created a task).
        const err = this.failure(e, signal, dl.timedOut(), method, path);
        throw err.kind === 'network' ? new ApiError({ kind: 'network', message: err.message, requestSent: 'maybe', retryable: true, cause: e }) : err;
      }
    } catch (e) {
      this.log(`${method} ${path} → ${e instanceof ApiError ? e.kind : 'error'} ${Date.now() - t0} ms`);
      throw e;
    } finally {
      dl.done();
    }
    this.log(`${method} ${path} → ${ex.status}${ex.requestId ? ` (request id ${ex.requestId})` : ''} ${Date.now() - t0} ms`);
    const text = Buffer.from(raw).toString('utf8');
    if (ex.status < 200 || ex.status >= 300) {
      throw classifyHttpError({
        method, path, status: ex.status, body: text, requestId: ex.requestId,
        retryAfter: ex.headers['retry-after'], location: header(ex.headers, 'location'),
      });
    }
    try {
      const replayed = header(ex.headers, 'idempotency-replayed')?.toLowerCase() === 'true';
      return { value: JSON.parse(text), requestId: ex.requestId, ...(replayed ? { replayed } : {}) };
    } catch {
      throw new ApiError({
        kind: 'malformed', message: `The API answered ${ex.status} with a body that is not JSON.`, status: ex.status, requestId: ex.requestId,
      });
    }
  }
}
