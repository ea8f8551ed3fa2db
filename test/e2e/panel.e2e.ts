// The Read Aloud panel driven by the keyboard alone, as a keyboard or screen-reader user drives it: the
// packaged extension in code-server, the workbench in headless Chromium. Tab moves between the panel's
// controls (each with a visible focus outline; Shift+Tab goes back), Enter starts Read Document, Space pauses and resumes; the
// panel shows the sentence being read, its section and the progress; the paragraph and heading buttons move
// the reading; after Stop, Continue Reading reads on from where it stopped. Screenshots go to test-results/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { RESULTS_DIR } from '../harness/paths';
import type { Stack } from '../harness/stack';
import { prng } from '../fixtures/prng';
import { runFromPalette } from './palette';
import { packagedStack, workbenchSession } from './session';

const KEY = 'sk-evolink-e2e-panel-P4n3lK3yb0ard7';
const TIME_SCALE = 0.05;
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const FILE = 'keyboard-report.md';

/** A seeded Markdown report of three sections, short enough to be read without the cost question. */
function report(seed: number): { text: string; sentences: string[]; headings: string[] } {
  const r = prng(seed);
  const places = ['the harbour', 'the north field', 'the old mill', 'the bridge', 'the station', 'the orchard'];
  const acts = ['was inspected', 'needs new paint', 'was measured twice', 'flooded in March', 'reopened on Monday'];
  const headings = ['Morning round', 'Afternoon round', 'Open questions'];
  const sentences: string[] = [];
  const parts = ['# Site notes'];
  for (const h of headings) {
    parts.push(`## ${h}`);
    const para: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = `The gate near ${places[Math.floor(r() * places.length)]} ${acts[Math.floor(r() * acts.length)]}, note ${sentences.length + 1}.`;
      para.push(s);
      sentences.push(s);
    }
    parts.push(para.join(' '));
  }
  return { text: parts.join('\n\n') + '\n', sentences, headings: ['Site notes', ...headings] };
}

