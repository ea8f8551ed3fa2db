// The local Evolink simulator: an API listener and a media listener on 127.0.0.1 (docs/evolink-api.md §9).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { handleControl } from './control';
import { Engine, requestId } from './engine';
import { faultBody } from './errors';
import { describe, FaultQueue } from './faults';
import { json, readBody, type Reply, send } from './http';
import { handleMedia } from './media';
import { withProfile } from './profiles';
import { handleApi } from './routes';
import { dualListener, loopbackCertificate, type DualListener } from './tls';
import type { ConnectionStats, Fault, RequestRecord, Simulator, SimulatorOptions } from './types';

export type * from './types';
export { DEMO_KEY } from './engine';

/**
 * How long the simulator keeps an idle connection open. Longer than any client should (the extension's own
 * pool closes idle sockets after a few seconds), so a client that never closes its sockets shows up in
 * connections() instead of being hidden by the server closing them first.
 */
export const SERVER_KEEP_ALIVE_MS = 60_000;

/** One open connection, from accept to close. */
interface Conn {
  origin: 'api' | 'media';
  opened: number;
  /** 'control' while it has carried only /__sim/ requests (the tests' own), 'client' after any other. */
  kind: 'new' | 'control' | 'client';
  requests: number;
  busy: number;
  lastDone: number;
}

