// Error bodies exactly as docs/evolink-api.md §9 lists them, and the builder for injected ones.
import { STATUS_CODES } from 'node:http';
import type { Fault } from './types';

export interface ErrorBody {
  error: { code: string | number; message: string; type: string; param?: string; fallback_suggestion?: string };
}

/** Chooses one of `n` phrasings: an index in [0, n). */
export type Pick = (n: number) => number;
const first: Pick = () => 0;
function oneOf(pick: Pick, phrasings: string[]): string {
  return phrasings[Math.min(phrasings.length - 1, Math.max(0, Math.floor(pick(phrasings.length))))];
}

/** How a speech task with an unknown, expired or wrong-target voice fails (invalid_parameters, param "voice"). */
export function voiceTaskMessage(why: 'unknown' | 'expired' | 'target', voice: string, targetModel: string, pick: Pick = first): string {
  const specific = why === 'unknown' ? `voice ${JSON.stringify(voice)} does not exist.`
    : why === 'expired' ? `voice ${JSON.stringify(voice)} has expired.`
    : `voice ${JSON.stringify(voice)} was designed for ${targetModel} and cannot be used with qwen3-tts-vd.`;
  return oneOf(pick, [
    `Invalid parameters.\n${specific}`,
    'Invalid parameters.\nPlease check your request.',
    why === 'target' ? 'Invalid parameters.\nThe speaker belongs to another target model.' : 'Invalid parameters.\nThe speaker could not be resolved.',
  ]);
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: ErrorBody, readonly headers: Record<string, string> = {}) {
    super(body.error.message);
  }
}

function body(code: string, message: string, type: string, param?: string): ErrorBody {
  return { error: param === undefined ? { code, message, type } : { code, message, type, param } };
}

export function err(status: number, code: string, message: string, type = 'invalid_request_error', param?: string): HttpError {
  return new HttpError(status, body(code, message, type, param));
}

export const errors = {
  missingText: () => err(400, 'missing_text', 'Missing required parameter: prompt or input'),
  missingDesignText: () => err(400, 'invalid_parameter', 'Missing required parameter: voice_prompt or preview_text'),
  invalidParameter: (param: string, message: string) => err(400, 'invalid_parameter', message, 'invalid_request_error', param),
  promptTooLong: (n: number, max = 600) =>
    err(400, 'prompt_too_long', `prompt must be at most ${max} billing characters (CJK characters count as 2), got ${n}`, 'invalid_request_error', 'prompt'),
  parameterConflict: () =>
    err(400, 'parameter_conflict', 'prompt and input must not both be set with different values', 'invalid_request_error', 'input'),
  unsupportedParameter: (param: string, message: string) =>
    err(400, 'unsupported_parameter', message, 'invalid_request_error', param),
  invalidTaskId: () =>
    err(400, 'invalid_task_id', "Invalid task ID format, must start with 'task-unified-'", 'invalid_request_error', 'task_id'),
  unauthorizedPost: () => err(401, 'unauthorized', 'Invalid or expired token', 'authentication_error'),
  unauthorizedGet: () => err(401, 'unauthorized', 'Authentication required', 'authentication_error'),
  insufficientQuota: () => err(402, 'insufficient_quota', 'Insufficient quota. Please top up your account.', 'insufficient_quota'),
  insufficientTokenQuota: () => err(402, 'insufficient_token_quota', 'This token has reached its credit limit.', 'insufficient_quota'),
  modelAccessDenied: (model: string) => err(403, 'model_access_denied', `Token does not have access to model: ${model}`),
  permissionDenied: () => err(403, 'permission_denied', "You don't have permission to access this task"),
  taskNotFound: () => err(404, 'task_not_found', 'The requested task could not be found'),
  /** `pick(n)` chooses one of n phrasings (the documented one is the first); several do not say "voice". */
  voiceNotFound: (voice: string, pick: Pick = first) => err(404, 'voice_not_found', oneOf(pick, [
    `voice ${JSON.stringify(voice)} not found`,
    'No such speaker for this account',
    'Timbre not found or not owned by this token',
    'The requested resource does not exist',
  ])),
  voiceExpired: (voice: string, pick: Pick = first) => err(404, 'voice_expired', oneOf(pick, [
    `voice ${JSON.stringify(voice)} has expired`,
    'The speaker is no longer available',
    'Timbre retention period has ended',
  ])),
  invalidIdempotencyKey: () =>
    err(400, 'invalid_parameter', 'Idempotency-Key must be 16 to 96 characters of A-Z, a-z, 0-9, ".", "_" or "-"', 'invalid_request_error', 'Idempotency-Key'),
  idempotencyConflict: () =>
    err(409, 'idempotency_conflict', 'This Idempotency-Key was already used with a different request body', 'invalid_request_error', 'Idempotency-Key'),
  routeNotFound: (method: string, path: string) => err(404, 'not_found', `Invalid URL (${method} ${path})`),
};

