// Speak Selection end to end in the real editor: what is sent, and what the status bar shows on the way.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SpeechStateKind } from '../../src/speech/state';
import { api, env, FIXTURE_LANGUAGE, freshSentence, record, SAMPLE_SENTENCE, selectInNewDocument, selectInSample, sim, until, waitForRest } from './helpers';
import { readingSuite } from './proofread';

/** The order a run walks through; any state may be skipped when the simulator is fast, none may go back. */
const ORDER: SpeechStateKind[] = ['submitting', 'queued', 'processing', 'downloading', 'waitingForClick', 'playing', 'done'];

/** What the status item must say in each state (a word the user reads), and whether a click stops. */
const EXPECTED_TEXT: Partial<Record<SpeechStateKind, RegExp>> = {
  submitting: /submitting/,
  queued: /queued/,
  processing: /\d+%/,
  downloading: /downloading/,
  waitingForClick: /Start listening/,
  playing: /playing/,
  done: /done/,
};

describe('Speak Selection', () => {
  readingSuite();

  it('sends exactly the selected text with the voice and language from the workspace settings, and reaches done', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();
    await selectInSample(SAMPLE_SENTENCE);
    await vscode.commands.executeCommand(Commands.speakSelection);
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);

    const sent = await sim.speechRequests();
    assert.strictEqual(sent.length, 1, 'exactly one speech task for one short selection');
    const body = sent[0].body as Record<string, unknown>;
    assert.deepStrictEqual(
      { model: body.model, prompt: body.prompt, voice: body.voice, language_type: body.language_type },
      { model: 'qwen3-tts-vd', prompt: SAMPLE_SENTENCE, voice: env.voice, language_type: FIXTURE_LANGUAGE },
    );
    assert.strictEqual(sent[0].authorization, 'matched');
    const downloads = (await sim.requests()).filter((r) => r.origin === 'media' && r.method === 'GET');
    assert.ok(downloads.length >= 1, 'the audio was downloaded from the simulator');
    assert.ok(a.playerUnlocked, 'the player page had its "Start listening" click (the launcher clicks it like a person)');
    assert.strictEqual(a.runInfo?.voice, env.voice);
  });

  it('plays a reading whose audio link is plain http, as upstream signs them: fetched over https, no key sent there; the tooltip gives its final cost', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();
    await selectInNewDocument(freshSentence('http link'));
    await vscode.commands.executeCommand(Commands.speakSelection);
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'done', `ended ${end.kind}: ${end.kind === 'failed' ? end.error.message : ''}`);
    const [task] = (await sim.tasks()).filter((t) => t.model === 'qwen3-tts-vd');
    assert.match(task?.audioUrl ?? '', /^http:\/\//, 'the editor tier runs the upstream profile: http audio links');
    assert.strictEqual(task.audioSampleRate, 24000, 'and 24 kHz speech');
    const downloads = (await sim.requests()).filter((r) => r.origin === 'media' && r.method === 'GET');
    assert.deepStrictEqual(downloads.map((r) => r.scheme), ['https'], 'the http link was fetched once, over https');
    for (const r of downloads) {
      assert.strictEqual(r.authorization, 'none', 'no Authorization to the media host');
      assert.strictEqual(r.credentials, undefined, 'no credential of any kind to the media host');
    }
    assert.ok(a.playerUnlocked, 'the player played it');
    // The final cost in the tooltip: the task's settled figure when it reports one, else its reservation.
    const cost = task.usageReported ? task.creditsUsed! : task.creditsReserved;
    const tip = a.statusBar().tooltip;
    assert.ok(tip.split('\n').includes(`Final cost: ${Math.round(cost * 1000) / 1000} credits${task.usageReported ? '' : ' (as reserved: Evolink reported no final figure)'}`), tip);
  });

  it('walks the status bar through its states in order', async function () {
    this.timeout(60_000);
    const a = await api();
    await sim.reset();
    await selectInNewDocument(freshSentence('status bar'));
    const rec = record(a);
    try {
      await vscode.commands.executeCommand(Commands.speakSelection);
      await waitForRest(a);
      // The done state's snapshot is taken synchronously with the event, before it hides again.
      await until('the done state is recorded', () => rec.kinds().includes('done') || rec.kinds().includes('failed'));
    } finally {
      rec.dispose();
    }
    const kinds = rec.kinds();
    const walk = kinds.filter((k, i) => k !== kinds[i - 1]); // progress updates repeat 'processing'
    assert.strictEqual(walk[0], 'submitting', `walk: ${walk.join(' → ')}`);
    assert.strictEqual(walk.at(-1), 'done', `walk: ${walk.join(' → ')}`);
    assert.ok(walk.includes('playing'), `walk: ${walk.join(' → ')}`);
    const ranks = walk.map((k) => ORDER.indexOf(k));
    assert.ok(ranks.every((r) => r >= 0), `only run states: ${walk.join(' → ')}`);
    assert.ok(ranks.every((r, i) => i === 0 || r > ranks[i - 1]), `in order: ${walk.join(' → ')}`);
    assert.ok(!walk.includes('waitingForClick'), 'after the first click, later audio plays on its own');

    for (const o of rec.seen) {
      const want = EXPECTED_TEXT[o.state.kind];
      assert.ok(o.bar.visible, `visible while ${o.state.kind}`);
      if (want) assert.match(o.bar.text, want, `text while ${o.state.kind}`);
      if (o.state.kind !== 'done') assert.strictEqual(o.bar.command, Commands.stop, `a click stops while ${o.state.kind}`);
      assert.strictEqual(o.bar.backgroundColor, undefined, `no error colour while ${o.state.kind}`);
    }
    const busy = rec.seen.find((o) => o.state.kind === 'playing');
    assert.match(busy!.bar.tooltip, new RegExp(env.voice), 'the tooltip names the voice');
  });
});