export async function startSimulator(given: SimulatorOptions = {}): Promise<Simulator> {
  const opts = withProfile(given);
  const faults = new FaultQueue();
  faults.setChaos(opts.chaos);
  const engine = new Engine(opts, faults);
  const requests: RequestRecord[] = [];
  let seq = 0;
  const pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  const delay = (ms: number) => new Promise<void>((resolve) => {
    const entry = { timer: setTimeout(() => { pendingDelays.delete(entry); resolve(); }, ms), resolve };
    pendingDelays.add(entry);
  });

  const authorize = (req: IncomingMessage) => {
    const header = req.headers.authorization;
    if (header === undefined) return { authorization: 'none' as const };
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    const account = m ? engine.accounts.find((a) => a.key === m[1]) : undefined;
    return account ? { authorization: 'matched' as const, account } : { authorization: 'unmatched' as const };
  };

  // Open connections, for "no socket left" checks (connections()).
  const conns = new Map<Socket, Conn>();
  let peak = 0;
  const clientConns = () => [...conns.values()].filter((c) => c.kind === 'client');
  const track = (origin: 'api' | 'media') => (socket: Socket) => {
    const now = Date.now();
    conns.set(socket, { origin, opened: now, kind: 'new', requests: 0, busy: 0, lastDone: now });
    socket.once('close', () => conns.delete(socket));
  };
  /** Marks a request on `req`'s connection busy until its response ends (or the connection drops). */
  const begin = (req: IncomingMessage, res: ServerResponse, control: boolean) => {
    const c = conns.get(req.socket);
    if (!c) return;
    if (control) {
      if (c.kind === 'new') c.kind = 'control';
      return;
    }
    if (c.kind !== 'client') {
      c.kind = 'client';
      peak = Math.max(peak, clientConns().length);
    }
    c.requests++;
    c.busy++;
    res.once('close', () => {
      c.busy--;
      c.lastDone = Date.now();
    });
  };

  const handler = (origin: 'api' | 'media') => async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    begin(req, res, origin === 'api' && path.startsWith('/__sim/'));
    let rawBody = '';
    try {
      rawBody = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    if (origin === 'api' && path.startsWith('/__sim/')) {
      send(req, res, handleControl(sim, method, path, rawBody));
      return;
    }
    const auth = authorize(req);
    let body: unknown;
    if (rawBody !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
    }
    const record: RequestRecord = {
      seq: ++seq, time: Date.now(), method, path, query: url.search.replace(/^\?/, ''),
      ...(body !== undefined ? { body } : {}),
      ...(auth.account ? { keyLabel: auth.account.label } : {}),
      authorization: auth.authorization, status: 0, origin,
      ...(req.socket.remotePort !== undefined ? { clientPort: req.socket.remotePort } : {}),
    };
    if (origin === 'media') record.scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    const credentials = ['authorization', 'cookie', 'proxy-authorization'].filter((h) => req.headers[h] !== undefined);
    if (credentials.length) record.credentials = credentials;
    const idem = req.headers['idempotency-key'];
    const idempotencyKey = Array.isArray(idem) ? idem[0] : idem;
    if (idempotencyKey !== undefined) record.idempotencyKey = idempotencyKey;
    requests.push(record);
    const model = typeof (body as { model?: unknown } | undefined)?.model === 'string' ? (body as { model: string }).model : undefined;
    const prompt = typeof (body as { prompt?: unknown } | undefined)?.prompt === 'string' ? (body as { prompt: string }).prompt : undefined;
    const ctx = { origin, method, path, model, prompt };
    const fault = faults.take('request', ctx);
    const audioFault = origin === 'media' && method !== 'HEAD' ? faults.take('audio', ctx) : undefined;
    const applied = [fault, audioFault].filter((f): f is Fault => f !== undefined).map(describe);
    if (applied.length) record.fault = applied.join('; ');

    if (fault?.delayMs) await delay(fault.delayMs);
    if (closed) {
      res.destroy();
      return;
    }
    let reply: Reply;
    const answerApi = (): Reply => {
      const result = handleApi(engine, { method, path, rawBody, account: auth.account, authorization: auth.authorization, idempotencyKey });
      if (result.taskId) record.taskId = result.taskId;
      if (result.replayed) record.replayed = true;
      return result.reply;
    };
    const answersWithFault = fault !== undefined && (fault.status !== undefined || fault.rawBody !== undefined);
    // afterCreate: the request does its work (a POST creates its task) before the fault answers instead.
    if (answersWithFault && fault.afterCreate && origin === 'api') answerApi();
    if (fault && answersWithFault) {
      reply = fault.rawBody !== undefined
        ? {
          status: fault.status ?? 502,
          headers: { 'content-type': fault.contentType ?? (/^\s*[[{]/.test(fault.rawBody) ? 'application/json' : 'text/html') },
          body: Buffer.from(fault.rawBody),
        }
        : json(fault.status ?? 500, faultBody(fault, method));
      if (fault.contentType) reply.headers['content-type'] = fault.contentType;
    } else if (origin === 'api') {
      reply = answerApi();
    } else {
      reply = handleMedia(engine, method, path, audioFault);
    }
    if (fault?.retryAfter !== undefined) reply.headers['retry-after'] = fault.retryAfter;
    if (origin === 'api') reply.headers['x-request-id'] = requestId();
    record.status = send(req, res, reply, fault?.reset);
    opts.log?.(
      `${origin === 'media' ? `media ${record.scheme} ` : ''}${method} ${path} → ${record.status || 'reset'}`
      + ` [${record.keyLabel ?? record.authorization}]${record.taskId ? ` ${record.taskId}` : ''}`
      + `${record.fault ? ` fault: ${record.fault}` : ''}`,
    );
  };

  const listen = (server: Server | NetServer, port: number) => new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

  const wrap = (origin: 'api' | 'media') => {
    const h = handler(origin);
    return (req: IncomingMessage, res: ServerResponse) => {
      h(req, res).catch(() => res.destroy());
    };
  };
  const api = createServer(wrap('api'));
  const media = createServer(wrap('media'));
  for (const [server, origin] of [[api, 'api'], [media, 'media']] as const) {
    server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
    server.on('connection', track(origin));
  }
  let closed = false;
  let dual: DualListener | undefined;
  let mediaCa: string | undefined;
  if (opts.mediaTls) {
    const pems = await loopbackCertificate();
    mediaCa = pems.cert;
    dual = dualListener(media, wrap('media'), pems);
    dual.tls.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
    dual.tls.on('secureConnection', track('media'));
  }

  const port = await listen(api, opts.port ?? 0);
  let mediaPort: number;
  try {
    mediaPort = await listen(dual?.server ?? media, 0);
  } catch (e) {
    api.close();
    throw e;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const mediaBaseUrl = `http://127.0.0.1:${mediaPort}`;
  engine.mediaBaseUrl = mediaBaseUrl;

  const sim: Simulator = {
    baseUrl,
    mediaBaseUrl,
    ...(mediaCa ? { mediaCa } : {}),
    options: opts,
    port,
    keys: engine.accounts.map((a) => a.key),
    requests,
    inject(f: Fault | Fault[]) {
      for (const x of Array.isArray(f) ? f : [f]) faults.add(x);
    },
    clearFaults() {
      faults.clear();
    },
    designVoice(o) {
      return engine.designVoice(o);
    },
    credits(key?: string) {
      engine.advanceAll();
      const a = engine.account(key);
      const r = (n: number) => Math.round(n * 10000) / 10000;
      return { remaining: r(a.remaining), used: r(a.used), reserved: r(a.reserved) };
    },
    setCredits(key: string, credits: number) {
      engine.account(key).remaining = credits;
    },
    chaosGiven() {
      return Object.fromEntries(faults.chaosGiven);
    },
    tasks() {
      engine.advanceAll();
      return [...engine.tasks.values()].map((t) => t.snapshot());
    },
    connections(): ConnectionStats {
      const now = Date.now();
      const list = clientConns().map((c) => ({
        origin: c.origin, requests: c.requests, busy: c.busy > 0, idleMs: c.busy > 0 ? 0 : now - c.lastDone, ageMs: now - c.opened,
      }));
      return {
        open: list.length,
        api: list.filter((c) => c.origin === 'api').length,
        media: list.filter((c) => c.origin === 'media').length,
        busy: list.filter((c) => c.busy).length,
        maxIdleMs: Math.max(0, ...list.map((c) => c.idleMs)),
        peak,
        list,
      };
    },
    reset(o) {
      peak = clientConns().length;
      requests.length = 0;
      seq = 0;
      faults.clear();
      faults.chaosGiven.clear();
      engine.reset(o);
    },
    async close() {
      if (closed) return;
      closed = true;
      engine.close();
      for (const d of pendingDelays) {
        clearTimeout(d.timer);
        d.resolve();
      }
      pendingDelays.clear();
      const done = Promise.all([api, ...(dual ? [] : [media])].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      api.closeAllConnections();
      media.closeAllConnections();
      await Promise.all([done, dual?.close()]);
    },
  };
  return sim;
}
