// The first Intl.Segmenter a process uses costs 12–20 ms in one call: ICU builds its break-iterator data (and,
// for Chinese and Japanese words, loads its dictionary). That data lives in the process, not in one JavaScript
// thread, so a short-lived worker thread that segments a few samples builds it off the editor's thread; the
// reading's first block then finds it made. Where a worker cannot start, nothing is lost: the first block pays
// as before.
import type { Worker as WorkerType } from 'node:worker_threads';

/** A sentence, some words and a grapheme in each script the reading segments differently. */
const WORKER_CODE = `
const samples = ['The first sentence. The second one, e.g. this.', '我们今天讨论的是一个问题。日本語のテキストです。', 'きょうはぶんしょうをよみます。'];
for (const granularity of ['sentence', 'word', 'grapheme']) {
  for (const locale of ['en', 'zh', 'ja']) for (const s of samples) for (const _ of new Intl.Segmenter(locale, { granularity }).segment(s));
}
require('node:worker_threads').parentPort.postMessage('done');
`;

/** However the worker fares, the reading waits for it no longer than this (ms). */
const LONGEST_WAIT_MS = 1000;

let warming: Promise<void> | undefined;

/** Builds ICU's segmentation data off this thread, once per process; resolves when it is made or given up. */
export function warmSegmenters(): Promise<void> {
  warming ??= new Promise<void>((resolve) => {
    let worker: WorkerType | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      void worker?.terminate().catch(() => undefined);
      worker = undefined;
      resolve();
    };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at activation
      const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
      worker = new Worker(WORKER_CODE, { eval: true });
      worker.unref();
      worker.once('message', done);
      worker.once('error', done);
      worker.once('exit', done);
      timer = setTimeout(done, LONGEST_WAIT_MS);
    } catch {
      done();
    }
  });
  return warming;
}
