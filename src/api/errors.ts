// One typed error for everything the API or the network can do to a request. Only the UI layer turns
// it into words (src/errorMessages.ts); the core classifies it.

/**
 * What the user can do about it; the UI maps each kind to one message and one action.
 * - auth: 401 or a key/account state code → "Set API Key"
 * - credits: 402 → top up at evolink.ai/dashboard/billing
 * - modelAccess: 403 model_access_denied / key_model_not_allowed → allow the model for this key
 * - permission: 403 permission_denied on a task → task not visible with this key
 * - voice: voice_not_found / voice_expired / invalid_voice, or invalid_parameter(s) with param "voice", on a 4xx
 *   create or a failed task (never read from the message's wording) → choose or design a voice
 * - badRequest: other 400s (invalid_parameter, prompt_too_long, …) → fix the input; show message and param
 * - taskNotFound: 404 task_not_found / 400 invalid_task_id
 * - rateLimited: 429 after the client's capped retries
 * - server: 5xx (after retries where retrying is safe)
 * - network: connection refused/reset/DNS, or a timeout (see `requestSent`)
 * - timeout: the per-request timeout fired
 * - malformed: a 2xx whose body is not the JSON we need
 * - taskFailed: the task ended `failed` (see `code`, `retryable`)
 * - taskCancelled: the task ended `cancelled` or failed with request_cancelled
 * - taskStuck: still running when the poller's overall deadline passed (credits may still be charged)
 * - audioUnavailable: the audio link expired or the download was short, not audio, or too large
 * - noAudio: completed without an audio URL
 * - aborted: the caller's AbortSignal fired (Stop); never shown as an error
 * - config: the client's own configuration is unusable (no key, a non-https base URL, a proxy URL, …)
 * - proxy: the proxy the request went through could not be reached, asked for credentials (407), or refused to
 *   connect to the host (see `proxy`, and `status` for the proxy's answer); nothing reached Evolink
 * - tls: the server's (or the proxy's) certificate is not trusted or does not match; nothing was sent
 */
export type ApiErrorKind =
  | 'auth' | 'credits' | 'modelAccess' | 'permission' | 'voice' | 'badRequest' | 'taskNotFound'
  | 'rateLimited' | 'server' | 'network' | 'timeout' | 'malformed' | 'taskFailed' | 'taskCancelled'
  | 'taskStuck' | 'audioUnavailable' | 'noAudio' | 'aborted' | 'config' | 'proxy' | 'tls';

/** A proxy as shown to the user (no user info) and where it was set (see ./proxy). */
export interface ProxyRef {
  url: string;
  source: string;
}

/** Whether a failed request may have reached the server (decides whether a paid POST may be re-sent). */
export type RequestSent = 'no' | 'maybe' | 'yes';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  message: string;
  status?: number;
  /** `error.code` as it came: a string business code, or a number equal to the HTTP status. */
  code?: string | number;
  param?: string;
  /** Milliseconds to wait, from Retry-After (seconds or HTTP date). */
  retryAfterMs?: number;
  requestId?: string;
  taskId?: string;
  requestSent?: RequestSent;
  /** True when trying again later may succeed (429, 5xx, retry-later task codes, network). */
  retryable?: boolean;
  /** The proxy the request went through, when it did. */
  proxy?: ProxyRef;
  cause?: unknown;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly code?: string | number;
  readonly param?: string;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
  readonly taskId?: string;
  readonly requestSent: RequestSent;
  readonly retryable: boolean;
  readonly proxy?: ProxyRef;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.param = init.param;
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
    this.taskId = init.taskId;
    this.requestSent = init.requestSent ?? 'yes';
    this.retryable = init.retryable ?? false;
    if (init.proxy) this.proxy = { url: init.proxy.url, source: init.proxy.source };
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export function isAbort(e: unknown): boolean {
  return (e instanceof ApiError && e.kind === 'aborted') || (e instanceof Error && e.name === 'AbortError');
}

/**
 * The one rule for re-sending a create: only a failure that proves no task exists. That is a request that
 * never left this machine, a 429 (when `rateLimited` says the caller lets it count), or a 503 whose body is
 * Evolink's own "no channel" answer (code `service_unavailable`, or the message "No available channel…").
 * Any other 503 (a proxy's HTML page, an empty body, another code) is ambiguous: the task may exist and be
 * charged, so it is never re-sent on its own; a timeout or a connection reset after sending neither.
 */
export function provesNoTask(e: ApiError, opts: { rateLimited?: boolean } = {}): boolean {
  if (e.kind === 'network' && e.requestSent === 'no') return true;
  if (e.status === 429) return opts.rateLimited ?? true;
  if (e.status === 503) return e.code === 'service_unavailable' || /^No available channel/i.test(e.message);
  return false;
}

const TOO_LONG_CODE = /too_?long|too_?large|length|exceed/i;
const TOO_LONG_MESSAGE = /too long|too many (?:characters|tokens)|exceed|maximum length|length limit|(?:input|text|prompt) length|at most \d+ (?:billing )?characters|超过|过长|超出/i;

/**
 * Whether the service refused a prompt for its length: a 400 on create, or a failed task, whose code or
 * message says so (about the prompt, when it names a parameter at all).
 */
export function saysTooLong(e: unknown): boolean {
  if (!(e instanceof ApiError) || (e.kind !== 'badRequest' && e.kind !== 'taskFailed')) return false;
  if (e.param !== undefined && e.param !== '' && !['prompt', 'input', 'text'].includes(e.param)) return false;
  return (typeof e.code === 'string' && TOO_LONG_CODE.test(e.code)) || TOO_LONG_MESSAGE.test(e.message);
}
