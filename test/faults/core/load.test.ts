// The fault suite's core tier, load and sockets ("Load" and "no socket left"): the reading pipeline
// on a 100,000-character Markdown document against the simulator over real HTTP, through the extension's own
// connection pool. Concurrency stays within maxParallel (the pipeline's stats and the simulator's record),
// the pipeline holds at most `lookahead` clips, Stop ends everything, no task is created for a chunk the
// pipeline was not handed, and every socket closes.
import * as assert from 'node:assert/strict';
import { chunkPrepared, type SourceChunk } from '../../../src/speech/chunker';
import { ReadingPipeline, type ChunkSource, type ClipSink } from '../../../src/speech/pipeline';
import { prepareText } from '../../../src/speech/textPrep';
import { activeWork } from '../../../src/speech/work';
import { LOAD_CHARS, loadDocument, maxTasksInFlight } from '../load';
import { assertNoSocketBusy, assertSocketsClose, waitConnections } from './connections';
import { useCoreFixture } from './fixture';

const SCALE = 0.01;
const MAX_PARALLEL = 3;
/** The pipeline's default window (2 × maxParallel). */
const LOOKAHEAD = 2 * MAX_PARALLEL;
/** Clips played before Stop: the window fills while the first plays, then slides a few times. */
const PLAY_BEFORE_STOP = 9;
const SPEECH = '/v1/audios/generations';
/** Real milliseconds one clip "plays". */
const CLIP_MS = 250;

