// Which speech POSTs may have been paid for, shared by both tiers of the fault suite (no vscode import).
import * as assert from 'node:assert/strict';
import type { RequestRecord } from '../simulator/types';

/**
 * A speech POST that may have created (and charged) a task: answered 2xx, or 5xx other than a 503 that
 * created nothing, or never answered (reset). 400–404, 429 and a plain 503 create no task (docs/evolink-api.md §5); a 503 the
 * simulator gave after creating the task (fault `afterCreate`) did. A POST whose Idempotency-Key was
 * replayed charged nothing (its task is the earlier POST's).
 */
export function mayHavePaid(r: RequestRecord): boolean {
  if (r.replayed) return false;
  return r.status === 0 || (r.status >= 200 && r.status < 300) || (r.status >= 500 && (r.status !== 503 || r.taskId !== undefined));
}

export const promptOf = (r: RequestRecord): string => String((r.body as { prompt?: unknown } | undefined)?.prompt ?? '');

/** Speech POSTs that may have been paid for, counted per prompt. */
export function paidPerPrompt(records: readonly RequestRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) if (mayHavePaid(r)) counts.set(promptOf(r), (counts.get(promptOf(r)) ?? 0) + 1);
  return counts;
}

/** No chunk's paid POST was sent twice. */
export function assertPaidOnce(records: readonly RequestRecord[]): void {
  for (const [prompt, n] of paidPerPrompt(records)) {
    assert.strictEqual(n, 1, `a paid POST is sent once per chunk; ${n} for ${JSON.stringify(prompt)}`);
  }
}
