// npm run bench, text part (BENCH_ONLY=text): how long preparing a document for reading takes, and the
// longest time the thread is blocked while doing it, for 25K / 100K / 200K documents of each kind that has
// caused trouble: wrapped English Markdown, Chinese and Japanese prose, text with no punctuation, a wide
// table, an HTML page, and a long pronunciation list. Side by side in one run:
// - "whole": the whole document prepared and chunked in one call (what each part cost before documents
//   were read block by block, when every part re-prepared its whole range);
// - "reader": the document source as a reading uses it: the cost question's estimate (prepared in slices
//   between turns of the event loop), then every part handed out one next() at a time, with an edit after
//   the tenth part.
// The longest block is measured from outside: a timer ticker records the longest gap between its turns, i.e.
// the longest stretch no other work (the editor's) could run. A timer fires once per turn of the event loop,
// and the editor's messages are taken once per turn too (they arrive as I/O); a setImmediate ticker, used
// before, counted the end of one turn and the start of the next as one stretch, though the editor's messages
// are handled between them.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { promisify } from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader's resolver, to load a bundle in its place
const Module = require('node:module') as { _resolveFilename: (this: unknown, request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string };
import { chunkPrepared } from '../src/speech/chunker';
import { DocumentSource } from '../src/speech/documentSource';
import { afterEditorTurn } from '../src/speech/slices';
import { SpokenDocument } from '../src/speech/spokenDocument';
import { prepareText, type PrepareOptions } from '../src/speech/textPrep';
import { warmUpReading } from '../src/speech/warmUp';
import { prng } from '../test/fixtures/prng';
import { wrap } from '../test/fixtures/wrap';

const execFileAsync = promisify(execFile);
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

const EN = ('the reader listens while the editor keeps the text in view and every sentence is checked by ear ' +
  'proofreading finds repeated words missing commas awkward phrases and long clauses that lose their thread').split(' ');
const ZH = '我们今天讨论的是一个非常重要的问题如何让编辑器跟随声音逐句朗读文档并且不丢失任何文字'.split('');
const JA = 'きょうはぶんしょうをこえにだしてよみながらまちがいをさがすほうほうについてかんがえますエディタ'.split('');

interface Kind {
  name: string;
  opts: PrepareOptions;
  make(chars: number, seed: number): string;
}

/** Sentences of 10–40 characters drawn from `alphabet`, no spaces, a paragraph break now and then. */
function prose(name: string, alphabet: string[], ends: string[]): Kind {
  return {
    name,
    opts: { languageId: 'plaintext', codeBlocks: 'announce' },
    make(chars, seed) {
      const rnd = prng(seed);
      let s = '';
      while (s.length < chars) {
        for (let i = 0, n = 10 + Math.floor(rnd() * 30); i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
        s += ends[Math.floor(rnd() * ends.length)];
        if (rnd() < 0.1) s += '\n\n';
      }
      return s;
    },
  };
}

const KINDS: Kind[] = [
  {
    name: 'markdown_en',
    opts: { languageId: 'markdown', codeBlocks: 'announce' },
    make(chars, seed) {
      const rnd = prng(seed);
      const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
      const sentence = (): string => {
        const w = Array.from({ length: 8 + Math.floor(rnd() * 14) }, () => pick(EN));
        if (rnd() < 0.3) w.splice(3, 0, `[${pick(EN)} ${pick(EN)}](https://example.com/${pick(EN)})`);
        if (rnd() < 0.2) w.splice(5, 0, `*${pick(EN)}*`);
        if (rnd() < 0.1) w.splice(2, 0, 'Mr. Smith at 7.30');
        const s = w.join(' ');
        return s[0].toUpperCase() + s.slice(1) + pick(['.', '.', '?', '!']);
      };
      const blocks: string[] = [];
      let n = 0;
      while (n < chars) {
        const r = rnd();
        const b = blocks.length % 6 === 0 ? `## ${pick(EN)} ${pick(EN)}`
          : r < 0.7 ? wrap(Array.from({ length: 3 + Math.floor(rnd() * 4) }, sentence).join(' '), 72)
            : Array.from({ length: 4 }, () => `- ${sentence()}`).join('\n');
        blocks.push(b);
        n += b.length + 2;
      }
      return blocks.join('\n\n') + '\n';
    },
  },
  prose('chinese', ZH, ['。', '。', '。', '。', '！']),
  prose('japanese', JA, ['。']),
  {
    name: 'no_punctuation',
    opts: { languageId: 'plaintext', codeBlocks: 'announce' },
    make(chars, seed) {
      const rnd = prng(seed);
      let s = '';
      while (s.length < chars) s += (rnd() < 0.5 ? ZH[Math.floor(rnd() * ZH.length)] : '');
      return s;
    },
  },
  {
    name: 'wide_table',
    opts: { languageId: 'markdown', codeBlocks: 'announce' },
    make(chars) {
      const rows = 5;
      const cols = Math.max(2, Math.floor(chars / rows / 6));
      const row = (p: string) => `|${Array.from({ length: cols }, (_, i) => ` ${p}${i} `).join('|')}|`;
      return [row('h'), `|${'---|'.repeat(cols)}`, ...Array.from({ length: rows - 1 }, (_, r) => row(`r${r}c`))].join('\n') + '\n';
    },
  },
  {
    // A page whose split is a whole-page parse: an edit typed in its text moves the blocks instead.
    name: 'html',
    opts: { languageId: 'html', codeBlocks: 'announce' },
    make(chars, seed) {
      const rnd = prng(seed);
      const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
      const sentence = (): string => {
        const w = Array.from({ length: 8 + Math.floor(rnd() * 14) }, () => pick(EN));
        if (rnd() < 0.3) w.splice(3, 0, `<a href="https://example.com/${pick(EN)}">${pick(EN)} ${pick(EN)}</a>`);
        if (rnd() < 0.2) w.splice(5, 0, `<em>${pick(EN)}</em>`);
        const s = w.join(' ');
        return s[0].toUpperCase() + s.slice(1) + pick(['.', '.', '?', '!']);
      };
      const out = ['<!doctype html><html><head><title>Bench</title></head><body>'];
      let n = 0;
      while (n < chars) {
        const b = out.length % 6 === 0 ? `<h2>${pick(EN)} ${pick(EN)}</h2>`
          : rnd() < 0.7 ? `<p>${Array.from({ length: 3 + Math.floor(rnd() * 4) }, sentence).join('\n')}</p>`
            : `<ul>${Array.from({ length: 4 }, () => `<li>${sentence()}</li>`).join('\n')}</ul>`;
        out.push(b);
        n += b.length + 1;
      }
      return out.join('\n') + '\n</body></html>\n';
    },
  },
  {
    name: 'pronunciations_10k',
    opts: {
      languageId: 'markdown',
      codeBlocks: 'announce',
      pronunciations: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`term${i}`, `term number ${i}`]).concat([['proofreading', 'proof reading']])),
    },
    make(chars, seed) {
      return KINDS[0].make(chars, seed);
    },
  },
];

