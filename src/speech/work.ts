// Counting of the speech core's live timers and requests, so tests (and the extension API) can prove that
// nothing is left running once a run has settled. Sockets are not counted here: requests go through the
// extension's own dispatcher (api/proxy.ts createDispatcher), where an aborted request destroys its socket and an
// idle one closes after KEEP_ALIVE_MS; the fault suite checks that through the simulator (GET /__sim/connections).
import type { Clock } from '../api/async';

/** Counts live timers and requests; a child also counts into its parent. */
export class WorkTracker {
  private n = 0;
  private readonly live = new Set<Promise<unknown>>();

  constructor(private readonly parent?: WorkTracker) {}

  active(): number {
    return this.n;
  }

  private add(d: number): void {
    this.n += d;
    this.parent?.add(d);
  }

  /** Counts `p` until it settles. */
  track<T>(p: Promise<T>): Promise<T> {
    this.add(1);
    const done = p.then(() => undefined, () => undefined).then(() => {
      this.add(-1);
      this.live.delete(done);
    });
    this.live.add(done);
    return p;
  }

  /** Resolves when every tracked promise has settled. */
  async drain(): Promise<void> {
    while (this.live.size > 0) await Promise.all([...this.live]);
  }

  /** A clock whose pending timers are counted. */
  clock(base: Clock): Clock {
    const pending = new Set<unknown>();
    return {
      now: () => base.now(),
      setTimeout: (fn, ms) => {
        this.add(1);
        const box: { h?: unknown } = {};
        box.h = base.setTimeout(() => {
          if (pending.delete(box)) this.add(-1);
          fn();
        }, ms);
        pending.add(box);
        return box;
      },
      clearTimeout: (box) => {
        if (pending.delete(box)) this.add(-1);
        base.clearTimeout((box as { h?: unknown }).h);
      },
    };
  }
}

/** Module-wide count of the speech core's live timers and requests. */
export const speechWork = new WorkTracker();

/** Number of timers, requests and polls still alive in the speech core (0 when nothing runs). */
export function activeWork(): number {
  return speechWork.active();
}
