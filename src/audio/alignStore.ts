// Alignments kept on disk beside the cached clip they belong to, so a clip replayed from the audio cache (in a
// later session too) is not aligned again. This module does not import the aligner: the audio cache
// (src/speech/cache.ts) tells it which clips it holds and hands it the alignments stored beside them when it
// reads a clip; the alignment cache (alignCache.ts) asks it for an alignment before computing one and gives
// it every alignment it computes, which is written beside its clip when that clip is in the audio cache.
// An alignment is stored as JSON text keyed by a hash of the clip's bytes, the text with its spans and the
// aligner's version (computed by alignCache.ts); whoever reads it back checks it before use.
import { createHash } from 'node:crypto';

/** Where a clip's sidecar goes: the audio cache that holds the clip, by its key. */
export interface SidecarWriter {
  writeSidecar(key: string, text: string): Promise<void>;
}

/** How many clips and alignments are remembered (a reading session's parts and more; a few KB each). */
const MAX = 256;

/** sha256 of a clip's bytes, hex (the link between a cached file and the alignment of its bytes). */
export function bytesDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX) map.delete(map.keys().next().value as K);
}

export class AlignmentStore {
  /** Clip bytes digest → the cache and key that hold the clip on disk. */
  private readonly clips = new Map<string, { cache: SidecarWriter; key: string }>();
  /** Alignment key → stored alignment text, as read beside cached clips. */
  private readonly stored = new Map<string, string>();
  /** Writes started and not yet settled (tests wait for them). */
  private readonly pending = new Set<Promise<void>>();

  /** The audio cache holds a clip with these bytes under `key`; `sidecar` is the text stored beside it, if any. */
  noteClip(digest: string, cache: SidecarWriter, key: string, sidecar?: string): void {
    remember(this.clips, digest, { cache, key });
    if (sidecar === undefined) return;
    try {
      const parsed = JSON.parse(sidecar) as { key?: unknown; alignment?: unknown };
      if (typeof parsed?.key === 'string' && parsed.alignment !== undefined) remember(this.stored, parsed.key, JSON.stringify(parsed.alignment));
    } catch {
      // A broken sidecar is no alignment: the clip is aligned again and the sidecar rewritten.
    }
  }

  /** The stored alignment (JSON text) under `alignKey`, or undefined. */
  take(alignKey: string): string | undefined {
    return this.stored.get(alignKey);
  }

  /** A computed alignment: written beside its clip when the audio cache holds the clip. Never throws. */
  save(digest: string, alignKey: string, alignment: unknown): void {
    const clip = this.clips.get(digest);
    if (!clip) return;
    const write = clip.cache.writeSidecar(clip.key, JSON.stringify({ key: alignKey, alignment })).catch(() => undefined);
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Resolves when every write started so far has settled. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Forgets everything in memory (tests: a new session). */
  clear(): void {
    this.clips.clear();
    this.stored.clear();
  }
}

/** The one store the audio cache and the alignment cache share. */
export const alignmentStore = new AlignmentStore();
