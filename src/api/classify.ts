// Turns HTTP answers, network failures and failed tasks into ApiError, as docs/evolink-api.md §5
// says: status first, refined by a string `error.code`; a numeric code adds nothing; `type` may be "" or
// absent; `message` may be absent (status text); a non-JSON body is classified by status alone.
import { STATUS_CODES } from 'node:http';
import { ApiError, type ApiErrorKind, type ProxyRef, type RequestSent } from './errors';
import type { Task } from './types';

/**
 * String codes that name the user's way out better than the status does (4xx only). A Map, so that a code the
 * server sends ("constructor", "__proto__", …) is never looked up on an object's prototype.
 */
const CODE_KIND: ReadonlyMap<string, ApiErrorKind> = new Map(Object.entries({
  unauthorized: 'auth',
  key_disabled: 'auth',
  key_expired: 'auth',
  user_disabled: 'auth',
  insufficient_quota: 'credits',
  quota_exceeded: 'credits',
  insufficient_user_quota: 'credits',
  quota_not_enough: 'credits',
  insufficient_token_quota: 'credits',
  token_daily_quota_exceeded: 'credits',
  model_access_denied: 'modelAccess',
  key_model_not_allowed: 'modelAccess',
  permission_denied: 'permission',
  voice_not_found: 'voice',
  voice_expired: 'voice',
  invalid_voice: 'voice',
  task_not_found: 'taskNotFound',
  invalid_task_id: 'taskNotFound',
} satisfies Record<string, ApiErrorKind>));

/** Codes that say the voice is unknown to Evolink (on a 4xx create or on a failed task). */
const VOICE_CODES: ReadonlySet<string> = new Set(['voice_not_found', 'voice_expired', 'invalid_voice']);

/** An invalid-parameter code whose `param` is the voice: the voice is unknown or unusable. */
function isVoiceParameter(code: string, param: string | undefined): boolean {
  return (code === 'invalid_parameter' || code === 'invalid_parameters') && param === 'voice';
}

/** Failed-task codes after which trying again later may succeed (§4 "Retry later", plus seen in practice). */
export const RETRY_LATER_TASK_CODES: ReadonlySet<string> = new Set([
  'generation_failed_no_content', 'service_error', 'generation_timeout', 'resource_exhausted', 'quota_exceeded',
  'service_unavailable', 'resource_not_found', 'unknown_error', 'model_unavailable', 'upstream_error', 'rate_limited',
]);

/**
 * How much of a server's error message is examined and kept (characters). Error bodies may be megabytes; a
 * message is a sentence, and everything done with it below is linear in what is kept.
 */
export const MAX_MESSAGE_CHARS = 4096;

/** The first MAX_MESSAGE_CHARS characters of a server message, marked when cut. */
export function capMessage(message: string): string {
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
}

const REQUEST_ID_OPEN = '(request id: ';

/**
 * Removes a trailing " (request id: …)" that gateway messages carry (with the white space around it). Done with
 * string searches, not a regular expression, so a long run of spaces costs one pass, not one per space.
 */
export function stripRequestId(message: string): string {
  const trimmed = message.trimEnd();
  if (!trimmed.endsWith(')')) return message;
  const open = trimmed.toLowerCase().lastIndexOf(REQUEST_ID_OPEN);
  if (open < 0 || trimmed.indexOf(')', open) !== trimmed.length - 1) return message;
  return trimmed.slice(0, open).trimEnd();
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const s = v.trim();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - nowMs);
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

function defaultKind(status: number, method: string): ApiErrorKind {
  if (status >= 300 && status < 400) return 'config';
  switch (status) {
    case 400: return 'badRequest';
    case 401: return 'auth';
    case 402: return 'credits';
    case 403: return method === 'GET' ? 'permission' : 'modelAccess';
    case 404: return method === 'GET' ? 'taskNotFound' : 'badRequest';
    case 429: return 'rateLimited';
  }
  if (status >= 500) return 'server';
  if (status >= 400) return 'badRequest';
  return 'malformed';
}

export interface HttpFailure {
  method: string;
  path: string;
  status: number;
  /** Raw body text (may be empty, HTML, or JSON). */
  body: string;
  requestId?: string;
  retryAfter?: string | string[];
  location?: string;
  nowMs?: number;
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  type?: unknown;
  param?: unknown;
}

function parseErrorBody(body: string): ErrorBody | undefined {
  try {
    const j: unknown = JSON.parse(body);
    if (j && typeof j === 'object' && 'error' in j) {
      const e = (j as { error: unknown }).error;
      if (e && typeof e === 'object') return e as ErrorBody;
      if (typeof e === 'string') return { message: e };
    }
  } catch {
    // Not JSON: classified by status alone.
  }
  return undefined;
}

/** Classifies a non-2xx answer. */
export function classifyHttpError(f: HttpFailure): ApiError {
  const e = parseErrorBody(f.body);
  const code = typeof e?.code === 'string' && e.code !== '' ? e.code : typeof e?.code === 'number' ? e.code : undefined;
  const param = typeof e?.param === 'string' && e.param !== '' ? e.param : undefined;
  const rawMessage = typeof e?.message === 'string' && e.message.trim() !== '' ? capMessage(e.message) : undefined;
  let kind = defaultKind(f.status, f.method);
  if (typeof code === 'string' && f.status >= 400 && f.status < 500 && f.status !== 429) {
    kind = CODE_KIND.get(code) ?? (isVoiceParameter(code, param) ? 'voice' : kind);
  }
  let message = rawMessage ? stripRequestId(rawMessage) : statusText(f.status);
  if (f.status >= 300 && f.status < 400) {
    message = `The API answered ${f.status} (redirect${f.location ? ' to another address' : ''}); redirects are not followed ` +
      'so the API key never goes elsewhere. Check the base URL setting.';
  }
  const retryable = f.status === 429 || f.status >= 500;
  return new ApiError({
    kind,
    message,
    status: f.status,
    code,
    param,
    retryAfterMs: parseRetryAfter(f.retryAfter, f.nowMs),
    requestId: f.requestId,
    requestSent: 'yes',
    retryable,
  });
}

