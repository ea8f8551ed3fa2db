// The fault queue (docs/evolink-api.md §9): request faults, task faults and audio-download faults, consumed in order.
import { WAV_PLACEHOLDERS, type Fault } from './types';

export type FaultKind = 'request' | 'task' | 'audio';

export function kindOf(f: Fault): FaultKind {
  if (f.audio !== undefined || f.wavPlaceholder !== undefined || f.contentLength !== undefined) return 'audio';
  if (f.task !== undefined) return 'task';
  return 'request';
}

export interface MatchContext {
  origin: 'api' | 'media';
  method: string;
  path: string;
  model?: string;
  prompt?: string;
}

/** A one-line description for request records and logs. */
export function describe(f: Fault): string {
  const parts: string[] = [];
  if (f.after) parts.push(`after ${f.after}`);
  if (f.delayMs !== undefined) parts.push(`delay ${f.delayMs}ms`);
  if (f.status !== undefined) parts.push(`status ${f.status}${f.code !== undefined ? ` ${f.code}` : ''}`);
  if (f.format && f.format !== 'string') parts.push(f.format);
  if (f.retryAfter !== undefined) parts.push(`retry-after ${f.retryAfter}`);
  if (f.afterCreate) parts.push('after create');
  if (f.reset) parts.push(`reset ${f.reset}`);
  if (f.rawBody !== undefined) parts.push('raw body');
  if (f.task) parts.push(`task ${JSON.stringify(f.task)}`);
  if (f.audio) parts.push(`audio ${f.audio}`);
  if (f.wavPlaceholder !== undefined) parts.push(`wav sizes ${f.wavPlaceholder}`);
  if (f.contentLength !== undefined) parts.push(f.contentLength ? 'with content-length' : 'no content-length');
  return parts.join(', ') || 'no-op';
}

export function validateFault(f: unknown): Fault {
  if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new Error('a fault must be an object');
  const x = f as Fault;
  if (x.status !== undefined && (!Number.isInteger(x.status) || x.status < 100 || x.status > 599)) {
    throw new Error(`invalid fault status ${String(x.status)}`);
  }
  if (x.after !== undefined && (!Number.isInteger(x.after) || x.after < 0)) throw new Error(`invalid fault after ${String(x.after)}`);
  if (x.audio !== undefined && !['expired', 'truncated', 'shortData', 'notAudio', 'mp3'].includes(x.audio)) {
    throw new Error(`invalid audio fault ${String(x.audio)}`);
  }
  if (x.wavPlaceholder !== undefined && !Object.hasOwn(WAV_PLACEHOLDERS, x.wavPlaceholder)) {
    throw new Error(`invalid wavPlaceholder ${String(x.wavPlaceholder)} (one of ${Object.keys(WAV_PLACEHOLDERS).join(', ')})`);
  }
  if (x.contentLength !== undefined && typeof x.contentLength !== 'boolean') throw new Error('contentLength must be true or false');
  if (x.reset !== undefined && !['beforeResponse', 'midBody'].includes(x.reset)) {
    throw new Error(`invalid reset ${String(x.reset)}`);
  }
  return x;
}

export class FaultQueue {
  private items: { fault: Fault; left: number; skip: number }[] = [];

  add(f: Fault): void {
    this.items.push({ fault: validateFault(f), left: f.times ?? 1, skip: f.after ?? 0 });
  }

  clear(): void {
    this.items = [];
  }

  get size(): number {
    return this.items.length;
  }

  /** Takes (consumes one use of) the first fault of `kind` matching `ctx`. */
  take(kind: FaultKind, ctx: MatchContext): Fault | undefined {
    const i = this.items.findIndex((it) => kindOf(it.fault) === kind && matches(it.fault, kind, ctx));
    if (i < 0) return undefined;
    const it = this.items[i];
    // A fault waiting for its turn lets this one through (and holds back the faults queued after it).
    if (it.skip > 0) {
      it.skip--;
      return undefined;
    }
    if (it.left > 0) it.left--;
    if (it.left === 0) this.items.splice(i, 1);
    return it.fault;
  }
}

function matches(f: Fault, kind: FaultKind, ctx: MatchContext): boolean {
  const m = f.match ?? {};
  const origin = m.origin ?? (kind === 'audio' ? 'media' : 'api');
  if (origin !== ctx.origin) return false;
  if (m.method !== undefined && m.method.toUpperCase() !== ctx.method) return false;
  if (m.path !== undefined && !ctx.path.startsWith(m.path)) return false;
  if (m.model !== undefined && m.model !== ctx.model) return false;
  if (m.prompt !== undefined && m.prompt !== ctx.prompt) return false;
  return true;
}
