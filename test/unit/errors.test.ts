import * as assert from 'node:assert/strict';
import {
  classifyHttpError, classifyNetworkError, MAX_MESSAGE_CHARS, parseRetryAfter, stripRequestId, taskFailureError,
} from '../../src/api/classify';
import { ApiError, isAbort } from '../../src/api/errors';

const post = (status: number, body: unknown, extra: { retryAfter?: string; requestId?: string } = {}): ApiError =>
  classifyHttpError({ method: 'POST', path: '/v1/audios/generations', status, body: typeof body === 'string' ? body : JSON.stringify(body), ...extra });
const get = (status: number, body: unknown): ApiError =>
  classifyHttpError({ method: 'GET', path: '/v1/tasks/x', status, body: typeof body === 'string' ? body : JSON.stringify(body) });
const err = (code: unknown, message?: string, type = 'invalid_request_error', param?: string): unknown =>
  ({ error: { code, message, type, ...(param ? { param } : {}) } });

describe('errors: HTTP classification (§5 table)', () => {
  const cases: Array<[string, ApiError, string, boolean?]> = [
    ['400 missing_text', post(400, err('missing_text', 'Missing required parameter: prompt or input')), 'badRequest'],
    ['400 prompt_too_long', post(400, err('prompt_too_long', 'prompt must be at most 600 characters, got 612', undefined, 'prompt')), 'badRequest'],
    ['400 invalid_parameter', post(400, err('invalid_parameter', 'Missing required parameter: voice_prompt or preview_text')), 'badRequest'],
    ['400 invalid_task_id', get(400, err('invalid_task_id', "Invalid task ID format, must start with 'task-unified-'", undefined, 'task_id')), 'taskNotFound'],
    ['400 invalid_voice', post(400, err('invalid_voice', 'bad voice')), 'voice'],
    ['401 POST', post(401, err('unauthorized', 'Invalid or expired token', 'authentication_error')), 'auth'],
    ['401 GET', get(401, err('unauthorized', 'Authentication required', 'authentication_error')), 'auth'],
    ['402 POST', post(402, err('insufficient_quota', 'Insufficient quota. Please top up your account.', 'insufficient_quota')), 'credits'],
    ['402 GET', get(402, err('quota_exceeded', 'Insufficient quota. Please top up your account.', 'insufficient_quota')), 'credits'],
    ['402 token_daily_quota_exceeded', post(402, err('token_daily_quota_exceeded', 'daily')), 'credits'],
    ['403 model_access_denied', post(403, err('model_access_denied', 'Token does not have access to model: qwen3-tts-vd')), 'modelAccess'],
    ['403 permission_denied', get(403, err('permission_denied', "You don't have permission to access this task")), 'permission'],
    ['403 key_disabled', post(403, err('key_disabled', 'disabled')), 'auth'],
    ['401 key_model_not_allowed', post(401, err('key_model_not_allowed', 'no')), 'modelAccess'],
    ['404 task_not_found', get(404, err('task_not_found', 'The requested task could not be found')), 'taskNotFound'],
    ['404 voice_not_found', post(404, err('voice_not_found', 'voice "qwen-tts-vd-nobody-voice-20260402-zz99" not found')), 'voice'],
    ['404 voice_expired', post(404, err('voice_expired', 'gone')), 'voice'],
    ['429 POST', post(429, err('rate_limit_exceeded', 'Too many requests, please try again later', 'rate_limit_error')), 'rateLimited', true],
    ['429 GET', get(429, err('rate_limit_exceeded', 'Rate limit exceeded', 'evo_api_error')), 'rateLimited', true],
    ['500 POST', post(500, err('internal_error', 'Internal server error', 'api_error')), 'server', true],
    ['500 GET', get(500, err('internal_error', 'Failed to retrieve task status', 'api_error')), 'server', true],
    ['503', post(503, err('service_unavailable', 'No available channel for the requested model', 'api_error')), 'server', true],
    ['502 html', post(502, '<html><body>Bad Gateway</body></html>'), 'server', true],
    ['504 empty', get(504, ''), 'server', true],
    ['429 numeric', post(429, { error: { code: 429, message: 'Rate limit exceeded', type: 'rate_limit_error', fallback_suggestion: 'retry after 60 seconds' } }), 'rateLimited', true],
    ['429 empty type', post(429, { error: { message: 'Resource exhausted', type: '', param: '', code: 429 } }), 'rateLimited', true],
    ['401 numeric', get(401, { error: { code: 401, message: 'Authentication required' } }), 'auth'],
    ['403 no code POST', post(403, '{}'), 'modelAccess'],
    ['403 no code GET', get(403, 'Forbidden'), 'permission'],
    ['404 no code GET', get(404, 'not json'), 'taskNotFound'],
    ['302', get(302, ''), 'config'],
    ['418', post(418, ''), 'badRequest'],
  ];
  for (const [name, e, kind, retryable] of cases) {
    it(`${name} → ${kind}`, () => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, kind);
      assert.equal(e.retryable, retryable ?? false);
      assert.ok(e.message.length > 0);
    });
  }

  it('keeps code, param and message; numeric code kept as number', () => {
    const e = post(400, err('prompt_too_long', 'prompt must be at most 600 characters, got 612', undefined, 'prompt'));
    assert.equal(e.code, 'prompt_too_long');
    assert.equal(e.param, 'prompt');
    assert.equal(e.status, 400);
    assert.equal(e.message, 'prompt must be at most 600 characters, got 612');
    const n = post(429, { error: { message: 'Resource exhausted', type: '', param: '', code: 429 } });
    assert.equal(n.code, 429);
    assert.equal(n.param, undefined);
  });

  it('uses the status text when the message is missing or the body is not JSON', () => {
    assert.equal(post(502, '<html>x</html>').message, 'Bad Gateway');
    assert.equal(get(500, { error: { code: 'internal_error' } }).message, 'Internal Server Error');
    assert.equal(get(503, { error: {} }).message, 'Service Unavailable');
  });

  it('strips the request id suffix and keeps the header id', () => {
    const e = post(500, err('internal_error', 'Internal server error (request id: 2026040212345678)'), { requestId: 'abc-123' });
    assert.equal(e.message, 'Internal server error');
    assert.equal(e.requestId, 'abc-123');
    assert.equal(stripRequestId('multi\nline (request id: x)'), 'multi\nline');
    assert.equal(stripRequestId('no suffix'), 'no suffix');
  });

  it('reads Retry-After in seconds and as an HTTP date', () => {
    assert.equal(post(429, '', { retryAfter: '7' }).retryAfterMs, 7000);
    const now = Date.parse('2026-04-02T10:00:00Z');
    assert.equal(parseRetryAfter('Thu, 02 Apr 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Thu, 02 Apr 2026 09:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter(['2', '3'], now), 2000);
  });
});

