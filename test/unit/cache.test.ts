// The audio cache on a real temporary folder: content addressing, atomic writes, LRU eviction.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeAudio } from '../../src/audio/decode';
import { AudioCache, type CacheFs } from '../../src/speech/cache';
import { wavHeader } from '../../src/audio/wav';
import type { AudioData } from '../../src/api/types';

function wav(samples: number, fill = 1): AudioData {
  const data = new Uint8Array(samples * 2).fill(fill);
  const bytes = new Uint8Array(44 + data.length);
  bytes.set(wavHeader({ sampleRate: 22050, channels: 1, bitsPerSample: 16, dataSize: data.length }));
  bytes.set(data, 44);
  return decodeAudio(bytes);
}

describe('AudioCache', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evolink-cache-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('keys differ for every field and are stable', () => {
    const c = new AudioCache(dir, 1e6);
    const k = c.key('Hello.', 'v1', 'English', 'qwen3-tts-vd');
    assert.match(k, /^[0-9a-f]{64}$/);
    assert.equal(c.key('Hello.', 'v1', 'English', 'qwen3-tts-vd'), k);
    assert.notEqual(c.key('Hello!', 'v1', 'English', 'qwen3-tts-vd'), k);
    assert.notEqual(c.key('Hello.', 'v2', 'English', 'qwen3-tts-vd'), k);
    assert.notEqual(c.key('Hello.', 'v1', 'Auto', 'qwen3-tts-vd'), k);
    assert.notEqual(c.key('Hello.', 'v1', 'English', 'other'), k);
    // Length prefixes: moving a character between fields changes the key.
    assert.notEqual(c.key('ab', 'c', undefined, 'm'), c.key('b', 'ac', undefined, 'm'));
  });

  it('round-trips audio with its format read from the bytes; a miss is undefined', async () => {
    const c = new AudioCache(dir, 1e6);
    const k = c.key('Hi.', 'v', undefined, 'm');
    assert.equal(await c.get(k), undefined);
    const a = wav(1000);
    await c.put(k, a);
    const back = await c.get(k);
    assert.deepEqual(back?.bytes, a.bytes);
    assert.equal(back?.format, 'wav');
    assert.equal(back?.sampleRate, 22050);
    assert.ok(Math.abs((back?.durationSec ?? 0) - 1000 / 22050) < 1e-9);
    // Another instance (another window) sees it too.
    assert.deepEqual((await new AudioCache(dir, 1e6).get(k))?.bytes, a.bytes);
    assert.deepEqual((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp')), [], 'no temp file left');
  });

  it('writes through a temp file and rename; a failed write leaves nothing behind', async () => {
    const ops: string[] = [];
    const failing: CacheFs = {
      ...fs,
      writeFile: (async (f: string, d: Uint8Array) => { ops.push(`write ${path.basename(f)}`); await fs.writeFile(f, d); }) as CacheFs['writeFile'],
      rename: (async (a: string, b: string) => { ops.push(`rename ${path.basename(a)} ${path.basename(b)}`); throw new Error('disk full'); }) as CacheFs['rename'],
    };
    const c = new AudioCache(dir, 1e6, failing);
    const k = c.key('Hi.', 'v', undefined, 'm');
    await assert.rejects(c.put(k, wav(10)), /disk full/);
    assert.match(ops[0], /^write [0-9a-f]{64}\.audio\..+\.tmp$/);
    assert.match(ops[1], new RegExp(`^rename \\S+\\.tmp ${k}\\.audio$`));
    assert.deepEqual(await fs.readdir(dir), []);
    assert.equal(await new AudioCache(dir, 1e6).get(k), undefined);
  });

  it('a corrupt file is a miss and is removed', async () => {
    const c = new AudioCache(dir, 1e6);
    const k = c.key('Hi.', 'v', undefined, 'm');
    await fs.writeFile(path.join(dir, `${k}.audio`), 'not audio');
    assert.equal(await c.get(k), undefined);
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it('evicts the least recently used beyond maxBytes', async () => {
    let t = 1_000_000;
    const a = wav(500, 1);
    const size = a.bytes.length;
    const c = new AudioCache(dir, size * 3, fs, () => (t += 1000));
    const keys = ['a', 'b', 'c', 'd'].map((x) => c.key(x, 'v', undefined, 'm'));
    await c.put(keys[0], a);
    await c.put(keys[1], a);
    await c.put(keys[2], a);
    assert.ok(await c.get(keys[0]), 'touch a: b is now the oldest');
    await c.put(keys[3], a);
    assert.equal(await c.size(), size * 3);
    assert.ok(await c.get(keys[0]));
    assert.equal(await c.get(keys[1]), undefined, 'b evicted');
    assert.ok(await c.get(keys[2]));
    assert.ok(await c.get(keys[3]));
    // A fresh instance rebuilds its view from the folder, oldest by mtime first.
    const c2 = new AudioCache(dir, size * 2, fs, () => (t += 1000));
    await c2.put(c2.key('e', 'v', undefined, 'm'), a);
    assert.equal(await c2.size(), size * 2);
    assert.equal((await fs.readdir(dir)).length, 2);
  });

  it('removes stale temp files left by a crash, keeps fresh ones', async () => {
    const stale = path.join(dir, `${'0'.repeat(64)}.audio.1-abcd.tmp`);
    const fresh = path.join(dir, `${'1'.repeat(64)}.audio.2-abcd.tmp`);
    await fs.writeFile(stale, 'x');
    await fs.writeFile(fresh, 'x');
    const old = new Date(Date.now() - 2 * 3600_000);
    await fs.utimes(stale, old, old);
    const c = new AudioCache(dir, 1e6);
    await c.size();
    assert.deepEqual(await fs.readdir(dir), [path.basename(fresh)]);
  });
});
