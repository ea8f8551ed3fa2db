// Alignments kept by what they are a function of: the clip's bytes, the text with its spans and the aligner's
// version. The same clip heard again in this session (Previous into an earlier part, Read from Here into audio
// already fetched, a document read again from the audio cache) is not aligned twice; an alignment stored beside
// a clip in the audio cache (alignStore.ts) is used, once checked, instead of aligning the clip again in a later
// session, and every alignment computed is stored beside its clip when the clip is cached. Least recently used
// entries go beyond `max`. An alignment is a few numbers per word, so the cache stays small.
import { createHash } from 'node:crypto';
import type { AlignInput, Alignment, TimeSpan } from './align';
import { alignClip, alignerVersion, wordSpans } from './aligner';
import { alignmentStore, bytesDigest, type AlignmentStore } from './alignStore';

export class AlignmentCache {
  private readonly entries = new Map<string, Alignment>();
  /** How many alignments were computed (not found); tests read it. */
  computed = 0;
  /** How many were taken from the store beside cached clips; tests read it. */
  loaded = 0;

  constructor(private readonly max = 64, private readonly store: AlignmentStore | undefined = alignmentStore) {}

  /** sha256 over the aligner's version, the bytes' digest and the text and spans, length-prefixed. */
  static key(wav: Uint8Array, input: AlignInput, digest = bytesDigest(wav)): string {
    const h = createHash('sha256');
    h.update(`v${alignerVersion()}:${wav.length}:${digest}:`);
    const spans = (list: AlignInput['sentences'] | undefined) => (list ?? []).map((s) => `${s.textStart},${s.textEnd}`).join(';');
    const text = JSON.stringify([input.text, spans(input.sentences), input.words ? spans(input.words) : null]);
    h.update(`${text.length}:`);
    h.update(text);
    return h.digest('hex');
  }

  /** The clip's alignment, computed once per (bytes, text) while it stays in the cache. Never throws. */
  align(wav: Uint8Array, input: AlignInput): Alignment {
    const digest = bytesDigest(wav);
    const key = AlignmentCache.key(wav, input, digest);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    let a = storedAlignment(this.store?.take(key), input);
    if (a) this.loaded++;
    else {
      a = alignClip(wav, input);
      this.computed++;
      this.store?.save(digest, key, a);
    }
    this.entries.set(key, a);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return a;
  }
}

/**
 * A stored alignment read back, if it fits the input: one time per sentence and per word, each inside the
 * clip and in order. Anything else (a file cut short, edited or from another build) is no alignment.
 */
export function storedAlignment(json: string | undefined, input: AlignInput): Alignment | undefined {
  if (json === undefined) return undefined;
  try {
    const a = JSON.parse(json) as Partial<Alignment>;
    const duration = a?.duration;
    if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) return undefined;
    if (a.method !== 'audio' && a.method !== 'share') return undefined;
    const words = input.words?.length ?? wordSpans(typeof input.text === 'string' ? input.text : '').length;
    const fits = (list: unknown, n: number): list is TimeSpan[] => {
      if (!Array.isArray(list) || list.length !== n) return false;
      let last = 0;
      for (const t of list as unknown[]) {
        const { start, end } = (t ?? {}) as Partial<TimeSpan>;
        if (typeof start !== 'number' || typeof end !== 'number' || !(start >= last) || !(end >= start) || !(end <= duration)) return false;
        last = end;
      }
      return true;
    };
    if (!fits(a.sentences, input.sentences?.length ?? 0) || !fits(a.words, words)) return undefined;
    return { duration, method: a.method, sentences: a.sentences, words: a.words };
  } catch {
    return undefined;
  }
}

/** The one cache the extension's readers share. */
export const alignments = new AlignmentCache();
