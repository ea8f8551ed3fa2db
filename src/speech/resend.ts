// A part Evolink refused as too long after all, sent again in pieces: where to cut it is resplit.ts, the job it
// belongs to and its polling are chunkJob.ts.
import { ApiError } from '../api/errors';
import type { AudioData, Task } from '../api/types';
import { untilAbort } from '../api/async';
import { decodeAudio } from '../audio/decode';
import { concatWav } from '../audio/wav';
import { findAudioUrl } from './audioLocation';
import type { Job, JobContext } from './chunkJob';
import { addTaskCost } from './cost';
import { splitForResend } from './resplit';

/** Adds a created task's reservation to the run's and the job's figures; returns it when the task gave one. */
function reserve(ctx: JobContext, job: Job, task: Task): number | undefined {
  const reserved = task.usage?.credits_reserved;
  if (typeof reserved !== 'number' || !Number.isFinite(reserved)) return undefined;
  job.reserved = (job.reserved ?? 0) + reserved;
  ctx.info.creditsReserved += reserved;
  ctx.stats.creditsReserved += reserved;
  return reserved;
}

/**
 * Evolink refused the part as too long after all (its count differs from ours): the part is cut once, at a
 * sentence or clause boundary near its middle (resplit.ts), each piece is synthesized in turn under its own
 * Idempotency-Key (the part's with `.1`, `.2`…), and the pieces' audio is joined into the part's one clip, so
 * nothing is lost and the reading goes on without a message. Fails with the refusal when it cannot be cut.
 * `waitForTask` polls a piece's task as the job polls its own (chunkJob.ts).
 */
export async function resendInPieces(
  ctx: JobContext, job: Job, key: string | undefined, refusal: unknown, waitForTask: (task: Task) => Promise<Task>,
): Promise<void> {
  job.resent = true;
  const s = ctx.signal;
  const chunkNo = job.index + 1;
  const pieces = splitForResend(job.chunk.text, job.chunk.sentences);
  if (!pieces) throw refusal;
  ctx.log(`chunk ${chunkNo}: Evolink refused it as too long (${refusal instanceof Error ? refusal.message : String(refusal)}); sending it again in ${pieces.length} pieces`);
  const parts: AudioData[] = [];
  for (const [i, [a, b]] of pieces.entries()) {
    ctx.setState(job, 'submitting', { kind: 'submitting', chunk: chunkNo, total: ctx.info.total });
    const task = await untilAbort(ctx.work.track(ctx.client.createSpeechTask(
      { prompt: job.chunk.text.slice(a, b), voice: job.voice, languageType: ctx.languageType }, s,
      { idempotencyKey: `${job.idempotencyKey}.${i + 1}` })), s);
    ctx.stats.tasks++;
    job.taskId = task.id;
    ctx.info.taskId = task.id;
    const reserved = reserve(ctx, job, task);
    ctx.setState(job, 'queued', { kind: 'queued', chunk: chunkNo, total: ctx.info.total, taskId: task.id });
    const done = task.status === 'completed' ? task : await waitForTask(task);
    ctx.info.cost = addTaskCost(ctx.info.cost, done, reserved);
    const url = findAudioUrl(done);
    if (!url) throw new ApiError({ kind: 'noAudio', message: 'The task completed without an audio URL.', taskId: done.id });
    ctx.setState(job, 'downloading', { kind: 'downloading', chunk: chunkNo, total: ctx.info.total, taskId: done.id });
    parts.push(await untilAbort(ctx.work.track(ctx.client.downloadAudio(url, s)), s));
  }
  let audio: AudioData;
  try {
    audio = decodeAudio(concatWav(parts.map((p) => p.bytes)));
  } catch (e) {
    throw new ApiError({ kind: 'audioUnavailable', message: `The pieces of part ${chunkNo} could not be joined: ${e instanceof Error ? e.message : String(e)}` });
  }
  job.audio = audio;
  ctx.setState(job, 'ready');
  if (ctx.cache && key) {
    await ctx.work.track(ctx.cache.put(key, audio)).catch((e: unknown) => ctx.log(`cache: could not store chunk ${chunkNo}: ${(e as Error).message}`));
  }
}