/** Documented default bodies for an injected status, by request method (§9). */
const defaults: Record<string, { post: ErrorBody; get: ErrorBody }> = {
  400: { post: errors.missingText().body, get: errors.invalidTaskId().body },
  401: { post: errors.unauthorizedPost().body, get: errors.unauthorizedGet().body },
  402: {
    post: errors.insufficientQuota().body,
    get: body('quota_exceeded', 'Insufficient quota. Please top up your account.', 'insufficient_quota'),
  },
  403: { post: errors.modelAccessDenied('qwen3-tts-vd').body, get: errors.permissionDenied().body },
  404: { post: errors.voiceNotFound('qwen-tts-vd-nobody-voice-20260402-zz99').body, get: errors.taskNotFound().body },
  429: {
    post: body('rate_limit_exceeded', 'Too many requests, please try again later', 'rate_limit_error'),
    get: body('rate_limit_exceeded', 'Rate limit exceeded', 'evo_api_error'),
  },
  500: {
    post: body('internal_error', 'Internal server error', 'api_error'),
    get: body('internal_error', 'Failed to retrieve task status', 'api_error'),
  },
  503: {
    post: body('service_unavailable', 'No available channel for the requested model', 'api_error'),
    get: body('service_unavailable', 'No available channel for the requested model', 'api_error'),
  },
};

/** The JSON error body an injected `status` fault answers with. */
export function faultBody(fault: Fault, method: string): ErrorBody {
  const status = fault.status ?? 500;
  const base = defaults[status]?.[method === 'POST' ? 'post' : 'get']
    ?? body(`http_${status}`, STATUS_CODES[status] ?? 'Error', status >= 500 ? 'api_error' : 'invalid_request_error');
  const message = fault.message ?? base.error.message;
  if (fault.format === 'emptyType') {
    return { error: { message, type: '', param: fault.param ?? '', code: fault.code ?? status } };
  }
  const error: ErrorBody['error'] = {
    code: fault.code ?? (fault.format === 'numeric' ? status : base.error.code),
    message,
    type: fault.type ?? base.error.type,
  };
  if (fault.param !== undefined) error.param = fault.param;
  else if (base.error.param !== undefined && fault.code === undefined) error.param = base.error.param;
  if (fault.fallbackSuggestion !== undefined) error.fallback_suggestion = fault.fallbackSuggestion;
  return { error };
}

/** Messages of failed tasks by `error.code` (the documented example for content_policy_violation). */
export function taskErrorMessage(code: string): string {
  const known: Record<string, string> = {
    content_policy_violation: 'Content policy violation.\nYour request was blocked by safety filters.',
    invalid_parameters: 'Invalid parameters.\nPlease check your request.',
    request_cancelled: 'The request was cancelled.',
    service_error: 'Service error.\nPlease try again later.',
    generation_timeout: 'Generation timed out.\nPlease try again later.',
    generation_failed_no_content: 'Generation failed: no content was produced.',
    resource_exhausted: 'Resources are exhausted.\nPlease try again later.',
    quota_exceeded: 'Quota exceeded.',
    service_unavailable: 'Service unavailable.\nPlease try again later.',
    unknown_error: 'Unknown error.\nPlease try again later.',
  };
  return known[code] ?? `Task failed: ${code}`;
}
