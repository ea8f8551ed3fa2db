// The account's remaining credits for the status bar tooltip: fetched in the background at most once a
// minute, never awaited by speech; a failure is only logged (the tooltip keeps the last known figure).
import type { Credits } from '../api/types';

export interface CreditsSource {
  getCredits(signal?: AbortSignal): Promise<Credits>;
}

export const CREDITS_MIN_INTERVAL_MS = 60_000;

export class CreditsWatcher {
  private last = -Infinity;
  private remaining: number | undefined;
  private inFlight = false;

  constructor(
    private readonly onChange: (remaining: number | undefined) => void,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last known remaining credits (the key's own limit when it has one, else the account's). */
  get value(): number | undefined {
    return this.remaining;
  }

  /** Starts a fetch unless one ran in the last minute; returns at once. */
  refresh(source: CreditsSource): void {
    const t = this.now();
    if (this.inFlight || t - this.last < CREDITS_MIN_INTERVAL_MS) return;
    this.last = t;
    this.inFlight = true;
    source.getCredits().then(
      (c) => {
        const token = c.token?.unlimited_credits ? undefined : c.token?.remaining_credits;
        const value = typeof token === 'number' ? token : c.user?.remaining_credits;
        this.remaining = typeof value === 'number' && Number.isFinite(value) ? value : undefined;
        this.onChange(this.remaining);
      },
      (e: unknown) => this.log(`credits: could not read the remaining credits (${e instanceof Error ? e.message : String(e)})`),
    ).finally(() => {
      this.inFlight = false;
    });
  }
}
