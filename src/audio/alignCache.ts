// Alignments kept by what they are a function of: the clip's bytes and the text with its spans. The same
// clip heard again in this session (Previous into an earlier part, Read from Here into audio already
// fetched, a document read again from the audio cache) is not aligned twice. Least recently used entries
// go beyond `max`. An alignment is a few numbers per word, so the cache stays small.
import { createHash } from 'node:crypto';
import type { AlignInput, Alignment } from './align';
import { alignClip } from './aligner';

export class AlignmentCache {
  private readonly entries = new Map<string, Alignment>();
  /** How many alignments were computed (not found); tests read it. */
  computed = 0;

  constructor(private readonly max = 64) {}

  /** sha256 over the bytes and the text and spans, length-prefixed. */
  static key(wav: Uint8Array, input: AlignInput): string {
    const h = createHash('sha256');
    h.update(`${wav.length}:`);
    h.update(wav);
    const spans = (list: AlignInput['sentences'] | undefined) => (list ?? []).map((s) => `${s.textStart},${s.textEnd}`).join(';');
    const text = JSON.stringify([input.text, spans(input.sentences), input.words ? spans(input.words) : null]);
    h.update(`${text.length}:`);
    h.update(text);
    return h.digest('hex');
  }

  /** The clip's alignment, computed once per (bytes, text) while it stays in the cache. Never throws. */
  align(wav: Uint8Array, input: AlignInput): Alignment {
    const key = AlignmentCache.key(wav, input);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const a = alignClip(wav, input);
    this.computed++;
    this.entries.set(key, a);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return a;
  }
}

/** The one cache the extension's readers share. */
export const alignments = new AlignmentCache();