describe('fault suite: speech core under load, and sockets', () => {
  const f = useCoreFixture(SCALE);

  it(`${LOAD_CHARS.toLocaleString('en')} characters, ${MAX_PARALLEL} tasks at most: concurrency, clips held, tasks ≤ chunks, Stop, sockets`, async function () {
    this.timeout(60_000);
    const doc = loadDocument();
    assert.ok(doc.length >= LOAD_CHARS, `the document has ${doc.length} characters`);
    const chunks: SourceChunk[] = chunkPrepared(prepareText(doc, { languageId: 'markdown', codeBlocks: 'announce' }));

    // The chunks handed to the pipeline, and the window: handed − ended never above the lookahead.
    let handed = 0;
    let ended = 0;
    let maxWindow = 0;
    const source: ChunkSource = {
      next: () => {
        const c = chunks[handed];
        if (!c) return undefined;
        handed++;
        maxWindow = Math.max(maxWindow, handed - ended);
        return c;
      },
    };
    // Clips the pipeline holds: ready (downloaded or from the cache) and not yet handed to the sink.
    let held = 0;
    let maxHeld = 0;
    const stop = new AbortController();
    let stopAt = 0;
    let played = 0;
    const sink: ClipSink = {
      play: async (_clip, signal) => {
        if (++played === PLAY_BEFORE_STOP) {
          stopAt = Date.now();
          stop.abort();
          return;
        }
        if (played === 1) {
          // A listener far behind: the first clip plays until every other chunk in the window is ready, and a
          // little longer, so a pipeline that kept fetching past its window would be seen holding more.
          const t0 = Date.now();
          while (held < LOOKAHEAD - 1 && Date.now() - t0 < 30_000 && !signal.aborted) await new Promise((r) => setTimeout(r, 20));
          await new Promise((r) => setTimeout(r, 500));
          return;
        }
        // Clips longer than a task takes: the pipeline gets ahead and must hold back at its window.
        await new Promise<void>((resolve) => {
          const done = (): void => {
            clearTimeout(t);
            signal.removeEventListener('abort', done);
            resolve();
          };
          const t = setTimeout(done, CLIP_MS);
          signal.addEventListener('abort', done, { once: true });
        });
      },
    };
    const pipeline = new ReadingPipeline({
      client: f.client(), sink, timeScale: SCALE, onState: () => undefined,
      onClip: (e) => {
        if (e.kind === 'ready') maxHeld = Math.max(maxHeld, ++held);
        if (e.kind === 'playing') held--;
        if (e.kind === 'ended') ended++;
      },
    }, { voice: f.voice, maxParallel: MAX_PARALLEL });

    let error: unknown;
    await pipeline.run(source, stop.signal).catch((e: unknown) => { error = e; });
    const restMs = Date.now() - stopAt;
    assert.equal((error as { kind?: string } | undefined)?.kind, 'aborted', String(error));
    assert.equal(activeWork(), 0, 'nothing alive once run() settled');
    assert.equal(played, PLAY_BEFORE_STOP);

    const posts = () => f.sim.requests.filter((r) => r.method === 'POST' && r.path === SPEECH);
    const tasks = f.sim.tasks();
    const simMax = maxTasksInFlight(f.sim.requests, tasks);
    const st = pipeline.stats;
    const report = `${chunks.length} chunks, ${handed} handed, ${tasks.length} tasks, maxInFlight ${st.maxInFlight} (simulator ${simMax}), ` +
      `clips held ≤ ${maxHeld}, window ≤ ${maxWindow}, Stop → rest ${restMs} ms`;
    if (this.test) this.test.title += ` [${report}]`;

    assert.ok(st.maxInFlight <= MAX_PARALLEL, `pipeline: at most ${MAX_PARALLEL} in flight: ${st.maxInFlight}`);
    assert.ok(simMax <= MAX_PARALLEL, `simulator: at most ${MAX_PARALLEL} tasks between POST and download: ${simMax}`);
    assert.ok(simMax >= 2, `the load ran tasks in parallel: ${simMax}`);
    // While clip 1 plays, chunks 2–6 are ready and held; chunk 7 waits for clip 1 to end.
    assert.equal(maxHeld, LOOKAHEAD - 1, `at most ${LOOKAHEAD - 1} clips held besides the one playing: ${maxHeld}`);
    assert.ok(maxWindow <= LOOKAHEAD, `at most ${LOOKAHEAD} chunks started and not yet played: ${maxWindow}`);
    assert.ok(handed < chunks.length, `stopped early: ${handed} of ${chunks.length} chunks handed`);
    assert.ok(tasks.length <= handed, `no more tasks (${tasks.length}) than chunks handed (${handed})`);
    // A create still on its way when Stop came may have made a task whose answer the pipeline never saw (on a
    // loaded machine the simulator can take the request just as the client gives up on it).
    assert.ok(st.tasks <= tasks.length && tasks.length - st.tasks <= MAX_PARALLEL,
      `the pipeline counted every task the simulator created, but for creates cut by Stop: ${st.tasks} of ${tasks.length}`);
    const texts = new Set(chunks.slice(0, handed).map((c) => c.text));
    for (const t of tasks) assert.ok(texts.has(t.prompt ?? ''), `every task is for a handed chunk: ${JSON.stringify(t.prompt)}`);
    assert.ok(restMs <= 200, `Stop → rest in ${restMs} ms`);

    // Nothing is sent after Stop; the sockets of aborted requests are gone, idle ones close.
    const n = posts().length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(posts().length, n, 'no POST after Stop');
    await assertNoSocketBusy(f.sim);
    const peak = f.sim.connections().peak;
    assert.ok(peak <= 2 * MAX_PARALLEL + 1, `connections bounded under load: peak ${peak}`);
    await assertSocketsClose(f.sim);
  });

  it('Stop while requests hang: their sockets are destroyed at once, the pool\'s idle ones close within its keep-alive', async function () {
    this.timeout(30_000);
    // Every poll hangs for 20 s: at Stop, up to three polls are waiting on open sockets.
    f.sim.inject({ match: { method: 'GET', path: '/v1/tasks/' }, delayMs: 20_000, times: -1 });
    const chunks = chunkPrepared(prepareText(loadDocument(3000, 7), { languageId: 'markdown', codeBlocks: 'announce' }));
    const stop = new AbortController();
    const pipeline = new ReadingPipeline({ client: f.client(), sink: { play: async () => undefined }, timeScale: SCALE, onState: () => undefined }, { voice: f.voice, maxParallel: MAX_PARALLEL });
    let i = 0;
    const run = pipeline.run({ next: () => chunks[i++] }, stop.signal).catch((e: unknown) => e);
    const { c: hanging } = await waitConnections(f.sim, (x) => x.busy >= MAX_PARALLEL, 10_000);
    assert.equal(hanging.busy, MAX_PARALLEL, `three polls hang: ${JSON.stringify(hanging.list)}`);
    const t0 = Date.now();
    stop.abort();
    assert.equal(((await run) as { kind?: string } | undefined)?.kind, 'aborted');
    const restMs = Date.now() - t0;
    // The simulator synthesizes in this same process (eSpeak, CPU-bound), which can delay its seeing the closes.
    const busyMs = await assertNoSocketBusy(f.sim);
    const closeMs = await assertSocketsClose(f.sim);
    if (this.test) this.test.title += ` [Stop → rest ${restMs} ms; hanging sockets seen closed ${busyMs} ms later; all closed ${closeMs} ms after that]`;
  });
});
