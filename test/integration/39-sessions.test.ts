// Proofreading in sessions: Continue Reading after Stop, after closing and reopening the document, and after an
// edit (made while it was closed) moved the sentence; moves by paragraph and heading (in order, and nothing paid
// twice by the simulator's record of tasks); Read Section; pausing after each sentence or paragraph; speed 4×.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { EvolinkTtsApi, HighlightRecord } from '../../src/publicApi';
import { api, env, sim, sleep, until, waitForRest } from './helpers';
import { closeAll, openDoc, reach, readingSuite, uniqueTag, withSettings } from './proofread';

const TOPICS = ['the harbour budget', 'the bridge schedule', 'the village library', 'the autumn meeting', 'the river survey', 'the committee letter'];

/** Plain paragraphs of three sentences each, every sentence unique to this call; and the sentences per paragraph. */
function paragraphs(n: number): { text: string; paras: string[][] } {
  const tag = uniqueTag();
  const paras = Array.from({ length: n }, (_, p) => [
    `Paragraph ${p + 1} of ${tag} opens with a remark about ${TOPICS[p % TOPICS.length]}.`,
    `Its middle sentence adds that the figures were checked twice before noon.`.replace('Its', `Part ${p + 1} says in its`),
    `The paragraph ${p + 1} closes here, ${tag}.`,
  ]);
  return { text: paras.map((p) => p.join(' ')).join('\n\n') + '\n', paras };
}

/** A Markdown document: sections with headings (levels 1 and 2), each with two short paragraphs. */
function sections(): { text: string; headings: string[]; tag: string } {
  const tag = uniqueTag();
  const heads = [['#', 'Harbour budget'], ['##', 'Spring figures'], ['##', 'Autumn figures'], ['#', 'Bridge schedule'], ['##', 'Closing notes']];
  const headings = heads.map(([, h]) => `${h} of ${tag}`);
  const text = heads.map(([mark], i) => `${mark} ${headings[i]}\n\n` +
    `Section ${i + 1} of ${tag} begins with a plain sentence. It has a second one, number ${i + 1}.\n\n` +
    `A second paragraph in section ${i + 1} follows, ${tag}. It ends section ${i + 1}.\n`).join('\n');
  return { text, headings, tag };
}

const stopWhen = (a: EvolinkTtsApi, text: string) => {
  const sub = a.onDidHighlight((h) => {
    if (h?.text === text) {
      sub.dispose();
      void vscode.commands.executeCommand(Commands.stop);
    }
  });
  return sub;
};

/** Every highlight of the current run, in order, without repeats of the same sentence in a row. */
function trail(a: EvolinkTtsApi): { texts: string[]; log: string[]; dispose(): void } {
  const texts: string[] = [];
  const log: string[] = [];
  const t0 = Date.now();
  const sub = a.onDidHighlight((h: HighlightRecord | undefined) => {
    if (h && texts[texts.length - 1] !== h.text) texts.push(h.text);
    log.push(`${Date.now() - t0} ${h?.text.slice(0, 14)} ${JSON.stringify(a.playback)}`);
  });
  return { texts, log, dispose: () => sub.dispose() };
}

/** How many speech tasks the simulator created whose prompt holds `sentence`. */
async function paidFor(sentences: string[]): Promise<Map<string, number>> {
  const tasks = (await sim.tasks()).filter((t) => t.model === 'qwen3-tts-vd');
  return new Map(sentences.map((s) => [s, tasks.filter((t) => (t.prompt ?? '').includes(s)).length]));
}

async function assertPaidOnce(sentences: string[]): Promise<void> {
  for (const [s, n] of await paidFor(sentences)) assert.ok(n <= 1, `"${s}" was in ${n} tasks`);
}

async function continueAndFirstHighlight(a: EvolinkTtsApi): Promise<{ first: HighlightRecord; run: Thenable<unknown> }> {
  let first: HighlightRecord | undefined;
  const sub = a.onDidHighlight((h) => { first ??= h; });
  const run = vscode.commands.executeCommand(Commands.continueReading);
  await until('the continued reading highlights a sentence', () => first !== undefined, 30_000);
  sub.dispose();
  return { first: first!, run };
}

