// npm run bench: the reading pipeline (the vscode-free core) against the in-process simulator and its latency
// model, with a playback clock that consumes every clip in real time at the simulator's time scale, side by
// side with two baselines built from the same core: "all chunks, then play" and "fetch one ahead". One line
// per figure, each ending in the figure. Times are in simulated milliseconds (real ÷ time scale). Memory is
// the whole process (the in-process simulator and its audio store included); RSS is a high-water mark.
// BENCH_ONLY=text|align (or --only text|align|…)|6k|6k_slow|60k|100k|first runs one part (text: preparing documents for reading, benchText.ts; align: the word aligner against eSpeak's own word times, benchAlign.ts); BENCH_SCALE_6K / _SLOW / _60K / _100K / _FIRST change the time scales.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EvolinkClient } from '../src/api/client';
import { AudioCache } from '../src/speech/cache';
import { chunkPrepared, type SourceChunk } from '../src/speech/chunker';
import { listSource, PollPlanner, ReadingPipeline, synthesizeAll, type Clip, type ClipSink, type PipelineStats } from '../src/speech/pipeline';
import { activeWork } from '../src/speech/work';
import { prepareText } from '../src/speech/textPrep';
import { espeakVoice, synthesize } from '../test/simulator/audio';
import { startSimulator, type LatencyModel, type Simulator } from '../test/simulator/server';
import { PROGRESS_MODELS, type ProgressModel, type RequestRecord } from '../test/simulator/types';

interface FirstAudioRow { progress: ProgressModel; cold: number; learned: number; polls: number }
import { DEFAULT_LATENCY } from '../test/simulator/tasks';
import { prng } from '../test/fixtures/prng';
import { benchAlign } from './benchAlign';
import { benchText } from './benchText';
import { NODE24 } from '../test/harness/paths';

const LANGUAGE = 'English' as const;
/** Chunks whose eSpeak audio is made before each run (the ones first audio depends on); at most WARM_BYTES. */
const WARM_CHUNKS = 10;
const WARM_BYTES = 40 * 1024 * 1024;

// ---------- a deterministic Markdown document ----------

const WORDS = ('the reader listens while the editor keeps the text in view and every sentence is checked by ear ' +
  'proofreading finds repeated words missing commas awkward phrases and long clauses that lose their thread ' +
  'a careful voice reads each paragraph slowly so small mistakes become audible before the draft goes out ' +
  'chapters sections notes figures tables examples references drafts revisions comments authors editors').split(' ');

/** A Markdown document of about `chars` characters: headings, paragraphs, lists, links, a table, code blocks. */
export function makeDocument(chars: number, seed: number): string {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const sentence = (): string => {
    const n = 8 + Math.floor(rnd() * 14);
    const w = Array.from({ length: n }, () => pick(WORDS));
    if (rnd() < 0.3) w.splice(3, 0, `[${pick(WORDS)} ${pick(WORDS)}](https://example.com/${pick(WORDS)})`);
    if (rnd() < 0.2) w.splice(5, 0, `**${pick(WORDS)}**`);
    const s = w.join(' ');
    return s[0].toUpperCase() + s.slice(1) + pick(['.', '.', '.', '?', '!']);
  };
  const blocks: string[] = [];
  let n = 0;
  let section = 0;
  while (n < chars) {
    let b: string;
    const r = rnd();
    if (blocks.length % 7 === 0) b = `${section++ === 0 ? '#' : '##'} ${pick(WORDS)} ${pick(WORDS)} ${section}`;
    else if (r < 0.6) b = Array.from({ length: 3 + Math.floor(rnd() * 4) }, sentence).join(' ');
    else if (r < 0.8) b = Array.from({ length: 3 + Math.floor(rnd() * 3) }, () => `- ${sentence()}`).join('\n');
    else if (r < 0.9) b = `\`\`\`ts\nconst ${pick(WORDS)} = ${Math.floor(rnd() * 100)};\nexport default ${pick(WORDS)};\n\`\`\``;
    else b = `| Part | Words |\n|---|---|\n${Array.from({ length: 3 }, () => `| ${pick(WORDS)} | ${Math.floor(rnd() * 900)} |`).join('\n')}`;
    blocks.push(b);
    n += b.length + 2;
  }
  return blocks.join('\n\n') + '\n';
}

