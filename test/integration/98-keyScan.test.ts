// Runs near the end, after the suite has spoken, failed with a wrong key (05), switched base URLs, played in
// the webview and designed voices: the API key is in nothing the extension showed, posted or wrote. First it
// makes Evolink echo the key back in its error messages (what a careless server or proxy might do) and checks
// that the message shown carries "[redacted]" instead; then it scans every notification (text and buttons),
// the status bar, every message posted to the player webview, the extension's log files and every
// settings.json for each key the suite used. 99-keyNotOnDisk then scans every file on disk.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { Fault } from '../simulator/types';
import { api, env, filesUnder, freshSentence, PLAIN_WRONG_KEY, selectInNewDocument, sim, until, waitForRest, WRONG_KEY } from './helpers';

const SPEECH_POST = { method: 'POST', path: '/v1/audios/generations' } as const;

/** Every key the suite has set, and the random tail of each (a key cut short is still a leak). */
function needles(): string[] {
  return [env.key, WRONG_KEY, PLAIN_WRONG_KEY].flatMap((k) => [k, k.slice(-10)]);
}

/** `[where, needle]` for each needle found in one of `texts`. */
function hits(texts: readonly { where: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { where, text } of texts) for (const n of needles()) if (text.includes(n)) out.push(`${where} contains ${JSON.stringify(n)}`);
  return out;
}

/** The extension's LogOutputChannel files (logs/…/exthost*∕evolink-tts.evolink-tts/*Evolink TTS*.log). */
function extensionLogs(): string[] {
  if (!env.userData) return [];
  return filesUnder(path.join(env.userData, 'logs')).filter((f) => /Evolink TTS|evolink-tts\.evolink-tts/.test(f));
}

describe('The API key in what the extension shows, posts and writes', () => {
  after(async () => {
    await sim.clearFaults();
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
  });

  // Each case sets `key`, makes the first speech request (or its task) fail with a message that contains
  // it, and checks the notification shown: the error is there, the key is not.
  const cases: { name: string; key: () => string; fault: (key: string) => Fault }[] = [
    {
      name: 'a 401 that echoes the real key and its Authorization header',
      key: () => env.key,
      fault: (key) => ({ match: SPEECH_POST, status: 401, message: `Invalid API key ${key} (header "Authorization: Bearer ${key}")` }),
    },
    {
      // Not sk- shaped and not after "Bearer": only the redaction of the current key can catch it.
      name: 'a 401 that echoes a key of no known shape',
      key: () => PLAIN_WRONG_KEY,
      fault: (key) => ({ match: SPEECH_POST, status: 401, message: `The key '${key}' is not known here.` }),
    },
    {
      name: 'a failed task whose message echoes the real key',
      key: () => env.key,
      fault: (key) => ({ task: { outcome: 'fail', code: 'invalid_parameters', message: `Request by ${key} was blocked.` } }),
    },
  ];
  for (const c of cases) {
    it(`${c.name}: the error is shown with the key redacted`, async function () {
      this.timeout(30_000);
      const a = await api();
      const key = c.key();
      await sim.reset();
      await vscode.commands.executeCommand(Commands.setApiKey, key);
      await sim.inject(c.fault(key));
      await selectInNewDocument(freshSentence('key scan'));
      const before = a.notifications().length;
      await vscode.commands.executeCommand(Commands.speakSelection);
      const end = await waitForRest(a);
      assert.strictEqual(end.kind, 'failed', `ended ${end.kind}`);

      await until('the error is shown', () => a.notifications().length > before);
      const shown = a.notifications().slice(before);
      const text = shown.map((n) => [n.message, ...n.actions].join(' | ')).join('\n');
      assert.match(text, /\[redacted\]/, `the echoed key reached the message and was redacted: ${text}`);
      assert.ok(!text.includes(key) && !text.includes(key.slice(-10)), `the key is not shown: ${text}`);
      assert.deepStrictEqual(hits([{ where: 'status bar', text: JSON.stringify(a.statusBar()) }]), []);
    });
  }

  it('no key in any notification, the status bar, any webview post, the extension log or any settings.json', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    // One clip played with the real key set, so the webview has had a play message in this run too.
    await selectInNewDocument(freshSentence('key scan playback'));
    await vscode.commands.executeCommand(Commands.speakSelection);
    const end = await waitForRest(a, 45_000);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);

    const texts: { where: string; text: string }[] = [];
    const notes = a.notifications();
    assert.ok(notes.length >= cases.length, `the errors above were recorded (${notes.length} notifications)`);
    notes.forEach((n, i) => texts.push({ where: `notification ${i} "${n.message}"`, text: [n.message, ...n.actions].join('\n') }));
    texts.push({ where: 'status bar', text: JSON.stringify(a.statusBar()) });

    const posts = a.webviewPosts();
    assert.ok(posts.messages.some((m) => JSON.parse(m).type === 'play'), `a clip was posted to the webview (${posts.total} posts)`);
    assert.strictEqual(posts.messages.length, posts.total, 'the record holds every post of this session (raise POSTED_KEPT if not)');
    posts.messages.forEach((m, i) => texts.push({ where: `webview post ${i} ${m.slice(0, 80)}`, text: m }));

    if (env.userData) {
      // Wait until the log has the last error shown, so we read the real, flushed log.
      const last = notes[notes.length - 1].message;
      let logs: string[] = [];
      await until('the extension log has the last notification', () => {
        logs = extensionLogs();
        return logs.some((f) => fs.readFileSync(f, 'utf8').includes(last));
      }, 15_000);
      for (const f of logs) texts.push({ where: f, text: fs.readFileSync(f, 'utf8') });
    }

    const settings = [...(env.userData ? filesUnder(env.userData) : []), ...filesUnder(env.workspace)].filter(
      (f) => path.basename(f) === 'settings.json' || f.endsWith('.code-workspace'),
    );
    assert.ok(settings.some((f) => f === path.join(env.workspace, '.vscode', 'settings.json')), 'the workspace settings were scanned');
    if (env.userData) assert.ok(settings.some((f) => f.endsWith(path.join('User', 'settings.json'))), 'the user settings were scanned');
    for (const f of settings) texts.push({ where: f, text: fs.readFileSync(f, 'utf8') });

    assert.deepStrictEqual(hits(texts), [], 'places that hold a key');
    if (this.test) this.test.title += ` [scanned ${notes.length} notifications, ${posts.total} webview posts, ${texts.length - notes.length - posts.messages.length - 1} files]`;
  });
});
