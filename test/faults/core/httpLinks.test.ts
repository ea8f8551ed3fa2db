// The upstream provider's audio links are signed plain-http storage links (docs/evolink-api.md §10). The
// client fetches such a link over https first (same host, port and path), over plain http only when an https
// connection cannot be made, and sends no credential to the media host either way. The simulator's media port
// answers plain http, and with `mediaTls` also TLS on the same port, so both paths run on loopback.
import * as assert from 'node:assert/strict';
import { Agent } from 'undici';
import { EvolinkClient, KEEP_ALIVE_MS } from '../../../src/api/client';
import type { ApiError } from '../../../src/api/errors';
import { findAudioUrl } from '../../../src/speech/audioLocation';
import { listSource, ReadingPipeline, type ClipSink } from '../../../src/speech/pipeline';
import { pollTask } from '../../../src/speech/poller';
import type { RequestRecord } from '../../simulator/types';
import { useCoreFixture, type CoreFixture } from './fixture';

const SCALE = 0.01;
const media = (f: CoreFixture): RequestRecord[] => f.sim.requests.filter((r) => r.origin === 'media');
let seq = 0;

/** A client of the extension's kind on `pool`, whose log is kept. */
function loggingClient(f: CoreFixture, pool: Agent): { client: EvolinkClient; log: string[] } {
  const log: string[] = [];
  const client = new EvolinkClient({
    baseUrl: f.sim.baseUrl, getApiKey: async () => f.sim.keys[0], timeScale: SCALE, dispatcher: pool, log: (l) => log.push(l),
  });
  return { client, log };
}

/** A completed speech task's audio link. */
async function audioLink(f: CoreFixture, client: EvolinkClient): Promise<string> {
  const task = await client.createSpeechTask({ prompt: `Signed link sentence ${++seq} is read aloud.`, voice: f.voice });
  const done = await pollTask((id, s) => client.getTask(id, s), task.id, { timeScale: SCALE, estimatedTimeSec: task.task_info?.estimated_time });
  const url = findAudioUrl(done);
  assert.ok(url, 'the task gave an audio link');
  return url;
}

/** Nothing that identifies the user reached the media origin: no credential header, no key in the URL. */
function assertNoCredentialToMedia(f: CoreFixture): void {
  const key = f.sim.keys[0];
  const seen = media(f);
  assert.ok(seen.length >= 1, 'the audio came from the media origin');
  for (const r of seen) {
    assert.equal(r.authorization, 'none', `no Authorization to the media host: ${JSON.stringify(r)}`);
    assert.equal(r.credentials, undefined, `no cookie or other credential to the media host: ${JSON.stringify(r)}`);
    assert.ok(!`${r.path}?${r.query}`.includes(key), 'the key is not in a media URL');
  }
}

describe('http audio links: the media port also speaks TLS', () => {
  const f = useCoreFixture(SCALE, { mediaTls: true });
  let trusting: Agent | undefined;
  before(() => {
    assert.ok(f.sim.mediaCa, 'the simulator made a certificate for its media port');
    // The extension's pool settings, trusting the simulator's self-signed certificate for this client only.
    trusting = new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS, connect: { ca: f.sim.mediaCa } });
  });
  after(async () => {
    await trusting?.close();
  });

  it('an http link is fetched over https when https connects, and the log says so', async () => {
    const { client, log } = loggingClient(f, trusting!);
    const url = await audioLink(f, client);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/audio\//, 'the simulator hands out an http link');
    const audio = await client.downloadAudio(url);
    assert.ok((audio.durationSec ?? 0) > 0.5, `real speech: ${audio.durationSec} s`);
    assert.deepEqual(media(f).map((r) => r.scheme), ['https'], 'one download, over TLS');
    assert.ok(log.some((l) => /\(audio, http link fetched over https\)/.test(l)), log.join('\n'));
    assertNoCredentialToMedia(f);
  });

  it('an https answer with an error status is final: no second try over plain http', async () => {
    const { client } = loggingClient(f, trusting!);
    const url = await audioLink(f, client);
    f.sim.inject({ audio: 'expired' });
    await assert.rejects(client.downloadAudio(url), (e: ApiError) => e.kind === 'audioUnavailable' && e.status === 403);
    assert.deepEqual(media(f).map((r) => [r.scheme, r.status]), [['https', 403]]);
  });

  it('a certificate the client does not trust is a failed handshake: plain http serves it, and the log says why', async () => {
    const { client, log } = loggingClient(f, f.pool);
    const url = await audioLink(f, client);
    await client.downloadAudio(url);
    assert.deepEqual(media(f).map((r) => r.scheme), ['http']);
    assert.ok(log.some((l) => /over plain http: https could not connect \(DEPTH_ZERO_SELF_SIGNED_CERT\)/.test(l)), log.join('\n'));
    assertNoCredentialToMedia(f);
  });
});

describe('http audio links: the media port speaks plain http only', () => {
  const f = useCoreFixture(SCALE, { mediaTls: false });

  it('the https attempt fails its handshake, plain http serves the audio, and the log says so', async () => {
    const { client, log } = loggingClient(f, f.pool);
    const url = await audioLink(f, client);
    const audio = await client.downloadAudio(url);
    assert.ok((audio.durationSec ?? 0) > 0.5);
    assert.deepEqual(media(f).map((r) => r.scheme), ['http'], 'served once, over plain http');
    assert.ok(log.some((l) => /over plain http: https could not connect \(ERR_SSL_WRONG_VERSION_NUMBER\)/.test(l)), log.join('\n'));
    assertNoCredentialToMedia(f);
  });

  it('a reading of several parts: every part plays from an http link, no credential reaches the media host, nothing in the log shows the signature', async function () {
    this.timeout(15_000);
    const played: number[] = [];
    const sink: ClipSink = { play: async (clip) => { played.push(clip.index); } };
    const { client, log } = loggingClient(f, f.pool);
    const text = Array.from({ length: 3 }, (_, i) => `Part ${i + 1} of a reading with http links, number ${++seq}.`);
    const chunks = text.map((t, i) => ({ text: t, start: i * 100, end: i * 100 + t.length, sentences: [] }));
    const pipeline = new ReadingPipeline({ client, sink, onState: () => undefined, timeScale: SCALE }, { voice: f.voice, maxParallel: 2 });
    await pipeline.run(listSource(chunks), new AbortController().signal);
    assert.deepEqual(played, [0, 1, 2]);
    assert.equal(media(f).length, 3);
    assertNoCredentialToMedia(f);
    assert.ok(!log.some((l) => /Expires=|Signature=|\?/.test(l) && / \(audio/.test(l)), 'audio log lines name host and path only');
  });
});