describe('The Read Aloud panel with the keyboard alone (packaged extension)', function () {
  const session = workbenchSession({
    name: 'panel',
    start: () => packagedStack({ name: 'e2e-panel', key: KEY, timeScale: TIME_SCALE }),
    results: ['e2e-panel-failure.png', 'e2e-panel-idle.png', 'e2e-panel-playing.png', 'e2e-panel-paused.png', 'e2e-panel-continue.png'],
  });
  let stack: Stack;
  let page: Page;
  let panel: Frame;
  const doc = report(4242);

  /** The panel page's frame (the one with the Read Document button). */
  async function panelFrame(timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const f of page.frames()) {
        if (await f.evaluate(`!!document.getElementById('read-document')`).catch(() => false)) return f;
      }
      if (Date.now() > deadline) throw new Error('the Read Aloud panel page did not load');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const focusedId = (): Promise<string> => panel.evaluate(`document.activeElement ? document.activeElement.id : ''`).then(String).catch(() => '');

  /**
   * Presses Tab (Shift+Tab when `id` comes before the focused control) until the panel's element `id` has the
   * focus; checks that its focus is visible.
   */
  async function tabTo(id: string, max = 20): Promise<void> {
    const seen: string[] = [];
    const back = await panel.evaluate(`(() => { const t = document.getElementById(${JSON.stringify(id)}); const a = document.activeElement; return !!(t && a && a !== document.body && (a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING)); })()`);
    for (let i = 0; i < max; i++) {
      if ((await focusedId()) === id) {
        const outline = await panel.evaluate(`(() => { const s = getComputedStyle(document.activeElement); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), visible: document.activeElement.matches(':focus-visible') }; })()`) as { style: string; width: number; visible: boolean };
        assert.ok(outline.visible && outline.style !== 'none' && outline.width >= 1, `#${id} shows its keyboard focus: ${JSON.stringify(outline)}`);
        return;
      }
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      seen.push(await focusedId());
    }
    throw new Error(`Tab never reached #${id}; focus went ${seen.join(' → ')}`);
  }

  async function untilPanel(what: string, expression: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await panel.evaluate(expression).catch(() => false))) {
      if (Date.now() > deadline) {
        const status = await panel.evaluate(`document.getElementById('status').textContent`).catch(() => '?');
        throw new Error(`timed out waiting for ${what}; the panel says: ${String(status)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const panelText = (id: string): Promise<string> => panel.evaluate(`(document.getElementById(${JSON.stringify(id)}) || {}).textContent || ''`).then(String);

  before(() => {
    ({ stack, page } = session);
    fs.writeFileSync(path.join(stack.workspace, FILE), doc.text);
  });

  it('opens the workbench, stores the key and opens the report, all from the keyboard', async function () {
    this.timeout(120_000);
    await page.goto(`${stack.server.origin}/?folder=${encodeURIComponent(stack.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.getByRole('treeitem', { name: /sample\.md/ }).waitFor({ timeout: 60_000 });
    await runFromPalette(page, 'Evolink TTS: Set API Key');
    await page.locator('.quick-input-widget input[type="password"]').waitFor();
    await page.keyboard.type(KEY);
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: 'Evolink API key saved' }).waitFor();
    await page.keyboard.press(`${mod}+P`);
    await page.locator('.quick-input-widget input').first().waitFor();
    await page.keyboard.type(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: FILE }).waitFor();
  });

  it('the idle panel offers Read Document for the active editor; Tab reaches it with a visible focus and Enter starts reading', async function () {
    this.timeout(120_000);
    await runFromPalette(page, 'Evolink TTS: Show Player');
    panel = await panelFrame();
    await untilPanel('the idle panel names the document', `(() => { const b = document.getElementById('read-document'); return !!b && !b.disabled && b.offsetParent !== null && document.getElementById('editor').textContent.includes(${JSON.stringify(FILE)}); })()`);
    assert.match(await panelText('status'), /^Idle/);
    assert.strictEqual(await panel.evaluate(`document.querySelector('audio').controls`), false, 'no native audio controls');
    assert.strictEqual(await panel.evaluate(`getComputedStyle(document.querySelector('audio')).display`), 'none', 'the <audio> element is not shown');
    // Every control has an accessible name: its text or aria-label.
    const unnamed = await panel.evaluate(`[...document.querySelectorAll('button, input')].filter((b) => !(b.getAttribute('aria-label') || b.textContent.trim() || (b.labels && b.labels.length))).map((b) => b.id)`);
    assert.deepStrictEqual(unnamed, [], 'every control has a name');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'e2e-panel-idle.png') });
    // Show Player gives the panel the keyboard, even when its page was still loading.
    await untilPanel('the panel to have the keyboard focus', 'document.hasFocus()', 15_000);
    await tabTo('read-document');
    await page.keyboard.press('Enter');
    // If the browser wants a click before it plays, the page focuses "Start listening": Space presses it.
    const deadline = Date.now() + 60_000;
    let gesture = false;
    for (;;) {
      const s = await panelText('status');
      if (/^Playing/.test(s)) break;
      if (/Start listening/.test(s) && (await focusedId()) === 'start-listening') {
        gesture = true;
        await page.keyboard.press('Space');
      }
      if (Date.now() > deadline) throw new Error(`the panel never said Playing; it says: ${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!gesture) assert.strictEqual(await focusedId(), 'stop', 'the focus moved from the hidden Read Document button to Stop');
  });

  it('shows the sentence being read, its section, the progress with a tick per heading, and the time left', async function () {
    this.timeout(60_000);
    await untilPanel('a sentence in the panel', `document.getElementById('sentence').textContent.length > 0 && !document.getElementById('sentence').hidden`);
    const sentence = await panelText('sentence');
    assert.ok(doc.sentences.includes(sentence) || doc.headings.includes(sentence), `the panel shows a sentence of the document: ${JSON.stringify(sentence)}`);
    const ticks = await panel.evaluate(`document.querySelectorAll('#ticks .tick').length`);
    assert.strictEqual(ticks, doc.headings.length, 'a tick per heading');
    // Wait for a sentence of the second section: the section line and the progress follow it.
    const second = doc.sentences.slice(4, 8);
    await untilPanel('a sentence of the second section', `${JSON.stringify(second)}.includes(document.getElementById('sentence').textContent)`, 45_000);
    assert.strictEqual(await panelText('heading'), 'Section: Afternoon round');
    const progress = Number(await panel.evaluate(`document.getElementById('progress').getAttribute('aria-valuenow')`));
    assert.ok(progress > 25 && progress < 75, `the progress is in the middle of the document: ${progress}%`);
    assert.match(String(await panel.evaluate(`document.getElementById('progress').getAttribute('aria-valuetext')`)), /% of the document, .* left, section Afternoon round/);
    assert.match(await panelText('time-left'), /left at \d/);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'e2e-panel-playing.png') });
  });

  it('Tab to Pause and Space pauses; Space again resumes; the aria-live status line says so', async function () {
    this.timeout(60_000);
    assert.strictEqual(await panel.evaluate(`document.getElementById('status').getAttribute('aria-live')`), 'polite');
    await tabTo('pause');
    await page.keyboard.press('Space');
    await untilPanel('the panel says paused', `/^Paused/.test(document.getElementById('status').textContent)`, 10_000);
    assert.strictEqual(await panel.evaluate(`document.querySelector('audio').paused`), true, 'the audio is paused');
    assert.strictEqual(await panel.evaluate(`document.getElementById('pause').getAttribute('aria-label')`), 'Resume');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'e2e-panel-paused.png') });
    assert.strictEqual(await focusedId(), 'pause', 'the focus stays on the button');
    await page.keyboard.press('Space');
    await untilPanel('the panel says playing again', `/^Playing/.test(document.getElementById('status').textContent) && !document.querySelector('audio').paused`, 10_000);
  });

  /** The index in the document of the sentence the panel shows (headings count as their own entries). */
  const sentenceIndex = async (): Promise<number> => doc.sentences.indexOf(await panelText('sentence'));

  it('the paragraph and heading buttons (Tab, Enter) move the reading by heading and by paragraph, both ways', async function () {
    this.timeout(90_000);
    for (const id of ['previous-paragraph', 'next-paragraph', 'previous-heading', 'next-heading']) {
      assert.strictEqual(await panel.evaluate(`(() => { const b = document.getElementById(${JSON.stringify(id)}); return !!b && !b.hidden && b.offsetParent !== null && !b.disabled && !!b.getAttribute('aria-label'); })()`), true, `#${id} is shown, enabled and named while reading a document with headings`);
    }
    const section = async () => (await panelText('heading')).replace(/^Section: /, '');
    const playingAt = (what: string, expression: string) => untilPanel(what, `(${expression}) && /^Playing/.test(document.getElementById('status').textContent)`, 30_000);
    // Previous Heading goes to the heading of the section being read, then (pressed at a heading) to the one before.
    await tabTo('previous-heading');
    let at = doc.headings.indexOf(await section());
    assert.ok(at >= 1, `reading in a section: ${await section()}`);
    await page.keyboard.press('Enter');
    await playingAt(`the heading "${doc.headings[at]}" read`, `document.getElementById('sentence').textContent === ${JSON.stringify(doc.headings[at])}`);
    while (at > 1) {
      at--;
      await page.keyboard.press('Enter');
      await playingAt(`the heading "${doc.headings[at]}" read`, `document.getElementById('sentence').textContent === ${JSON.stringify(doc.headings[at])}`);
    }
    assert.strictEqual(await focusedId(), 'previous-heading', 'the focus stays on the button');
    await tabTo('next-heading');
    await page.keyboard.press('Enter');
    await playingAt('the next section', `document.getElementById('heading').textContent === ${JSON.stringify(`Section: ${doc.headings[2]}`)}`);
    // Next Paragraph from the heading (a paragraph of its own): the section's text.
    await tabTo('next-paragraph');
    await page.keyboard.press('Enter');
    await playingAt('the section\'s first sentence', `document.getElementById('sentence').textContent === ${JSON.stringify(doc.sentences[4])}`);
    // Previous Paragraph from its first sentence: the paragraph before, the heading (or, if the voice has gone on
    // to the second sentence meanwhile, the start of the paragraph being read).
    await tabTo('previous-paragraph');
    await page.keyboard.press('Enter');
    await playingAt('the heading again', `${JSON.stringify([doc.headings[2], doc.sentences[4]])}.includes(document.getElementById('sentence').textContent) && document.getElementById('previous-paragraph') === document.activeElement`);
    if (await panelText('sentence') !== doc.headings[2]) {
      await page.keyboard.press('Enter');
      await playingAt('the heading again', `document.getElementById('sentence').textContent === ${JSON.stringify(doc.headings[2])}`);
    }
  });

  let stoppedAt = -1;

  it('Tab to Stop and Enter stops; the panel returns to its idle controls with nothing stale left', async function () {
    this.timeout(60_000);
    await untilPanel('a sentence of the text (not a heading) being read', `${JSON.stringify(doc.sentences)}.includes(document.getElementById('sentence').textContent)`, 20_000);
    stoppedAt = await sentenceIndex();
    await tabTo('stop');
    await page.keyboard.press('Enter');
    await untilPanel('the panel says stopped', `document.getElementById('status').textContent === 'Stopped.'`, 10_000);
    assert.strictEqual(await panel.evaluate(`document.getElementById('now').hidden && document.getElementById('reading-controls').hidden`), true, 'no sentence, progress or reading controls left');
    assert.strictEqual(await panel.evaluate(`!document.getElementById('idle-controls').hidden`), true, 'Read Document is offered again');
    assert.strictEqual(await panel.evaluate(`document.querySelector('audio').getAttribute('src')`), null, 'no clip is kept');
    assert.strictEqual(await focusedId(), 'read-document', 'the focus moved from the hidden Stop button to Read Document');
    for (const id of ['move-controls', 'previous-heading', 'next-heading']) {
      assert.strictEqual(await panel.evaluate(`document.getElementById(${JSON.stringify(id)}).offsetParent === null`), true, `#${id} is not shown when idle`);
    }
  });

  it('after Stop the idle panel offers Continue Reading; Tab and Enter read on from the sentence where it stopped', async function () {
    this.timeout(90_000);
    assert.ok(stoppedAt >= 0, 'stopped on a sentence of the text');
    await untilPanel('Continue Reading is offered', `(() => { const b = document.getElementById('continue-reading'); return !!b && !b.hidden && b.offsetParent !== null; })()`, 10_000);
    await tabTo('continue-reading');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'e2e-panel-continue.png') });
    await page.keyboard.press('Enter');
    await untilPanel('reading again', `/^(Playing|Preparing)/.test(document.getElementById('status').textContent)`, 30_000);
    await untilPanel('a sentence in the panel', `${JSON.stringify(doc.sentences)}.includes(document.getElementById('sentence').textContent)`, 30_000);
    const i = await sentenceIndex();
    // Reading goes on from the sentence where it stopped (that one again, or the next if it had been heard to its end).
    assert.ok(i === stoppedAt || i === stoppedAt + 1, `continued at sentence ${i} ("${await panelText('sentence')}"), stopped at ${stoppedAt}`);
    assert.strictEqual(await panel.evaluate(`document.getElementById('continue-reading').offsetParent === null`), true, 'Continue Reading is not offered while reading');
    await tabTo('stop');
    await page.keyboard.press('Enter');
    await untilPanel('the panel says stopped', `document.getElementById('status').textContent === 'Stopped.'`, 10_000);
  });
});