describe('errors: unknown voice on a 4xx create', () => {
  it('is recognised by code, or by invalid_parameter(s) with param "voice"', () => {
    assert.equal(post(400, err('invalid_parameter', 'The speaker could not be resolved', undefined, 'voice')).kind, 'voice');
    assert.equal(post(400, err('invalid_parameters', 'Please check your request.', undefined, 'voice')).kind, 'voice');
    assert.equal(post(404, err('voice_not_found', 'No such timbre')).kind, 'voice');
    assert.equal(post(400, err('invalid_parameter', 'voice is misspelled somewhere', undefined, 'language_type')).kind, 'badRequest');
    assert.equal(post(400, err('invalid_parameter', 'voice')).kind, 'badRequest');
  });
});

describe('errors: hostile answers', () => {
  // Codes that name properties every object inherits: a plain-object table would "find" them.
  const protoCodes = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
  for (const code of protoCodes) {
    it(`error code "${code}" classifies by status`, () => {
      assert.equal(post(400, err(code, 'x')).kind, 'badRequest');
      assert.equal(post(404, err(code, 'x')).kind, 'badRequest');
      assert.equal(get(404, err(code, 'x')).kind, 'taskNotFound');
      assert.equal(get(403, err(code, 'x')).kind, 'permission');
      assert.equal(post(401, err(code, 'x')).kind, 'auth');
      assert.equal(post(402, err(code, 'x')).kind, 'credits');
      assert.equal(post(400, err(code, 'x', undefined, 'voice')).kind, 'badRequest');
      const t = taskFailureError({ id: 't', status: 'failed', error: { code, message: 'x' } });
      assert.equal(t.kind, 'taskFailed');
      assert.equal(t.retryable, false);
    });
  }

  describe('long adversarial messages (no timing assertion: a quadratic pass would not end within the timeout)', function () {
    this.timeout(60_000);
    const MB = 1024 * 1024;

    it('strips the request id suffix from a megabyte of spaces in one pass', () => {
      const spaces = ' '.repeat(MB);
      assert.equal(stripRequestId(`${spaces}x`), `${spaces}x`);
      assert.equal(stripRequestId(`a${spaces}(request id: 1)${spaces}`), 'a');
      assert.equal(stripRequestId(`${'('.repeat(MB)}x`), `${'('.repeat(MB)}x`);
      assert.equal(stripRequestId(`${'(request id: '.repeat(MB / 16)})`), `${'(request id: '.repeat(MB / 16 - 1)}`.trimEnd());
    });

    it('a 1 MB error message is cut to the first few KB and still classified', () => {
      const e = post(400, err('invalid_parameter', `${' '.repeat(MB)}x`, undefined, 'voice'));
      assert.equal(e.kind, 'voice');
      assert.ok(e.message.length <= MAX_MESSAGE_CHARS + 1, `message of ${e.message.length} characters`);
      const t = taskFailureError({ id: 't', status: 'failed', error: { code: 'service_error', message: `${'x '.repeat(MB)}(request id: 7)` } });
      assert.ok(t.message.length <= MAX_MESSAGE_CHARS + 1);
      assert.equal(t.retryable, true);
    });

    it('a short message keeps working as before', () => {
      assert.equal(stripRequestId('Internal error   (REQUEST ID: abc)  '), 'Internal error');
      assert.equal(stripRequestId('(request id: x) then more'), '(request id: x) then more');
      assert.equal(stripRequestId('ends (request id: a) b)'), 'ends (request id: a) b)');
    });
  });
});

