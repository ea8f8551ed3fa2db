// Synthesized audio on disk, content-addressed by (text, voice, language, model): speaking unchanged text
// again costs no task and no credit. Writes are atomic (temp file + rename), so a reader in another window
// never sees half a file; the folder is kept under `maxBytes` by evicting the least recently used files
// (a read touches the file's mtime).
import { createHash, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import type { AudioData } from '../api/types';
import { decodeAudio } from '../audio/decode';

/** The part of node:fs/promises the cache uses (injectable for tests). */
export type CacheFs = Pick<typeof nodeFs, 'mkdir' | 'readFile' | 'writeFile' | 'rename' | 'unlink' | 'readdir' | 'stat' | 'utimes'>;

const SUFFIX = '.audio';
const TEMP = '.tmp';
/** Temp files older than this are leftovers of a crash and are removed. */
const STALE_TEMP_MS = 60 * 60 * 1000;

interface Entry { size: number; used: number }

export class AudioCache {
  private index?: Promise<Map<string, Entry>>;
  private total = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly fs: CacheFs = nodeFs,
    private readonly now: () => number = Date.now,
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

  private file(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return path.join(this.dir, key + SUFFIX);
  }

  /** Builds the in-memory index from the folder once (removing stale temp files). */
  private load(): Promise<Map<string, Entry>> {
    this.index ??= (async () => {
      const map = new Map<string, Entry>();
      await this.fs.mkdir(this.dir, { recursive: true });
      for (const name of await this.fs.readdir(this.dir)) {
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
    return audio;
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
    await this.evict(index, key);
  }

  private async evict(index: Map<string, Entry>, keep: string): Promise<void> {
    if (this.total <= this.maxBytes) return;
    const oldest = [...index.entries()].filter(([k]) => k !== keep).sort((a, b) => a[1].used - b[1].used);
    for (const [k] of oldest) {
      if (this.total <= this.maxBytes) break;
      this.forget(index, k);
      await this.fs.unlink(this.file(k)).catch(() => undefined);
    }
  }

  /** Bytes currently accounted for in this window's view of the folder. */
  async size(): Promise<number> {
    await this.load();
    return this.total;
  }
}
