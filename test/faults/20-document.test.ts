// A fault in the middle of reading a document: the run stops at the failed part, "Retry" (pressed through
// the same callback as the notification's button) reads on from that part, and no chunk that was already
// synthesized is paid for again.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { Fault } from '../simulator/types';
import { api, env, sim, waitForRest } from '../integration/helpers';
import { closeAll, makeDoc, openDoc, withSettings } from '../integration/proofread';
import { assertNoDoublePay, assertRested, hookRejections, mayHavePaid, postFault, promptOf, rejectionCount } from './common';

const normal = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Case {
  title: string;
  /** Faults that hit the second chunk (`after: 1`). */
  faults: Fault[];
  actions: string[];
}

const CASES: Case[] = [
  { title: '500 on the second POST', faults: [postFault({ after: 1, status: 500, code: 'internal_error', type: 'api_error' })], actions: ['Retry', 'Show Log'] },
  { title: 'the second task fails (service_error)', faults: [{ after: 1, task: { outcome: 'fail', code: 'service_error' } }], actions: ['Retry', 'Show Log'] },
  { title: 'the second download is truncated', faults: [{ after: 1, audio: 'truncated' }], actions: ['Retry', 'Show Log'] },
];

describe('Faults while reading a document: Retry resumes at the failed part', () => {
  let restore: (() => Promise<void>) | undefined;
  before(async () => {
    hookRejections();
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    // One task at a time: "the second POST/task/download" is then the second chunk's.
    restore = await withSettings({ playbackRate: 3, maxParallelTasks: 1 });
  });
  after(async () => {
    await restore?.();
    await sim.clearFaults();
    await closeAll();
  });

  for (const c of CASES) {
    it(`${c.title}: one notification, position kept, Retry reads on from the failed part without re-paying`, async function () {
      this.timeout(90_000);
      const a = await api();
      await sim.reset();
      const { text, sentences } = makeDoc();
      await openDoc(`fault-${Date.now()}.md`, text);
      await sim.inject(c.faults);
      const before = a.notifications().length;
      const rej = rejectionCount();
      await vscode.commands.executeCommand(Commands.speakDocument);
      const { note } = await assertRested(a, before, rej, { end: 'failed', actions: c.actions });
      assert.ok(note);
      const end = a.state;
      assert.ok(end.kind === 'failed' && end.chunk === 2, `failed in part 2: ${JSON.stringify(end)}`);

      const first = await sim.speechRequests();
      await assertNoDoublePay(first);
      const prompts = first.map(promptOf);
      assert.ok(prompts.length >= 2, `at least two parts were asked for: ${JSON.stringify(prompts)}`);
      const failedPrompt = prompts[1];
      // Parts whose task completed (POST answered 200, not the failed one) must not be paid again.
      const synthesized = first.filter((r) => r.status === 200 && promptOf(r) !== failedPrompt).map(promptOf);
      assert.ok(synthesized.includes(prompts[0]), 'the first part was synthesized');

      // Whether the failed part's task finished in the first run (only its download failed).
      const finished = (await sim.tasks()).some((t) => t.model === 'qwen3-tts-vd' && t.prompt === failedPrompt && t.status === 'completed');

      // Retry, as the button would.
      const retryBefore = a.notifications().length;
      const retryRej = rejectionCount();
      await a.runNotificationAction(before, 'Retry');
      await assertRested(a, retryBefore, retryRej, { end: 'done' });

      const all = await sim.speechRequests();
      const again = all.slice(first.length);
      // A failed part whose task did finish (only its download failed) is not paid again: Retry polls that task
      // and downloads its audio again. Any other failed part is sent again, first.
      const repaid = again.some((r) => promptOf(r) === failedPrompt && mayHavePaid(r));
      if (finished) {
        assert.ok(!repaid, `the failed part's finished task is used, not paid again; again ${JSON.stringify(again.map((r) => [r.status, promptOf(r)]))}`);
      } else {
        assert.ok(again.length >= 1, 'Retry sent the failed part again');
        // The new run's first part is the failed part, as it was cut.
        const resumed = promptOf(again[0]);
        assert.strictEqual(resumed, failedPrompt, `Retry starts at the failed part; again ${JSON.stringify(again.map((r) => [r.status, promptOf(r)]))}; first ${JSON.stringify(first.map((r) => [r.status, promptOf(r)]))}`);
      }
      for (const p of synthesized) {
        assert.ok(!again.some((r) => promptOf(r) === p && mayHavePaid(r)), `not paid again: ${JSON.stringify(p)}`);
      }
      await assertNoDoublePay(again);
      // Between the two runs every sentence from the failed part on was read, and nothing before it again.
      const heard = normal([...synthesized.filter((p) => prompts.indexOf(p) < 1), ...(finished ? [failedPrompt] : []), ...again.map(promptOf)].join(' '));
      assert.strictEqual(heard, normal(sentences.join(' ')), 'the document is read once, in order, across the failure');
      await waitForRest(a);
    });
  }
});
