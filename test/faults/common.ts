// Shared by the fault suite's extension-host tests (test/faults/*.test.ts, run by `npm run test:faults`
// inside code-server through the integration harness): inject a fault, run a command, and check what
// the user is left with.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { EvolinkTtsApi, NotificationRecord } from '../../src/publicApi';
import type { SpeechState } from '../../src/speech/state';
import type { Fault, RequestRecord } from '../simulator/types';
import { api, env, freshSentence, selectInNewDocument, sim, waitForRest } from '../integration/helpers';

export const SPEECH = '/v1/audios/generations';
export const postFault = (f: Fault): Fault => ({ ...f, match: { method: 'POST', path: SPEECH, model: 'qwen3-tts-vd', ...f.match } });
export const getFault = (f: Fault): Fault => ({ ...f, match: { method: 'GET', path: '/v1/tasks/', ...f.match } });

// Unhandled rejections inside the extension host (the extension runs in this same process).
const rejections: unknown[] = [];
let hooked = false;
export function hookRejections(): void {
  if (hooked) return;
  hooked = true;
  process.on('unhandledRejection', (reason) => rejections.push(reason));
}
export const rejectionCount = (): number => rejections.length;

/**
 * A speech POST that may have created (and charged) a task: answered 2xx, or 5xx other than 503, or
 * never answered (reset). 400–404, 429 and 503 create no task (evolink-api.md §5).
 */
export function mayHavePaid(r: RequestRecord): boolean {
  return r.status === 0 || (r.status >= 200 && r.status < 300) || (r.status >= 500 && r.status !== 503);
}

const promptOf = (r: RequestRecord): string => String((r.body as { prompt?: unknown } | undefined)?.prompt ?? '');

/** Speech POSTs that may have been paid for, counted per prompt. */
export async function paidPerPrompt(records?: RequestRecord[]): Promise<Map<string, number>> {
  const all = records ?? (await sim.speechRequests());
  const counts = new Map<string, number>();
  for (const r of all) if (mayHavePaid(r)) counts.set(promptOf(r), (counts.get(promptOf(r)) ?? 0) + 1);
  return counts;
}

/** No chunk's paid POST was sent twice. */
export async function assertNoDoublePay(records?: RequestRecord[]): Promise<void> {
  for (const [prompt, n] of await paidPerPrompt(records)) {
    assert.strictEqual(n, 1, `a paid POST is sent once per chunk; ${n} for ${JSON.stringify(prompt)}`);
  }
}

export { promptOf };

export interface Expect {
  /** 'failed' with a notification, or 'done' when the extension recovers on its own (no notification). */
  end: 'failed' | 'done';
  severity?: NotificationRecord['severity'];
  /** Buttons the one notification offers, in order. */
  actions?: string[];
  message?: RegExp;
}

/** What every fault test checks once the run rests. Returns the one notification (if failed) and its index. */
export async function assertRested(a: EvolinkTtsApi, before: number, rejectionsBefore: number, expect: Expect): Promise<{ note?: NotificationRecord; index: number }> {
  const end: SpeechState = await waitForRest(a, 40_000);
  const shown = a.notifications().slice(before);
  assert.strictEqual(end.kind, expect.end, `ended ${end.kind}${end.kind === 'failed' ? `: ${end.error.message}` : ''}; shown ${JSON.stringify(shown)}`);
  const bar = a.statusBar();
  let note: NotificationRecord | undefined;
  if (expect.end === 'failed') {
    assert.strictEqual(shown.length, 1, `exactly one notification: ${JSON.stringify(shown)}`);
    note = shown[0];
    if (expect.severity) assert.strictEqual(note.severity, expect.severity, note.message);
    if (expect.actions) assert.deepStrictEqual(note.actions, expect.actions, note.message);
    if (expect.message) assert.match(note.message, expect.message);
    assert.strictEqual(bar.backgroundColor, 'statusBarItem.errorBackground', `failed shows the error background: ${JSON.stringify(bar)}`);
  } else {
    assert.deepStrictEqual(shown, [], 'a fault the extension recovers from shows nothing');
    assert.strictEqual(bar.backgroundColor, undefined, `a finished run rests without a coloured background: ${JSON.stringify(bar)}`);
  }
  assert.ok(bar.visible, 'the status bar item stays visible');
  assert.strictEqual(a.activeWork(), 0, 'no timer, request or poll left in the speech core');
  assert.strictEqual(rejectionCount() - rejectionsBefore, 0, 'no unhandled rejection in the extension host');
  return { note, index: before };
}

/** Sets the key, resets the simulator and injects `faults`; then speaks one fresh sentence. */
export async function speakWithFault(tag: string, faults: Fault[]): Promise<{ a: EvolinkTtsApi; before: number; rej: number; text: string }> {
  const a = await api();
  await sim.reset();
  await vscode.commands.executeCommand(Commands.setApiKey, env.key);
  const text = freshSentence(tag);
  await selectInNewDocument(text);
  if (faults.length) await sim.inject(faults);
  const before = a.notifications().length;
  const rej = rejectionCount();
  await vscode.commands.executeCommand(Commands.speakSelection);
  return { a, before, rej, text };
}
