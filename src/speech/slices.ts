// Long work on the extension host's thread (a whole page split, a long pronunciation list compiled, every
// block of a document prepared) done a step at a time, so that the editor's own work runs between slices.

/** Resolves on the event loop's next turn, after the messages and timers that were waiting. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Resolves once the event loop has taken its I/O (where the editor's messages arrive) since the call: a timer
 * first (the next turn's timers come after this turn's check phase), then the check phase after that turn's
 * I/O. Work started from an I/O callback (a part asked for when a task's response arrives) and work queued
 * with `nextTurn` run in the same turn, back to back, with no I/O between them: background work that follows
 * a part waits for this instead, so the two never add up into one long stretch.
 */
export const afterEditorTurn = (): Promise<void> => new Promise((resolve) => setTimeout(() => setImmediate(resolve), 0));

/**
 * How long one slice may run before the thread is handed back (ms). A slice ends at the first step after this,
 * so the thread is held for this plus one step; steps are kept to a few milliseconds (a block prepared, a piece
 * of a page parsed, a few hundred keys compiled), which keeps the whole under 20 ms.
 */
export const SLICE_MS = 4;

/**
 * Awaited between two steps of long work: true after it waited for the next turn of the event loop (a new
 * slice began: whatever may have changed meanwhile, such as the document, should be looked at again), false
 * at once while the current slice has run for `sliceMs` or less.
 */
export type Pause = () => Promise<boolean> | false;

/**
 * A pause for one piece of long work; its first slice starts now. `turn` is how a slice ends (tests count them).
 * By default the first slice ends with `afterEditorTurn` and the others with `nextTurn`: work is often started
 * from an I/O callback (a command, a message from the editor), and a `nextTurn` from there runs the second
 * slice in the same turn of the event loop, right after the first, with no editor message between them. Once
 * a slice has begun from `nextTurn`, the next `nextTurn` comes after the next turn's I/O.
 */
export function slices(sliceMs = SLICE_MS, turn?: () => Promise<void>): Pause {
  let started = performance.now();
  let first = true;
  const end = turn ?? (() => {
    const t = first ? afterEditorTurn() : nextTurn();
    first = false;
    return t;
  });
  return () => {
    if (performance.now() - started <= sliceMs) return false;
    return end().then(() => {
      started = performance.now();
      return true;
    });
  };
}
