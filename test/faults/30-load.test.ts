// Load: a 100,000-character Markdown document read in the real editor with maxParallelTasks 3.
// From the simulator's record, tasks in flight (POST to download) never exceed the setting; Stop brings the
// run to rest with no work alive within 200 ms; nothing is POSTed after it; the simulator saw no more tasks
// than chunks handed to the pipeline; every connection the extension opened closes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { ChunkRecord } from '../../src/publicApi';
import type { SimTaskSnapshot } from '../simulator/types';
import { api, env, sim, sleep, until } from '../integration/helpers';
import { closeAll, openDoc, reach, withSettings } from '../integration/proofread';
import { assertNoSocketBusy, assertSocketsClose, connections, hookRejections, rejectionCount, SPEECH } from './common';
import { LOAD_CHARS, loadDocument, maxTasksInFlight } from './load';

const MAX_PARALLEL = 3;
/** The pipeline's window (2 × maxParallel): tasks started before the first clip ends. */
const LOOKAHEAD = 2 * MAX_PARALLEL;
/** The bound for Stop; the measured time goes into the test's title. */
const STOP_BOUND_MS = 200;
const FILE = 'load-100k.md';

async function simTasks(): Promise<SimTaskSnapshot[]> {
  const res = await fetch(`${env.control}/__sim/tasks`);
  assert.ok(res.ok, `simulator control GET tasks: ${res.status}`);
  return (await res.json()) as SimTaskSnapshot[];
}

describe('Load: a 100,000-character document', () => {
  let restore: (() => Promise<void>) | undefined;
  before(async () => {
    hookRejections();
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    // confirmAboveCharacters 0: no modal "Read 100,000 characters aloud?" (it has its own tests).
    restore = await withSettings({ maxParallelTasks: MAX_PARALLEL, playbackRate: 3, confirmAboveCharacters: 0 });
  });
  after(async () => {
    await restore?.();
    await sim.clearFaults();
    await closeAll();
    fs.rmSync(path.join(env.workspace, FILE), { force: true });
  });

  it(`Speak Document on ${LOAD_CHARS.toLocaleString('en')} characters: ≤ ${MAX_PARALLEL} tasks in flight, Stop within ${STOP_BOUND_MS} ms, no POST after it, tasks ≤ chunks, every socket closes`, async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();
    const doc = loadDocument();
    assert.ok(doc.length >= LOAD_CHARS, `the document has ${doc.length} characters`);
    await openDoc(FILE, doc);
    const notesBefore = a.notifications().length;
    const rej = rejectionCount();

    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    // Read until the window has filled and slid on (more tasks than the window holds), then Stop.
    let chunks: ChunkRecord[] = [];
    await until(`more than ${LOOKAHEAD} tasks while reading`, async () => {
      chunks = a.chunks();
      return (await simTasks()).length > LOOKAHEAD;
    }, 30_000);
    assert.strictEqual(a.state.kind, 'playing', `still reading: ${JSON.stringify(a.state)}`);
    // Taken right before Stop: no task can be created for a chunk the pipeline was not yet handed.
    chunks = a.chunks();
    const t0 = Date.now();
    await vscode.commands.executeCommand(Commands.stop);
    await until('at rest with no work alive', () => ['cancelled', 'idle'].includes(a.state.kind) && a.activeWork() === 0, 2000);
    const stopMs = Date.now() - t0;
    await run;

    const records = await sim.requests();
    const tasks = await simTasks();
    const inFlight = maxTasksInFlight(records, tasks);
    const conns = await assertNoSocketBusy();
    const posts = records.filter((r) => r.method === 'POST' && r.path === SPEECH).length;
    await sleep(500);
    const postsLater = (await sim.requests()).filter((r) => r.method === 'POST' && r.path === SPEECH).length;
    const closeMs = await assertSocketsClose();
    if (this.test) {
      this.test.title += ` [Stop → rest ${stopMs} ms; ${chunks.length} chunks handed, ${tasks.length} tasks, ` +
        `at most ${inFlight} in flight, ${conns.peak} connections at most, all closed ${closeMs} ms after rest + 0.5 s]`;
    }

    assert.ok(stopMs <= STOP_BOUND_MS, `Stop → rest in ${stopMs} ms`);
    assert.strictEqual(a.state.kind, 'cancelled');
    assert.deepStrictEqual(a.notifications().slice(notesBefore), [], 'Stop shows nothing');
    assert.strictEqual(rejectionCount() - rej, 0, 'no unhandled rejection in the extension host');
    assert.strictEqual(postsLater, posts, 'no POST after Stop');
    assert.ok(inFlight <= MAX_PARALLEL, `at most ${MAX_PARALLEL} tasks between POST and download at once: ${inFlight}`);
    assert.ok(inFlight >= 2, `tasks ran in parallel: ${inFlight}`);
    assert.ok(tasks.length <= chunks.length, `no more tasks (${tasks.length}) than chunks handed (${chunks.length})`);
    const texts = new Set(chunks.map((c) => c.text));
    for (const t of tasks) assert.ok(texts.has(t.prompt ?? ''), `every task is for a handed chunk: ${JSON.stringify(t.prompt)}`);
    assert.ok(conns.peak <= 2 * MAX_PARALLEL + 1, `connections bounded: at most ${conns.peak} open at once`);
    assert.strictEqual((await connections()).open, 0);
  });
});
