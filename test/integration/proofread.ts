// Helpers for the proofreading tests (3x-*.test.ts): documents written into the workspace, the settings
// they change (restored afterwards), and the sentences of a text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, CONFIG_SECTION } from '../../src/constants';
import type { EvolinkTtsApi, HighlightRecord } from '../../src/publicApi';
import type { SpeechStateKind } from '../../src/speech/state';
import { env, sim, waitForRest, waitForState } from './helpers';

/** Writes `text` to a new file in the workspace and shows it. */
export async function openDoc(name: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(env.workspace, name);
  fs.writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(file);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Sets user settings for one test; returns a function that puts the old values back. */
export async function withSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const c = () => vscode.workspace.getConfiguration(CONFIG_SECTION);
  const old = Object.fromEntries(Object.keys(values).map((k) => [k, c().inspect(k)?.globalValue]));
  for (const [k, v] of Object.entries(values)) await c().update(k, v, vscode.ConfigurationTarget.Global);
  return async () => {
    for (const [k, v] of Object.entries(old)) await c().update(k, v, vscode.ConfigurationTarget.Global);
  };
}

/**
 * The hooks every reading suite needs, registered in the calling describe(): the key is stored once; each
 * test starts with a clean simulator and `settings` (user scope, restored after it); after each test the
 * reading is stopped, injected faults are cleared and every editor is closed.
 */
export function readingSuite(settings: Record<string, unknown> = {}): void {
  let restore: (() => Promise<void>) | undefined;
  before(async () => {
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
  });
  beforeEach(async () => {
    await sim.reset();
    restore = await withSettings(settings);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand(Commands.stop);
    await sim.clearFaults();
    await restore?.();
    restore = undefined;
    await closeAll();
  });
}

/** The prompts of the speech tasks the simulator received, in order. */
export async function prompts(): Promise<string[]> {
  return (await sim.speechRequests()).map((r) => String((r.body as { prompt?: unknown }).prompt ?? ''));
}

/** Collects every highlight change. */
export function collectHighlights(a: EvolinkTtsApi): { seen: (HighlightRecord | undefined)[]; dispose(): void } {
  const seen: (HighlightRecord | undefined)[] = [];
  const sub = a.onDidHighlight((h) => seen.push(h));
  return { seen, dispose: () => sub.dispose() };
}

/** Speak Document on the active editor, read to its end (it must end done), with every highlight on the way. */
export async function speakDocumentHighlights(a: EvolinkTtsApi): Promise<(HighlightRecord | undefined)[]> {
  const rec = collectHighlights(a);
  try {
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['done', 'failed', 'cancelled'], 90_000);
    await run;
    const end = await waitForRest(a, 30_000);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}`);
  } finally {
    rec.dispose();
  }
  return rec.seen;
}

/** Closes every editor without saving prompts (the test files are saved anyway). */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

const WORDS = ['apple', 'river', 'candle', 'violin', 'meadow', 'harbour', 'lantern', 'pebble', 'orchid', 'thunder'];
let docs = 0;

/**
 * A short document of three paragraphs, different on every call (the audio cache would otherwise answer
 * a second reading without any task), and its sentences in order.
 */
export function makeDoc(): { text: string; sentences: string[] } {
  const n = docs++;
  const tag = `${WORDS[n % WORDS.length]} ${WORDS[Math.floor(n / WORDS.length) % WORDS.length]} ${Date.now() % 1000}`;
  const paragraphs = [
    `Proofreading by ear starts here with ${tag}. The first paragraph has three sentences. It ends with this one.`,
    `The second paragraph follows. Listening slowly helps, ${tag}. A missing word sounds wrong at once.`,
    `The third paragraph is the last one. Its secret words are ${tag}.`,
  ];
  return {
    text: paragraphs.join('\n\n') + '\n',
    sentences: paragraphs.flatMap((p) => p.match(/[^.]+\./g)!.map((s) => s.trim())),
  };
}

/** A tag no earlier test used (the audio cache answers text it has read before without a task). */
export function uniqueTag(): string {
  return makeDoc().sentences.at(-1)!.replace(/^Its secret words are /, '').replace(/\.$/, '');
}

/** waitForState, with the error and the last notifications in the message when it fails. */
export async function reach(a: EvolinkTtsApi, kinds: SpeechStateKind[], timeoutMs = 30_000): Promise<void> {
  try {
    await waitForState(a, kinds, timeoutMs);
  } catch (e) {
    const s = a.state;
    const why = s.kind === 'failed' ? `: ${s.error.message}` : '';
    throw new Error(`${(e as Error).message}${why}; notifications: ${JSON.stringify(a.notifications().slice(-2))}`);
  }
}
