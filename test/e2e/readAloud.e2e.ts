// End to end, as a person uses it: the packaged extension installed into a real VS Code (code-server),
// the workbench in headless Chromium, the simulator behind it. No test payload, no API object: only the
// UI — command palette, masked input, Quick Open, keyboard selection, the keybinding, the status bar
// text, the player webview's "Start listening" button and its <audio> element.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { decodeAudio } from '../../src/audio/decode';
import { RESULTS_DIR } from '../harness/paths';
import type { Stack } from '../harness/stack';
import { findStartListening, noGestureEvaluator, STATUS_TEXT_EXPRESSION, type PageEvaluator } from '../harness/workbench';
import { runFromPalette as paletteCommand } from './palette';
import { packagedStack, workbenchSession } from './session';

const KEY = 'sk-evolink-e2e-K8d2wQ5rT1yU6iO3';
const SENTENCE = 'The quick brown fox jumps over the lazy dog.';
const SENTENCE_LINE = 5; // in test/fixtures/workspace/sample.md
const TIME_SCALE = 0.05;
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

interface AudioProbe {
  paused: boolean;
  currentTime: number;
  duration: number;
  playingEvents: number;
  src: string;
}

describe('Read aloud in the real workbench (packaged extension)', function () {
  const statusTexts: string[] = [];
  const session = workbenchSession({
    name: 'readAloud',
    start: () => packagedStack({ name: 'e2e', key: KEY, timeScale: TIME_SCALE }),
    results: ['e2e-failure.png', 'e2e-player.png', 'e2e-status-bar.png'],
    // Chromium's default autoplay policy lets the player webview (an iframe with allow="autoplay") play as
    // soon as the user has pressed keys anywhere in the workbench, so a Chromium user rarely sees
    // "Start listening". Safari is stricter: the element needs a click before it may play. This policy
    // makes Chromium behave that way, so the path a Safari user takes — the button — is the one tested.
    chromiumArgs: ['--autoplay-policy=user-gesture-required'],
    onFailure: async (page) => {
      console.log(`    [e2e] status bar texts seen: ${statusTexts.join(' → ') || 'none'}`);
      for (const f of page.frames()) {
        const state = await f
          .evaluate(`(() => { const a = document.querySelector('audio'); return a && { paused: a.paused, ended: a.ended, currentTime: a.currentTime, duration: a.duration, src: a.currentSrc, activation: navigator.userActivation && navigator.userActivation.hasBeenActive, status: (document.getElementById('status') || {}).textContent }; })()`)
          .catch(() => undefined);
        if (state) console.log(`    [e2e] <audio> in ${f.url().slice(0, 80)}: ${JSON.stringify(state)}`);
      }
    },
  });
  // The smoke-test driver (packagedStack), as this spec has always run: no notification toast covers the player
  // or the status bar. The demo's own launch (no driver, toasts shown) is tested in demo.e2e.ts.
  let stack: Stack;
  let page: Page;
  let player: Frame;
  let watching = false;

  const statusItem = () => page.locator('.statusbar-item').filter({ hasText: /TTS:/ });
  /** Evaluates in the workbench without a user gesture (see noGestureEvaluator in test/harness/workbench.ts). */
  let noGesture: PageEvaluator;

  async function untilInPage(what: string, expression: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await noGesture<boolean>(expression).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Reads the extension's status bar text from the DOM every 25 ms, keeping each distinct text in order. */
  function watchStatusBar(): void {
    watching = true;
    void (async () => {
      while (watching && !page.isClosed()) {
        const text = await noGesture<string>(STATUS_TEXT_EXPRESSION).catch(() => '');
        const clean = text.replace(/\s+/g, ' ').trim();
        if (clean && clean !== statusTexts.at(-1)) statusTexts.push(clean);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
  }

  async function waitForStatus(re: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!statusTexts.some((t) => re.test(t))) {
      if (Date.now() > deadline) throw new Error(`status bar never showed ${re}; it showed: ${statusTexts.join(' → ') || 'nothing'}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  before(async () => {
    ({ stack, page } = session);
    noGesture = await noGestureEvaluator(page);
  });

  after(() => {
    watching = false;
  });

  it('opens the fixture folder in the workbench', async () => {
    await page.goto(`${stack.server.origin}/?folder=${encodeURIComponent(stack.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.getByRole('treeitem', { name: /sample\.md/ }).waitFor({ timeout: 60_000 });
    assert.match(await page.title(), new RegExp(path.basename(stack.workspace).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      'the window title names the fixture folder');
  });

  /** Runs a command from the palette as a person would. */
  const runFromPalette = (title: string, timeoutMs?: number): Promise<void> => paletteCommand(page, title, timeoutMs);


  it('sets the API key through the command palette, in a masked input', async function () {
    this.timeout(90_000);
    await runFromPalette('Evolink TTS: Set API Key');
    const masked = page.locator('.quick-input-widget input[type="password"]');
    await masked.waitFor();
    await page.keyboard.type(KEY);
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: 'Evolink API key saved' }).waitFor();
    await masked.waitFor({ state: 'hidden' });
    assert.ok(!(await page.content()).includes(KEY), 'the key is nowhere in the workbench page');
  });

  it('opens sample.md with Quick Open and selects a sentence with the keyboard', async () => {
    await page.keyboard.press(`${mod}+P`);
    await page.locator('.quick-input-widget input').first().waitFor();
    await page.keyboard.type('sample.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'sample.md' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'sample.md' }).waitFor();
    await page.locator('.monaco-editor .view-lines').first().waitFor();

    await page.keyboard.press(`${mod}+G`);
    await page.keyboard.type(String(SENTENCE_LINE));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    // VS Code reports the selection in its own status bar item: "Ln 5, Col 45 (44 selected)".
    await page.locator('.statusbar-item', { hasText: `(${SENTENCE.length} selected)` }).waitFor();
    const activeTab = (await page.locator('.tab.active').innerText()).replace(/\s+/g, '');
    assert.ok(activeTab.startsWith('sample.md'), `sample.md is the active tab: ${activeTab}`);
  });

  it('speaks the selection with the keybinding; the status bar shows the task; the <audio> plays', async function () {
    this.timeout(60_000);
    watchStatusBar();
    await page.keyboard.press('Control+Alt+R');
    // In code-server the player webview is same-origin with the workbench, so the key presses a person
    // just made count as their interaction with it and Chromium lets the clip play at once. If the
    // browser asks for the click after all, click like a person.
    await waitForStatus(/TTS: playing|click Start listening/);
    if (statusTexts.some((t) => /click Start listening/.test(t))) {
      const frame = await waitForStartListening();
      await frame.getByRole('button', { name: 'Start listening', exact: true }).click();
    }
    player = await waitForPlayingFrame();
    const t1 = await probe(player);
    await new Promise((r) => setTimeout(r, 500));
    const t2 = await probe(player);
    assert.ok(t2.currentTime > t1.currentTime, `currentTime advances: ${t1.currentTime} → ${t2.currentTime}`);
  });

  it('plays the audio the simulator produced for exactly the selected text', async () => {
    await expectSimulatorAudio(player);
  });

  it('reaches "done" in the status bar when the clip has played', async function () {
    this.timeout(60_000);
    await waitForStatus(/TTS: done/, 50_000);
    const seen = statusTexts.filter((t) => /TTS:/.test(t));
    console.log(`    [e2e] status bar: ${seen.join(' → ')}`);
    assertOrder(seen, [/TTS: submitting|TTS: queued|TTS: \d+%/, /TTS: playing/, /TTS: done/]);
    const end = await probe(player);
    assert.ok(end.paused && end.currentTime >= end.duration - 0.1, `the clip played to its end: ${end.currentTime} of ${end.duration} s`);
  });

  // A freshly loaded page has had no interaction, which is also what Safari and Firefox users meet
  // (there the webview is another origin): the browser refuses to play until a click inside the player.
  // Nothing here may give the page a user gesture before that click, so the page is loaded anew with
  // sample.md open at the sentence's line (the workbench's `openFile` payload; a plain reload does not
  // reliably restore the editor), and the keybinding is a synthetic key event sent through CDP with
  // userGesture: false (Playwright's keyboard and evaluate would both count as the user's interaction).
  it('in a freshly loaded page, with no interaction yet, the status bar asks for "Start listening"', async function () {
    this.timeout(90_000);
    watching = false;
    const authority = new URL(stack.server.origin).host;
    const openFile = `vscode-remote://${authority}${path.join(stack.workspace, 'sample.md')}:${SENTENCE_LINE}:1`;
    const payload = JSON.stringify([['openFile', openFile], ['gotoLineMode', 'true']]);
    await page.goto(`${stack.server.origin}/?folder=${encodeURIComponent(stack.workspace)}&payload=${encodeURIComponent(payload)}`);
    await untilInPage('sample.md open', `!![...document.querySelectorAll('.tab.active')].find((e) => (e.textContent || '').includes('sample.md'))`, 60_000);
    await untilInPage('the cursor on the sentence', `!![...document.querySelectorAll('.statusbar-item')].find((e) => e.innerText.startsWith('Ln ${SENTENCE_LINE},'))`);
    statusTexts.length = 0;
    watchStatusBar();
    const deadline = Date.now() + 60_000;
    // The extension host restarts with the page; retry the key until the extension answers. With nothing
    // selected, Speak Selection reads the cursor's line: the same sentence.
    while (!statusTexts.some((t) => /TTS:/.test(t))) {
      if (Date.now() > deadline) throw new Error('Speak Selection never started after the reload');
      await noGesture(`(() => {
        const target = document.querySelector('.monaco-editor .native-edit-context, .monaco-editor textarea');
        target.focus();
        for (const type of ['keydown', 'keyup']) {
          target.dispatchEvent(new KeyboardEvent(type, { key: 'r', code: 'KeyR', keyCode: 82, ctrlKey: true, altKey: true, bubbles: true, cancelable: true }));
        }
      })()`);
      await new Promise((r) => setTimeout(r, 1500));
    }
    await waitForStatus(/click Start listening/);
  });

  it('shows "Start listening" in the player; after the click the <audio> element plays', async function () {
    this.timeout(30_000);
    player = await waitForStartListening();
    // The browser has refused play() already (that is why the button shows). Count `playing` events
    // from now on; page scripts are strings because this project compiles without the DOM library.
    const before = (await player.evaluate(`(() => {
      const a = document.querySelector('audio');
      window.__playing = 0;
      a.addEventListener('playing', () => window.__playing++);
      return { paused: a.paused, currentTime: a.currentTime, src: a.currentSrc || a.src };
    })()`)) as { paused: boolean; currentTime: number; src: string };
    assert.ok(before.paused && before.currentTime === 0, 'nothing plays before the click');
    assert.ok(before.src, 'the clip is loaded');

    await player.getByRole('button', { name: 'Start listening', exact: true }).click();
    // Polled from outside: the player's Content Security Policy forbids eval, which waitForFunction's own
    // polling inside the page would need whenever the first check comes too early.
    for (const deadline = Date.now() + 10_000; !(await player.evaluate('window.__playing > 0'));) {
      if (Date.now() > deadline) assert.fail('the <audio> element did not start playing within 10 s of the click');
      await new Promise((r) => setTimeout(r, 50));
    }
    const t1 = await probe(player);
    await new Promise((r) => setTimeout(r, 700));
    const t2 = await probe(player);
    assert.ok(t2.currentTime > t1.currentTime, `currentTime advances: ${t1.currentTime} → ${t2.currentTime}`);
    await waitForStatus(/TTS: playing/, 5000);
    await expectSimulatorAudio(player);

    await page.screenshot({ path: path.join(RESULTS_DIR, 'e2e-player.png') });
    await statusItem().first().screenshot({ path: path.join(RESULTS_DIR, 'e2e-status-bar.png') });
    await waitForStatus(/TTS: done/, 20_000);
    watching = false;
    assertOrder(statusTexts.filter((t) => /TTS:/.test(t)), [/click Start listening/, /TTS: playing/, /TTS: done/]);
  });

  it('Speak Document highlights the sentence being read in the editor; the highlight moves on, and Stop clears it', async function () {
    this.timeout(120_000);
    statusTexts.length = 0;
    watchStatusBar();
    await runFromPalette('Evolink TTS: Speak Document');
    await waitForStatus(/TTS: playing/, 60_000);
    // Extension decorations are drawn as elements with a `ced-…` class in the editor's overlay layer.
    const where = `[...document.querySelectorAll('.monaco-editor .view-overlays [class*="ced-"], .monaco-editor .view-lines [class*="ced-"]')]
      .map((e) => e.parentElement.style.top || e.style.top || String(e.getBoundingClientRect().top)).join(',')`;
    await untilInPage('a highlight decoration in the editor', `(${where}) !== ''`);
    const first = await noGesture<string>(where);
    await page.locator('.monaco-editor').first().screenshot({ path: path.join(RESULTS_DIR, 'e2e-highlight.png') });
    await untilInPage('the highlight moves to a later sentence', `(() => { const w = ${where}; return w !== '' && w !== ${JSON.stringify(first)}; })()`, 60_000);
    await runFromPalette('Evolink TTS: Stop Reading');
    await waitForStatus(/TTS: stopped/, 10_000);
    await untilInPage('the highlight is gone', `(${where}) === ''`, 10_000);
    watching = false;
  });

  it('Speak Document lights the word being spoken inside the sentence highlight, word by word, and Stop clears both', async function () {
    this.timeout(120_000);
    statusTexts.length = 0;
    watchStatusBar();
    // Each decoration type draws elements with its own `ced-…` class: the highlight's rectangles per class.
    const boxes = `JSON.stringify((() => {
      const out = {};
      for (const e of document.querySelectorAll('.monaco-editor .view-overlays [class*="ced-"]')) {
        const cls = [...e.classList].find((c) => c.startsWith('ced-'));
        const r = e.getBoundingClientRect();
        if (r.width > 0) (out[cls] = out[cls] || []).push([Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)]);
      }
      return out;
    })())`;
    type Box = [number, number, number, number];
    const inside = (b: Box, outer: Box[]) => outer.some((o) => b[0] >= o[0] - 1 && b[2] <= o[2] + 1 && b[1] >= o[1] - 1 && b[3] <= o[3] + 1);
    /** The word's box: the one class drawn as a single box lying inside another class's boxes (the sentence). */
    const read = async (): Promise<{ word?: Box; sentence?: Box[] }> => {
      const groups = JSON.parse(await noGesture<string>(boxes)) as Record<string, Box[]>;
      const classes = Object.keys(groups);
      for (const w of classes) {
        if (groups[w].length !== 1) continue;
        const outer = classes.find((c) => c !== w && inside(groups[w][0], groups[c]));
        if (outer) return { word: groups[w][0], sentence: groups[outer] };
      }
      return { sentence: classes.length ? groups[classes[0]] : undefined };
    };
    await runFromPalette('Evolink TTS: Speak Document');
    await waitForStatus(/TTS: playing/, 60_000);
    const seen: Box[] = [];
    const deadline = Date.now() + 30_000;
    let shot = false;
    while (Date.now() < deadline && new Set(seen.map((b) => b.join())).size < 6) {
      const { word, sentence } = await read();
      if (word && sentence) {
        assert.ok(inside(word, sentence), 'the word lies inside the sentence highlight');
        if (seen.at(-1)?.join() !== word.join()) seen.push(word);
        if (!shot && seen.length >= 2) {
          await page.locator('.monaco-editor').first().screenshot({ path: path.join(RESULTS_DIR, 'e2e-word-highlight.png') });
          shot = true;
        }
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    const distinct = new Set(seen.map((b) => b.join())).size;
    assert.ok(distinct >= 6, `the word highlight moved word by word (${distinct} places: ${JSON.stringify(seen)})`);
    // In reading order: each new place is further down, or on the same line further right (a new sentence may
    // start a line further down at the left).
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]];
      assert.ok(b[1] > a[1] + 2 || (Math.abs(b[1] - a[1]) <= 2 && b[0] > a[0]), `word ${i} comes after word ${i - 1}: ${JSON.stringify([a, b])}`);
    }
    await runFromPalette('Evolink TTS: Stop Reading');
    await waitForStatus(/TTS: stopped/, 10_000);
    await untilInPage('both highlights are gone', `${boxes} === '{}'`, 10_000);
    watching = false;
  });

  it('asks once before a long read, with the number of tasks it will take: Cancel sends nothing, "Read Aloud" creates exactly that many', async function () {
    this.timeout(180_000);
    // A document just above evolinkTts.confirmAboveCharacters (3000 by default), text no earlier test spoke;
    // short enough that every part is submitted while the first clips play (the pipeline works ahead by
    // 2 × maxParallelTasks parts), so the test sees every task without listening to the whole document.
    const sentences = Array.from({ length: 28 }, (_, i) =>
      `Paragraph ${i + 1} of the long draft checks that the cost question counts every part before a single credit is spent.`);
    const text = `# Long draft\n\n${sentences.map((x, i) => (i % 5 === 4 ? `${x}\n\n` : `${x} `)).join('')}`;
    fs.writeFileSync(path.join(stack.workspace, 'long.md'), text);
    await page.keyboard.press(`${mod}+P`);
    await page.locator('.quick-input-widget input').first().waitFor();
    await page.keyboard.type('long.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'long.md' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'long.md' }).waitFor();

    const speechPosts = (): number => stack.sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/audios/generations').length;
    const dialog = page.locator('.monaco-dialog-box');
    const postsBefore = speechPosts();
    await runFromPalette('Evolink TTS: Speak Document');
    await dialog.waitFor({ timeout: 20_000 });
    const message = (await dialog.locator('.dialog-message-text').innerText()).trim();
    const detail = (await dialog.locator('.dialog-message-detail').innerText()).trim();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'e2e-cost.png') });
    console.log(`    [e2e] cost question: "${message}" — "${detail.slice(0, 80)}…"`);
    const chars = Number(/Read ([\d,]+) characters aloud\?/.exec(message)?.[1].replace(/,/g, ''));
    const tasks = Number(/about (\d+) speech tasks?/.exec(detail)?.[1]);
    assert.ok(chars > 3000 && chars <= text.length, `characters in the question: ${message}`);
    assert.ok(tasks >= Math.ceil(chars / 600), `tasks in the question: ${detail}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(speechPosts(), postsBefore, 'Cancel sends nothing');

    statusTexts.length = 0;
    watchStatusBar();
    await runFromPalette('Evolink TTS: Speak Document');
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Read Aloud' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForStatus(/TTS: playing/, 60_000);
    const deadline = Date.now() + 90_000;
    while (speechPosts() - postsBefore < tasks && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2000));
    const prompts = stack.sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/audios/generations').slice(postsBefore)
      .map((r) => `${String((r.body as { prompt?: string }).prompt ?? '').length}@${r.time}`);
    assert.equal(speechPosts() - postsBefore, tasks, `the tasks created for the whole document are the number the question named (${prompts.join(', ')}; now ${Date.now()}; ${statusTexts.join(' → ')})`);
    assert.equal(await dialog.count(), 0, 'asked once per reading');
    await runFromPalette('Evolink TTS: Stop Reading');
    await waitForStatus(/TTS: stopped/, 10_000);
    watching = false;
  });

  it('Design a Voice asks four steps (the one target model is not a question, the language step names it) and sends it', async function () {
    this.timeout(90_000);
    const designPosts = () => stack.sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/audios/generations'
      && (r.body as { model?: string }).model === 'qwen-voice-design');
    const before = designPosts().length;
    const widget = page.locator('.quick-input-widget');
    const steps: string[] = [];
    const step = async (n: number) => {
      await widget.locator('.quick-input-title', { hasText: new RegExp(`\\b${n}/\\d`) }).waitFor({ timeout: 20_000 });
      steps.push((await widget.locator('.quick-input-title').innerText()).replace(/\s+/g, ' ').trim());
    };
    await runFromPalette('Evolink TTS: Design a Voice');
    await step(1);
    await page.keyboard.type('A calm narrator with a warm, low voice and an unhurried pace, for proofreading long documents');
    await page.keyboard.press('Enter');
    await step(2);
    await page.keyboard.type('Good evening. This is how I sound when I read your text aloud.');
    await page.keyboard.press('Enter');
    await step(3);
    await page.keyboard.press('Enter');
    await step(4);
    const placeholder = await widget.locator('input').first().getAttribute('placeholder');
    assert.match(placeholder ?? '', /qwen3-tts-vd/, `the last step names the model the voice is for: ${placeholder}`);
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 20_000 });
    const deadline = Date.now() + 30_000;
    while (designPosts().length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    console.log(`    [e2e] design steps: ${steps.join(' | ')}`);
    assert.ok(steps.every((t) => /\/4\b/.test(t)), `four steps in all: ${steps.join(' | ')}`);
    const sent = designPosts().slice(before);
    assert.equal(sent.length, 1, 'one voice-design task after the fourth step');
    const target = String((sent[0].body as { target_model?: string }).target_model);
    assert.ok(target.startsWith('qwen3-tts-vd') && (placeholder ?? '').includes(target), `the model the last step named is the one sent: ${target}`);
  });

  /** The player page's frame (the one with the <audio>) once its "Start listening" button shows. */
  async function waitForStartListening(timeoutMs = 20_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await findStartListening(page)) {
        for (const f of page.frames()) {
          const ready = await f
            .evaluate(`(() => { const b = document.getElementById('start-listening'); return !!(document.querySelector('audio') && b && b.offsetParent); })()`)
            .catch(() => false);
          if (ready) return f;
        }
      }
      if (Date.now() > deadline) throw new Error('no "Start listening" button in any frame');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The frame whose <audio> is playing. */
  async function waitForPlayingFrame(timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const f of page.frames()) {
        const playing = await f
          .evaluate(`(() => { const a = document.querySelector('audio'); return !!a && !a.paused && a.currentTime > 0; })()`)
          .catch(() => false);
        if (playing) return f;
      }
      if (Date.now() > deadline) throw new Error('no <audio> element is playing');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The clip in the player is the simulator's audio for exactly the selected sentence (same duration). */
  async function expectSimulatorAudio(frame: Frame): Promise<void> {
    const tasks = stack.sim.tasks().filter((t) => t.model === 'qwen3-tts-vd');
    const task = tasks.at(-1);
    assert.ok(task?.audioUrl, 'the simulator completed a speech task');
    assert.strictEqual(task.prompt, SENTENCE, 'the selected text was sent, exactly');
    assert.strictEqual(task.voice, stack.voice);
    assert.strictEqual(task.languageType, 'English');
    // Decoded as the extension decodes it: the upstream profile may declare a placeholder data size.
    const wav = decodeAudio(new Uint8Array(await (await fetch(task.audioUrl)).arrayBuffer()));
    const { duration } = await probe(frame);
    assert.ok(Math.abs(duration - (wav.durationSec ?? NaN)) < 0.05, `the <audio> clip lasts ${duration} s; the simulator's audio lasts ${wav.durationSec} s`);
  }
});

/** `seen` contains texts matching each of `order`, one after the other (other texts may come between). */
function assertOrder(seen: string[], order: RegExp[]): void {
  let from = 0;
  for (const re of order) {
    const i = seen.findIndex((t, n) => n >= from && re.test(t));
    assert.ok(i >= 0, `status bar shows ${order.join(', ')} in that order: ${seen.join(' → ')}`);
    from = i + 1;
  }
}

async function probe(frame: Frame): Promise<AudioProbe> {
  return (await frame.evaluate(`(() => {
    const a = document.querySelector('audio');
    return { paused: a.paused, currentTime: a.currentTime, duration: a.duration, playingEvents: window.__playing, src: a.currentSrc };
  })()`)) as AudioProbe;
}
