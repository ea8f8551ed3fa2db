// The voices this user designed (or entered by name), kept in global state: the API has no documented way
// to list them, and none to delete one. No vscode import: it works on any Memento-shaped store.
import type { VoiceRecord } from './types';

export type { VoiceRecord } from './types';

/** The part of vscode.Memento the store needs. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const VOICES_STATE_KEY = 'evolinkTts.voices';
/** Oldest entries go beyond this many (Evolink caps designed voices at 1000 per account, sibling docs). */
export const MAX_VOICES = 200;

function isRecord(v: unknown): v is VoiceRecord {
  const r = v as Partial<VoiceRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.name === 'string' && r.name !== '' && typeof r.created === 'string';
}

export class VoiceStore {
  constructor(private readonly state: StateStore) {}

  /** Every voice, newest first. */
  list(): VoiceRecord[] {
    const raw = this.state.get<unknown>(VOICES_STATE_KEY);
    return Array.isArray(raw) ? raw.filter(isRecord) : [];
  }

  get(name: string): VoiceRecord | undefined {
    return this.list().find((v) => v.name === name);
  }

  /** Adds `v` at the top, replacing an entry of the same name (keeping what `v` does not say). */
  async add(v: VoiceRecord): Promise<void> {
    const old = this.get(v.name);
    const rest = this.list().filter((x) => x.name !== v.name);
    await this.state.update(VOICES_STATE_KEY, [{ ...old, ...v }, ...rest].slice(0, MAX_VOICES));
  }

  /** Changes fields of an existing entry; false when there is none. */
  async patch(name: string, change: Partial<Omit<VoiceRecord, 'name'>>): Promise<boolean> {
    const all = this.list();
    const i = all.findIndex((v) => v.name === name);
    if (i < 0) return false;
    all[i] = { ...all[i], ...change };
    await this.state.update(VOICES_STATE_KEY, all);
    return true;
  }

  /** Removes the entry from this list (the voice itself stays on Evolink). */
  async remove(name: string): Promise<VoiceRecord | undefined> {
    const all = this.list();
    const gone = all.find((v) => v.name === name);
    if (gone) await this.state.update(VOICES_STATE_KEY, all.filter((v) => v.name !== name));
    return gone;
  }
}
