// What a reading cost. Evolink reserves credits when a task is created and settles them on actual use: a
// finished task may report `usage.credits_used` (docs/evolink-api.md §10 "billing"). A task that does not
// report it counts at its reservation.
import type { Task } from '../api/types';

export interface RunCost {
  /** Credits of the tasks whose audio this run got: credits_used where reported, else credits_reserved. */
  credits: number;
  /** Tasks that reported credits_used. */
  settled: number;
  /** Tasks counted at their reservation. */
  reservedOnly: number;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/**
 * `cost` with one completed task added: its `usage.credits_used` when it reports one, else its
 * `usage.credits_reserved` (from the completed answer, else from its creation: `reservedAtCreation`).
 * Unchanged when the task reports neither.
 */
export function addTaskCost(cost: RunCost | undefined, task: Task, reservedAtCreation?: number): RunCost | undefined {
  const used = task.usage?.credits_used;
  const base = cost ?? { credits: 0, settled: 0, reservedOnly: 0 };
  if (finite(used)) return { ...base, credits: base.credits + used, settled: base.settled + 1 };
  const reserved = finite(task.usage?.credits_reserved) ? task.usage.credits_reserved : reservedAtCreation;
  if (!finite(reserved)) return cost;
  return { ...base, credits: base.credits + reserved, reservedOnly: base.reservedOnly + 1 };
}
