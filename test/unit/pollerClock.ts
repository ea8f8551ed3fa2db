// A fake Clock for the poller and speaker tests: time moves only when a test calls advance().
import type { Clock } from '../../src/api/async';

interface Timer { id: number; at: number; fn: () => void }

export class FakeClock implements Clock {
  private t = 1_000_000;
  private seq = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: ++this.seq, at: this.t + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  /** Timers not yet fired or cleared. */
  get pending(): number {
    return this.timers.length;
  }
  /** Delay of the next timer from now, or undefined. */
  nextDelay(): number | undefined {
    if (this.timers.length === 0) return undefined;
    return Math.min(...this.timers.map((x) => x.at)) - this.t;
  }
  /** Moves time forward, firing due timers in order and letting promise callbacks run in between. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await flush();
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
  /** Fires the next timer (whatever its delay) and returns how long it was. */
  async fireNext(): Promise<number> {
    await flush();
    const d = this.nextDelay();
    if (d === undefined) throw new Error('no timer pending');
    await this.advance(d);
    return d;
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
}