// ---------- measuring ----------

interface Playback {
  firstAudioMs?: number;
  stallMs: number;
  clips: number;
}

/** Plays each clip for its WAV duration × time scale; counts how long the listener waited for the next one. */
class ClockSink implements ClipSink {
  readonly result: Playback = { stallMs: 0, clips: 0 };
  private lastEnd?: number;
  private readonly ready = new Map<number, number>();
  constructor(private readonly t0: number, private readonly scale: number) {}

  markReady(index: number): void {
    this.ready.set(index, performance.now());
  }

  play(clip: Clip, signal: AbortSignal): Promise<void> {
    const now = performance.now();
    if (this.result.firstAudioMs === undefined) this.result.firstAudioMs = now - this.t0;
    else if (this.lastEnd !== undefined) {
      // The listener waited from the end of the last clip until this one's audio was there.
      const readyAt = this.ready.get(clip.index) ?? now;
      this.result.stallMs += Math.max(0, readyAt - this.lastEnd);
    }
    this.result.clips++;
    const ms = (clip.audio.durationSec ?? 0) * 1000 * this.scale;
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        this.lastEnd = performance.now();
        resolve();
      }, ms);
      const onAbort = (): void => { clearTimeout(t); reject(new Error('stopped')); };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

class MemoryPeak {
  rss = 0;
  heap = 0;
  private timer?: NodeJS.Timeout;
  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), 25);
    return this;
  }
  sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heap = Math.max(this.heap, m.heapUsed + m.arrayBuffers);
  }
  stop(): this {
    this.sample();
    clearInterval(this.timer);
    return this;
  }
}

interface Outcome {
  playback: Playback;
  tasks: number;
  polls: number;
  credits: number;
  mem: MemoryPeak;
  stats?: PipelineStats;
}

/** Modelled synthesis time of one chunk in simulated ms (queue + base + per code point), the simulator's latency model. */
const modelledMs = (text: string, l: LatencyModel = DEFAULT_LATENCY): number =>
  1000 * (l.queueSec + l.ttsBaseSec + Array.from(text).length * l.ttsPerCharSec);

function simCounts(sim: Simulator): { tasks: number; polls: number } {
  return {
    tasks: sim.requests.filter((r) => r.method === 'POST' && r.status === 200).length,
    polls: sim.requests.filter((r) => r.method === 'GET' && r.origin === 'api' && r.path.startsWith('/v1/tasks/')).length,
  };
}

type Strategy = 'pipeline' | 'one_ahead' | 'all_then_play';

async function runStrategy(
  strategy: Strategy, chunks: SourceChunk[], sim: Simulator, voice: string, scale: number, cache?: AudioCache,
): Promise<Outcome> {
  // Warm the simulator's eSpeak cache for this run's first chunks (an earlier run may have evicted them).
  await warm(chunks, 'en');
  sim.reset();
  const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: scale });
  const t0 = performance.now();
  const sink = new ClockSink(t0, scale);
  const mem = new MemoryPeak().start();
  const signal = new AbortController().signal;
  let stats: PipelineStats | undefined;
  const onClip = (e: { kind: string; index: number }): void => { if (e.kind === 'ready') sink.markReady(e.index); };
  if (strategy === 'all_then_play') {
    // Every chunk synthesized first (one task at a time, as such extensions do). First audio is when the last
    // clip arrived; nothing can stall once everything is in memory, so the clips are not replayed in real time.
    const audio = await synthesizeAll(listSource(chunks), { client, onState: () => undefined, timeScale: scale },
      { voice, languageType: LANGUAGE, maxParallel: 1 }, signal);
    sink.result.firstAudioMs = performance.now() - t0;
    sink.result.clips = audio.length;
  } else {
    const p = new ReadingPipeline(
      { client, sink, cache, onState: () => undefined, onClip, timeScale: scale },
      strategy === 'pipeline'
        ? { voice, languageType: LANGUAGE, maxParallel: 3 }
        // Fetch one ahead: one task at a time, at most the playing chunk and the next one.
        : { voice, languageType: LANGUAGE, maxParallel: 1, lookahead: 2 },
    );
    await p.run(listSource(chunks), signal);
    stats = p.stats;
  }
  mem.stop();
  const c = simCounts(sim);
  const credits = sim.tasks().reduce((n, t) => n + (t.creditsReserved ?? 0), 0);
  return { playback: sink.result, tasks: c.tasks, polls: c.polls, credits, mem, stats };
}

