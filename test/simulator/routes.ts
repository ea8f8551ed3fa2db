// The API origin: POST /v1/audios/generations, GET /v1/tasks/{id}, GET /v1/credits (docs/evolink-api.md §1–§4, §9).
import type { Engine } from './engine';
import { errors, HttpError } from './errors';
import { json, type Reply } from './http';
import type { Account } from './tasks';
import { creationJson, taskJson } from './tasks';
import { parseModel, SPEECH_MODEL, validateDesign, validateSpeech } from './validation';

export interface ApiRequest {
  method: string;
  path: string;
  rawBody: string;
  account?: Account;
  authorization: 'none' | 'matched' | 'unmatched';
  /** The `Idempotency-Key` header, if any. */
  idempotencyKey?: string;
}

export interface ApiResult {
  reply: Reply;
  taskId?: string;
  /** The answer is the task an earlier request with the same Idempotency-Key created. */
  replayed?: true;
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

export function handleApi(engine: Engine, r: ApiRequest): ApiResult {
  let taskId: string | undefined;
  try {
    if (r.method === 'POST' && r.path === '/v1/audios/generations') {
      // Check order (§9): 401 → JSON / model (400) → 403 → fields (400) → voice (404) → 402.
      if (!r.account) throw errors.unauthorizedPost();
      const { body, model } = parseModel(r.rawBody);
      if (!r.account.models.includes(model)) throw errors.modelAccessDenied(model);
      const loopback = engine.opts.allowLoopbackCallbacks ?? false;
      if (model === SPEECH_MODEL) {
        // Idempotency-Key: a repeated key with the same body answers the task it created, uncharged; with
        // another body it is refused. Keys are per API key, and only a request that created a task keeps one.
        const idem = r.idempotencyKey;
        if (idem !== undefined && !/^[A-Za-z0-9._-]{16,96}$/.test(idem)) throw errors.invalidIdempotencyKey();
        const slot = idem !== undefined ? `${r.account.label}\n${idem}` : undefined;
        const canonical = JSON.stringify(body);
        const earlier = slot !== undefined ? engine.idempotency.get(slot) : undefined;
        if (earlier) {
          if (earlier.body !== canonical) throw errors.idempotencyConflict();
          const task = engine.getTask(earlier.taskId, r.account);
          taskId = task.id;
          return { reply: json(200, creationJson(task), { 'idempotency-replayed': 'true' }), taskId, replayed: true };
        }
        const params = validateSpeech(body, loopback, engine.opts.maxPromptBilling);
        const preset = engine.checkVoice(r.account, params.voice);
        const task = engine.createTask(r.account, params, preset);
        taskId = task.id;
        if (slot !== undefined) engine.idempotency.set(slot, { body: canonical, taskId: task.id });
        return { reply: json(200, creationJson(task)), taskId };
      }
      const task = engine.createTask(r.account, validateDesign(body, loopback));
      taskId = task.id;
      return { reply: json(200, creationJson(task)), taskId };
    }
    const taskMatch = /^\/v1\/tasks\/([^/]*)$/.exec(r.path);
    if (r.method === 'GET' && taskMatch) {
      if (!r.account) throw errors.unauthorizedGet();
      const id = decodeURIComponent(taskMatch[1]);
      taskId = id || undefined;
      if (!id.startsWith('task-unified-')) throw errors.invalidTaskId();
      const task = engine.getTask(id, r.account);
      return { reply: json(200, taskJson(task)), taskId };
    }
    if (r.method === 'GET' && r.path === '/v1/credits') {
      if (!r.account) throw errors.unauthorizedGet();
      const a = r.account;
      engine.advanceAll();
      const all = engine.accounts;
      const sum = (f: (x: Account) => number) => round4(all.reduce((s, x) => s + f(x), 0));
      return {
        reply: json(200, {
          success: true,
          message: '',
          data: {
            user: { remaining_credits: sum((x) => x.remaining), used_credits: sum((x) => x.used) },
            token: {
              remaining_credits: a.limit === 'unlimited' ? 0
                : a.limit !== undefined ? round4(Math.max(0, a.limit - a.used - a.reserved)) : round4(a.remaining),
              used_credits: round4(a.used),
              unlimited_credits: a.limit === 'unlimited',
            },
          },
        }),
      };
    }
    throw errors.routeNotFound(r.method, r.path);
  } catch (e) {
    if (e instanceof HttpError) return { reply: json(e.status, e.body, e.headers), taskId };
    const message = r.method === 'POST' ? 'Internal server error' : 'Failed to retrieve task status';
    return { reply: json(500, { error: { code: 'internal_error', message, type: 'api_error' } }), taskId };
  }
}