describe('Proofreading in sessions', () => {
  readingSuite({ maxParallelTasks: 1, playbackRate: 4, pauseAfter: 'none' });

  it('Continue Reading after Stop starts at the sentence where reading stopped; read to the end, the mark goes', async function () {
    this.timeout(120_000);
    const a = await api();
    const { text, paras } = paragraphs(3);
    const editor = await openDoc(`continue-${uniqueTag()}.txt`, text);
    const uri = editor.document.uri.toString();
    const at = paras[1][1];
    stopWhen(a, at);
    await vscode.commands.executeCommand(Commands.speakDocument);
    await waitForRest(a);
    const kept = a.readingPosition(uri);
    assert.ok(kept, 'a position is kept');
    assert.strictEqual(kept.text, at, 'the sentence being heard when Stop came');
    assert.strictEqual(kept.offset, text.indexOf(at));
    await until('the gutter mark is drawn', () => a.readingMarks(uri).length === 1);
    assert.strictEqual(a.readingMarks(uri)[0].line, editor.document.positionAt(text.indexOf(at)).line);

    const { first, run } = await continueAndFirstHighlight(a);
    assert.strictEqual(first.text, at, 'reading goes on at that sentence');
    assert.deepStrictEqual(a.readingMarks(uri), [], 'no mark while the document is read');
    await run;
    assert.strictEqual(a.state.kind, 'done');
    assert.strictEqual(a.readingPosition(uri), undefined, 'read to the end: forgotten');
    assert.deepStrictEqual(a.readingMarks(uri), []);
  });

  it('continues after the document was closed while reading and opened again', async function () {
    this.timeout(120_000);
    const a = await api();
    const { text, paras } = paragraphs(3);
    const name = `reopen-${uniqueTag()}.txt`;
    const editor = await openDoc(name, text);
    const uri = editor.document.uri.toString();
    const at = paras[1][0];
    const sub = a.onDidHighlight((h) => {
      if (h?.text === at) {
        sub.dispose();
        void vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    });
    await vscode.commands.executeCommand(Commands.speakDocument);
    await waitForRest(a);
    assert.strictEqual(a.state.kind, 'cancelled', 'closing the document ended the reading');
    assert.strictEqual(a.readingPosition(uri)?.text, at);

    const again = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(env.workspace, name)));
    await until('the mark is drawn in the reopened editor', () => a.readingMarks(uri).length === 1);
    assert.strictEqual(a.readingMarks(uri)[0].line, again.document.positionAt(text.indexOf(at)).line);
    const { first } = await continueAndFirstHighlight(a);
    assert.strictEqual(first.text, at);
    await vscode.commands.executeCommand(Commands.stop);
  });

  it('finds the sentence again by its words after an edit made while the document was closed moved it', async function () {
    this.timeout(120_000);
    const a = await api();
    const { text, paras } = paragraphs(3);
    const name = `moved-${uniqueTag()}.txt`;
    const file = path.join(env.workspace, name);
    const editor = await openDoc(name, text);
    const uri = editor.document.uri.toString();
    const at = paras[1][2];
    stopWhen(a, at);
    await vscode.commands.executeCommand(Commands.speakDocument);
    await waitForRest(a);
    assert.strictEqual(a.readingPosition(uri)?.text, at);
    await closeAll();
    // While it is closed: a new paragraph at the top, and the lines wrapped anew.
    const edited = 'A note written later, before everything else.\n\n' + text.replace(/ (?=[a-z]{6,} )/g, '\n');
    fs.writeFileSync(file, edited);
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const words = at.split(' ');
    const movedTo = edited.search(new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')));
    assert.ok(movedTo > text.indexOf(at), 'the test moved the sentence');
    // The editor may still hold the closed document's old text for a moment after it changed on disk.
    await until('the editor has the text as changed on disk', () => doc.getText() === edited);
    await until('the mark is on the moved sentence', () => a.readingMarks(uri)[0]?.line === doc.positionAt(movedTo).line);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri, 'the moved document is the active one');
    const { first } = await continueAndFirstHighlight(a);
    assert.strictEqual(first.start, movedTo, `reading goes on at the sentence where it is now (kept: ${JSON.stringify(a.readingPosition(uri))}; marks: ${JSON.stringify(a.readingMarks(uri))}; first: ${JSON.stringify(first)})`);
    assert.strictEqual(first.text.replace(/\s+/g, ' '), at);
    await vscode.commands.executeCommand(Commands.stop);
  });

  it('Next and Previous Paragraph move in order, and no sentence is paid for twice', async function () {
    this.timeout(120_000);
    const a = await api();
    const restore = await withSettings({ playbackRate: 1 });
    try {
      const { text, paras } = paragraphs(6);
      await openDoc(`paragraphs-${uniqueTag()}.txt`, text);
      const seen = trail(a);
      const run = vscode.commands.executeCommand(Commands.speakDocument);
      await until('the first sentence is read', () => a.highlight()?.text === paras[0][0], 30_000);
      const go = async (cmd: string, expect: string) => {
        seen.log.push(cmd);
        await vscode.commands.executeCommand(cmd);
        try {
          await until(`${cmd} reaches "${expect}"`, () => a.highlight()?.text === expect, 15_000);
        } catch (e) {
          throw new Error(`${(e as Error).message}; trail ${JSON.stringify(seen.texts.map((t) => t.slice(0, 30)))}; state ${JSON.stringify(a.state)}; playback ${JSON.stringify(a.playback)}; chunks ${JSON.stringify(a.chunks().map((c) => [c.start, c.end]))}; offset ${text.indexOf(expect)}`);
        }
      };
      await go(Commands.nextParagraph, paras[1][0]);
      await go(Commands.nextParagraph, paras[2][0]);
      await go(Commands.nextParagraph, paras[3][0]);
      await go(Commands.previousParagraph, paras[2][0]);
      await go(Commands.nextParagraph, paras[3][0]);
      await go(Commands.nextParagraph, paras[4][0]);
      await until('the middle sentence of paragraph 5', () => a.highlight()?.text === paras[4][1], 30_000);
      await go(Commands.previousParagraph, paras[4][0]); // restarts the paragraph being read
      await go(Commands.previousParagraph, paras[3][0]);
      await go(Commands.previousParagraph, paras[2][0]);
      await go(Commands.previousParagraph, paras[1][0]);
      await go(Commands.previousParagraph, paras[0][0]);
      await go(Commands.nextParagraph, paras[1][0]);
      seen.dispose();
      const firsts = seen.texts.filter((t) => paras.some((p) => p[0] === t));
      assert.deepStrictEqual(firsts.map((t) => paras.findIndex((p) => p[0] === t) + 1), [1, 2, 3, 4, 3, 4, 5, 5, 4, 3, 2, 1, 2], JSON.stringify(seen.log));
      await vscode.commands.executeCommand(Commands.stop);
      await run;
      await sleep(300); // tasks created before Stop finish in the simulator's record
      await assertPaidOnce(paras.flat());
    } finally {
      await restore();
    }
  });

  it('a part whose task is still running when a move comes is asked for again under its Idempotency-Key, and paid once', async function () {
    this.timeout(120_000);
    const a = await api();
    const { text, paras } = paragraphs(4);
    // Every task after the first takes 50 simulated seconds (1 s here): the moves come while they run (tens of
    // milliseconds after the task is seen running), and the task ends before the client's poll deadline (60
    // simulated seconds from when polling the task asked for again starts). At 100 s the replayed task could
    // outlast that deadline when the moves came early, and the reading failed with "still running after 60 s".
    await sim.inject({ match: { model: 'qwen3-tts-vd' }, after: 1, times: 3, task: { slowSec: 50 } });
    await openDoc(`move-running-${uniqueTag()}.txt`, text);
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await until('the first sentence is read', () => a.highlight()?.text === paras[0][0], 30_000);
    let tasks: { status: string; prompt?: string }[] = [];
    await until('a slow task is running', async () => {
      tasks = (await sim.tasks()).filter((t) => t.model === 'qwen3-tts-vd');
      return tasks.some((t) => t.status !== 'completed');
    }, 5000).catch(() => assert.fail(`a task is still running when the moves come: ${JSON.stringify(tasks.map((t) => [t.status, t.prompt?.slice(0, 30)]))}`));
    await vscode.commands.executeCommand(Commands.nextParagraph);
    await vscode.commands.executeCommand(Commands.previousParagraph);
    await until('reading goes on into paragraph 3', () => a.highlight()?.text === paras[2][0], 60_000);
    await vscode.commands.executeCommand(Commands.stop);
    await run;
    await sleep(300);
    const posts = await sim.speechRequests();
    const byKey = new Map<string, typeof posts>();
    for (const r of posts) {
      assert.ok(r.idempotencyKey, 'every speech POST carries an Idempotency-Key');
      byKey.set(r.idempotencyKey, [...(byKey.get(r.idempotencyKey) ?? []), r]);
    }
    const again = [...byKey.values()].filter((rs) => rs.length > 1);
    assert.ok(again.length >= 1, `a part was asked for again under its key: ${JSON.stringify(posts.map((r) => [r.idempotencyKey, r.taskId, r.replayed]))}`);
    for (const rs of again) {
      assert.strictEqual(new Set(rs.map((r) => r.taskId)).size, 1, 'the same task answered every time');
      assert.ok(rs.slice(1).every((r) => r.replayed), 'Evolink replayed the task it had');
    }
    await assertPaidOnce(paras.flat());
  });

  it('Next and Previous Heading move by Markdown headings, and no sentence is paid for twice', async function () {
    this.timeout(120_000);
    const a = await api();
    const { text, headings, tag } = sections();
    await openDoc(`headings-${tag}.md`, text);
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await until('the first heading is read', () => a.highlight()?.text === headings[0], 30_000);
    const order: number[] = [0];
    for (const [cmd, expect] of [[Commands.nextHeading, 1], [Commands.nextHeading, 2], [Commands.nextHeading, 3], [Commands.previousHeading, 2], [Commands.previousHeading, 1], [Commands.nextHeading, 2], [Commands.nextHeading, 3], [Commands.nextHeading, 4]] as const) {
      await vscode.commands.executeCommand(cmd);
      await until(`${cmd} reaches "${headings[expect]}"`, () => a.highlight()?.text === headings[expect], 30_000);
      order.push(expect);
    }
    assert.deepStrictEqual(order, [0, 1, 2, 3, 2, 1, 2, 3, 4]);
    await vscode.commands.executeCommand(Commands.stop);
    await run;
    await sleep(300);
    const sentences = text.split('\n').filter((l) => l.trim()).flatMap((l) => l.replace(/^#+ /, '').match(/[^.]+\.?/g)!.map((s) => s.trim()));
    await assertPaidOnce(sentences);
  });

  it('Read Section reads from the heading at the cursor to the next heading of the same or higher level', async function () {
    this.timeout(120_000);
    const a = await api();
    const { text, headings, tag } = sections();
    const editor = await openDoc(`section-${tag}.md`, text);
    // The cursor in the second paragraph under "Autumn figures" (level 2): its section ends at "Bridge schedule" (level 1).
    const inside = text.indexOf(`A second paragraph in section 3`);
    editor.selection = new vscode.Selection(editor.document.positionAt(inside), editor.document.positionAt(inside));
    const seen = trail(a);
    await vscode.commands.executeCommand(Commands.readSection);
    seen.dispose();
    assert.strictEqual(a.state.kind, 'done');
    assert.strictEqual(seen.texts[0], headings[2], 'starts at its heading');
    assert.strictEqual(seen.texts[seen.texts.length - 1], 'It ends section 3.');
    const start = text.indexOf(headings[2]);
    const end = text.indexOf(`# ${headings[3]}`);
    const prompts = (await sim.tasks()).filter((t) => t.model === 'qwen3-tts-vd').map((t) => t.prompt ?? '').join(' ');
    assert.ok(prompts.includes(`Section 3 of ${tag}`) && prompts.includes(`section 3 follows`), 'the section was read');
    assert.ok(!prompts.includes(headings[3]) && !prompts.includes(`Section 2 of ${tag}`), `nothing outside it: ${prompts}`);
    assert.ok(start < end);
  });

  it('pauses after each sentence; Pause/Resume goes on from the next one, and the status bar says how', async function () {
    this.timeout(120_000);
    const a = await api();
    const restore = await withSettings({ pauseAfter: 'sentence', playbackRate: 2 });
    try {
      const { text, paras } = paragraphs(2);
      await openDoc(`pause-sentence-${uniqueTag()}.txt`, text);
      // Every position the page reports (they come every 50 ms of play): none may be past the start of the
      // sentence after the pause, or its first sound was heard before pausing.
      let heard: { clip: number; time: number }[] = [];
      const sampler = setInterval(() => {
        const p = a.playback;
        if (p && a.state.kind === 'playing') heard.push({ clip: p.clip, time: p.currentTime });
      }, 4);
      const run = vscode.commands.executeCommand(Commands.speakDocument);
      let inClip = 0;
      for (const [i, sentence] of paras.flat().slice(0, 4).entries()) {
        await reach(a, ['paused'], 30_000);
        await sleep(100);
        const posts = a.webviewPosts().messages.map((m) => JSON.parse(m) as { type: string; time?: number }).filter((m) => m.type !== 'view');

        const last = posts.length - 1;
        if (posts[last]?.type === 'seek' && posts[last - 1]?.type === 'pause') {
          // A pause inside a clip: the page was sent back to where the next sentence starts.
          const clip = a.playback!.clip;
          const latest = Math.max(...heard.filter((h) => h.clip === clip).map((h) => h.time));
          const nextStart = posts[last].time!;
          console.log(`      pause ${i + 1}: last position heard ${latest.toFixed(3)} s, next sentence at ${nextStart.toFixed(3)} s`);
          assert.ok(latest < nextStart, `pause ${i + 1}: played to ${latest} s, past the next sentence's start at ${nextStart} s`);
          inClip++;
        }
        heard = [];
        const s = a.state;
        assert.ok(s.kind === 'paused' && s.after === 'sentence', `paused after a sentence: ${JSON.stringify(s)}`);
        assert.strictEqual(a.highlight()?.text, sentence, `pause ${i + 1}: the sentence heard stays highlighted`);
        assert.match(a.statusBar().text, /paused after sentence/);
        assert.match(a.statusBar().tooltip, /Ctrl\+Alt\+P/);
        const t = a.playback!.currentTime;
        await sleep(400);
        assert.ok(Math.abs(a.playback!.currentTime - t) < 0.05, 'no progress while paused');
        await vscode.commands.executeCommand(Commands.pauseResume);
        await reach(a, ['playing'], 5000);
        await until('the next sentence is highlighted', () => a.highlight()?.text === paras.flat()[i + 1], 10_000);
      }
      clearInterval(sampler);
      assert.ok(inClip > 0, 'at least one pause fell inside a clip');
      await vscode.commands.executeCommand(Commands.stop);
      await run;
    } finally {
      await restore();
    }
  });

  it('pauses after each paragraph, not inside one', async function () {
    this.timeout(120_000);
    const a = await api();
    const restore = await withSettings({ pauseAfter: 'paragraph', playbackRate: 3 });
    try {
      const { text, paras } = paragraphs(3);
      await openDoc(`pause-paragraph-${uniqueTag()}.txt`, text);
      const seen = trail(a);
      const run = vscode.commands.executeCommand(Commands.speakDocument);
      for (const p of [0, 1]) {
        await reach(a, ['paused'], 60_000);
        const s = a.state;
        assert.ok(s.kind === 'paused' && s.after === 'paragraph', JSON.stringify(s));
        assert.match(a.statusBar().text, /paused after paragraph/);
        assert.strictEqual(a.highlight()?.text, paras[p][2], `paused at the end of paragraph ${p + 1}`);
        assert.deepStrictEqual(seen.texts.slice(-3), paras[p], 'every sentence of it was heard');
        await vscode.commands.executeCommand(Commands.pauseResume);
        await until(`paragraph ${p + 2} is read`, () => a.highlight()?.text === paras[p + 1][0], 10_000);
      }
      seen.dispose();
      await vscode.commands.executeCommand(Commands.stop);
      await run;
    } finally {
      await restore();
    }
  });

  it('plays at 4× (setting, player) with the audio going four times as fast', async function () {
    this.timeout(90_000);
    const a = await api();
    const { text } = paragraphs(4);
    await openDoc(`speed4-${uniqueTag()}.txt`, text);
    await vscode.commands.executeCommand(Commands.playbackSpeed, 3);
    await vscode.commands.executeCommand(Commands.faster);
    assert.strictEqual(vscode.workspace.getConfiguration('evolinkTts').get('playbackRate'), 3.5);
    await vscode.commands.executeCommand(Commands.playbackSpeed, 4);
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    await until('playback has started', () => (a.playback?.currentTime ?? 0) > 0.2);
    assert.strictEqual(a.playback?.rate, 4);
    assert.strictEqual(vscode.workspace.getConfiguration('evolinkTts').get('playbackRate'), 4);
    const clip = a.playback!.clip;
    const t0 = a.playback!.currentTime;
    const w0 = Date.now();
    await sleep(1000);
    const p = a.playback!;
    if (p.clip === clip) {
      const speed = (p.currentTime - t0) / ((Date.now() - w0) / 1000);
      assert.ok(speed > 2.8, `the clip advanced ${speed.toFixed(2)} s per second`);
    }
    await vscode.commands.executeCommand(Commands.faster);
    assert.strictEqual(a.playback?.rate, 4, 'the fastest speed');
    await vscode.commands.executeCommand(Commands.stop);
    await run;
  });
});
