// The local Evolink simulator over real HTTP: what docs/evolink-api.md §9 asks of it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseWav, synthesize } from '../simulator/audio';
import { type Simulator, startSimulator } from '../simulator/server';

const KEY = 'sk-test-main-1111';
const KEY2 = 'sk-test-other-2222';
const TTS = 'qwen3-tts-vd';
const DESIGN = 'qwen-voice-design';

/** Parsed JSON, loosely typed: the assertions check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Res { status: number; headers: Headers; body: Json; text: string }

async function call(sim: Simulator, method: string, path: string, body?: unknown, key: string | null = KEY): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const res = await fetch(sim.baseUrl + path, {
    method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

const post = (sim: Simulator, body: unknown, key: string | null = KEY) => call(sim, 'POST', '/v1/audios/generations', body, key);
const getTask = (sim: Simulator, id: string, key: string | null = KEY) => call(sim, 'GET', `/v1/tasks/${id}`, undefined, key);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitTerminal(sim: Simulator, id: string, key = KEY): Promise<{ final: Json; seen: Json[] }> {
  const seen: Json[] = [];
  for (let i = 0; i < 400; i++) {
    const r = await getTask(sim, id, key);
    assert.equal(r.status, 200, r.text);
    seen.push(r.body);
    if (['completed', 'failed', 'cancelled'].includes(r.body.status)) return { final: r.body, seen };
    await sleep(5);
  }
  throw new Error(`task ${id} did not finish`);
}

async function download(url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function wavInfo(b: Buffer): { rate: number; seconds: number; dataSize: number } {
  assert.equal(b.toString('ascii', 0, 4), 'RIFF');
  assert.equal(b.toString('ascii', 8, 12), 'WAVE');
  const rate = b.readUInt32LE(24);
  const dataSize = b.readUInt32LE(40);
  return { rate, dataSize, seconds: dataSize / (rate * 2) };
}

describe('simulator', function () {
  this.timeout(10000);
  let sim: Simulator;
  let voice: string;

  before(async () => {
    sim = await startSimulator({
      keys: [{ key: KEY, label: 'main' }, { key: KEY2, label: 'other', models: [TTS], credits: 1 }],
      timeScale: 0.01,
      allowLoopbackCallbacks: true,
    });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset({ credits: true });
    voice = sim.designVoice({ preferredName: 'tester', language: 'en' });
  });

  const speak = (prompt: string, extra: Record<string, unknown> = {}) => post(sim, { model: TTS, prompt, voice, ...extra });

  describe('auth and routes', () => {
    it('answers 401 with different bodies for POST and GET, and never records the key', async () => {
      const p = await post(sim, { model: TTS, prompt: 'hi', voice }, null);
      assert.equal(p.status, 401);
      assert.deepEqual(p.body, { error: { code: 'unauthorized', message: 'Invalid or expired token', type: 'authentication_error' } });
      const g = await getTask(sim, 'task-unified-1-abcdefgh', 'sk-wrong');
      assert.equal(g.status, 401);
      assert.deepEqual(g.body, { error: { code: 'unauthorized', message: 'Authentication required', type: 'authentication_error' } });
      const c = await call(sim, 'GET', '/v1/credits', undefined, null);
      assert.equal(c.status, 401);
      assert.deepEqual(sim.requests.map((r) => r.authorization), ['none', 'unmatched', 'none']);
      await speak('hello');
      assert.equal(sim.requests[3].keyLabel, 'main');
      assert.ok(!JSON.stringify(sim.requests).includes(KEY));
    });

    it('sends x-request-id and answers unknown routes with a JSON 404', async () => {
      const r = await call(sim, 'POST', '/v1/tasks/task-unified-1-abcdefgh/cancel', {});
      assert.equal(r.status, 404);
      assert.equal(typeof r.body.error.code, 'string');
      assert.equal(typeof r.body.error.message, 'string');
      assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f]{24}$/);
      assert.equal((await call(sim, 'GET', '/v1/audios/generations')).status, 404);
    });
  });

  describe('validation', () => {
    // Accepted tasks here are never awaited: keep them from synthesizing audio in the background.
    beforeEach(() => sim.inject({ task: { outcome: 'stuck' }, times: -1 }));

    it('answers missing_text for an empty or blank prompt', async () => {
      const missing = { error: { code: 'missing_text', message: 'Missing required parameter: prompt or input', type: 'invalid_request_error' } };
      for (const prompt of [undefined, '', '  \n ']) {
        const r = await post(sim, { model: TTS, prompt, voice });
        assert.equal(r.status, 400);
        assert.deepEqual(r.body, missing);
      }
    });

    it('counts 600 code points (astral characters once) and rejects 601', async () => {
      assert.equal((await speak('a'.repeat(600))).status, 200);
      const astral = '😀'.repeat(600);
      assert.equal(astral.length, 1200);
      assert.equal((await speak(astral)).status, 200);
      const r = await speak(`${'a'.repeat(599)}😀😀`);
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, {
        error: { code: 'prompt_too_long', message: 'prompt must be at most 600 billing characters (CJK characters count as 2), got 601', type: 'invalid_request_error', param: 'prompt' },
      });
    });

    it('counts a Han, kana or Hangul character or a fullwidth form as 2 billing characters', async () => {
      assert.equal((await speak('字'.repeat(300))).status, 200);
      assert.equal((await speak('字'.repeat(301))).status, 400, '301 Han characters are 602 billing characters');
      assert.equal((await speak('か'.repeat(200) + '한'.repeat(100) + 'ａ')).status, 400);
      assert.equal((await speak('か'.repeat(200) + '한'.repeat(99) + 'ab')).status, 200);
    });

    it('accepts input as an alias and rejects a conflicting prompt and input', async () => {
      assert.equal((await post(sim, { model: TTS, input: 'via input', voice })).status, 200);
      assert.equal((await post(sim, { model: TTS, input: 'same', prompt: 'same', voice })).status, 200);
      const r = await post(sim, { model: TTS, input: 'one', prompt: 'two', voice });
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'parameter_conflict');
    });

    it('checks enums exactly and case-sensitively, and the model first', async () => {
      assert.equal((await speak('hi', { language_type: 'English' })).status, 200);
      const bad = await speak('hi', { language_type: 'english' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'invalid_parameter');
      assert.equal(bad.body.error.param, 'language_type');
      const noVoice = await post(sim, { model: TTS, prompt: 'hi' });
      assert.equal(noVoice.body.error.param, 'voice');
      for (const body of ['{not json', { model: 'Qwen3-TTS-VD', prompt: 'hi', voice }, { prompt: 'hi' }]) {
        const r = await post(sim, body);
        assert.equal(r.status, 400);
        assert.equal(r.body.error.code, 'invalid_parameter');
        assert.equal(r.body.error.param, 'model');
      }
    });

    it('answers 403 model_access_denied for a model the key may not use', async () => {
      const r = await post(sim, { model: DESIGN, voice_prompt: 'calm', preview_text: 'Hello there', preferred_name: 'x' }, KEY2);
      assert.equal(r.status, 403);
      assert.deepEqual(r.body, {
        error: { code: 'model_access_denied', message: 'Token does not have access to model: qwen-voice-design', type: 'invalid_request_error' },
      });
    });

    it('validates voice-design fields with the documented missing-field body', async () => {
      const base = { model: DESIGN, voice_prompt: 'A calm narrator', preview_text: 'Hello there, friend.', preferred_name: 'calm' };
      const r = await post(sim, { ...base, preview_text: undefined });
      assert.deepEqual(r.body, {
        error: { code: 'invalid_parameter', message: 'Missing required parameter: voice_prompt or preview_text', type: 'invalid_request_error' },
      });
      const cases: [Record<string, unknown>, string][] = [
        [{ preferred_name: 'has-dash' }, 'preferred_name'],
        [{ preferred_name: 'a'.repeat(17) }, 'preferred_name'],
        [{ language: 'EN' }, 'language'],
        [{ sample_rate: 22050 }, 'sample_rate'],
        [{ sample_rate: '24000' }, 'sample_rate'],
        [{ response_format: 'WAV' }, 'response_format'],
        [{ target_model: 'qwen3-tts-vd' }, 'target_model'],
        [{ voice_prompt: 'x'.repeat(2049) }, 'voice_prompt'],
        [{ preview_text: 'x'.repeat(1025) }, 'preview_text'],
        [{ callback_url: 'http://example.com/cb' }, 'callback_url'],
        [{ callback_url: 'https://192.168.1.5/cb' }, 'callback_url'],
      ];
      for (const [extra, param] of cases) {
        const x = await post(sim, { ...base, ...extra });
        assert.equal(x.status, 400, JSON.stringify(extra));
        assert.equal(x.body.error.code, 'invalid_parameter');
        assert.equal(x.body.error.param, param);
      }
      assert.equal((await post(sim, { ...base, preferred_name: 'a'.repeat(16) })).status, 200);
    });
  });

  describe('voice registry', () => {
    it('knows only voices designed here, per key', async () => {
      const r = await post(sim, { model: TTS, prompt: 'hi', voice: 'qwen-tts-vd-nobody-voice-20260402-zz99' });
      assert.equal(r.status, 404);
      assert.deepEqual(Object.keys(r.body.error).sort(), ['code', 'message', 'type']);
      assert.equal(r.body.error.code, 'voice_not_found');
      assert.equal(r.body.error.type, 'invalid_request_error');
      assert.equal(typeof r.body.error.message, 'string');
      assert.equal((await post(sim, { model: TTS, prompt: 'hi', voice }, KEY2)).status, 404);
      assert.match(voice, /^qwen-tts-vd-tester-voice-\d{17}-[0-9a-f]{4}$/);
    });

    it('fails speech tasks with a voice designed for a realtime target model', async () => {
      const rt = sim.designVoice({ preferredName: 'rt', targetModel: 'qwen3-tts-vd-realtime-2026-01-15' });
      const r = await post(sim, { model: TTS, prompt: 'hi', voice: rt });
      assert.equal(r.status, 200);
      const { final } = await waitTerminal(sim, r.body.id);
      assert.equal(final.status, 'failed');
      assert.equal(final.error.code, 'invalid_parameters');
      assert.equal(final.error.type, 'task_error');
    });

    it('can answer an unknown voice with a failed task instead (param "voice")', async () => {
      const s = await startSimulator({ keys: [KEY], timeScale: 0.01, unknownVoice: 'failedTask' });
      try {
        const r = await post(s, { model: TTS, prompt: 'hi', voice: 'qwen-tts-vd-ghost-voice-1' });
        assert.equal(r.status, 200);
        const { final } = await waitTerminal(s, r.body.id);
        assert.equal(final.error.code, 'invalid_parameters');
        assert.equal(final.error.param, 'voice');
      } finally {
        await s.close();
      }
    });

    it('words unknown-voice answers several ways, some without the word "voice"; a seed fixes the sequence', async () => {
      const messages = async (opts: { wordingSeed: number; unknownVoice?: 'failedTask' }): Promise<string[]> => {
        const s = await startSimulator({ keys: [KEY], timeScale: 0.01, ...opts });
        try {
          const out: string[] = [];
          for (let i = 0; i < 12; i++) {
            const r = await post(s, { model: TTS, prompt: 'hi', voice: `qwen-tts-vd-ghost${i}-voice-1` });
            if (opts.unknownVoice) {
              assert.equal(r.status, 200);
              const { final } = await waitTerminal(s, r.body.id);
              assert.equal(final.error.param, 'voice');
              out.push(final.error.message);
            } else {
              assert.equal(r.status, 404);
              assert.equal(r.body.error.code, 'voice_not_found');
              out.push(r.body.error.message);
            }
          }
          return out;
        } finally {
          await s.close();
        }
      };
      for (const unknownVoice of [undefined, 'failedTask'] as const) {
        const a = await messages({ wordingSeed: 7, unknownVoice });
        assert.ok(new Set(a.map((m) => m.replace(/ghost\d+/, 'ghost'))).size >= 2, a.join(' | '));
        assert.ok(a.some((m) => !/voice/i.test(m)), a.join(' | '));
        assert.ok(a.some((m) => /voice/i.test(m)), a.join(' | '));
        assert.deepEqual(await messages({ wordingSeed: 7, unknownVoice }), a);
      }
    });
  });

  describe('task lifecycle and audio', () => {
    it('goes pending → processing (rising) → completed with a real 22050 Hz WAV on the media origin', async () => {
      // Its own simulator with a slower model, so that polls see pending and processing even on a busy machine.
      const s = await startSimulator({ keys: [KEY], timeScale: 0.01, latency: { queueSec: 5, ttsBaseSec: 30 } });
      try {
        const prompt = 'Good evening, listeners. This is the evening news, read by a voice designed here.';
        await synthesize(prompt, 'en-us');
        const r = await post(s, { model: TTS, prompt, voice: s.designVoice({ preferredName: 'news', language: 'en' }) });
        assert.equal(r.status, 200);
        const c = r.body;
        assert.match(c.id, /^task-unified-(\d+)-[a-z0-9]{8}$/);
        assert.equal(c.id.split('-')[2], String(c.created));
        assert.equal(c.object, 'audio.generation.task');
        assert.equal(c.status, 'pending');
        assert.equal(c.progress, 0);
        assert.deepEqual(c.task_info, { can_cancel: true, estimated_time: 10, audio_type: 'tts' });
        assert.ok(c.usage.credits_reserved > 0);
        const { final, seen } = await waitTerminal(s, c.id);
        const progress = seen.map((t) => t.progress);
        assert.equal(seen[0].status, 'pending');
        assert.ok(seen.some((t) => t.status === 'processing' && t.progress > 0 && t.progress < 100), JSON.stringify(progress));
        for (let i = 1; i < progress.length; i++) assert.ok(progress[i] >= progress[i - 1]);
        assert.equal(final.status, 'completed');
        assert.equal(final.progress, 100);
        assert.equal(final.task_info.can_cancel, false);
        assert.equal(final.usage.credits_used, c.usage.credits_reserved);
        const url = final.results[0];
        assert.equal(final.result_data[0].audio_url, url);
        assert.equal(final.result_data[0].sample_rate, 22050);
        assert.ok(url.startsWith(s.mediaBaseUrl + '/audio/'));
        const a = await download(url);
        assert.equal(a.status, 200);
        assert.equal(a.headers.get('content-type'), 'audio/wav');
        const info = wavInfo(a.bytes);
        assert.equal(info.rate, 22050);
        assert.equal(a.bytes.length, 44 + info.dataSize);
        assert.ok(info.seconds > 2, String(info.seconds));
        const last = s.requests[s.requests.length - 1];
        assert.equal(last.origin, 'media');
        assert.equal(last.authorization, 'none');
      } finally {
        await s.close();
      }
    });

    it('makes longer audio for longer text', async () => {
      const short = await speak('Hello.');
      const long = await speak('Hello. This sentence is a good deal longer than the first one, so it takes longer to say.');
      const s = wavInfo((await download((await waitTerminal(sim, short.body.id)).final.results[0])).bytes);
      const l = wavInfo((await download((await waitTerminal(sim, long.body.id)).final.results[0])).bytes);
      assert.ok(l.seconds > s.seconds * 3, `${s.seconds} vs ${l.seconds}`);
    });

    it('answers invalid_task_id, task_not_found and permission_denied', async () => {
      const bad = await getTask(sim, 'abc');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'invalid_task_id');
      assert.equal(bad.body.error.param, 'task_id');
      const missing = await getTask(sim, 'task-unified-1775122733-lozyt2i5');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { error: { code: 'task_not_found', message: 'The requested task could not be found', type: 'invalid_request_error' } });
      const r = await speak('mine');
      const other = await getTask(sim, r.body.id, KEY2);
      assert.equal(other.status, 403);
      assert.equal(other.body.error.code, 'permission_denied');
    });

    it('forgets tasks after the retention time and expires audio URLs with 403', async () => {
      // Margins of seconds, not milliseconds: on a loaded machine synthesis alone can take most of a second.
      const s = await startSimulator({ keys: [KEY], timeScale: 0.01, audioTtlSec: 100, taskRetentionSec: 300 });
      try {
        const v = s.designVoice({ preferredName: 'ttl' });
        const r = await post(s, { model: TTS, prompt: 'Short lived.', voice: v });
        const created = Date.now();
        const { final } = await waitTerminal(s, r.body.id);
        const completed = Date.now();
        assert.equal((await download(final.results[0])).status, 200);
        await sleep(completed + 1050 - Date.now());
        assert.equal((await download(final.results[0])).status, 403);
        await sleep(created + 3050 - Date.now());
        assert.equal((await getTask(s, r.body.id)).status, 404);
      } finally {
        await s.close();
      }
    });
  });

  describe('credits', () => {
    it('reserves at create, settles at completion, refunds on failure, and answers 402', async () => {
      const start = sim.credits(KEY);
      assert.deepEqual(start, { remaining: 1000, used: 0, reserved: 0 });
      const prompt = 'x'.repeat(63);
      const r = await speak(prompt);
      assert.equal(r.body.usage.credits_reserved, 0.32);
      assert.deepEqual(sim.credits(KEY), { remaining: 999.68, used: 0, reserved: 0.32 });
      await waitTerminal(sim, r.body.id);
      assert.deepEqual(sim.credits(KEY), { remaining: 999.68, used: 0.32, reserved: 0 });
      const c = await call(sim, 'GET', '/v1/credits');
      assert.equal(c.body.success, true);
      assert.equal(c.body.data.token.remaining_credits, 999.68);
      assert.equal(c.body.data.token.used_credits, 0.32);
      assert.equal(c.body.data.token.unlimited_credits, false);
      assert.equal(typeof c.body.data.user.remaining_credits, 'number');

      sim.inject({ task: { outcome: 'fail', code: 'service_error' } });
      const f = await speak(prompt);
      assert.equal(sim.credits(KEY).reserved, 0.32);
      const { final } = await waitTerminal(sim, f.body.id);
      assert.equal(final.status, 'failed');
      assert.equal(final.usage.credits_used, 0);
      assert.deepEqual(sim.credits(KEY), { remaining: 999.68, used: 0.32, reserved: 0 });

      sim.setCredits(KEY, 0.1);
      const poor = await speak(prompt);
      assert.equal(poor.status, 402);
      assert.deepEqual(poor.body, {
        error: { code: 'insufficient_quota', message: 'Insufficient quota. Please top up your account.', type: 'insufficient_quota' },
      });
    });
  });

  describe('fault injection', () => {
    it('answers an injected status in each body format with Retry-After', async () => {
      sim.inject([
        { status: 429, retryAfter: '7' },
        { status: 429, format: 'numeric', fallbackSuggestion: 'retry after 60 seconds', message: 'Rate limit exceeded' },
        { status: 429, format: 'emptyType', message: 'Resource exhausted', retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' },
        { status: 500, match: { method: 'GET', path: '/v1/tasks/' } },
      ]);
      const a = await speak('hi');
      assert.equal(a.status, 429);
      assert.equal(a.headers.get('retry-after'), '7');
      assert.deepEqual(a.body, { error: { code: 'rate_limit_exceeded', message: 'Too many requests, please try again later', type: 'rate_limit_error' } });
      const b = await speak('hi');
      assert.deepEqual(b.body, { error: { code: 429, message: 'Rate limit exceeded', type: 'rate_limit_error', fallback_suggestion: 'retry after 60 seconds' } });
      const c = await speak('hi');
      assert.deepEqual(c.body, { error: { message: 'Resource exhausted', type: '', param: '', code: 429 } });
      assert.equal(c.headers.get('retry-after'), 'Wed, 21 Oct 2026 07:28:00 GMT');
      const ok = await speak('hi');
      assert.equal(ok.status, 200);
      const g = await getTask(sim, ok.body.id);
      assert.deepEqual(g.body, { error: { code: 'internal_error', message: 'Failed to retrieve task status', type: 'api_error' } });
      assert.equal((await getTask(sim, ok.body.id)).status, 200);
      assert.equal(sim.tasks().length, 1, 'faulted POSTs create no task');
      assert.match(sim.requests[0].fault ?? '', /status 429/);
    });

    it('sends raw non-JSON bodies, delays, and resets', async () => {
      sim.inject({ status: 502, rawBody: '<html><body>Bad Gateway</body></html>' });
      const html = await speak('hi');
      assert.equal(html.status, 502);
      assert.equal(html.headers.get('content-type'), 'text/html');
      assert.equal(html.body, undefined);
      sim.inject({ status: 503, rawBody: '' });
      const empty = await speak('hi');
      assert.equal(empty.status, 503);
      assert.equal(empty.text, '');

      sim.inject({ delayMs: 150 });
      const t0 = Date.now();
      assert.equal((await speak('hi')).status, 200);
      assert.ok(Date.now() - t0 >= 140);

      sim.inject({ reset: 'beforeResponse', match: { model: TTS } });
      await assert.rejects(speak('reset me'));
      assert.equal(sim.tasks().filter((t) => t.prompt === 'reset me').length, 1, 'the POST created its task before the reset');
      sim.inject({ reset: 'midBody', match: { method: 'GET' } });
      await assert.rejects(call(sim, 'GET', '/v1/credits'));
      assert.equal(sim.requests.at(-1)?.status, 200);
    });

    it('turns the next matching task into failed, cancelled, stuck or request_cancelled', async () => {
      sim.inject([
        { match: { model: DESIGN }, task: { outcome: 'fail', code: 'content_policy_violation' } },
        { task: { outcome: 'fail', code: 'content_policy_violation' } },
        { task: { outcome: 'cancelled' } },
        { task: { outcome: 'failAsCancelled' } },
        { task: { outcome: 'stuck' } },
      ]);
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await speak(`task ${i}`)).body.id);
      const fail = (await waitTerminal(sim, ids[0])).final;
      assert.deepEqual(fail.error, {
        code: 'content_policy_violation', message: 'Content policy violation.\nYour request was blocked by safety filters.', type: 'task_error',
      });
      assert.equal(fail.task_info.can_cancel, false);
      assert.equal((await waitTerminal(sim, ids[1])).final.status, 'cancelled');
      const fc = (await waitTerminal(sim, ids[2])).final;
      assert.equal(fc.status, 'failed');
      assert.equal(fc.error.code, 'request_cancelled');
      await sleep(200);
      const stuck = await getTask(sim, ids[3]);
      assert.equal(stuck.body.status, 'processing');
      assert.ok(stuck.body.progress < 100);
      assert.equal(sim.tasks().find((t) => t.id === ids[3])?.fault, '{"outcome":"stuck"}');
    });

    it('selects the completed shape per task', async () => {
      const shapes = ['B', 'C', 'audioString', 'audioObject'] as const;
      sim.inject([...shapes.map((shape) => ({ task: { shape } })), { task: { noAudioUrl: true as const } }]);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await speak('shape test')).body.id);
      const t = await Promise.all(ids.map(async (id) => (await waitTerminal(sim, id)).final));
      assert.equal(t[0].results, undefined);
      assert.match(t[0].result_data.audio_url, /^http:\/\/127\.0\.0\.1:\d+\/audio\//);
      assert.equal(t[1].result_data, undefined);
      assert.equal(t[1].results.length, 1);
      assert.equal(typeof t[2].result_data.audio, 'string');
      assert.equal(typeof t[3].result_data.audio.url, 'string');
      assert.equal(t[4].status, 'completed');
      assert.deepEqual(t[4].results, []);
      assert.deepEqual(t[4].result_data, {});
    });

    it('breaks the next audio download: expired, truncated, shortData, notAudio, mp3', async () => {
      const { final } = await waitTerminal(sim, (await speak('Audio faults.')).body.id);
      const url: string = final.results[0];
      const good = await download(url);
      sim.inject({ audio: 'expired' });
      assert.equal((await download(url)).status, 403);
      sim.inject({ audio: 'truncated' });
      await assert.rejects(download(url));
      sim.inject({ audio: 'shortData' });
      const short = await download(url);
      assert.equal(short.bytes.length, good.bytes.length);
      assert.ok(wavInfo(short.bytes).dataSize > short.bytes.length - 44);
      sim.inject({ audio: 'notAudio' });
      const html = await download(url);
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
      sim.inject({ audio: 'mp3' });
      const mp3 = await download(url);
      assert.equal(mp3.bytes[0], 0xff);
      assert.equal(mp3.bytes[1] & 0xe0, 0xe0);
      assert.deepEqual((await download(url)).bytes, good.bytes);
    });

    it('serves a streaming WAV per download: each placeholder size, with and without Content-Length, or cut short', async () => {
      const { final } = await waitTerminal(sim, (await speak('Streaming forms.')).body.id);
      const url: string = final.results[0];
      const good = await download(url);
      const off = parseWav(good.bytes).dataOffset;
      for (const [p, size] of [['0xFFFFFFFF', 0xffffffff], ['0x7FFFFFFF', 0x7fffffff], ['0', 0]] as const) {
        for (const contentLength of [true, false]) {
          sim.inject({ wavPlaceholder: p, contentLength });
          const d = await download(url);
          assert.equal(d.bytes.readUInt32LE(4), size, `${p} RIFF size`);
          assert.equal(d.bytes.readUInt32LE(off - 4), size, `${p} data size`);
          assert.deepEqual(d.bytes.subarray(off), good.bytes.subarray(off));
          assert.equal(d.headers.get('content-length'), contentLength ? String(good.bytes.length) : null);
        }
      }
      sim.inject({ contentLength: false, wavPlaceholder: '0xFFFFFFFF', audio: 'truncated' });
      await assert.rejects(download(url), 'a chunked body cut short is an error, not a clean end');
      assert.match(sim.requests.at(-1)?.fault ?? '', /audio truncated, wav sizes 0xFFFFFFFF, no content-length/);
      assert.throws(() => sim.inject({ wavPlaceholder: '1' as '0' }), /invalid wavPlaceholder/);
      const plain = await download(url);
      assert.deepEqual(plain.bytes, good.bytes);
      assert.equal(plain.headers.get('content-length'), String(good.bytes.length));
    });
  });

  describe('Idempotency-Key', () => {
    const IDEM = 'test-key-0123456789abcdef';
    const keyed = (body: unknown, idem: string) => fetch(`${sim.baseUrl}/v1/audios/generations`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'idempotency-key': idem }, body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json() as Json }));

    it('answers a repeated key with the same body with the first task, charged once', async () => {
      const body = { model: TTS, prompt: 'once only please', voice };
      const a = await keyed(body, IDEM);
      assert.equal(a.status, 200);
      assert.equal(a.headers.get('idempotency-replayed'), null);
      const charged = sim.credits(KEY).remaining;
      const b = await keyed(body, IDEM);
      assert.equal(b.status, 200);
      assert.equal(b.body.id, a.body.id);
      assert.equal(b.headers.get('idempotency-replayed'), 'true');
      assert.equal(sim.credits(KEY).remaining, charged, 'the replay charges nothing');
      assert.equal(sim.tasks().length, 1);
      assert.deepEqual(sim.requests.map((r) => [r.idempotencyKey, r.replayed, r.taskId]), [[IDEM, undefined, a.body.id], [IDEM, true, a.body.id]]);
      // Another key is another task.
      const c = await keyed(body, `${IDEM}-2`);
      assert.notEqual(c.body.id, a.body.id);
      assert.equal(sim.tasks().length, 2);
    });

    it('refuses a repeated key with another body (409 idempotency_conflict) and a malformed key (400)', async () => {
      assert.equal((await keyed({ model: TTS, prompt: 'first body', voice }, IDEM)).status, 200);
      const conflict = await keyed({ model: TTS, prompt: 'second body', voice }, IDEM);
      assert.equal(conflict.status, 409);
      assert.equal(conflict.body.error.code, 'idempotency_conflict');
      for (const bad of ['short', 'x'.repeat(97), 'has space in it 0123']) {
        const r = await keyed({ model: TTS, prompt: 'bad key', voice }, bad);
        assert.equal(r.status, 400, bad);
        assert.equal(r.body.error.param, 'Idempotency-Key');
      }
      assert.equal(sim.tasks().length, 1);
    });

    it('afterCreate: answers the fault after the POST created (and charged) its task; the key then replays it', async () => {
      sim.inject({ status: 503, rawBody: '<html><body>503 Service Temporarily Unavailable</body></html>', afterCreate: true });
      const body = { model: TTS, prompt: 'created behind a proxy error', voice };
      const failed = await fetch(`${sim.baseUrl}/v1/audios/generations`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'idempotency-key': IDEM }, body: JSON.stringify(body),
      });
      assert.equal(failed.status, 503);
      assert.match(await failed.text(), /Service Temporarily Unavailable/);
      assert.equal(sim.tasks().length, 1, 'the task exists');
      const remaining = sim.credits(KEY).remaining;
      assert.ok(remaining < 1000, 'and is charged');
      assert.match(sim.requests[0].fault ?? '', /after create/);
      assert.equal(sim.requests[0].taskId, sim.tasks()[0].id);
      const again = await keyed(body, IDEM);
      assert.equal(again.status, 200);
      assert.equal(again.body.id, sim.tasks()[0].id);
      assert.equal(sim.tasks().length, 1);
      assert.equal(sim.credits(KEY).remaining, remaining, 'charged once');
    });
  });

  describe('voice design', () => {
    const design = (extra: Record<string, unknown>) => post(sim, {
      model: DESIGN, voice_prompt: 'A warm, calm narrator in her forties.', preview_text: 'Hello, this is my new voice.',
      preferred_name: 'narrator', language: 'en', ...extra,
    });

    it('creates a usable voice with a preview at the requested rate', async () => {
      const r = await design({ sample_rate: 16000, response_format: 'wav' });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.task_info, { can_cancel: true, estimated_time: 15, audio_type: 'voice_design' });
      assert.equal(r.body.usage.credits_reserved, 2);
      const { final } = await waitTerminal(sim, r.body.id);
      const rd = final.result_data;
      assert.match(rd.voice, /^qwen-tts-vd-narrator-voice-\d{17}-[0-9a-f]{4}$/);
      assert.equal(rd.sample_rate, 16000);
      assert.equal(final.results[0], rd.preview_audio_url);
      assert.equal(wavInfo((await download(rd.preview_audio_url)).bytes).rate, 16000);
      const s = await post(sim, { model: TTS, prompt: 'My own voice.', voice: rd.voice });
      assert.equal(s.status, 200);
    });

    it('encodes pcm, mp3 and Ogg Opus previews as what they claim to be', async () => {
      const ids = await Promise.all(['pcm', 'mp3', 'opus'].map(async (f) => (await design({ response_format: f, sample_rate: 24000 })).body.id));
      const [pcm, mp3, opus] = await Promise.all(ids.map(async (id) => {
        const { final } = await waitTerminal(sim, id);
        return download(final.result_data.preview_audio_url);
      }));
      assert.notEqual(pcm.bytes.toString('ascii', 0, 4), 'RIFF');
      assert.equal(pcm.bytes.length % 2, 0);
      assert.ok(pcm.bytes.length > 24000 * 2 * 0.5);
      assert.equal(mp3.headers.get('content-type'), 'audio/mpeg');
      assert.equal(mp3.bytes[0], 0xff);
      assert.equal(opus.headers.get('content-type'), 'audio/ogg');
      assert.equal(opus.bytes.toString('ascii', 0, 4), 'OggS');
      assert.equal(opus.bytes.toString('ascii', 28, 36), 'OpusHead');
    });
  });

  describe('callbacks', () => {
    it('POSTs the finished task to callback_url, retrying until a 2xx', async () => {
      const received: Json[] = [];
      let hits = 0;
      const receiver = createServer((req: IncomingMessage, res) => {
        let data = '';
        req.on('data', (c) => (data += c));
        req.on('end', () => {
          hits++;
          if (hits === 1) {
            res.writeHead(500).end();
            return;
          }
          received.push(JSON.parse(data));
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      try {
        const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
        const r = await speak('Call me back.', { callback_url: url });
        assert.equal(r.status, 200);
        for (let i = 0; i < 200 && received.length === 0; i++) await sleep(10);
        assert.equal(received.length, 1);
        assert.equal(received[0].id, r.body.id);
        assert.equal(received[0].status, 'completed');
        // The receiver has the body before the simulator has the 204 back: wait for its record of the attempt.
        const attempts = () => sim.tasks().find((t) => t.id === r.body.id)?.callbackAttempts ?? [];
        for (let i = 0; i < 200 && attempts().length < 2; i++) await sleep(10);
        assert.deepEqual(attempts().map((a) => a.status), [500, 204]);
      } finally {
        receiver.closeAllConnections();
        await new Promise((r) => receiver.close(r));
      }
    });
  });

  describe('control API', () => {
    it('serves faults, voices, credits, tasks, requests and reset over HTTP without recording itself', async () => {
      const ctl = (method: string, path: string, body?: unknown) => call(sim, method, `/__sim/${path}`, body, null);
      const v = await ctl('POST', 'voices', { preferredName: 'remote', language: 'en' });
      assert.match(v.body.voice, /^qwen-tts-vd-remote-voice-/);
      assert.equal((await ctl('POST', 'faults', [{ status: 503 }, { status: 500 }])).body.queued, 2);
      assert.equal((await ctl('DELETE', 'faults')).status, 200);
      assert.equal((await ctl('POST', 'faults', { status: 503 })).status, 200);
      assert.equal((await post(sim, { model: TTS, prompt: 'x', voice: v.body.voice })).status, 503);
      assert.equal((await post(sim, { model: TTS, prompt: 'x', voice: v.body.voice })).status, 200);
      const credits = (await ctl('POST', 'credits', { key: KEY, credits: 5 })).body;
      assert.equal(credits.remaining, 5);
      assert.equal(credits.used + credits.reserved, 0.01);
      assert.equal((await ctl('GET', 'tasks')).body.length, 1);
      const reqs = (await ctl('GET', 'requests')).body;
      assert.deepEqual(reqs.map((r: { status: number }) => r.status), [503, 200]);
      assert.equal((await ctl('POST', 'reset')).status, 200);
      assert.deepEqual((await ctl('GET', 'requests')).body, []);
      assert.deepEqual((await ctl('GET', 'tasks')).body, []);
    });
  });

  describe('options', () => {
    it('seeds voices, picks a default shape, and expires voices after voiceTtlSec', async () => {
      const s = await startSimulator({
        // A TTL of 2 real seconds: long enough for the first reading on a loaded machine, short enough to wait out.
        keys: [KEY], timeScale: 0.01, voiceTtlSec: 200, defaultShape: 'B', seedVoices: [{ preferredName: 'seeded', language: 'en' }],
      });
      try {
        const fresh = s.designVoice({ preferredName: 'fresh' });
        const r = await post(s, { model: TTS, prompt: 'Fresh.', voice: fresh });
        const { final } = await waitTerminal(s, r.body.id);
        assert.equal(final.results, undefined);
        assert.equal(typeof final.result_data.audio_url, 'string');
        await sleep(2100);
        const old = await post(s, { model: TTS, prompt: 'Too late.', voice: fresh });
        assert.equal(old.status, 404);
        assert.equal(old.body.error.code, 'voice_expired');
      } finally {
        await s.close();
      }
    });
  });

  describe('streaming WAV options', () => {
    it('wavPlaceholder, audioContentLength: false and speechSampleRate apply to every speech download of the run', async () => {
      const s = await startSimulator({
        keys: [KEY], timeScale: 0.01, wavPlaceholder: '0', audioContentLength: false, speechSampleRate: 24000,
      });
      try {
        const v = s.designVoice({ preferredName: 'streamer' });
        const r = await post(s, { model: TTS, prompt: 'Twenty-four kilohertz.', voice: v });
        const { final } = await waitTerminal(s, r.body.id);
        assert.equal(final.result_data[0].sample_rate, 24000);
        const d = await download(final.results[0]);
        assert.equal(d.headers.get('content-length'), null);
        const pcm = parseWav(d.bytes);
        assert.equal(pcm.sampleRate, 24000);
        assert.equal(d.bytes.readUInt32LE(28), 48000, 'byte rate');
        assert.equal(d.bytes.readUInt32LE(4), 0);
        assert.equal(d.bytes.readUInt32LE(pcm.dataOffset - 4), 0);
        const samples22 = parseWav(await synthesize('Twenty-four kilohertz.', 'en-us')).data.length / 2;
        const samples24 = (d.bytes.length - pcm.dataOffset) / 2;
        assert.ok(Math.abs(samples24 - (samples22 * 24000) / 22050) <= 1, `${samples24} samples at 24 kHz for ${samples22} at 22.05 kHz`);
      } finally {
        await s.close();
      }
    });
  });

  describe('cli', () => {
    it('prints the base URL and key first, a seeded voice, and stops cleanly on SIGTERM', async () => {
      const cli = join(__dirname, '..', 'simulator', 'cli.js');
      const child = spawn(process.execPath, [cli, '--key', 'sk-cli-test-9999', '--time-scale', '0.01'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let errText = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (errText += c));
      try {
        for (let i = 0; i < 200 && out.split('\n').length < 4; i++) await sleep(10);
        const lines = out.split('\n');
        const m = /^Evolink simulator: (http:\/\/127\.0\.0\.1:\d+) key sk-cli-test-9999$/.exec(lines[0]);
        assert.ok(m, lines[0]);
        assert.match(lines[1], /^voice qwen-tts-vd-demo-voice-\d{17}-[0-9a-f]{4}$/);
        const res = await fetch(`${m[1]}/v1/credits`, { headers: { authorization: 'Bearer sk-cli-test-9999' } });
        assert.equal(res.status, 200);
        await res.arrayBuffer();
      } finally {
        child.kill('SIGTERM');
      }
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
      assert.match(errText, /GET \/v1\/credits → 200/);
      assert.ok(!errText.includes('sk-cli-test-9999'));
    });

    it('takes --wav-placeholder, --no-content-length and --sample-rate', async () => {
      const cli = join(__dirname, '..', 'simulator', 'cli.js');
      const args = [cli, '--key', 'sk-cli-test-9999', '--time-scale', '0.01', '--quiet', '--wav-placeholder', '0x7FFFFFFF', '--no-content-length', '--sample-rate', '24000'];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      try {
        for (let i = 0; i < 200 && out.split('\n').length < 4; i++) await sleep(10);
        const lines = out.split('\n');
        const base = /^Evolink simulator: (http:\/\/127\.0\.0\.1:\d+) /.exec(lines[0])?.[1];
        const v = /^voice (\S+)$/.exec(lines[1])?.[1];
        assert.ok(base && v, out);
        const auth = { authorization: 'Bearer sk-cli-test-9999', 'content-type': 'application/json' };
        const created = await (await fetch(`${base}/v1/audios/generations`, {
          method: 'POST', headers: auth, body: JSON.stringify({ model: TTS, prompt: 'From the command line.', voice: v }),
        })).json() as Json;
        let task: Json;
        for (let i = 0; i < 400; i++) {
          task = await (await fetch(`${base}/v1/tasks/${created.id}`, { headers: auth })).json();
          if (task.status === 'completed') break;
          await sleep(5);
        }
        assert.equal(task.status, 'completed');
        const d = await download(task.results[0]);
        assert.equal(d.headers.get('content-length'), null);
        assert.equal(d.bytes.readUInt32LE(4), 0x7fffffff);
        assert.equal(d.bytes.readUInt32LE(24), 24000);
      } finally {
        child.kill('SIGTERM');
      }
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    });

    it('refuses an unknown --wav-placeholder', async () => {
      const cli = join(__dirname, '..', 'simulator', 'cli.js');
      const child = spawn(process.execPath, [cli, '--wav-placeholder', '1234'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let errText = '';
      child.stderr.on('data', (c) => (errText += c));
      const [code] = await once(child, 'exit');
      assert.equal(code, 2);
      assert.match(errText, /--wav-placeholder 0xFFFFFFFF\|0x7FFFFFFF\|0/);
    });
  });

  describe('close', () => {
    it('closes both listeners and leaves no handles behind', async () => {
      const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
      const s = await startSimulator({ keys: [KEY], timeScale: 0.01, allowLoopbackCallbacks: true });
      const v = s.designVoice({ preferredName: 'bye' });
      await post(s, { model: TTS, prompt: 'Goodbye.', voice: v, callback_url: 'http://127.0.0.1:9/never' });
      s.inject({ delayMs: 5000 });
      const hanging = call(s, 'GET', '/v1/credits').catch(() => 'closed');
      await sleep(20);
      await s.close();
      assert.equal(await hanging, 'closed');
      await assert.rejects(fetch(s.baseUrl + '/v1/credits'));
      await assert.rejects(fetch(s.mediaBaseUrl + '/audio/x'));
      assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length, before);
    });
  });
});
