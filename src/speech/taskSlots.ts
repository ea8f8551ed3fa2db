// Task slots: how many speech tasks may run at Evolink at once, in reading order, and what a 429 does to that.
// A 429 lowers the limit (to one below the tasks in flight, at least 1); it climbs back by one after every two
// tasks created. A create answered 429 made no task: this room alone decides whether, and after how long, the
// chunk is sent again (the client hands such a 429 straight back; the poller waits out a 429 on a poll itself).
import { ApiError, provesNoTask } from '../api/errors';
import { untilAbort } from '../api/async';
import { POLL_TIMING } from './poller';

/** A wake-up call for waiters: next() resolves at the following poke() (a job changed phase, a slot was freed). */
export class Wake {
  private wake?: () => void;

  poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  next(): Promise<void> {
    return new Promise<void>((r) => {
      const prev = this.wake;
      this.wake = () => { prev?.(); r(); };
    });
  }
}

export interface SlotStats {
  rateLimited: number;
  maxInFlight: number;
  minLimit: number;
}

export class TaskSlots {
  private limit: number;
  private inFlight = 0;
  /** Chunks waiting for a slot. */
  private readonly waiting = new Set<number>();
  private successesSince429 = 0;

  constructor(
    private readonly maxParallel: number,
    private readonly wake: Wake,
    private readonly stats: SlotStats,
    private readonly log: (line: string) => void,
    /** Multiplies every wait (Retry-After included). */
    private readonly scale: number,
  ) {
    this.limit = maxParallel;
  }

  /** Puts chunk `index` in line from now on (before its cache lookup, so no later chunk takes its turn). */
  queue(index: number): void {
    this.waiting.add(index);
  }

  /** Takes chunk `index` out of the line without a slot (a cache hit). */
  unqueue(index: number): void {
    this.waiting.delete(index);
    this.wake.poke();
  }

  /**
   * Chunk `index` takes a slot once one is free under the (possibly lowered) limit and no earlier chunk waits:
   * true, at once when it may (no promise, so nothing else runs in between), else when one frees. False,
   * without a slot, as soon as `skip()` says the chunk is not wanted any more or `signal` fired.
   */
  acquire(index: number, signal: AbortSignal, skip: () => boolean): boolean | Promise<boolean> {
    this.waiting.add(index);
    if (!this.blocked(index) || skip()) return this.take(index, signal, skip);
    return (async () => {
      try {
        while (this.blocked(index) && !skip()) await untilAbort(this.wake.next(), signal);
      } catch (e) {
        this.waiting.delete(index);
        this.wake.poke();
        throw e;
      }
      return this.take(index, signal, skip);
    })();
  }

  private blocked(index: number): boolean {
    return this.inFlight >= this.limit || Math.min(...this.waiting) < index;
  }

  private take(index: number, signal: AbortSignal, skip: () => boolean): boolean {
    this.waiting.delete(index);
    this.wake.poke();
    if (signal.aborted || skip()) return false;
    this.inFlight++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
    return true;
  }

  release(): void {
    this.inFlight--;
    this.wake.poke();
  }

  /** A task was created: after two in a row the limit climbs back by one. */
  created(): void {
    if (++this.successesSince429 >= 2 && this.limit < this.maxParallel) {
      this.limit++;
      this.successesSince429 = 0;
    }
  }

  /** Evolink answered 429 (a create or a poll): fewer tasks in flight for now. */
  rateLimited(): void {
    this.stats.rateLimited++;
    this.successesSince429 = 0;
    this.limit = Math.max(1, Math.min(this.limit, this.inFlight) - 1);
    this.stats.minLimit = Math.min(this.stats.minLimit, this.limit);
    this.log(`429: at most ${this.limit} task${this.limit === 1 ? '' : 's'} in flight for now`);
  }

  /**
   * A create failed with `e` on its `attempt`-th re-send: the wait (clock ms) before the chunk is sent again, or
   * undefined when it must not be. Only a 429 that proves no task was made is re-sent, at most `maxRetries` times;
   * every other failure the client may re-send it already has, and the rest may have created a task.
   */
  resendAfter(e: unknown, attempt: number, maxRetries: number, signal: AbortSignal): number | undefined {
    if (!(e instanceof ApiError && e.kind === 'rateLimited' && provesNoTask(e) && !signal.aborted && attempt < maxRetries)) return undefined;
    this.rateLimited();
    const T = POLL_TIMING;
    return Math.max((e.retryAfterMs ?? T.rateLimitSec * 1000 * 2 ** attempt) * this.scale, T.minIntervalSec * 1000 * this.scale);
  }
}
