// The view that yields and the panel that tells the truth: while reading, the editor keeps the sentence in
// view until the user scrolls away or moves the cursor elsewhere; Back to Reading (or the cursor put back into
// the sentence) follows again. The focus aid dims the text outside the sentence or paragraph. The status
// item's accessible label and the panel say the same thing in every state.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { EvolinkTtsApi } from '../../src/publicApi';
import { accessibleLabel, statusLine } from '../../src/statusBar/table';
import { prng } from '../fixtures/prng';
import { api, record, sim, sleep, until, waitForRest } from './helpers';
import { openDoc, reach, readingSuite, withSettings } from './proofread';

const TOPICS = ['harbour', 'lantern', 'orchard', 'glacier', 'workshop', 'library', 'meadow', 'observatory'];
const VERBS = ['describes', 'explains', 'compares', 'questions', 'summarises', 'revisits'];
const OBJECTS = ['the tides of the bay', 'an old ledger', 'the winter routes', 'a repaired bridge', 'the night shift', 'the first survey'];
let made = 0;

/**
 * A long Markdown report (seeded, different on every call: the audio cache would otherwise answer it):
 * headings, and paragraphs of three to five sentences, long enough that most of it is outside the viewport.
 */
function longReport(seed: number): { text: string; headings: string[] } {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const run = `${seed % 10_000}-${++made}-${Date.now() % 10_000}`;
  const parts: string[] = [`# Field report ${run}`];
  const headings = [`Field report ${run}`];
  for (let s = 0; s < 6; s++) {
    const h = `The ${pick(TOPICS)} section ${s + 1}`;
    parts.push(`## ${h}`);
    headings.push(h);
    for (let p = 0; p < 4; p++) {
      const n = 3 + Math.floor(r() * 3);
      const sentences = Array.from({ length: n }, (_, k) =>
        `Note ${s + 1}.${p + 1}.${k + 1} ${pick(VERBS)} ${pick(OBJECTS)} near the ${pick(TOPICS)}, as recorded in run ${run}.`);
      parts.push(sentences.join(' '));
    }
  }
  return { text: parts.join('\n\n') + '\n', headings };
}

/** Whether `editor` shows any of [start, end). */
function inView(editor: vscode.TextEditor, start: number, end: number): boolean {
  const doc = editor.document;
  const range = new vscode.Range(doc.positionAt(start), doc.positionAt(Math.max(start, end)));
  return editor.visibleRanges.some((v) => v.intersection(range) !== undefined);
}

async function startLong(a: EvolinkTtsApi, name: string): Promise<{ editor: vscode.TextEditor; run: Thenable<unknown>; headings: string[] }> {
  const { text, headings } = longReport(3900 + made);
  const editor = await openDoc(name, text);
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  const run = vscode.commands.executeCommand(Commands.speakDocument);
  await reach(a, ['playing'], 30_000);
  await until('a sentence is highlighted', () => a.highlightDrawnIn(editor.document.uri.toString()).length > 0);
  return { editor, run, headings };
}

/** Waits until the highlight moves to another sentence; returns it. */
async function nextHighlight(a: EvolinkTtsApi): Promise<{ start: number; end: number; text: string }> {
  const from = a.highlight()!.start;
  await until('the highlight moves to the next sentence', () => (a.highlight()?.start ?? from) !== from, 30_000);
  return a.highlight()!;
}

