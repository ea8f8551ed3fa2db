// The read-aloud pipeline, sequential for now: per chunk submit → poll → download → play. It reports every
// step as a SpeechState, and counts its live timers and requests so tests (and the extension API) can prove
// that nothing is left running once speak() has settled.
import type { EvolinkClient } from '../api/client';
import { ApiError, isAbort } from '../api/errors';
import type { AudioData, LanguageType, Task } from '../api/types';
import { findAudioUrl } from './audioLocation';
import type { Chunk } from './chunker';
import { abortError, realClock, type Clock } from './clock';
import { pollTask } from './poller';
import type { RunInfo, SpeechState } from './state';

export interface AudioSink {
  /** Plays one clip; resolves when it ended. Should stop and settle when `signal` aborts. */
  play(audio: AudioData, meta: { chunk: number; total: number; taskId: string }, signal: AbortSignal): Promise<void>;
}

export type SpeakerClient = Pick<EvolinkClient, 'createSpeechTask' | 'getTask' | 'downloadAudio'> &
  Partial<Pick<EvolinkClient, 'allowHttpAudio'>>;

export interface SpeakDeps {
  client: SpeakerClient;
  sink: AudioSink;
  onState(s: SpeechState, info: RunInfo): void;
  timeScale?: number;
  clock?: Clock;
  log?: (line: string) => void;
  /** Where live work is counted; default the module-wide tracker behind activeWork(). */
  tracker?: WorkTracker;
}

export interface SpeakOptions {
  voice: string;
  languageType?: LanguageType;
  /** The voice for one chunk's text (per-language voices, src/speech/voiceChoice.ts); default `voice`. */
  voiceFor?: (text: string) => string;
}

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

/** Settles with `p`, or rejects with 'aborted' as soon as `signal` fires. */
function untilAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
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

/**
 * Speaks `chunks` in order. States per chunk: submitting → queued → processing (progress) → downloading →
 * playing; then done. On an error: state `failed` and the promise rejects with that error. On abort: state
 * `cancelled` and the promise rejects with ApiError kind 'aborted' (so callers can tell "finished" from
 * "stopped"; isAbort() recognises it). Before settling either way it waits for its own in-flight requests
 * (all of which got the signal), so activeWork() has dropped by everything this run started.
 */
export async function speak(chunks: readonly Chunk[], opts: SpeakOptions, deps: SpeakDeps, signal?: AbortSignal): Promise<void> {
  const work = new WorkTracker(deps.tracker ?? speechWork);
  const clock = work.clock(deps.clock ?? realClock);
  const log = deps.log ?? ((): void => undefined);
  const total = chunks.length;
  const stopSignal = signal ?? new AbortController().signal;
  const info: RunInfo = { voice: opts.voice, languageType: opts.languageType, creditsReserved: 0, total };
  const emit = (s: SpeechState): void => deps.onState(s, { ...info });
  let chunkNo = 0;
  try {
    for (const [i, c] of chunks.entries()) {
      chunkNo = i + 1;
      await speakChunk(c, chunkNo);
    }
    emit({ kind: 'done', total });
  } catch (e) {
    await work.drain();
    if (stopSignal.aborted || isAbort(e)) {
      emit({ kind: 'cancelled' });
      throw e instanceof ApiError && e.kind === 'aborted' ? e : abortError();
    }
    const error = e instanceof Error ? e : new Error(String(e));
    emit({ kind: 'failed', error, chunk: chunkNo || undefined, total });
    throw error;
  }

  async function speakChunk(c: Chunk, chunk: number): Promise<void> {
    if (stopSignal.aborted) throw abortError();
    const voice = opts.voiceFor?.(c.text) || opts.voice;
    info.voice = voice;
    emit({ kind: 'submitting', chunk, total });
    const task = await untilAbort(work.track(deps.client.createSpeechTask(
      { prompt: c.text, voice, languageType: opts.languageType }, stopSignal)), stopSignal);
    info.taskId = task.id;
    const reserved = task.usage?.credits_reserved;
    if (typeof reserved === 'number' && Number.isFinite(reserved)) info.creditsReserved += reserved;
    log(`chunk ${chunk}/${total}: task ${task.id} (${c.text.length} chars, est. ${task.task_info?.estimated_time ?? '?'} s)`);
    emit({ kind: 'queued', chunk, total, taskId: task.id });

    let shown = -1;
    const done: Task = task.status === 'completed' ? task : await pollTask(
      (id, s) => work.track(deps.client.getTask(id, s)),
      task.id,
      {
        estimatedTimeSec: task.task_info?.estimated_time,
        signal: stopSignal,
        timeScale: deps.timeScale,
        clock,
        log,
        onUpdate: (t) => {
          const progress = t.progress ?? 0;
          if (t.status === 'pending' && progress === 0) return;
          if (progress === shown) return;
          shown = progress;
          emit({ kind: 'processing', chunk, total, taskId: task.id, progress });
        },
      },
    );

    const url = findAudioUrl(done, { allowHttp: deps.client.allowHttpAudio ?? false });
    if (!url) {
      throw new ApiError({ kind: 'noAudio', message: 'The task completed without an audio URL.', taskId: task.id });
    }
    emit({ kind: 'downloading', chunk, total, taskId: task.id });
    const audio = await untilAbort(work.track(deps.client.downloadAudio(url, stopSignal)), stopSignal);
    log(`chunk ${chunk}/${total}: ${audio.bytes.length} bytes ${audio.format}` +
      `${audio.durationSec !== undefined ? `, ${audio.durationSec.toFixed(2)} s` : ''}`);
    emit({ kind: 'playing', chunk, total });
    await untilAbort(deps.sink.play(audio, { chunk, total, taskId: task.id }, stopSignal), stopSignal);
  }
}