/**
 * CPU time used so far (ms): this thread's where the runtime can tell it (Node 23.9 and later), else the whole
 * process's (the garbage collector's helper threads included).
 */
const cpuNow: () => number = (() => {
  const thread = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  const read = thread ? () => thread.call(process) : () => process.cpuUsage();
  return () => {
    const u = read();
    return (u.user + u.system) / 1000;
  };
})();
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
const CPU_OF = (process as { threadCpuUsage?: unknown }).threadCpuUsage ? 'this thread' : 'the process';

/**
 * The garbage collector's pauses of the main thread, as the runtime reports them (start and end, ms). The
 * reported times can sit a few milliseconds off the gaps the ticker sees, so what is told apart with them is
 * approximate.
 */
const gcPauses: Array<{ start: number; end: number }> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, end: e.startTime + e.duration });
});
gcObserver.observe({ entryTypes: ['gc'] });

/**
 * A full collection, so that each measurement starts from a collected heap and is not charged for the garbage
 * of the one before it (the whole-document call leaves hundreds of megabytes).
 */
const collect: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => gc();
})();

interface Block {
  /** The longest gap between the ticker's turns, ms, and the CPU time spent in it. */
  longest: number;
  longestCpu: number;
  /** The garbage collector's reported pauses overlapping that gap, ms. */
  longestGc: number;
  /** The longest gap once the collector's reported pauses overlapping each gap are taken out (approximate). */
  longestOwn: number;
  /** The most CPU time spent in one gap (on a busy machine the longest gap is not always the busiest). */
  mostCpu: number;
}

/**
 * Runs `fn` while a timer ticker (one tick per turn of the event loop, at most 1 ms apart when the loop is
 * idle) measures the longest gap between its turns (ms), and the CPU time
 * spent in that gap: a gap far longer than its CPU time was the machine (other processes), not our code. The
 * collector's pauses in each gap are told apart (a PerformanceObserver of 'gc' entries).
 */
