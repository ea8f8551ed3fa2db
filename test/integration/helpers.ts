// Shared helpers for the integration suite. The suite drives the extension only through its commands
// and the EvolinkTtsApi object activate() returns, and inspects the simulator through its control API.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../../src/constants';
import type { EvolinkTtsApi, StatusBarSnapshot } from '../../src/publicApi';
import type { SpeechState, SpeechStateKind } from '../../src/speech/state';
import type { Fault, RequestRecord, SimTaskSnapshot } from '../simulator/types';

/** What the launcher passes through `extensionEnvironment` (test/harness/runIntegration.ts, runElectron.ts). */
export const env = {
  simUrl: required('EVOLINK_TEST_SIM_URL'),
  control: required('EVOLINK_TEST_SIM_CONTROL'),
  /** Read from a file outside user-data: code-server keeps the last URL (with the payload) in coder.json. */
  key: fs.readFileSync(required('EVOLINK_TEST_KEY_FILE'), 'utf8').trim(),
  voice: required('EVOLINK_TEST_VOICE'),
  userData: process.env.EVOLINK_TEST_USER_DATA,
  workspace: required('EVOLINK_TEST_WORKSPACE'),
};

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite through npm run test:integration (or test:electron)`);
  return v;
}

export const FIXTURE_LANGUAGE = 'English';
/** A key the simulator does not know (answers 401). */
export const WRONG_KEY = 'sk-evolink-wrong-key-5Hc7Jm2Lp9';
/** Another unknown key, of no credential-like shape (no sk- prefix): only redacting the current key hides it. */
export const PLAIN_WRONG_KEY = 'plainWrongKey4Tq8Vb3Ny6Rs';
export const SAMPLE_SENTENCE = 'The quick brown fox jumps over the lazy dog.';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function extension(): vscode.Extension<EvolinkTtsApi> {
  const ext = vscode.extensions.getExtension<EvolinkTtsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  return ext;
}

/** The API object; activates the extension through a harmless command if a test runs on its own. */
export async function api(): Promise<EvolinkTtsApi> {
  const ext = extension();
  if (!ext.isActive) await vscode.commands.executeCommand(Commands.showLog);
  assert.ok(ext.isActive && ext.exports, 'the extension is active and exports its API');
  return ext.exports;
}

// --- the simulator, through its HTTP control API (it runs in the launcher's process) ---

async function control<T>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.control}/__sim/${route}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `simulator control ${method} ${route}: ${res.status}`);
  return (await res.json()) as T;
}

export const sim = {
  requests: () => control<RequestRecord[]>('GET', 'requests'),
  tasks: () => control<SimTaskSnapshot[]>('GET', 'tasks'),
  /** Clears requests, faults, tasks and audio; keeps keys and voices. */
  reset: () => control('POST', 'reset', {}),
  inject: (f: Fault | Fault[]) => control('POST', 'faults', f),
  clearFaults: () => control('DELETE', 'faults'),
  async speechRequests(): Promise<RequestRecord[]> {
    return (await this.requests()).filter(
      (r) => r.method === 'POST' && r.path === '/v1/audios/generations' && (r.body as { model?: string } | undefined)?.model === 'qwen3-tts-vd',
    );
  },
};

// --- editor ---

let fresh = 0;
/**
 * A sentence no earlier test has spoken. The extension caches audio per text and voice, so a test that
 * needs the network path (requests, polling, a 401, Stop while a task runs) must not repeat a text.
 */
export function freshSentence(tag: string): string {
  return `Sentence ${++fresh} of the ${tag} test, run ${Date.now() % 100000}, is read aloud.`;
}

/** Opens an untitled Markdown document holding `text` between two other lines, and selects `text`. */
export async function selectInNewDocument(text: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `# Scratch\n\n${text}\n\nThe end.\n` });
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.getText().indexOf(text);
  editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + text.length));
  return editor;
}

/** Opens the fixture's sample.md and selects the first occurrence of `text`. */
export async function selectInSample(text: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(path.join(env.workspace, 'sample.md'));
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `sample.md contains ${JSON.stringify(text)}`);
  editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + text.length));
  return editor;
}

// --- watching the state ---

export interface Observed {
  state: SpeechState;
  bar: StatusBarSnapshot;
  at: number;
}

/** Records every state change with the status bar snapshot taken at that moment. */
export function record(a: EvolinkTtsApi): { seen: Observed[]; kinds(): SpeechStateKind[]; dispose(): void } {
  const seen: Observed[] = [];
  const sub = a.onDidChangeState((state) => seen.push({ state, bar: a.statusBar(), at: Date.now() }));
  return { seen, kinds: () => seen.map((o) => o.state.kind), dispose: () => sub.dispose() };
}

const REST: SpeechStateKind[] = ['idle', 'done', 'failed', 'cancelled'];

/** Waits until the state's kind is one of `kinds`. */
export async function waitForState(a: EvolinkTtsApi, kinds: SpeechStateKind[], timeoutMs = 30_000): Promise<SpeechState> {
  const deadline = Date.now() + timeoutMs;
  while (!kinds.includes(a.state.kind)) {
    if (Date.now() > deadline) throw new Error(`state is ${a.state.kind} after ${timeoutMs} ms; expected ${kinds.join(' or ')}`);
    await sleep(10);
  }
  return a.state;
}

/** Waits until the run is over (any resting state). */
export const waitForRest = (a: EvolinkTtsApi, timeoutMs?: number) => waitForState(a, REST, timeoutMs);

/** Waits for a condition, polling every 10 ms. */
export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** Every file under `dir` (recursively), skipping big binaries. */
export function filesUnder(dir: string, maxBytes = 8 * 1024 * 1024): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const f = path.join(e.parentPath, e.name);
    try {
      if (fs.statSync(f).size <= maxBytes) out.push(f);
    } catch {
      // Removed while we looked (logs rotate, caches come and go).
    }
  }
  return out;
}

// --- what the extension host has loaded ---

/** The bundles the extension loads on first use (esbuild.js), and which of them this host has loaded so far. */
export const LAZY_BUNDLES = ['http.js', 'markdown.js', 'align.js', 'formats.js', 'math.js', 'mp3.js'] as const;
export function loadedBundles(): string[] {
  const dist = path.join(extension().extensionPath, 'dist');
  return LAZY_BUNDLES.filter((b) => require.cache[path.join(dist, b)] !== undefined);
}
