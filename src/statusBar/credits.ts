// The account's remaining credits for the status bar tooltip: fetched in the background at most once a
// minute, never awaited by speech; a failure is only logged (the tooltip keeps the last known figure).
// Stop and deactivation cancel a fetch still running (its request is aborted, its answer ignored).
import { ApiError } from '../api/errors';
import type { Credits } from '../api/types';

export interface CreditsSource {
  getCredits(signal?: AbortSignal): Promise<Credits>;
}

export const CREDITS_MIN_INTERVAL_MS = 60_000;

const finite = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);

/**
 * The credits the key can still spend: the smaller of the account's remaining credits and the key's own
 * remaining limit; the account's alone when the key has no limit (`token.unlimited_credits`). Undefined when
 * the answer gives neither figure.
 */
export function spendableCredits(c: Credits): number | undefined {
  const user = finite(c.user?.remaining_credits);
  const token = c.token?.unlimited_credits === true ? undefined : finite(c.token?.remaining_credits);
  if (user !== undefined && token !== undefined) return Math.min(user, token);
  return user ?? token;
}

export class CreditsWatcher {
  private last = -Infinity;
  private remaining: number | undefined;
  private inFlight?: AbortController;

  constructor(
    private readonly onChange: (remaining: number | undefined) => void,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last known credits the key can spend (see spendableCredits). */
  get value(): number | undefined {
    return this.remaining;
  }

  /** Starts a fetch unless one ran in the last minute; returns at once. */
  refresh(source: CreditsSource): void {
    const t = this.now();
    if (this.inFlight || t - this.last < CREDITS_MIN_INTERVAL_MS) return;
    this.last = t;
    const ctl = new AbortController();
    this.inFlight = ctl;
    source.getCredits(ctl.signal).then(
      (c) => {
        if (ctl.signal.aborted) return;
        this.remaining = spendableCredits(c);
        this.onChange(this.remaining);
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        this.log(`credits: could not read the remaining credits (${e instanceof Error ? e.message : String(e)})`);
        // A key Evolink refuses has no credits to show: the last figure belonged to it, or to another key.
        if (e instanceof ApiError && e.kind === 'auth' && this.remaining !== undefined) {
          this.remaining = undefined;
          this.onChange(undefined);
        }
      },
    ).finally(() => {
      if (this.inFlight === ctl) this.inFlight = undefined;
    });
  }

  /**
   * Drops the figure (the key changed or was cleared: it was another key's) and lets the next refresh fetch
   * at once; a fetch still running for the old key is aborted.
   */
  forget(): void {
    this.cancel();
    this.last = -Infinity;
    if (this.remaining === undefined) return;
    this.remaining = undefined;
    this.onChange(undefined);
  }

  /** Whether a fetch is running. */
  get fetching(): boolean {
    return this.inFlight !== undefined;
  }

  /** Aborts a fetch still running (it still counts as this minute's fetch). */
  cancel(): void {
    const ctl = this.inFlight;
    if (!ctl) return;
    this.inFlight = undefined;
    ctl.abort();
  }

  dispose(): void {
    this.cancel();
  }
}