async function longestBlock<T>(fn: () => Promise<T>): Promise<Block & { value: T; total: number }> {
  collect();
  const gaps: Array<{ start: number; end: number; cpu: number }> = [];
  let last = performance.now();
  let lastCpu = cpuNow();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const now = performance.now();
    const cpu = cpuNow();
    if (now - last > 2) gaps.push({ start: last, end: now, cpu: cpu - lastCpu });
    last = now;
    lastCpu = cpu;
  };
  const ticking = (): void => {
    tick();
    timer = setTimeout(ticking, 0);
  };
  timer = setTimeout(ticking, 0);
  const firstGc = gcPauses.length;
  const t0 = performance.now();
  const value = await fn();
  const total = performance.now() - t0;
  clearTimeout(timer);
  tick();
  // The observer's entries arrive after the pauses they describe: let them in.
  await new Promise((r) => setTimeout(r, 20));
  const pauses = gcPauses.slice(firstGc);
  const gcIn = (g: { start: number; end: number }): number =>
    pauses.reduce((sum, p) => sum + Math.max(0, Math.min(p.end, g.end) - Math.max(p.start, g.start)), 0);
  let b: Block = { longest: 0, longestCpu: 0, longestGc: 0, longestOwn: 0, mostCpu: 0 };
  for (const g of gaps) {
    const gc = gcIn(g);
    if (g.end - g.start > b.longest) b = { ...b, longest: g.end - g.start, longestCpu: g.cpu, longestGc: gc };
    b.longestOwn = Math.max(b.longestOwn, g.end - g.start - gc);
    b.mostCpu = Math.max(b.mostCpu, g.cpu);
  }
  return { ...b, value, total };
}

/** The longest block, what was in it, and the longest once the collector's pauses are taken out. */
function blockText(b: Block): string {
  return `longest block of the thread ${round(b.longest)} ms (${round(b.longestCpu)} ms CPU of ${CPU_OF}, ${round(b.longestGc)} ms of the collector's reported pauses overlapping it); ` +
    `apart from the collector ${round(b.longestOwn)} ms; the most CPU in one block ${round(b.mostCpu)} ms`;
}

async function benchKind(kind: Kind, chars: number): Promise<void> {
  const text = kind.make(chars, chars);
  const label = `text ${kind.name} ${Math.round(chars / 1000)}k`;
  // Whole document in one call (once; before, every part paid this).
  const whole = await longestBlock(async () => chunkPrepared(prepareText(text, kind.opts)).length);
  // The reader: estimate in slices, then each part as the pipeline asks for it (one per turn), an edit midway.
  let current = text;
  let version = 0;
  const reader = await longestBlock(async () => {
    const src = new DocumentSource(() => ({ version, closed: false, getText: () => current }), [{ start: 0, end: Infinity }], 0, kind.opts);
    const estimate = await src.estimate();
    let parts = 0;
    let longestNext = 0;
    for (;;) {
      const t = performance.now();
      const c = src.next();
      longestNext = Math.max(longestNext, performance.now() - t);
      if (!c) break;
      if (++parts === 10) {
        const at = Math.min(current.length, c.end + 200);
        current = `${current.slice(0, at)} edited ${current.slice(at)}`;
        version++;
        src.applyEdit([{ rangeOffset: at, rangeLength: 0, textLength: 8 }]);
      }
      await turn();
    }
    src.dispose();
    return { parts, estimated: estimate.tasks, longestNext };
  });
  // One word typed in the middle of the text (after a letter), as the document updates for it: the median of 5.
  const doc = new SpokenDocument(kind.opts);
  let edited = text;
  doc.update(edited);
  const costs: number[] = [];
  for (let k = 0; k < 5; k++) {
    const from = Math.floor(edited.length * (0.3 + 0.1 * k));
    const m = /\p{L}(?=[\p{L} ])/u.exec(edited.slice(from));
    const at = from + (m ? m.index + 1 : 0);
    edited = `${edited.slice(0, at)}x${edited.slice(at)}`;
    const t = performance.now();
    doc.update(edited);
    costs.push(performance.now() - t);
  }
  costs.sort((a, b) => a - b);
  if (kind.name === 'html') await markupTyped(label, text);
  console.log(`${label}: a letter typed in the text: the split follows in ${round(costs[2])} ms (median of 5; blocks moved, not split again, ${doc.movedSplits} of 5)`);
  console.log(`${label}: whole-document call ${round(whole.total)} ms (${whole.value} parts; before, each part's next() cost this)`);
  console.log(`${label}: reader total ${round(reader.total)} ms for ${reader.value.parts} parts (estimate ${reader.value.estimated}), longest next() ${round(reader.value.longestNext)} ms, ${blockText(reader)}`);
}

/**
 * Markup typed into a page while it is read (`<em>` … `</em>` into a paragraph half-way down, a word per turn),
 * then the next part asked for once the split has caught up: the longest block of the thread meanwhile.
 */