/** Error codes (from Node and undici) that prove the request never left this machine. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, i = 0; cur && typeof cur === 'object' && i < 5; cur = (cur as { cause?: unknown }).cause, i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    // AggregateError (happy-eyeballs) carries the real codes in `errors`.
    const errs = (cur as { errors?: unknown }).errors;
    if (Array.isArray(errs) && errs.length > 0) {
      const inner = errorCode(errs[0]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Certificate failures (Node's OpenSSL codes and its host-name check): the TLS handshake never completed. */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Whether a connection over TLS could not be made at all: refused, timed out while connecting, or the TLS
 * handshake failed (the other end speaks no TLS, or its certificate is refused). An HTTP answer of any
 * status, or a transfer cut short, is not one of these.
 */
export function tlsCannotConnect(e: unknown): boolean {
  const code = errorCode(e);
  if (code === undefined) return false;
  return code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EPROTO'
    || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('CERT_') || TLS_CODES.has(code);
}

/** The status a proxy answered a CONNECT with, from undici's "Proxy response (407) !== 200 …" error. */
function proxyStatus(e: unknown): number | undefined {
  for (let cur: unknown = e, i = 0; cur instanceof Error && i < 5; cur = cur.cause, i++) {
    const m = /Proxy response \((\d{3})\)/.exec(cur.message);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * Classifies a thrown network error. `proxy` is the proxy the request went through, if any: then a
 * connection that never got through to it, or its refusal of the tunnel, is kind 'proxy'.
 */
export function classifyNetworkError(e: unknown, ctx: { method: string; path: string; proxy?: ProxyRef }): ApiError {
  const code = errorCode(e);
  const neverSent = code !== undefined && NEVER_SENT_CODES.has(code);
  if (code !== undefined && TLS_CODES.has(code)) {
    return new ApiError({
      kind: 'tls', message: `The certificate of ${ctx.proxy ? 'the server or the proxy' : 'the server'} was not accepted (${code}) on ${ctx.method} ${ctx.path}`,
      code, requestSent: 'no', retryable: false, cause: e, ...(ctx.proxy ? { proxy: ctx.proxy } : {}),
    });
  }
  if (ctx.proxy) {
    const status = proxyStatus(e);
    if (status !== undefined || neverSent) {
      const what = status === 407 ? 'asks for credentials (HTTP 407)'
        : status !== undefined ? `refused to connect to the host (HTTP ${status})`
        : `could not be reached (${code})`;
      return new ApiError({
        kind: 'proxy', message: `The proxy ${ctx.proxy.url} ${what} on ${ctx.method} ${ctx.path}`,
        ...(status !== undefined ? { status } : {}), ...(code !== undefined ? { code } : {}),
        requestSent: 'no', retryable: false, proxy: ctx.proxy, cause: e,
      });
    }
  }
  const requestSent: RequestSent = neverSent ? 'no' : 'maybe';
  const what = code ?? (e instanceof Error ? e.message : String(e));
  return new ApiError({
    kind: 'network',
    message: `Could not reach the Evolink API (${what}) on ${ctx.method} ${ctx.path}${ctx.proxy ? ` through the proxy ${ctx.proxy.url}` : ''}`,
    requestSent,
    retryable: true,
    ...(ctx.proxy ? { proxy: ctx.proxy } : {}),
    cause: e,
  });
}

/**
 * The error of a task that ended `failed` (or `cancelled`).
 * Rule for 'voice': the code is voice_not_found / voice_expired / invalid_voice, or the code is
 * invalid_parameter(s) with `param` "voice" — never the wording of the message, which varies.
 * request_cancelled → 'taskCancelled'. Otherwise 'taskFailed', retryable for the retry-later group.
 */
export function taskFailureError(task: Task): ApiError {
  if (task.status === 'cancelled') {
    return new ApiError({ kind: 'taskCancelled', message: 'The task was cancelled on the server.', taskId: task.id });
  }
  const code = typeof task.error?.code === 'string' && task.error.code !== '' ? task.error.code : undefined;
  const param = typeof task.error?.param === 'string' && task.error.param !== '' ? task.error.param : undefined;
  const rawMessage = typeof task.error?.message === 'string' && task.error.message.trim() !== '' ? capMessage(task.error.message) : undefined;
  const message = rawMessage ? stripRequestId(rawMessage) : 'The task failed on the server' + (code ? ` (${code})` : '') + '.';
  if (code === 'request_cancelled') {
    return new ApiError({ kind: 'taskCancelled', message, code, taskId: task.id });
  }
  if (code !== undefined && (VOICE_CODES.has(code) || isVoiceParameter(code, param))) {
    return new ApiError({ kind: 'voice', message, code, taskId: task.id, param: 'voice' });
  }
  return new ApiError({
    kind: 'taskFailed',
    message,
    code,
    taskId: task.id,
    retryable: code !== undefined && RETRY_LATER_TASK_CODES.has(code),
  });
}