/**
 * Fills the simulator's eSpeak cache (serial, ~150–300 ms real per new text, LRU 64 MiB) for a run's chunks
 * in reading order, as far as WARM_BYTES allows; returns how many chunks are warm.
 */
async function warm(chunks: SourceChunk[], voiceLanguage: string): Promise<number> {
  let bytes = 0;
  let warmed = 0;
  for (const c of chunks.slice(0, WARM_CHUNKS)) {
    const wav = await synthesize(c.text, espeakVoice(c.text, LANGUAGE, voiceLanguage));
    bytes += wav.length;
    if (bytes > WARM_BYTES) break;
    warmed++;
  }
  return warmed;
}

const round = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : 'NaN');
const mb = (b: number): string => (b / (1024 * 1024)).toFixed(1);

interface Scenario {
  /** Latency model of the simulator; default its own. */
  latency?: LatencyModel;
  strategies?: Strategy[];
  secondRun?: boolean;
}

async function benchDocument(label: string, chars: number, seed: number, scale: number, sc: Scenario = {}): Promise<void> {
  const latency = sc.latency ?? DEFAULT_LATENCY;
  const strategies = sc.strategies ?? ['pipeline', 'one_ahead', 'all_then_play'];
  const md = makeDocument(chars, seed);
  const prepared = prepareText(md, { languageId: 'markdown', codeBlocks: 'announce' });
  const ramped = chunkPrepared(prepared);
  const plain = chunkPrepared(prepared, { ramp: false });
  const sim = await startSimulator({ timeScale: scale, latency });
  const voice = sim.designVoice({ preferredName: 'bench', language: 'en' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evolink-bench-'));
  try {
    const warmRamped = await warm(ramped, 'en');
    const warmPlain = await warm(plain, 'en');
    const sorted = plain.map((c) => modelledMs(c.text, latency)).sort((a, b) => a - b);
    const oneChunkMs = sorted[Math.floor(sorted.length / 2)];
    console.log(`# ${label}: ${md.length} source chars, ${prepared.spoken.length} spoken, ${ramped.length} chunks (pipeline, ramped) / ${plain.length} (baselines); time scale ${scale}`);
    console.log(`# one chunk's synthesis (latency model ${latency.queueSec} s + ${latency.ttsBaseSec} s + ${round(latency.ttsPerCharSec, 4)} s/char, median ${label} chunk): ${Math.round(oneChunkMs)} ms simulated; simulator eSpeak cache warmed before each run for the first ${warmRamped} of ${ramped.length} (pipeline) / ${warmPlain} of ${plain.length} (baselines) chunks; the rest pay eSpeak's ~150–300 ms real each, serially, inside the measured runs`);
    const cache = new AudioCache(dir, 1024 * 1024 * 1024);
    const results: Array<[Strategy, Outcome, SourceChunk[]]> = [];
    for (const st of strategies) {
      const list = st === 'pipeline' ? ramped : plain;
      results.push([st, await runStrategy(st, list, sim, voice, scale, st === 'pipeline' ? cache : undefined), list]);
    }
    for (const [name, o, chunks] of results) {
      const ttfa = (o.playback.firstAudioMs ?? NaN) / scale;
      console.log(`${label} ${name} time_to_first_audio_ms ${Math.round(ttfa)}`);
      console.log(`${label} ${name} time_to_first_audio_ratio ${round(ttfa / oneChunkMs)}`);
      console.log(`${label} ${name} time_to_first_audio_ratio_vs_own_first_chunk ${round(ttfa / modelledMs(chunks[0].text, latency))}`);
      console.log(`${label} ${name} stall_ms ${Math.round(o.playback.stallMs / scale)}`);
      console.log(`${label} ${name} clips_played ${o.playback.clips}`);
      console.log(`${label} ${name} polls_per_task ${round(o.polls / Math.max(1, o.tasks))}`);
      console.log(`${label} ${name} chunks ${chunks.length}`);
      console.log(`${label} ${name} tasks ${o.tasks}`);
      if (o.stats) console.log(`${label} ${name} max_tasks_in_flight ${o.stats.maxInFlight}`);
      console.log(`${label} ${name} credits ${round(o.credits)}`);
      console.log(`${label} ${name} peak_rss_mb ${mb(o.mem.rss)}`);
      console.log(`${label} ${name} peak_heap_mb ${mb(o.mem.heap)}`);
    }
    if (sc.secondRun === false) return;
    // The same text again, through the same cache: playback not timed (nothing to synthesize).
    sim.reset();
    const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: scale });
    const again = new ReadingPipeline(
      { client, cache, sink: { play: async () => undefined }, onState: () => undefined, timeScale: scale },
      { voice, languageType: LANGUAGE, maxParallel: 3 },
    );
    await again.run(listSource(ramped), new AbortController().signal);
    const c = simCounts(sim);
    console.log(`${label} pipeline second_run_cache_hits ${again.stats.cacheHits}`);
    console.log(`${label} pipeline second_run_tasks ${c.tasks}`);
    console.log(`${label} pipeline second_run_credits ${round(sim.tasks().reduce((n, t) => n + (t.creditsReserved ?? 0), 0))}`);
  } finally {
    await sim.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The simulator as its own process (`npm run simulator`), so this process's memory is the pipeline's alone. */
async function spawnSimulator(scale: number): Promise<{ baseUrl: string; key: string; voice: string; child: ChildProcess; requests(): Promise<RequestRecord[]> }> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'test', 'simulator', 'cli.js'), '--time-scale', String(scale), '--seed-voice', 'bench_load', '--quiet'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Evolink simulator: (\S+) key (\S+)\nvoice (\S+)\n/.exec(out);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}): ${out}`)));
  });
  const [, baseUrl, key, voice] = ready;
  return {
    baseUrl, key, voice, child,
    requests: async () => (await (await fetch(`${baseUrl}/__sim/requests`)).json()) as RequestRecord[],
  };
}

/**
 * The load figures for a 100,000-character document through the pipeline (maxParallelTasks 3), with the
 * simulator in its own process: tasks against chunks, the most tasks in flight at once, this process's peak
 * memory over a whole reading (clips consumed at the scaled playback speed), and how long Stop takes in the
 * middle of a reading (abort → run settled and activeWork() 0). At this time scale the simulator's serial
 * eSpeak work (~150–300 ms real per chunk) is longer than the scaled playback, so stall is not printed.
 */
async function benchLoad(label: string, chars: number, seed: number, scale: number): Promise<void> {
  const md = makeDocument(chars, seed);
  const prepared = prepareText(md, { languageId: 'markdown', codeBlocks: 'announce' });
  const chunks = chunkPrepared(prepared);
  const sim = await spawnSimulator(scale);
  const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.key, timeScale: scale });
  const posts = async (): Promise<number> => (await sim.requests()).filter((r) => r.method === 'POST' && r.status === 200).length;
  try {
    console.log(`# ${label} load: ${md.length} source chars, ${prepared.spoken.length} spoken, ${chunks.length} chunks; time scale ${scale}; maxParallelTasks 3; simulator in its own process`);
    const mem = new MemoryPeak().start();
    const sink = new ClockSink(performance.now(), scale);
    const p = new ReadingPipeline({ client, sink, timeScale: scale, onState: () => undefined }, { voice: sim.voice, languageType: LANGUAGE, maxParallel: 3 });
    await p.run(listSource(chunks), new AbortController().signal);
    mem.stop();
    const all = await sim.requests();
    const tasks = all.filter((r) => r.method === 'POST' && r.status === 200).length;
    const polls = all.filter((r) => r.method === 'GET' && r.origin === 'api' && r.path.startsWith('/v1/tasks/')).length;
    console.log(`${label} load chunks ${chunks.length}`);
    console.log(`${label} load tasks ${tasks}`);
    console.log(`${label} load max_tasks_in_flight ${p.stats.maxInFlight}`);
    console.log(`${label} load polls_per_task ${round(polls / Math.max(1, tasks))}`);
    console.log(`${label} load clips_played ${sink.result.clips}`);
    console.log(`${label} load peak_rss_mb ${mb(mem.rss)}`);
    console.log(`${label} load peak_heap_mb ${mb(mem.heap)}`);
    // Stop in the middle: when the fifth clip starts playing.
    const before = await posts();
    const stop = new AbortController();
    let played = 0;
    let stoppedAt = 0;
    const again = new ReadingPipeline({
      client, timeScale: scale, onState: () => undefined,
      sink: {
        play: (_clip, signal) => new Promise<void>((resolve, reject) => {
          if (++played === 5) {
            stoppedAt = performance.now();
            stop.abort();
          }
          if (signal.aborted) return reject(new Error('stopped'));
          const onAbort = (): void => { clearTimeout(t); reject(new Error('stopped')); };
          const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, 20);
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      },
    }, { voice: sim.voice, languageType: LANGUAGE, maxParallel: 3 });
    await again.run(listSource(chunks), stop.signal).catch(() => undefined);
    while (activeWork() > 0) await new Promise((r) => setTimeout(r, 1));
    const stopMs = performance.now() - stoppedAt;
    const atStop = await posts();
    await new Promise((r) => setTimeout(r, 300));
    console.log(`${label} load stop_to_idle_ms ${round(stopMs, 1)}`);
    console.log(`${label} load tasks_before_stop ${atStop - before}`);
    console.log(`${label} load tasks_created_after_stop ${(await posts()) - atStop}`);
  } finally {
    sim.child.kill('SIGTERM');
    await new Promise((r) => sim.child.once('exit', r));
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Time to first audio on its own, at a time scale where real HTTP milliseconds barely count (1 ms real = 1/scale
 * ms simulated; the full runs above use 0.008–0.02, where every real millisecond counts 50–125). The pipeline
 * starts the document and is stopped as soon as its first clip plays; no cache. Twice: "cold", a poll planner
 * that has learned nothing (the very first reading), and "learned", a planner that has seen one earlier
 * reading (every later reading: the extension keeps the learned timing in globalState across sessions).
 */
async function benchFirstAudio(label: string, chars: number, seed: number, scale: number, reps: number, progress: ProgressModel = 'linear'): Promise<FirstAudioRow> {
  const md = makeDocument(chars, seed);
  const chunks = chunkPrepared(prepareText(md, { languageId: 'markdown', codeBlocks: 'announce' }));
  const plain = chunkPrepared(prepareText(md, { languageId: 'markdown', codeBlocks: 'announce' }), { ramp: false });
  const sorted = plain.map((c) => modelledMs(c.text)).sort((a, b) => a - b);
  const oneChunkMs = sorted[Math.floor(sorted.length / 2)];
  const ownMs = modelledMs(chunks[0].text);
  // estimated_time grows with the text (and runs long: progress that follows it lags the work).
  // Speech as tones (simulator speechAudio 'tone'): eSpeak's CPU would hold tasks back past the latency model's end
  // on a busy machine, and what the clip says does not matter here.
  const sim = await startSimulator({ timeScale: scale, progress, speechAudio: 'tone', latency: { estimatedTts: 2, estimatedTtsPerCharSec: 1 / 30 } });
  try {
    const voice = sim.designVoice({ preferredName: 'bench_first', language: 'en' });
    const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: scale });
    // An earlier reading of another text, synthesized (not played), teaches the planner.
    const learned = new PollPlanner();
    const earlier = chunkPrepared(prepareText(makeDocument(1500, seed + 1), { languageId: 'markdown', codeBlocks: 'announce' }));
    await new ReadingPipeline({ client, sink: { play: async () => undefined }, onState: () => undefined, timeScale: scale, planner: learned },
      { voice, languageType: LANGUAGE, maxParallel: 3 }).run(listSource(earlier), new AbortController().signal);
    // Polls per task once learned: another document, synthesized with the learned timing.
    const later = chunkPrepared(prepareText(makeDocument(1500, seed + 2), { languageId: 'markdown', codeBlocks: 'announce' }));
    const afterLearning = new PollPlanner(learned.learned());
    const laterRun = new ReadingPipeline({ client, sink: { play: async () => undefined }, onState: () => undefined, timeScale: scale, planner: afterLearning },
      { voice, languageType: LANGUAGE, maxParallel: 3 });
    await laterRun.run(listSource(later), new AbortController().signal);
    const measure = async (planner: PollPlanner): Promise<{ ms: number; polls: number; at: number[] }> => {
      sim.reset();
      const stop = new AbortController();
      const t0 = performance.now();
      let first = NaN;
      const p = new ReadingPipeline({
        client, planner, timeScale: scale, onState: () => undefined,
        sink: { play: async () => { first = performance.now() - t0; stop.abort(); } },
      }, { voice, languageType: LANGUAGE, maxParallel: 3 });
      await p.run(listSource(chunks), stop.signal).catch(() => undefined);
      const firstTask = sim.tasks().find((t) => t.prompt === chunks[0].text)?.id;
      const gets = sim.requests.filter((r) => r.method === 'GET' && r.origin === 'api' && firstTask && r.path.endsWith(firstTask));
      const created = sim.requests.find((r) => r.method === 'POST' && r.taskId === firstTask)?.time ?? NaN;
      return { ms: first / scale, polls: gets.length, at: gets.map((r) => Math.round((r.time - created) / scale)) };
    };
    const cold: Array<{ ms: number; polls: number; at: number[] }> = [];
    const warmRuns: Array<{ ms: number; polls: number; at: number[] }> = [];
    for (let i = 0; i < reps; i++) {
      cold.push(await measure(new PollPlanner()));
      warmRuns.push(await measure(new PollPlanner(learned.learned())));
    }
    console.log(`# ${label} first audio alone, progress ${progress}: time scale ${scale}, median of ${reps}; first chunk ${Array.from(chunks[0].text).length} chars, modelled synthesis ${Math.round(ownMs)} ms; median chunk ${Math.round(oneChunkMs)} ms`);
    // Figures under the default (linear) progress keep their names; other models add theirs.
    const tag = progress === 'linear' ? label : `${label}_${progress}`;
    for (const [name, runs] of [['cold', cold], ['learned', warmRuns]] as const) {
      const ms = median(runs.map((r) => r.ms));
      console.log(`${tag} first_audio_${name} time_to_first_audio_ms ${Math.round(ms)}`);
      console.log(`${tag} first_audio_${name} time_to_first_audio_ratio ${round(ms / oneChunkMs)}`);
      console.log(`${tag} first_audio_${name} time_to_first_audio_ratio_vs_own_first_chunk ${round(ms / ownMs)}`);
      console.log(`${tag} first_audio_${name} polls_of_first_task ${round(median(runs.map((r) => r.polls)), 0)}`);
      console.log(`#   ${name} runs (first audio ms: the first task's polls, ms after its creation): ${runs.map((r) => `${Math.round(r.ms)}: ${r.at.join(' ')}`).join('; ')}`);
    }
    console.log(`${tag} learned polls_per_task ${round(laterRun.stats.polls / Math.max(1, laterRun.stats.tasks))}`);
    return {
      progress, cold: median(cold.map((r) => r.ms)) / ownMs, learned: median(warmRuns.map((r) => r.ms)) / ownMs,
      polls: laterRun.stats.polls / Math.max(1, laterRun.stats.tasks),
    };
  } finally {
    await sim.close();
  }
}