describe('Follow mode, focus aid and the panel', () => {
  readingSuite({ playbackRate: 2, confirmAboveCharacters: 0 });

  it('stops scrolling when the user scrolls away, keeps the highlight, and Back to Reading follows again', async function () {
    this.timeout(120_000);
    const a = await api();
    const { editor, run } = await startLong(a, 'follow-scroll.md');
    const uri = editor.document.uri.toString();
    assert.strictEqual(a.following, true, 'follows at the start');
    const h0 = a.highlight()!;
    assert.ok(inView(editor, h0.start, h0.end), 'the sentence being read is in view');

    // The user scrolls to the end of the document.
    const last = editor.document.lineCount - 1;
    editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.AtTop);
    await until('the editor stops following', () => !a.following);
    assert.match(a.statusBar().tooltip, /stopped following/, 'the status bar tooltip says so');
    await until('the panel offers Back to Reading', () => a.panelShown()?.followYielded === true);

    const h1 = await nextHighlight(a);
    await sleep(300);
    assert.ok(a.highlightDrawnIn(uri).length === 1, 'the highlight stays');
    assert.ok(!inView(editor, h1.start, h1.end), 'the editor did not scroll back to the new sentence');
    assert.ok(editor.visibleRanges[0].end.line >= last - 1, 'the user\'s place is kept');

    await vscode.commands.executeCommand(Commands.backToReading);
    assert.strictEqual(a.following, true, 'follows again');
    await until('the sentence being read is back in view', () => { const h = a.highlight(); return !!h && inView(editor, h.start, h.end); });
    const h2 = await nextHighlight(a);
    await until('later sentences are kept in view', () => inView(editor, h2.start, h2.end));
    assert.strictEqual(a.panelShown()?.followYielded, false);
    await vscode.commands.executeCommand(Commands.stop);
    await run;
  });

  it('stops following when the cursor moves elsewhere, and follows again when it comes back into the sentence', async function () {
    this.timeout(120_000);
    const a = await api();
    const { editor, run } = await startLong(a, 'follow-cursor.md');
    const doc = editor.document;
    const far = doc.lineCount - 2;
    editor.selection = new vscode.Selection(far, 0, far, 0);
    editor.revealRange(new vscode.Range(far, 0, far, 0), vscode.TextEditorRevealType.InCenter);
    await until('the editor stops following', () => !a.following);
    const h1 = await nextHighlight(a);
    await sleep(300);
    assert.ok(!inView(editor, h1.start, h1.end), 'no scrolling to the sentence while the user edits elsewhere');
    assert.ok(a.highlightDrawnIn(doc.uri.toString()).length === 1, 'the highlight stays');

    // Typing elsewhere (the cursor shifted by an edit) does not bring following back.
    await editor.edit((e) => e.insert(new vscode.Position(far, 0), 'Edited while listening. '));
    await sleep(200);
    assert.strictEqual(a.following, false, 'still not following after an edit elsewhere');

    const now = a.highlight()!;
    const inside = doc.positionAt(now.start + 2);
    editor.selection = new vscode.Selection(inside, inside);
    await until('following again', () => a.following);
    await until('the sentence being read is in view', () => { const h = a.highlight(); return !!h && inView(editor, h.start, h.end); });
    await vscode.commands.executeCommand(Commands.stop);
    await run;
  });

  it('the focus aid dims the text outside the sentence, or the paragraph, and nothing when off', async function () {
    this.timeout(120_000);
    const a = await api();
    const restore = await withSettings({ focus: 'sentence' });
    try {
      const { editor, run } = await startLong(a, 'focus.md');
      const len = editor.document.getText().length;
      const dims = () => JSON.stringify(a.focusDimmed());
      const sentenceDims = () => { const h = a.highlight()!; return JSON.stringify([{ start: 0, end: h.start }, { start: h.end, end: len }]); };
      await until('everything but the sentence is dimmed', () => dims() === sentenceDims(), 5000);
      await nextHighlight(a);
      await until('the dimming moves with the sentence', () => dims() === sentenceDims(), 5000);

      await vscode.workspace.getConfiguration('evolinkTts').update('focus', 'paragraph', vscode.ConfigurationTarget.Global);
      // The paragraph is found here independently: the report separates paragraphs with one blank line.
      const paragraphDims = () => {
        const h = a.highlight()!;
        const text = editor.document.getText();
        const from = text.lastIndexOf('\n\n', h.start) + 2;
        const to = text.indexOf('\n\n', h.end);
        return JSON.stringify([{ start: 0, end: from }, { start: to < 0 ? len : to, end: len }]);
      };
      await until('everything but the paragraph is dimmed', () => dims() === paragraphDims(), 5000);

      await vscode.workspace.getConfiguration('evolinkTts').update('focus', 'off', vscode.ConfigurationTarget.Global);
      await until('nothing is dimmed', () => a.focusDimmed().length === 0, 5000);
      await vscode.commands.executeCommand(Commands.stop);
      await run;
    } finally {
      await restore();
    }
  });

  it('the status item\'s accessible label and the panel say the same in every state; the panel is never stale', async function () {
    this.timeout(150_000);
    const a = await api();
    const rec = record(a);
    const panels: { kind: string; status?: string; sentence?: string }[] = [];
    try {
      const { editor, run, headings } = await startLong(a, 'states.md');
      await until('the panel shows the sentence being read', () => {
        const p = a.panelShown();
        return !!p && p.phase === 'playing' && p.sentence === a.highlight()?.text.replace(/\s+/g, ' ').trim();
      });
      const p = a.panelShown()!;
      assert.ok(p.heading && headings.includes(p.heading), `the panel names the section: ${p.heading}`);
      assert.strictEqual(p.progress?.ticks.length, headings.length, 'a tick per heading');
      assert.ok(p.progress!.fraction > 0 && p.progress!.fraction < 0.2, `progress near the start: ${p.progress!.fraction}`);
      assert.ok((p.secondsLeft ?? 0) > 0, 'a time left');
      assert.strictEqual(p.editor, 'states.md');
      await vscode.commands.executeCommand(Commands.pauseResume);
      await reach(a, ['paused'], 5000);
      await until('the panel says paused', () => a.panelShown()?.status === statusLine(a.state));
      panels.push({ kind: 'paused', ...a.panelShown() });
      await vscode.commands.executeCommand(Commands.pauseResume);
      await reach(a, ['playing'], 5000);
      await vscode.commands.executeCommand(Commands.stop);
      await run;
      await until('the panel says stopped, with no sentence left', () => a.panelShown()?.phase === 'stopped' && a.panelShown()?.sentence === undefined);

      // A short document read to the end, then one that fails.
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), 'A short note to read. It has two sentences.\n'));
      await vscode.commands.executeCommand(Commands.speakDocument);
      assert.strictEqual((await waitForRest(a, 60_000)).kind, 'done');
      await until('the panel says done, with no sentence or progress left', () => a.panelShown()?.phase === 'done' && !a.panelShown()?.progress);
      await sim.inject({ match: { model: 'qwen3-tts-vd' }, task: { outcome: 'fail', code: 'internal_error', message: 'The speech service had a problem.' } });
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Another sentence that fails. '));
      await vscode.commands.executeCommand(Commands.speakDocument);
      assert.strictEqual((await waitForRest(a, 60_000)).kind, 'failed');
      await until('the panel says failed', () => a.panelShown()?.phase === 'failed' && a.panelShown()?.status === statusLine(a.state));
    } finally {
      rec.dispose();
    }
    const kinds = new Set(rec.kinds());
    for (const k of ['submitting', 'playing', 'paused', 'cancelled', 'done', 'failed']) assert.ok(kinds.has(k as never), `saw ${k}: ${[...kinds].join(', ')}`);
    for (const o of rec.seen) {
      assert.strictEqual(o.bar.accessibilityLabel, accessibleLabel(o.state), `${o.state.kind}: the status item's label`);
      assert.ok(o.bar.accessibilityLabel?.startsWith(`Evolink TTS: ${statusLine(o.state)}`), o.bar.accessibilityLabel);
    }
    assert.match(rec.seen.find((o) => o.state.kind === 'submitting')!.bar.accessibilityLabel!, /^Evolink TTS: Preparing/);
  });
});
