// Controls while reading: pause and resume, next / previous sentence, and the speed, all driven by the
// player's real playback position.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { api, sleep, until, waitForRest } from './helpers';
import { makeDoc, openDoc, prompts, reach, readingSuite } from './proofread';

describe('Controls while reading', () => {
  readingSuite({ playbackRate: 1 });

  it('pauses where it is and resumes from there', async function () {
    this.timeout(90_000);
    const a = await api();
    const { text: DOC } = makeDoc();
    await openDoc('pause.txt', DOC);
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    await until('the clip has played a little', () => (a.playback?.currentTime ?? 0) > 0.3);
    await vscode.commands.executeCommand(Commands.pauseResume);
    await reach(a, ['paused'], 5000);
    const at = a.playback!.currentTime;
    const highlighted = a.highlight();
    await sleep(600);
    assert.ok(Math.abs(a.playback!.currentTime - at) < 0.3, `no progress while paused (${at} → ${a.playback!.currentTime})`);
    assert.strictEqual(a.state.kind, 'paused');
    assert.deepStrictEqual(a.highlight(), highlighted, 'the highlight stays while paused');
    assert.match(a.statusBar().text, /paused/);

    await vscode.commands.executeCommand(Commands.pauseResume);
    await reach(a, ['playing'], 5000);
    await until('playback goes on from where it paused', () => (a.playback?.currentTime ?? 0) > at + 0.2);
    await vscode.commands.executeCommand(Commands.stop);
    await run;
  });

  it('next sentence moves the highlight and the audio to the following sentence; previous goes back', async function () {
    this.timeout(90_000);
    const a = await api();
    const { text: DOC, sentences: SENTENCES } = makeDoc();
    await openDoc('next.txt', DOC);
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    await until('the first sentence is highlighted', () => a.highlight()?.text === SENTENCES[0]);
    const clip = a.playback!.clip;
    const first = a.chunks()[clip];
    assert.ok(first.sentences.length >= 2, `the first clip has two sentences or more: ${JSON.stringify(first.text)}`);

    await vscode.commands.executeCommand(Commands.nextSentence);
    assert.strictEqual(a.highlight()?.text, SENTENCES[1], 'the highlight moved at once');
    const boundary = (first.sentences[1].textStart / first.text.length) * a.playback!.duration;
    await until('the page jumped to the second sentence', () => (a.playback?.currentTime ?? 0) >= boundary - 0.05 && a.playback?.sentence === 1);
    assert.strictEqual(a.playback!.clip, clip, 'same clip: a seek inside it');

    await vscode.commands.executeCommand(Commands.previousSentence);
    assert.strictEqual(a.highlight()?.text, SENTENCES[0]);
    await until('the page went back', () => (a.playback?.currentTime ?? 99) < boundary && a.playback?.sentence === 0);
    const tasks = (await prompts()).length;
    await vscode.commands.executeCommand(Commands.stop);
    await run;
    assert.strictEqual((await prompts()).length, tasks, 'moving between sentences never asks for audio again');
  });

  it('changes speed while playing (setting, player, status bar) with the pitch preserved', async function () {
    this.timeout(90_000);
    const a = await api();
    const { text: DOC } = makeDoc();
    await openDoc('speed.txt', DOC);
    const run = vscode.commands.executeCommand(Commands.speakDocument);
    await reach(a, ['playing'], 30_000);
    await vscode.commands.executeCommand(Commands.faster);
    assert.strictEqual(a.playback?.rate, 1.25);
    await vscode.commands.executeCommand(Commands.playbackSpeed, 2.5);
    assert.strictEqual(a.playback?.rate, 2.5);
    assert.strictEqual(vscode.workspace.getConfiguration('evolinkTts').get('playbackRate'), 2.5, 'stored in the setting');
    await until('the tooltip shows the speed', () => /Speed: 2\.5×/.test(a.statusBar().tooltip));
    await vscode.commands.executeCommand(Commands.slower);
    assert.strictEqual(a.playback?.rate, 2);
    assert.strictEqual(a.state.kind, 'playing', 'reading goes on');
    await vscode.commands.executeCommand(Commands.stop);
    await run;
    const end = await waitForRest(a);
    assert.strictEqual(end.kind, 'cancelled');
  });
});
