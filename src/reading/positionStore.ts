// Where the reading of each document stopped, kept in workspace state per document URI: the sentence's text
// anchor (offset and words) and when it was kept. No VS Code here: the state is anything with get and update
// (a vscode.Memento in the editor, a Map in tests).
import type { TextAnchor } from '../speech/anchor';

export interface StoredPosition extends TextAnchor {
  /** When it was kept (ms since the epoch): the oldest go first beyond MAX_POSITIONS. */
  savedAt: number;
}

export interface StateLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** workspaceState key of the positions (URI → StoredPosition). */
export const POSITIONS_KEY = 'evolinkTts.readingPositions';
/** Documents remembered per workspace, at most. */
export const MAX_POSITIONS = 200;

const isPosition = (v: unknown): v is StoredPosition => {
  const p = v as StoredPosition;
  return typeof p === 'object' && p !== null && Number.isInteger(p.offset) && p.offset >= 0 && typeof p.text === 'string' && typeof p.savedAt === 'number';
};

export class PositionStore {
  private readonly listeners = new Set<(uri: string | undefined) => void>();

  constructor(private readonly state: StateLike, private readonly now: () => number = Date.now) {}

  /** Every position kept (anything malformed in the state is left out). */
  all(): Record<string, StoredPosition> {
    const raw = this.state.get<unknown>(POSITIONS_KEY);
    const out: Record<string, StoredPosition> = {};
    if (typeof raw !== 'object' || raw === null) return out;
    for (const [uri, p] of Object.entries(raw as Record<string, unknown>)) if (isPosition(p)) out[uri] = p;
    return out;
  }

  get(uri: string): StoredPosition | undefined {
    return this.all()[uri];
  }

  /** Keeps `anchor` for `uri` (the oldest positions beyond MAX_POSITIONS are dropped). */
  async set(uri: string, anchor: TextAnchor): Promise<void> {
    const all = this.all();
    const old = all[uri];
    if (old && old.offset === anchor.offset && old.text === anchor.text) return;
    all[uri] = { offset: anchor.offset, text: anchor.text, savedAt: this.now() };
    const uris = Object.keys(all);
    if (uris.length > MAX_POSITIONS) {
      for (const u of uris.sort((a, b) => all[a].savedAt - all[b].savedAt).slice(0, uris.length - MAX_POSITIONS)) delete all[u];
    }
    await this.write(all, uri);
  }

  async delete(uri: string): Promise<void> {
    const all = this.all();
    if (!(uri in all)) return;
    delete all[uri];
    await this.write(all, uri);
  }

  /** Forgets every position; resolves with how many there were. */
  async clear(): Promise<number> {
    const n = Object.keys(this.all()).length;
    await this.state.update(POSITIONS_KEY, undefined);
    this.fire(undefined);
    return n;
  }

  /** Called with the URI whose position changed (undefined: all of them). */
  onDidChange(listener: (uri: string | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async write(all: Record<string, StoredPosition>, uri: string): Promise<void> {
    await this.state.update(POSITIONS_KEY, all);
    this.fire(uri);
  }

  private fire(uri: string | undefined): void {
    for (const l of this.listeners) l(uri);
  }
}
