// Synthesized audio on disk, content-addressed by (text, voice, language, model): speaking unchanged text
// again costs no task and no credit. Writes are atomic (temp file + rename), so a reader in another window
// never sees half a file; the folder is kept under `maxBytes` by evicting the least recently used files
// (a read touches the file's mtime). Beside a clip may lie its alignment (`<key>.align`, a few KB of JSON,
// src/audio/alignStore.ts), read with the clip and removed with it; it is not counted in `maxBytes`.
import { createHash, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import type { AudioData } from '../api/types';
import { alignmentStore, bytesDigest, type AlignmentStore, type SidecarWriter } from '../audio/alignStore';
import { decodeAudio } from '../audio/decode';

/** The part of node:fs/promises the cache uses (injectable for tests). */
export type CacheFs = Pick<typeof nodeFs, 'mkdir' | 'readFile' | 'writeFile' | 'rename' | 'unlink' | 'readdir' | 'stat' | 'utimes'>;

const SUFFIX = '.audio';
/** The clip's alignment beside it. */
const SIDECAR = '.align';
const TEMP = '.tmp';
/** Temp files older than this are leftovers of a crash and are removed. */
const STALE_TEMP_MS = 60 * 60 * 1000;

interface Entry { size: number; used: number }

export class AudioCache implements SidecarWriter {
  private index?: Promise<Map<string, Entry>>;
  private total = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly fs: CacheFs = nodeFs,
    private readonly now: () => number = Date.now,
    /** Where the alignments beside cached clips are handed over (alignStore.ts). */
    private readonly alignmentsBeside: AlignmentStore = alignmentStore,
  ) {}

  /** sha256 over the four fields, length-prefixed so no two different tuples share an input. */
  key(text: string, voice: string, languageType: string | undefined, model: string): string {
    const h = createHash('sha256');
    for (const part of [model, voice, languageType ?? 'Auto', text]) {
      const b = Buffer.from(part, 'utf8');
      h.update(`${b.length}:`);
      h.update(b);
    }
    return h.digest('hex');
  }

  private file(key: string, suffix = SUFFIX): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return path.join(this.dir, key + suffix);
  }

  /** Builds the in-memory index from the folder once (removing stale temp files). */
  private load(): Promise<Map<string, Entry>> {
    this.index ??= (async () => {
      const map = new Map<string, Entry>();
      await this.fs.mkdir(this.dir, { recursive: true });
      const names = await this.fs.readdir(this.dir);
      for (const name of names) {
        const full = path.join(this.dir, name);
        try {
          const st = await this.fs.stat(full);
          if (name.endsWith(TEMP)) {
            if (this.now() - st.mtimeMs > STALE_TEMP_MS) await this.fs.unlink(full);
          } else if (name.endsWith(SUFFIX)) {
            map.set(name.slice(0, -SUFFIX.length), { size: st.size, used: st.mtimeMs });
          }
        } catch {
          // Gone meanwhile (another window evicted it).
        }
      }
      // An alignment whose clip is gone (evicted by another window) goes too.
      for (const name of names) {
        if (name.endsWith(SIDECAR) && !map.has(name.slice(0, -SIDECAR.length))) await this.fs.unlink(path.join(this.dir, name)).catch(() => undefined);
      }
      this.total = [...map.values()].reduce((n, e) => n + e.size, 0);
      return map;
    })();
    return this.index;
  }

  /** The cached audio, or undefined (never throws: a broken or missing file is a miss). */
  async get(key: string): Promise<AudioData | undefined> {
    const index = await this.load().catch(() => undefined);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await this.fs.readFile(this.file(key)));
    } catch {
      this.forget(index, key);
      return undefined;
    }
    let audio: AudioData | undefined;
    try {
      audio = decodeAudio(bytes);
    } catch {
      audio = undefined;
    }
    if (!audio) {
      this.forget(index, key);
      await this.fs.unlink(this.file(key)).catch(() => undefined);
      await this.fs.unlink(this.file(key, SIDECAR)).catch(() => undefined);
      return undefined;
    }
    const t = this.now();
    if (index) {
      const e = index.get(key);
      if (e) e.used = t;
      else {
        index.set(key, { size: bytes.length, used: t });
        this.total += bytes.length;
      }
    }
    await this.fs.utimes(this.file(key), new Date(t), new Date(t)).catch(() => undefined);
    const sidecar = await this.fs.readFile(this.file(key, SIDECAR), 'utf8').catch(() => undefined);
    this.alignmentsBeside.noteClip(bytesDigest(bytes), this, key, sidecar);
    return audio;
  }

  /** Writes `text` beside the clip under `key` (atomically); nothing when the clip is no longer here. */
  async writeSidecar(key: string, text: string): Promise<void> {
    const index = await this.load();
    if (!index.has(key)) return;
    const target = this.file(key, SIDECAR);
    const temp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP}`;
    try {
      await this.fs.writeFile(temp, text);
      await this.fs.rename(temp, target);
    } catch (e) {
      await this.fs.unlink(temp).catch(() => undefined);
      throw e;
    }
  }

  private forget(index: Map<string, Entry> | undefined, key: string): void {
    const e = index?.get(key);
    if (e && index) {
      index.delete(key);
      this.total -= e.size;
    }
  }

  /** Stores `audio` atomically, then evicts least recently used files beyond `maxBytes`. */
  async put(key: string, audio: AudioData): Promise<void> {
    const index = await this.load();
    const target = this.file(key);
    const temp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP}`;
    try {
      await this.fs.writeFile(temp, audio.bytes);
      await this.fs.rename(temp, target);
    } catch (e) {
      await this.fs.unlink(temp).catch(() => undefined);
      throw e;
    }
    this.forget(index, key);
    index.set(key, { size: audio.bytes.length, used: this.now() });
    this.total += audio.bytes.length;
    // New bytes under this key: an alignment beside it belonged to the old ones.
    await this.fs.unlink(this.file(key, SIDECAR)).catch(() => undefined);
    this.alignmentsBeside.noteClip(bytesDigest(audio.bytes), this, key);
    await this.evict(index, key);
  }

  private async evict(index: Map<string, Entry>, keep: string): Promise<void> {
    if (this.total <= this.maxBytes) return;
    const oldest = [...index.entries()].filter(([k]) => k !== keep).sort((a, b) => a[1].used - b[1].used);
    for (const [k] of oldest) {
      if (this.total <= this.maxBytes) break;
      this.forget(index, k);
      await this.fs.unlink(this.file(k)).catch(() => undefined);
      await this.fs.unlink(this.file(k, SIDECAR)).catch(() => undefined);
    }
  }

  /** Bytes currently accounted for in this window's view of the folder. */
  async size(): Promise<number> {
    await this.load();
    return this.total;
  }
}
