// The one home of the async helpers: time as a dependency (so tests drive timers with a fake clock), the
// error a Stop rejects with, an abortable sleep and an abortable wait for a promise.
import { ApiError } from './errors';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** What a Stop rejects with; `requestSent` says whether a request may already have reached the service. */
export function abortError(message = 'Stopped.', requestSent: 'no' | 'maybe' = 'no'): ApiError {
  return new ApiError({ kind: 'aborted', message, requestSent });
}

/**
 * Resolves after `ms` on `clock`; rejects with ApiError 'aborted' as soon as `signal` fires, clearing
 * its timer, so nothing is left behind either way.
 */
export function sleep(ms: number, clock: Clock, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(abortError());
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles with `p`, or rejects with 'aborted' as soon as `signal` fires. */
export function untilAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      p.catch(() => undefined);
      return reject(abortError());
    }
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}
