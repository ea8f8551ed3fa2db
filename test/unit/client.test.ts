// The client against the local simulator over real HTTP (and a few tiny ad-hoc servers for what the
// simulator cannot do: redirects, refused connections).
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBaseUrl, EvolinkClient, isLoopbackHost } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import { findAudioUrl } from '../../src/speech/audioLocation';
import { pollTask } from '../../src/speech/poller';
import { CreditsWatcher, spendableCredits } from '../../src/statusBar/credits';
import { startSimulator, type Simulator } from '../simulator/server';

const SCALE = 0.01;
const speechPosts = (sim: Simulator) => sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/audios/generations');
const isErr = (kind: ApiError['kind'], more: (e: ApiError) => boolean = () => true) =>
  (e: unknown) => e instanceof ApiError && e.kind === kind && more(e);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('client (against the simulator)', function () {
  let sim: Simulator;
  let voice: string;
  let client: EvolinkClient;
  const lines: string[] = [];
  const make = (o: Partial<ConstructorParameters<typeof EvolinkClient>[0]> = {}) => new EvolinkClient({
    baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: SCALE, log: (l) => lines.push(l), ...o,
  });
  const speech = (prompt = 'Good evening, listeners.') => client.createSpeechTask({ prompt, voice, languageType: 'English' });
  const poll = (t: { id: string; task_info?: { estimated_time?: number } }) =>
    pollTask((id, s) => client.getTask(id, s), t.id, { estimatedTimeSec: t.task_info?.estimated_time, timeScale: SCALE });

  before(async () => {
    sim = await startSimulator({ timeScale: SCALE });
    voice = sim.designVoice({ preferredName: 'announcer' });
  });
  after(async () => { await sim.close(); });
  beforeEach(() => {
    sim.reset();
    lines.length = 0;
    client = make();
  });

  describe('happy path', () => {
    it('creates, polls and downloads a speech task', async () => {
      const task = await speech();
      assert.match(task.id, /^task-unified-\d+-[a-z0-9]{8}$/);
      assert.equal(task.status, 'pending');
      assert.ok((task.usage?.credits_reserved ?? 0) > 0);
      assert.deepEqual(speechPosts(sim)[0].body, { model: 'qwen3-tts-vd', prompt: 'Good evening, listeners.', voice, language_type: 'English' });
      const done = await poll(task);
      assert.equal(done.status, 'completed');
      const url = findAudioUrl(done);
      assert.ok(url?.startsWith(sim.mediaBaseUrl), url);
      const audio = await client.downloadAudio(url!);
      assert.equal(audio.format, 'wav');
      assert.equal(audio.extension, '.wav');
      assert.ok((audio.durationSec ?? 0) > 0.3, `duration ${audio.durationSec}`);
      assert.ok(audio.sampleRate && audio.sampleRate > 0);
    });

    it('omits language_type for Auto and undefined', async () => {
      await client.createSpeechTask({ prompt: 'Hello.', voice, languageType: 'Auto' });
      await client.createSpeechTask({ prompt: 'Hello.', voice });
      for (const r of speechPosts(sim)) assert.equal('language_type' in (r.body as object), false);
    });

    it('sends Evolink\'s voice-design defaults', async () => {
      const t = await client.createVoiceDesignTask({ voicePrompt: 'A calm, warm male narrator in his forties.', previewText: 'Hello and welcome.', preferredName: 'narrator', language: 'en' });
      assert.equal(sim.requests[0].authorization, 'matched');
      assert.deepEqual(sim.requests[0].body, {
        model: 'qwen-voice-design', voice_prompt: 'A calm, warm male narrator in his forties.', preview_text: 'Hello and welcome.',
        preferred_name: 'narrator', sample_rate: 24000, response_format: 'wav', target_model: 'qwen3-tts-vd-2026-01-26', language: 'en',
      });
      const done = await poll(t);
      assert.match(String((done.result_data as { voice?: string }).voice), /^qwen-tts-vd-narrator-voice-/);
    });

    it('reads credits', async () => {
      const c = await client.getCredits();
      assert.equal(typeof c.token?.remaining_credits, 'number');
    });

    it('logs method, path, status and duration, never the key or headers', async () => {
      await speech();
      assert.ok(lines.some((l) => /^POST \/v1\/audios\/generations → 200 .*\d+ ms$/.test(l)), lines.join('\n'));
      for (const l of lines) {
        assert.ok(!l.includes(sim.keys[0]), 'key in log');
        assert.ok(!/bearer|authorization/i.test(l), 'header in log');
      }
    });
  });

  describe('every audio-URL shape', () => {
    for (const shape of ['A', 'B', 'C', 'audioString', 'audioObject'] as const) {
      it(`shape ${shape}`, async () => {
        sim.inject({ task: { shape } });
        const done = await poll(await speech());
        const url = findAudioUrl(done);
        assert.ok(url, JSON.stringify(done));
        assert.equal((await client.downloadAudio(url)).format, 'wav');
      });
    }
    it('completed without audio', async () => {
      sim.inject({ task: { noAudioUrl: true } });
      const done = await poll(await speech());
      assert.equal(findAudioUrl(done), undefined);
    });
  });

  describe('documented error bodies', () => {
    const cases: Array<{ name: string; status: number; code?: string; format?: 'string' | 'numeric' | 'emptyType'; kind: ApiError['kind']; method?: 'GET' }> = [
      { name: '400 missing_text', status: 400, code: 'missing_text', kind: 'badRequest' },
      { name: '400 prompt_too_long', status: 400, code: 'prompt_too_long', kind: 'badRequest' },
      { name: '401 unauthorized', status: 401, code: 'unauthorized', kind: 'auth' },
      { name: '402 insufficient_quota', status: 402, code: 'insufficient_quota', kind: 'credits' },
      { name: '403 model_access_denied', status: 403, code: 'model_access_denied', kind: 'modelAccess' },
      { name: '403 key_disabled', status: 403, code: 'key_disabled', kind: 'auth' },
      { name: '404 voice_not_found', status: 404, code: 'voice_not_found', kind: 'voice' },
      { name: '404 voice_expired', status: 404, code: 'voice_expired', kind: 'voice' },
      { name: '500 internal_error', status: 500, code: 'internal_error', kind: 'server' },
      { name: '502 no code', status: 502, kind: 'server' },
      { name: '429 numeric', status: 429, format: 'numeric', kind: 'rateLimited' },
      { name: '429 empty type', status: 429, format: 'emptyType', kind: 'rateLimited' },
      { name: '401 numeric', status: 401, format: 'numeric', kind: 'auth' },
      { name: '402 numeric', status: 402, format: 'numeric', kind: 'credits' },
      { name: '400 invalid_task_id (GET)', status: 400, code: 'invalid_task_id', kind: 'taskNotFound', method: 'GET' },
      { name: '401 GET', status: 401, code: 'unauthorized', kind: 'auth', method: 'GET' },
      { name: '402 quota_exceeded (GET)', status: 402, code: 'quota_exceeded', kind: 'credits', method: 'GET' },
      { name: '403 permission_denied (GET)', status: 403, code: 'permission_denied', kind: 'permission', method: 'GET' },
      { name: '404 task_not_found (GET)', status: 404, code: 'task_not_found', kind: 'taskNotFound', method: 'GET' },
      { name: '429 GET', status: 429, code: 'rate_limit_exceeded', kind: 'rateLimited', method: 'GET' },
      { name: '500 GET', status: 500, code: 'internal_error', kind: 'server', method: 'GET' },
      { name: '503 GET', status: 503, code: 'service_unavailable', kind: 'server', method: 'GET' },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.kind}`, async () => {
        const times = c.method === 'GET' ? 1 : 4;
        sim.inject({ match: { method: c.method ?? 'POST' }, status: c.status, code: c.code, format: c.format, times, retryAfter: c.status === 429 ? '1' : undefined });
        const p = c.method === 'GET' ? client.getTask('task-unified-1775122733-lozyt2i5') : speech();
        await assert.rejects(p, isErr(c.kind, (e) => e.status === c.status && e.message.length > 0 && !e.message.includes('request id:')));
      });
    }

    it('real validation: prompt over 600, unknown voice, bad task id, wrong key', async () => {
      await assert.rejects(client.createSpeechTask({ prompt: 'x'.repeat(601), voice }), isErr('badRequest', (e) => e.param === 'prompt'));
      await assert.rejects(client.createSpeechTask({ prompt: 'Hello.', voice: 'qwen-tts-vd-nobody-voice-20260402-zz99' }), isErr('voice', (e) => e.code === 'voice_not_found'));
      await assert.rejects(client.getTask('nope'), isErr('taskNotFound', (e) => e.status === 400));
      await assert.rejects(client.getTask('task-unified-1775122733-zzzzzzzz'), isErr('taskNotFound', (e) => e.status === 404));
      const bad = make({ getApiKey: async () => 'sk-wrong' });
      await assert.rejects(bad.createSpeechTask({ prompt: 'Hi.', voice }), isErr('auth', (e) => e.status === 401 && !e.message.includes('sk-wrong')));
    });

    it('non-JSON bodies are classified by status alone', async () => {
      sim.inject({ match: { method: 'POST' }, status: 502, rawBody: '<html><body>Bad gateway</body></html>' });
      await assert.rejects(speech(), isErr('server', (e) => e.status === 502 && e.message === 'Bad Gateway'));
      sim.inject({ match: { method: 'GET' }, status: 401, rawBody: '' });
      await assert.rejects(client.getTask('task-unified-1775122733-lozyt2i5'), isErr('auth'));
    });

    it('a 2xx that is not JSON or has no id is malformed (and not re-sent)', async () => {
      sim.inject({ match: { method: 'POST' }, status: 200, rawBody: 'OK' });
      await assert.rejects(speech(), isErr('malformed'));
      sim.inject({ match: { method: 'POST' }, status: 200, rawBody: '{"status":"pending"}' });
      await assert.rejects(speech(), isErr('malformed'));
      assert.equal(speechPosts(sim).length, 2);
    });
  });

  describe('polling through GET failures', () => {
    it('survives 429 with Retry-After, 500, 503 and a reset, and completes', async () => {
      const task = await speech();
      sim.inject([
        { match: { method: 'GET', path: '/v1/tasks/' }, status: 429, code: 'rate_limit_exceeded', retryAfter: '3' },
        { match: { method: 'GET', path: '/v1/tasks/' }, status: 500, code: 'internal_error' },
        { match: { method: 'GET', path: '/v1/tasks/' }, status: 503, format: 'numeric' },
        { match: { method: 'GET', path: '/v1/tasks/' }, reset: 'beforeResponse' },
      ]);
      const done = await poll(task);
      assert.equal(done.status, 'completed');
      const gets = sim.requests.filter((r) => r.method === 'GET' && r.origin === 'api');
      assert.ok(gets.length >= 5);
      for (let i = 1; i < gets.length; i++) assert.ok(gets[i].time - gets[i - 1].time >= 2000 * SCALE * 0.75 - 5, 'never faster than 2 s (scaled)');
    });

    it('an unknown voice answered as a failed task (invalid_parameters) → voice', async () => {
      const sim2 = await startSimulator({ timeScale: SCALE, unknownVoice: 'failedTask' });
      try {
        const c = new EvolinkClient({ baseUrl: sim2.baseUrl, getApiKey: async () => sim2.keys[0], timeScale: SCALE });
        const t = await c.createSpeechTask({ prompt: 'Hello.', voice: 'qwen-tts-vd-nobody-voice-20260402-zz99' });
        await assert.rejects(pollTask((id, s) => c.getTask(id, s), t.id, { timeScale: SCALE }), isErr('voice', (e) => e.taskId === t.id));
      } finally {
        await sim2.close();
      }
    });

    it('an unknown voice is recognised by code and param, however the simulator words it', async () => {
      for (const unknownVoice of ['http404', 'failedTask'] as const) {
        const sim2 = await startSimulator({ timeScale: SCALE, unknownVoice, wordingSeed: 3 });
        try {
          const c = new EvolinkClient({ baseUrl: sim2.baseUrl, getApiKey: async () => sim2.keys[0], timeScale: SCALE });
          const messages: string[] = [];
          for (let i = 0; i < 10; i++) {
            const e = await c.createSpeechTask({ prompt: 'Hello.', voice: `qwen-tts-vd-nobody${i}-voice-20260402-zz99` })
              .then((t) => pollTask((id, s) => c.getTask(id, s), t.id, { timeScale: SCALE }))
              .then(() => undefined, (x: unknown) => x);
            assert.ok(e instanceof ApiError && e.kind === 'voice', `${unknownVoice}: ${String(e)}`);
            messages.push(e.message);
          }
          // The test means something only if some answers gave no textual hint.
          assert.ok(messages.some((m) => !/voice/i.test(m)), `${unknownVoice}: ${messages.join(' | ')}`);
        } finally {
          await sim2.close();
        }
      }
    });

    it('an invalid_parameter about another field stays a bad request, even when its message says "voice"', async () => {
      sim.inject({ match: { method: 'POST' }, status: 400, code: 'invalid_parameter', param: 'language_type', message: 'language_type does not suit this voice' });
      await assert.rejects(speech(), isErr('badRequest', (e) => e.param === 'language_type'));
      sim.inject({ task: { outcome: 'fail', code: 'invalid_parameters', message: 'Invalid parameters.\nvoice and text disagree.' } });
      await assert.rejects(poll(await speech()), isErr('taskFailed'));
      sim.inject({ task: { outcome: 'fail', code: 'invalid_parameters', param: 'voice', message: 'Invalid parameters.\nPlease check your request.' } });
      await assert.rejects(poll(await speech()), isErr('voice'));
    });

    it('stops at once on 404 task_not_found', async () => {
      const task = await speech();
      sim.inject({ match: { method: 'GET' }, status: 404, code: 'task_not_found' });
      await assert.rejects(poll(task), isErr('taskNotFound', (e) => e.taskId === task.id));
      assert.equal(sim.requests.filter((r) => r.method === 'GET').length, 1);
    });

    it('a stuck task ends in taskStuck with its id', async () => {
      sim.inject({ task: { outcome: 'stuck' } });
      const task = await speech();
      await assert.rejects(poll(task), isErr('taskStuck', (e) => e.taskId === task.id));
    });

    it('failed and cancelled tasks', async () => {
      sim.inject({ task: { outcome: 'fail', code: 'service_error', message: 'Upstream failed (request id: abc)' } });
      await assert.rejects(poll(await speech()), isErr('taskFailed', (e) => e.retryable && e.code === 'service_error' && e.message === 'Upstream failed'));
      sim.inject({ task: { outcome: 'cancelled' } });
      await assert.rejects(poll(await speech()), isErr('taskCancelled'));
      sim.inject({ task: { outcome: 'failAsCancelled' } });
      await assert.rejects(poll(await speech()), isErr('taskCancelled'));
    });
  });

  describe('paid POST re-sending', () => {
    it('re-sends after 429 with Retry-After (seconds) and succeeds', async () => {
      sim.inject({ match: { method: 'POST' }, status: 429, code: 'rate_limit_exceeded', retryAfter: '2', times: 2 });
      const t0 = Date.now();
      const task = await speech();
      assert.ok(task.id);
      assert.equal(speechPosts(sim).length, 3);
      assert.ok(Date.now() - t0 >= 2 * 2000 * SCALE, 'waited Retry-After × timeScale');
      assert.equal(sim.tasks().length, 1);
    });

    it('re-sends after 429 with an HTTP-date Retry-After and after 503', async () => {
      sim.inject([
        { match: { method: 'POST' }, status: 429, retryAfter: new Date(Date.now() + 1000).toUTCString() },
        { match: { method: 'POST' }, status: 503, code: 'service_unavailable' },
      ]);
      await speech();
      assert.equal(speechPosts(sim).length, 3);
    });

    it('gives up after 3 re-sends', async () => {
      sim.inject({ match: { method: 'POST' }, status: 429, times: -1 });
      await assert.rejects(speech(), isErr('rateLimited'));
      assert.equal(speechPosts(sim).length, 4);
    });

    it('does not wait out a Retry-After beyond 60 s', async () => {
      sim.inject({ match: { method: 'POST' }, status: 429, retryAfter: '3600' });
      await assert.rejects(speech(), isErr('rateLimited', (e) => e.retryAfterMs === 3_600_000));
      assert.equal(speechPosts(sim).length, 1);
    });

    for (const status of [500, 502, 504]) {
      it(`never re-sends after ${status}`, async () => {
        sim.inject({ match: { method: 'POST' }, status, times: -1 });
        await assert.rejects(speech(), isErr('server'));
        assert.equal(speechPosts(sim).length, 1);
      });
    }

    it('never re-sends after a reset (request maybe sent)', async () => {
      sim.inject({ match: { method: 'POST' }, reset: 'beforeResponse' });
      await assert.rejects(speech(), isErr('network', (e) => e.requestSent === 'maybe'));
      assert.equal(speechPosts(sim).length, 1);
      assert.equal(sim.tasks().length, 1, 'the simulator did create the task');
    });

    it('never re-sends after a reset mid-body (the task exists)', async () => {
      sim.inject({ match: { method: 'POST' }, reset: 'midBody' });
      await assert.rejects(speech(), isErr('network', (e) => e.requestSent === 'maybe'));
      assert.equal(speechPosts(sim).length, 1);
    });

    it('never re-sends after a timeout', async () => {
      sim.inject({ match: { method: 'POST' }, delayMs: 1500 });
      const c = make({ timeoutMs: 300 });
      await assert.rejects(c.createSpeechTask({ prompt: 'Hello.', voice }), isErr('timeout', (e) => e.requestSent === 'maybe'));
      assert.equal(speechPosts(sim).length, 1);
    });

    it('re-sends when the connection is refused (never reached a server)', async () => {
      const server = createServer();
      const url = await listen(server);
      await new Promise((r) => server.close(r));
      const log: string[] = [];
      const c = new EvolinkClient({ baseUrl: url, getApiKey: async () => 'sk-x', timeScale: 0.001, log: (l) => log.push(l) });
      await assert.rejects(c.createSpeechTask({ prompt: 'Hello.', voice }), isErr('network', (e) => e.requestSent === 'no'));
      assert.equal(log.filter((l) => /re-sending/.test(l)).length, 3, log.join('\n'));
    });

    it('aborting while waiting to re-send rejects as aborted at once', async () => {
      sim.inject({ match: { method: 'POST' }, status: 429, retryAfter: '30', times: -1 });
      const ac = new AbortController();
      const c = make({ timeScale: 1 });
      const p = c.createSpeechTask({ prompt: 'Hello.', voice }, ac.signal);
      setTimeout(() => ac.abort(), 100);
      const t0 = Date.now();
      await assert.rejects(p, isErr('aborted'));
      assert.ok(Date.now() - t0 < 2000);
    });
  });

  describe('redirects, base URL, key', () => {
    it('does not follow a 3xx on the API (Authorization stays home)', async () => {
      let hits = 0;
      const other = createServer((_q, r) => { hits++; r.end('{}'); });
      const otherUrl = await listen(other);
      const redirector = createServer((_q, r) => { r.writeHead(307, { location: `${otherUrl}/v1/audios/generations` }); r.end(); });
      const base = await listen(redirector);
      try {
        const c = new EvolinkClient({ baseUrl: base, getApiKey: async () => 'sk-secret' });
        await assert.rejects(c.createSpeechTask({ prompt: 'Hi.', voice: 'v' }), isErr('config', (e) => e.status === 307 && !e.message.includes('sk-secret')));
        await assert.rejects(c.getTask('task-unified-1-aaaaaaaa'), isErr('config'));
        assert.equal(hits, 0);
      } finally {
        redirector.close();
        other.close();
      }
    });

    it('checks the base URL', async () => {
      for (const bad of ['http://api.evolink.ai', 'ftp://127.0.0.1', 'not a url', 'https://user:pw@api.evolink.ai']) {
        assert.throws(() => checkBaseUrl(bad), isErr('config'), bad);
        const c = new EvolinkClient({ baseUrl: bad, getApiKey: async () => 'k' });
        await assert.rejects(c.getCredits(), isErr('config'));
      }
      for (const ok of ['https://api.evolink.ai', 'https://api.evolink.ai/', 'http://127.0.0.1:1234', 'http://127.9.9.9', 'http://localhost:80', 'http://[::1]:8080/']) {
        assert.doesNotThrow(() => checkBaseUrl(ok), ok);
      }
      assert.equal(checkBaseUrl('https://proxy.example/evolink/').pathname, '/evolink/');
      assert.equal(isLoopbackHost('128.0.0.1'), false);
    });

    it('requires a usable key and never shows it', async () => {
      for (const key of [undefined, '']) {
        const c = make({ getApiKey: async () => key });
        await assert.rejects(c.createSpeechTask({ prompt: 'Hi.', voice }), isErr('config', (e) => /Set API Key/.test(e.message)));
      }
      const c = make({ getApiKey: async () => 'sk-evo with space' });
      await assert.rejects(c.getCredits(), isErr('config', (e) => !e.message.includes('sk-evo with space')));
      assert.equal(sim.requests.length, 0, 'nothing sent');
    });
  });

  describe('downloads', () => {
    async function completedUrl(): Promise<string> {
      const done = await poll(await speech());
      return findAudioUrl(done)!;
    }

    it('never sends Authorization to the media origin', async () => {
      await client.downloadAudio(await completedUrl());
      const media = sim.requests.filter((r) => r.origin === 'media');
      assert.ok(media.length >= 1);
      for (const r of media) assert.equal(r.authorization, 'none');
      for (const r of sim.requests.filter((x) => x.origin === 'api')) assert.equal(r.authorization, 'matched');
    });

    for (const [fault, re] of [['expired', /expired/], ['truncated', /expired or unavailable/], ['notAudio', /not audio/]] as const) {
      it(`${fault} → audioUnavailable`, async () => {
        const url = await completedUrl();
        sim.inject({ audio: fault });
        await assert.rejects(client.downloadAudio(url), isErr('audioUnavailable', (e) => re.test(e.message)));
      });
    }

    it('shortData: a complete body whose WAV header claims more data is read to its end, with true sizes', async () => {
      const url = await completedUrl();
      const plain = await client.downloadAudio(url);
      sim.inject({ audio: 'shortData' });
      const a = await client.downloadAudio(url);
      assert.deepEqual(a.bytes, plain.bytes);
      assert.equal(a.durationSec, plain.durationSec);
    });

    it('mp3 bytes are named .mp3', async () => {
      const url = await completedUrl();
      sim.inject({ audio: 'mp3' });
      const a = await client.downloadAudio(url);
      assert.equal(a.format, 'mp3');
      assert.equal(a.extension, '.mp3');
    });

    it('a reset mid-body → audioUnavailable', async () => {
      const url = await completedUrl();
      sim.inject({ match: { origin: 'media' }, reset: 'midBody' });
      await assert.rejects(client.downloadAudio(url), isErr('audioUnavailable'));
    });

    it('enforces the size cap', async () => {
      const url = await completedUrl();
      await assert.rejects(make({ maxAudioBytes: 1000 }).downloadAudio(url), isErr('audioUnavailable', (e) => /too large/.test(e.message)));
    });

    it('refuses audio URLs that are not http(s), and non-URLs', async () => {
      const c = new EvolinkClient({ baseUrl: 'https://api.evolink.ai', getApiKey: async () => 'k' });
      await assert.rejects(c.downloadAudio('ftp://127.0.0.1:1/a.wav'), isErr('malformed'));
      await assert.rejects(c.downloadAudio('nope'), isErr('malformed'));
    });

    it('follows a few redirects without credentials, then gives up', async () => {
      const url = await completedUrl();
      const seen: Array<string | undefined> = [];
      let hops = 0;
      const hop = createServer((q, r) => {
        seen.push(q.headers.authorization);
        hops++;
        r.writeHead(302, { location: q.url === '/loop' ? '/loop' : url });
        r.end();
      });
      const base = await listen(hop);
      try {
        const a = await client.downloadAudio(`${base}/once`);
        assert.equal(a.format, 'wav');
        await assert.rejects(client.downloadAudio(`${base}/loop`), isErr('audioUnavailable', (e) => /redirects/.test(e.message)));
        assert.equal(hops, 1 + 4);
        assert.deepEqual(seen.filter((x) => x !== undefined), []);
      } finally {
        hop.close();
      }
    });

    it('a download 404 → audioUnavailable with the status', async () => {
      const url = await completedUrl();
      await assert.rejects(client.downloadAudio(url + 'x'), isErr('audioUnavailable', (e) => e.status === 404 || e.status === 403));
    });
  });

  describe('credits the key can spend', () => {
    const KEY = 'sk-test-credits-3333';
    const withSim = async (limit: number | 'unlimited' | undefined, credits: number, body: (c: EvolinkClient, s: Simulator) => Promise<void>) => {
      const s = await startSimulator({ timeScale: SCALE, keys: [{ key: KEY, credits, ...(limit !== undefined ? { limit } : {}) }] });
      try {
        await body(new EvolinkClient({ baseUrl: s.baseUrl, getApiKey: async () => KEY, timeScale: SCALE }), s);
      } finally {
        await s.close();
      }
    };
    /** What the status bar would show: the watcher fed by the real client. */
    const shown = async (c: EvolinkClient): Promise<number | undefined> => {
      const logged: string[] = [];
      const w = new CreditsWatcher(() => undefined, (l) => logged.push(l));
      w.refresh(c);
      while (w.fetching) await new Promise((r) => setTimeout(r, 5));
      w.dispose();
      return w.value;
    };

    it('a key limited below the account balance: the key’s limit', () => withSim(20, 1000, async (c) => {
      const cr = await c.getCredits();
      assert.equal(cr.user?.remaining_credits, 1000);
      assert.equal(cr.token?.remaining_credits, 20);
      assert.equal(spendableCredits(cr), 20);
      assert.equal(await shown(c), 20);
    }));

    it('a key limited above the account balance: the balance', () => withSim(500, 50, async (c) => {
      const cr = await c.getCredits();
      assert.equal(cr.token?.remaining_credits, 500);
      assert.equal(spendableCredits(cr), 50);
      assert.equal(await shown(c), 50);
    }));

    it('an unlimited key: the balance alone', () => withSim('unlimited', 75, async (c) => {
      const cr = await c.getCredits();
      assert.equal(cr.token?.unlimited_credits, true);
      assert.equal(spendableCredits(cr), 75);
      assert.equal(await shown(c), 75);
    }));

    it('a task beyond the key’s limit is refused for credits', () => withSim(0.1, 1000, async (c, s) => {
      const v = s.designVoice({ preferredName: 'limited' });
      await assert.rejects(c.createSpeechTask({ prompt: 'A sentence that costs more than a tenth of a credit to read aloud.', voice: v }),
        isErr('credits', (e) => e.code === 'insufficient_token_quota'));
    }));

    it('success:false is an error, and the status bar keeps no figure', () => withSim(undefined, 1000, async (c, s) => {
      s.inject({ match: { path: '/v1/credits' }, status: 200, rawBody: '{"success":false,"message":"token lookup failed","data":null}', times: 2 });
      await assert.rejects(c.getCredits(), isErr('server', (e) => /token lookup failed/.test(e.message)));
      assert.equal(await shown(c), undefined);
    }));

    it('spendableCredits reads what is there', () => {
      assert.equal(spendableCredits({ user: { remaining_credits: 3 } }), 3);
      assert.equal(spendableCredits({ token: { remaining_credits: 4 } }), 4);
      assert.equal(spendableCredits({ user: { remaining_credits: 3 }, token: { remaining_credits: 2, unlimited_credits: false } }), 2);
      assert.equal(spendableCredits({ user: { remaining_credits: 3 }, token: { remaining_credits: 0, unlimited_credits: true } }), 3);
      assert.equal(spendableCredits({}), undefined);
    });
  });
});
