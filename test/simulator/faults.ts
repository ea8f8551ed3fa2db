// The fault queue (docs/evolink-api.md §9): request faults, task faults and audio-download faults, consumed in order.
// With chaos on, a request, task or download that no queued fault takes gets one at random (seeded) from a menu.
import { prng } from '../fixtures/prng';
import { WAV_PLACEHOLDERS, type ChaosOptions, type Fault } from './types';

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

const SPEECH = { method: 'POST', path: '/v1/audios/generations' } as const;
const POLL = { method: 'GET', path: '/v1/tasks/' } as const;

/**
 * Chaos's default menu: every fault a reading should get through with Retry at worst (never one that needs the
 * user to act, such as a refused key or no credits). A task stuck for good is left out: on the live service a
 * slow task still ends, and Retry polls the same task again, so a task that never ends would never let go. A
 * slow one is in: it runs past the poll deadline (60 s, the client's shortest) and ends on a later Retry.
 */
/** How chaos names a fault it gave (Simulator.chaosGiven's keys). */
export function chaosLabel(f: Fault): string {
  return `${kindOf(f)}${f.match?.method ? ` ${f.match.method} ${f.match.path ?? ''}` : ''}: ${describe(f)}`;
}

export const CHAOS_FAULTS: readonly Fault[] = [
  { match: SPEECH, status: 500 },
  { match: SPEECH, status: 502, rawBody: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
  { match: SPEECH, status: 503, code: 'service_unavailable' },
  { match: SPEECH, status: 503, afterCreate: true, rawBody: '<html>503 Service Temporarily Unavailable</html>' },
  { match: SPEECH, status: 429, code: 'rate_limit_exceeded', retryAfter: '1' },
  { match: SPEECH, reset: 'beforeResponse' },
  { match: SPEECH, reset: 'midBody' },
  { match: SPEECH, status: 200, rawBody: '{"id":"task-unified-', contentType: 'application/json' },
  { match: POLL, status: 500 },
  { match: POLL, status: 502, rawBody: '<html>Bad gateway</html>' },
  { match: POLL, reset: 'beforeResponse' },
  { match: POLL, status: 429, code: 'rate_limit_exceeded' },
  { task: { outcome: 'fail', code: 'service_error' } },
  { task: { noAudioUrl: true } },
  { task: { shape: 'B' } },
  { task: { shape: 'audioObject' } },
  { task: { progress: 'step' } },
  { task: { progress: 'stall' } },
  { task: { slowSec: 100 } },
  { audio: 'expired' },
  { audio: 'truncated' },
  { audio: 'notAudio' },
  { wavPlaceholder: '0xFFFFFFFF', contentLength: false },
  { wavPlaceholder: '0' },
];

export class FaultQueue {
  private items: { fault: Fault; left: number; skip: number }[] = [];
  private chaos?: { rate: number; seed: number; menu: readonly Fault[]; streams: Map<string, () => number>; given: number[] };
  /** Faults chaos gave, by description. */
  readonly chaosGiven = new Map<string, number>();

  /** Turns chaos on (or off, with undefined); the same seed gives the same sequence of draws. */
  setChaos(c: ChaosOptions | undefined): void {
    this.chaosGiven.clear();
    if (!c) {
      this.chaos = undefined;
      return;
    }
    if (!(c.rate >= 0 && c.rate <= 1)) throw new Error(`chaos rate must be between 0 and 1, not ${c.rate}`);
    const menu = (c.faults ?? CHAOS_FAULTS).map(validateFault);
    this.chaos = { rate: c.rate, seed: c.seed, menu, streams: new Map(), given: menu.map(() => 0) };
  }

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
    if (i < 0) return this.roll(kind, ctx);
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

  /**
   * Chaos: with probability `rate`, one fault of the menu that fits this request, task or download: at random
   * among the fitting ones given least so far, so a run gives every fault before it gives any a second time.
   */
  private roll(kind: FaultKind, ctx: MatchContext): Fault | undefined {
    const c = this.chaos;
    if (!c) return undefined;
    const fitting = c.menu.flatMap((f, i) => (kindOf(f) === kind && matches(f, kind, ctx) ? [i] : []));
    if (fitting.length === 0) return undefined;
    // One stream of draws per set of fitting faults (speech POSTs, polls, tasks, downloads): what the n-th task
    // or download draws does not depend on how many polls the client happened to make in between.
    const key = fitting.join(',');
    let next = c.streams.get(key);
    if (!next) c.streams.set(key, (next = prng((c.seed ^ hashOf(key)) >>> 0)));
    if (next() >= c.rate) return undefined;
    const least = Math.min(...fitting.map((i) => c.given[i]));
    const pick = fitting.filter((i) => c.given[i] === least);
    const i = pick[Math.floor(next() * pick.length)];
    c.given[i]++;
    const f = c.menu[i];
    const d = chaosLabel(f);
    this.chaosGiven.set(d, (this.chaosGiven.get(d) ?? 0) + 1);
    return f;
  }
}

/** FNV-1a of `s` (32 bits): a stream's seed from the faults it draws among. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
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
