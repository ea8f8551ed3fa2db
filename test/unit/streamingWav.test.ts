// WAVs as a streaming service sends them (placeholder data and RIFF sizes, with or without Content-Length,
// 24 kHz), from the simulator over real HTTP: the client gives them their true sizes once the body is complete,
// refuses a body cut short, and the cache serves a replay without a new task.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EvolinkClient } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import { parseWav } from '../../src/audio/wav';
import { findAudioUrl } from '../../src/speech/audioLocation';
import { AudioCache } from '../../src/speech/cache';
import { chunkPrepared } from '../../src/speech/chunker';
import { listSource, ReadingPipeline, type Clip, type ClipSink } from '../../src/speech/pipeline';
import { pollTask } from '../../src/speech/poller';
import { prepareText } from '../../src/speech/textPrep';
import { activeWork } from '../../src/speech/work';
import { startSimulator, type Simulator, type WavPlaceholder } from '../simulator/server';

const SCALE = 0.01;
const PLACEHOLDERS: readonly WavPlaceholder[] = ['0xFFFFFFFF', '0x7FFFFFFF', '0'];
const u32 = (b: Uint8Array, off: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off, true);

class InstantSink implements ClipSink {
  played: Clip[] = [];
  async play(clip: Clip): Promise<void> {
    this.played.push(clip);
  }
}

describe('streaming WAVs (against the simulator)', () => {
  let sim: Simulator;
  let voice: string;
  let client: EvolinkClient;

  before(async () => {
    sim = await startSimulator({ timeScale: SCALE, speechSampleRate: 24000 });
    voice = sim.designVoice({ preferredName: 'streamer' });
  });
  after(async () => { await sim.close(); });
  beforeEach(() => {
    sim.reset();
    client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: SCALE });
  });

  async function completedUrl(prompt: string): Promise<string> {
    const t = await client.createSpeechTask({ prompt, voice, languageType: 'English' });
    const done = await pollTask((id, s) => client.getTask(id, s), t.id, { estimatedTimeSec: t.task_info?.estimated_time, timeScale: SCALE });
    return findAudioUrl(done)!;
  }

  it('a complete body with each placeholder size, with and without Content-Length, is the file with its true sizes', async () => {
    const url = await completedUrl('Streaming placeholders, read to the end.');
    const plain = await client.downloadAudio(url);
    assert.equal(plain.sampleRate, 24000);
    const info = parseWav(plain.bytes);
    assert.equal(info.dataSize % 2, 0);
    for (const wavPlaceholder of PLACEHOLDERS) {
      for (const contentLength of [true, false]) {
        sim.inject({ wavPlaceholder, contentLength });
        const a = await client.downloadAudio(url);
        const what = `${wavPlaceholder}, ${contentLength ? 'with' : 'without'} Content-Length`;
        assert.match(sim.requests.at(-1)?.fault ?? '', new RegExp(`wav sizes ${wavPlaceholder}`), what);
        assert.deepEqual(a.bytes, plain.bytes, what);
        assert.equal(u32(a.bytes, info.dataOffset - 4), info.dataSize, what);
        assert.equal(u32(a.bytes, 4), a.bytes.length - 8, what);
        assert.equal(a.sampleRate, 24000, what);
        assert.equal(a.durationSec, plain.durationSec, what);
      }
    }
  });

  for (const contentLength of [true, false]) {
    it(`a placeholder body cut short ${contentLength ? 'before its Content-Length' : '(chunked, connection dropped)'} → audioUnavailable`, async () => {
      const url = await completedUrl('A body cut short is not a placeholder.');
      for (const wavPlaceholder of PLACEHOLDERS) {
        sim.inject({ wavPlaceholder, contentLength, audio: 'truncated' });
        await assert.rejects(client.downloadAudio(url),
          (e: unknown) => e instanceof ApiError && e.kind === 'audioUnavailable' && e.retryable === true, wavPlaceholder);
      }
    });
  }
});

for (const wavPlaceholder of PLACEHOLDERS) {
  describe(`the cache with ${wavPlaceholder} WAV sizes and no Content-Length (against the simulator)`, () => {
    let sim: Simulator;
    let dir: string;
    before(async () => {
      sim = await startSimulator({ timeScale: SCALE, wavPlaceholder, audioContentLength: false, speechSampleRate: 24000 });
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evolink-stream-'));
    });
    after(async () => {
      await sim.close();
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('a replay is served from the cache: no new task, no request, the same audio', async () => {
      const voice = sim.designVoice({ preferredName: 'cached' });
      const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: SCALE });
      const text = `Heard once, replayed from the cache (${wavPlaceholder}). A second sentence, to make two parts.`;
      const chunks = chunkPrepared(prepareText(text, { languageId: 'plaintext', codeBlocks: 'announce' }), { ramp: false, maxChars: 60 });
      assert.ok(chunks.length >= 2);
      const cache = new AudioCache(dir, 50e6);
      const deps = (sink: ClipSink) => ({ client, sink, cache, onState: () => undefined, timeScale: SCALE });

      const first = new InstantSink();
      const p1 = new ReadingPipeline(deps(first), { voice, maxParallel: 2 });
      await p1.run(listSource(chunks), new AbortController().signal);
      assert.equal(p1.stats.tasks, chunks.length);
      const media = sim.requests.filter((r) => r.origin === 'media');
      assert.equal(media.length, chunks.length);
      for (const clip of first.played) {
        const info = parseWav(clip.audio.bytes);
        assert.equal(info.sampleRate, 24000);
        assert.ok(info.dataSize > 0 && info.dataSize === info.bytesToEnd, `true data size, not ${wavPlaceholder}`);
      }

      const n = sim.requests.length;
      const tasks = sim.tasks().length;
      const again = new InstantSink();
      const p2 = new ReadingPipeline(deps(again), { voice, maxParallel: 2 });
      await p2.run(listSource(chunks), new AbortController().signal);
      assert.equal(sim.requests.length, n, 'no request at all');
      assert.equal(sim.tasks().length, tasks, 'no new task');
      assert.equal(p2.stats.tasks, 0);
      assert.ok(again.played.every((c) => c.cached));
      assert.deepEqual(again.played.map((c) => c.audio.bytes), first.played.map((c) => c.audio.bytes));
      assert.deepEqual(again.played.map((c) => c.audio.durationSec), first.played.map((c) => c.audio.durationSec));
      assert.equal(activeWork(), 0, 'nothing left running');
    });
  });
}
