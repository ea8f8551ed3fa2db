// Retry after a part of a document failed while later parts were fetched ahead: the parts read ahead are
// handed out again as they were cut (their audio comes from the cache), so no part is paid for twice, and the
// document is heard to the end, every word once.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, sim, until } from './helpers';
import { openDoc, reach, readingSuite, uniqueTag } from './proofread';

describe('Retry in the middle of a document', () => {
  readingSuite({ maxParallelTasks: 3, playbackRate: 3 });

  it('Retry pays only for the part that failed: the parts fetched ahead are not cut anew and paid again', async function () {
    this.timeout(120_000);
    const a = await api();
    const tag = uniqueTag();
    const text = Array.from({ length: 14 }, (_, i) => `Sentence ${i + 1} of ${tag} is about hearing a document through to its end, once.`).join(' ');
    await openDoc(`retry-${tag}.txt`, text);
    // The second task created fails; the first and third (read ahead, three at a time) finish.
    await sim.inject({ match: { model: 'qwen3-tts-vd' }, after: 1, task: { outcome: 'fail', code: 'service_error', message: 'Synthesis failed on the server.' } });
    const before = a.notifications().length;
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['failed'], 60_000);
    await run;
    const shown = a.notifications();
    const index = shown.findIndex((n, i) => i >= before && n.actions.includes('Retry'));
    assert.ok(index >= 0, `a Retry is offered: ${JSON.stringify(shown.slice(before))}`);
    const firstRun = (await sim.tasks()).filter((t) => t.model === 'qwen3-tts-vd');
    assert.ok(firstRun.filter((t) => t.status === 'completed').length >= 2, `parts were fetched ahead of the failure: ${firstRun.map((t) => t.status).join(', ')}`);

    const retried = a.runNotificationAction(index, 'Retry');
    await until('the retried reading ends', () => ['done', 'failed', 'cancelled'].includes(a.state.kind) && a.activeWork() === 0, 90_000);
    await retried;
    assert.strictEqual(a.state.kind, 'done');

    const tasks = (await sim.tasks()).filter((t) => t.model === 'qwen3-tts-vd');
    const completed = new Map<string, number>();
    for (const t of tasks) if (t.status === 'completed') completed.set(t.prompt ?? '', (completed.get(t.prompt ?? '') ?? 0) + 1);
    for (const [prompt, n] of completed) assert.strictEqual(n, 1, `paid once: "${prompt.slice(0, 60)}…" was synthesized ${n} times`);
    // Every sentence was synthesized, once (the failed part's text again, as its task failed).
    const said = [...completed.keys()].join(' ');
    for (let i = 1; i <= 14; i++) {
      const n = said.split(`Sentence ${i} of ${tag} `).length - 1;
      assert.strictEqual(n, 1, `sentence ${i} synthesized once, found ${n} times`);
    }
  });
});