async function markupTyped(label: string, text: string): Promise<void> {
  let current = text;
  let version = 0;
  const src = new DocumentSource(() => ({ version, closed: false, getText: () => current }), [{ start: 0, end: Infinity }], 0, KINDS.find((k) => k.name === 'html')!.opts);
  await src.estimate();
  src.next();
  const r = await longestBlock(async () => {
    let at = text.indexOf('<p>', text.length / 2) + 3;
    for (const piece of ['<em>', 'typed ', 'here.</em> ']) {
      current = `${current.slice(0, at)}${piece}${current.slice(at)}`;
      version++;
      src.applyEdit([{ rangeOffset: at, rangeLength: 0, textLength: piece.length }]);
      at += piece.length;
      await turn();
    }
    const started = performance.now();
    while ((src as unknown as { splitting: boolean }).splitting) await turn();
    const caughtUp = performance.now() - started;
    src.next();
    return caughtUp;
  });
  src.dispose();
  // Before: the next part split the edited page in one call.
  const once = new SpokenDocument(KINDS.find((k) => k.name === 'html')!.opts);
  const [t, c] = [performance.now(), cpuNow()];
  once.update(current);
  const [oneCall, oneCallCpu] = [performance.now() - t, cpuNow() - c];
  console.log(`${label}: markup typed while it is read: split again in slices, caught up ${round(r.value)} ms after the last keystroke; ${blockText(r)}; before, the next part split the page in one call of ${round(oneCall)} ms (${round(oneCallCpu)} ms CPU)`);
}

/**
 * In this process, fresh: the longest block of the thread while a session's first block of `kindName` is
 * prepared and cut into parts (a wrapped Markdown paragraph; 1,500 characters of unpunctuated Chinese, cut at words by ICU's
 * dictionary). `cold`: in one call, parser and ICU data loading included (what the first part paid before);
 * `warm`: after the warm-up a reading now starts with (ICU's data built by a worker thread, the parser loaded
 * and tried a step per turn).
 */
async function firstBlock(kindName: string, mode: string): Promise<void> {
  // The parser and the aligner as the packaged extension loads them: their bundles (dist/markdown.js and
  // dist/align.js, from `npm run compile`), not the many files tsc's output would require one by one.
  const bundles: Array<[string, string, string]> = [['./markdown', path.join('speech', 'textPrep.js'), 'markdown.js'], ['./align', path.join('audio', 'aligner.js'), 'align.js']];
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) {
    for (const [name, from, bundle] of bundles) {
      const file = path.join(__dirname, '..', '..', 'dist', bundle);
      if (request === name && parent?.filename?.endsWith(from) && fs.existsSync(file)) return file;
    }
    return resolve.call(this, request, parent, ...rest);
  };
  const kind = KINDS.find((k) => k.name === kindName)!;
  const text = kind.make(25_000, 25_000);
  const paragraph = kindName === 'markdown_en' ? text.slice(0, text.indexOf('\n\n', 200)) : text.slice(0, 1500);
  const r = await longestBlock(async () => {
    // As a reading starts (DocumentSource.prepareSplit): the warm-up a step per turn, then the first block.
    if (mode === 'warm') {
      await warmUpReading(kind.opts.languageId, afterEditorTurn);
    }
    // Prepared and cut into parts, as the first part is (the unpunctuated block is cut at words).
    chunkPrepared(prepareText(paragraph, kind.opts));
  });
  console.log(JSON.stringify({ longest: r.longest, longestCpu: r.longestCpu }));
}

/** Runs `firstBlock(kindName, mode)` in a fresh Node process (nothing loaded or compiled yet); the median of 5. */
async function freshProcess(kindName: string, mode: string): Promise<{ longest: number; longestCpu: number }> {
  const runs: Array<{ longest: number; longestCpu: number }> = [];
  for (let i = 0; i < 5; i++) {
    const { stdout } = await execFileAsync(process.execPath, [__filename, '--first-block', kindName, mode]);
    runs.push(JSON.parse(stdout.trim().split('\n').pop()!));
  }
  runs.sort((a, b) => a.longest - b.longest);
  return runs[2];
}

export async function benchText(): Promise<void> {
  for (const [kindName, what] of [['markdown_en', 'Markdown paragraph'], ['no_punctuation', 'block of unpunctuated Chinese']]) {
    const cold = await freshProcess(kindName, 'cold');
    const warm = await freshProcess(kindName, 'warm');
    console.log(`text a session's first ${what} (fresh process, median of 5): longest block of the thread ${round(cold.longest)} ms (${round(cold.longestCpu)} ms CPU) in one call, loading included; ${round(warm.longest)} ms (${round(warm.longestCpu)} ms CPU) after the warm-up a reading starts with`);
  }
  // Warm the parsers and segmenters once, so the first kind does not pay for the JIT alone.
  prepareText(KINDS[0].make(5000, 1), KINDS[0].opts);
  // BENCH_TEXT=chinese,wide_table runs only those kinds.
  const only = process.env.BENCH_TEXT?.split(',');
  for (const kind of KINDS.filter((k) => !only || only.includes(k.name))) {
    for (const chars of [25_000, 100_000, 200_000]) await benchKind(kind, chars);
  }
}

if (require.main === module && process.argv[2] === '--first-block') void firstBlock(process.argv[3], process.argv[4]);