/** One untimed run first, so JIT compilation and connection set-up are not charged to the first strategy. */
async function warmUpProcess(): Promise<void> {
  const sim = await startSimulator({ timeScale: 0.01 });
  try {
    const voice = sim.designVoice({ preferredName: 'warmup', language: 'en' });
    const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: 0.01 });
    const chunks = chunkPrepared(prepareText(makeDocument(800, 1), { languageId: 'markdown', codeBlocks: 'announce' }));
    await new ReadingPipeline({ client, sink: { play: async () => undefined }, onState: () => undefined, timeScale: 0.01 },
      { voice, languageType: LANGUAGE, maxParallel: 3 }).run(listSource(chunks), new AbortController().signal);
  } finally {
    await sim.close();
  }
}

async function main(): Promise<void> {
  // Run on the Node the editor tests run VS Code's server, and so the extension host, on (installed under
  // .tools by the editor tiers), which also tells the main thread's own CPU time. BENCH_NODE=current keeps
  // the Node this was started with.
  if (process.env.BENCH_NODE !== 'current' && !('threadCpuUsage' in process) && existsSync(NODE24)) {
    console.log(`# ${process.version} started the bench; running it on the editor tests' Node (${NODE24}); BENCH_NODE=current keeps ${process.version}`);
    const r = spawnSync(NODE24, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, BENCH_NODE: 'current' } });
    process.exit(r.status ?? 1);
  }
  const t0 = Date.now();
  // `--only text` (as `npm test` runs it) or BENCH_ONLY=text.
  const flag = process.argv.indexOf('--only');
  const only = flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_ONLY;
  const scale6 = Number(process.env.BENCH_SCALE_6K ?? 0.02);
  const scale60 = Number(process.env.BENCH_SCALE_60K ?? 0.008);
  const scaleSlow = Number(process.env.BENCH_SCALE_SLOW ?? 0.01);
  const scale100 = Number(process.env.BENCH_SCALE_100K ?? 0.01);
  const scaleFirst = Number(process.env.BENCH_SCALE_FIRST ?? 0.5);
  const repsFirst = Number(process.env.BENCH_REPS_FIRST ?? 7);
  console.log(`# npm run bench — Node ${process.version}, ${os.cpus().length} CPUs; simulator latency model: queue ${DEFAULT_LATENCY.queueSec} s + ${DEFAULT_LATENCY.ttsBaseSec} s + ${round(DEFAULT_LATENCY.ttsPerCharSec, 4)} s/char`);
  // The load figures first, before any in-process simulator (its eSpeak engine and audio store) has grown this
  // process's heap; the same figures for a tenth of the text first: a peak that does not grow with the document
  // is bounded.
  if (!only || only === 'text') await benchText();
  if (!only || only === '100k') {
    await benchLoad('10k', 10000, 10, scale100);
    await benchLoad('100k', 100000, 100, scale100);
  }
  if (!only || only === 'align') await benchAlign();
  await warmUpProcess();
  if (!only || only === '6k') await benchDocument('6k', 6000, 6, scale6);
  // A service slower than speech per task (a 600-character chunk takes ~42 s for ~32 s of audio): fetching
  // one ahead must stall; three tasks in parallel keep up once the first chunks are out.
  const slow: LatencyModel = { ...DEFAULT_LATENCY, ttsPerCharSec: 1 / 15 };
  if (!only || only === '6k_slow') {
    await benchDocument('6k_slow', 6000, 6, scaleSlow, { latency: slow, strategies: ['pipeline', 'one_ahead'], secondRun: false });
  }
  if (!only || only === '60k') await benchDocument('60k', 60000, 60, scale60);
  if (!only || only === 'first') {
    // Under every progress model (test/simulator ProgressModel), side by side.
    const rows: FirstAudioRow[] = [];
    for (const model of PROGRESS_MODELS) {
      rows.push(await benchFirstAudio('6k', 6000, 6, scaleFirst, repsFirst, model));
      rows.push(await benchFirstAudio('60k', 60000, 60, scaleFirst, repsFirst, model));
    }
    console.log('# first audio ÷ the first chunk\'s own synthesis time, and polls per task once learned, by progress model');
    console.log(`# ${'progress'.padEnd(9)} ${'cold'.padStart(6)} ${'learned'.padStart(8)} ${'polls'.padStart(6)}`);
    for (const r of rows) console.log(`# ${r.progress.padEnd(9)} ${r.cold.toFixed(2).padStart(6)} ${r.learned.toFixed(2).padStart(8)} ${r.polls.toFixed(2).padStart(6)}`);
  }
  console.log(`# bench took ${round((Date.now() - t0) / 1000, 1)} s; activeWork() after: ${activeWork()}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