describe('errors: network classification', () => {
  const ctx = { method: 'POST', path: '/v1/audios/generations' };
  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
    it(`${code} → never sent`, () => {
      const e = classifyNetworkError(Object.assign(new Error('x'), { code }), ctx);
      assert.equal(e.kind, 'network');
      assert.equal(e.requestSent, 'no');
    });
  }
  it('finds the code in a cause chain and in AggregateError', () => {
    const wrapped = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    assert.equal(classifyNetworkError(wrapped, ctx).requestSent, 'no');
    const agg = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]);
    assert.equal(classifyNetworkError(agg, ctx).requestSent, 'no');
  });
  for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', undefined]) {
    it(`${code ?? 'no code'} → maybe sent`, () => {
      assert.equal(classifyNetworkError(Object.assign(new Error('x'), { code }), ctx).requestSent, 'maybe');
    });
  }
});

describe('errors: failed tasks', () => {
  const failed = (code?: string, message?: string) =>
    taskFailureError({ id: 'task-unified-1-aaaaaaaa', status: 'failed', error: { code, message, type: 'task_error' } });
  it('content_policy_violation: final, message kept with newline', () => {
    const e = failed('content_policy_violation', 'Content policy violation.\nYour request was blocked by safety filters.');
    assert.equal(e.kind, 'taskFailed');
    assert.equal(e.retryable, false);
    assert.equal(e.taskId, 'task-unified-1-aaaaaaaa');
    assert.match(e.message, /\n/);
  });
  for (const code of ['generation_failed_no_content', 'service_error', 'generation_timeout', 'resource_exhausted', 'quota_exceeded',
    'service_unavailable', 'resource_not_found', 'unknown_error', 'model_unavailable', 'upstream_error', 'rate_limited']) {
    it(`${code} is retry-later`, () => assert.equal(failed(code, 'x').retryable, true));
  }
  it('request_cancelled and cancelled → taskCancelled', () => {
    assert.equal(failed('request_cancelled', 'cancelled').kind, 'taskCancelled');
    assert.equal(taskFailureError({ id: 't', status: 'cancelled' }).kind, 'taskCancelled');
  });
  it('voice rule: by code, or invalid_parameter(s) with param "voice"; never by the wording', () => {
    const withParam = (code: string, message: string, param?: string) =>
      taskFailureError({ id: 't', status: 'failed', error: { code, message, type: 'task_error', ...(param ? { param } : {}) } });
    assert.equal(withParam('invalid_parameters', 'Invalid parameters.\nThe speaker could not be resolved.', 'voice').kind, 'voice');
    assert.equal(withParam('invalid_parameter', 'Please check your request.', 'voice').kind, 'voice');
    assert.equal(failed('voice_expired', 'gone').kind, 'voice');
    assert.equal(failed('voice_not_found', 'no such speaker').kind, 'voice');
    assert.equal(failed('invalid_voice', 'x').kind, 'voice');
    // The word alone decides nothing: a message about a voice with another param, or none, is not an unknown voice.
    assert.equal(failed('invalid_parameters', 'voice "qwen-tts-vd-x-voice-1" does not exist').kind, 'taskFailed');
    assert.equal(withParam('invalid_parameters', 'voice sample rate unsupported', 'sample_rate').kind, 'taskFailed');
    assert.equal(failed('invalid_parameters', 'bad language').kind, 'taskFailed');
  });
  it('missing error object or message still gives a message', () => {
    assert.match(taskFailureError({ id: 't', status: 'failed' }).message, /failed/);
    assert.match(failed('service_error').message, /service_error/);
  });
  it('isAbort recognises aborted ApiErrors and DOM AbortErrors', () => {
    assert.equal(isAbort(new ApiError({ kind: 'aborted', message: 'x' })), true);
    assert.equal(isAbort(Object.assign(new Error('x'), { name: 'AbortError' })), true);
    assert.equal(isAbort(new Error('x')), false);
  });
});
