// What a failed run leaves for Retry, so that nothing is paid twice (see ReadingPipeline.failedAt).
import { ApiError } from '../api/errors';
import type { Job } from './chunkJob';
import type { SourceChunk } from './chunker';

/**
 * What Retry carries of the chunk a run failed at, so that nothing is paid twice: the chunk's task when it may
 * still finish (it is polled again before anything is created), and its Idempotency-Key when a create's answer
 * never came (sent again with it, Evolink answers with the task the lost request created, and charges once).
 */
export interface ResumeChunk {
  text: string;
  voice: string;
  idempotencyKey: string;
  taskId?: string;
}

/** Where a failed run stopped: Retry reads again from `sourceOffset` (earlier chunks are cached). */
export interface FailedAt {
  index: number;
  sourceOffset: number;
  chunk: SourceChunk;
  error: Error;
  /**
   * For `PipelineOptions.resume` of the Retry: of the failed chunk and of every other chunk that failed with
   * it (several are in flight at once), those with something worth carrying; absent when none has.
   */
  resume?: ResumeChunk[];
}

/** Failures after which a chunk's task may still finish (or has, and only its answer or audio was lost). */
const TASK_MAY_FINISH = new Set(['taskStuck', 'server', 'network', 'timeout', 'malformed', 'rateLimited', 'audioUnavailable']);
/** Failures of a create that may have created a task without the answer coming back. */
const CREATE_AMBIGUOUS = new Set(['server', 'network', 'timeout', 'malformed']);

export function resumeOf(job: Job, error: Error): ResumeChunk | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const base = { text: job.chunk.text, voice: job.voice, idempotencyKey: job.idempotencyKey };
  if (job.taskId) return TASK_MAY_FINISH.has(error.kind) ? { ...base, taskId: job.taskId } : undefined;
  return CREATE_AMBIGUOUS.has(error.kind) ? base : undefined;
}
