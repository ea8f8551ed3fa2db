// Words while following along: the word being spoken is highlighted inside the sentence, moves word by word
// in reading order, and clears at the end; the page reports the position about twenty times a second (and
// no more); Read from Here plays from the word at the cursor out of the audio cache, with no new task.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { HighlightRecord } from '../../src/publicApi';
import { api, env, sim, sleep, until, waitForRest } from './helpers';
import { makeDoc, openDoc, reach, readingSuite, withSettings } from './proofread';

describe('Word highlight and Read from Here', () => {
  readingSuite({ playbackRate: 1.5 });

  it('lights the word being spoken inside the sentence, word by word in order, at about 20 position reports a second', async function () {
    this.timeout(120_000);
    const a = await api();
    const { text: DOC } = makeDoc();
    const editor = await openDoc('words.txt', DOC);
    const uri = editor.document.uri.toString();
    const words: { word: HighlightRecord; sentence: HighlightRecord | undefined; drawn: number }[] = [];
    const sub = a.onDidHighlightWord((w) => {
      if (w) words.push({ word: w, sentence: a.highlight(), drawn: a.wordHighlightDrawnIn(uri).length });
    });
    let rate = 0;
    try {
      const run = vscode.commands.executeCommand(Commands.speakDocument);
      await reach(a, ['playing'], 30_000);
      await until('a word is drawn', () => a.wordHighlightDrawnIn(uri).length > 0, 15_000);
      // The message rate while playing, over two seconds.
      const r0 = a.positionReports();
      const t0 = Date.now();
      await sleep(2000);
      const r1 = a.positionReports();
      rate = (r1.count - r0.count) / ((Date.now() - t0) / 1000);
      await run;
      const end = await waitForRest(a, 90_000);
      assert.strictEqual(end.kind, 'done', `ended ${end.kind}`);
    } finally {
      sub.dispose();
    }
    console.log(`      position reports while playing: ${rate.toFixed(1)} a second; ${words.length} word highlights`);
    assert.ok(rate >= 8 && rate <= 25, `the page reports often enough for words and does not flood the host (${rate.toFixed(1)} a second)`);
    const text = editor.document.getText();
    const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    for (const { word, sentence, drawn } of words) {
      assert.ok(tokens.some((t) => t.start === word.start && t.end === word.end), `the highlight is one word of the document: "${word.text}" at ${word.start}`);
      assert.ok(sentence && sentence.start <= word.start && word.end <= sentence.end, `"${word.text}" lies inside the sentence highlight "${sentence?.text}"`);
      assert.strictEqual(drawn, 1, 'drawn in the visible editor');
    }
    const starts = words.map((w) => w.word.start);
    assert.ok(starts.every((s, i) => i === 0 || s > starts[i - 1]), `word by word, in reading order: ${starts.join(',')}`);
    assert.ok(words.length >= tokens.length * 0.6, `most words were lit (${words.length} of ${tokens.length})`);
    assert.strictEqual(a.wordHighlight(), undefined, 'cleared at the end');
    assert.deepStrictEqual(a.wordHighlightDrawnIn(uri), []);
  });

  it('with evolinkTts.highlight set to "sentence" lights no word', async function () {
    this.timeout(60_000);
    const a = await api();
    const restore = await withSettings({ highlight: 'sentence' });
    try {
      const { text } = makeDoc();
      const editor = await openDoc('sentence-only.txt', text);
      const uri = editor.document.uri.toString();
      const run = vscode.commands.executeCommand(Commands.speakDocument);
      await reach(a, ['playing'], 30_000);
      await until('the sentence is drawn', () => a.highlightDrawnIn(uri).length > 0);
      await sleep(1500);
      assert.deepStrictEqual(a.wordHighlightDrawnIn(uri), [], 'no word drawn');
      await vscode.commands.executeCommand(Commands.stop);
      await run;
    } finally {
      await restore();
    }
  });

  it('Read from Here plays from the word at the cursor out of the cache, with no new task', async function () {
    this.timeout(150_000);
    const a = await api();
    const restore = await withSettings({ playbackRate: 3 });
    const { text } = makeDoc();
    const editor = await openDoc('from-here.txt', text);
    try {
      const first = vscode.commands.executeCommand(Commands.speakDocument);
      await reach(a, ['playing'], 30_000);
      await first;
      assert.strictEqual((await waitForRest(a, 90_000)).kind, 'done');
    } finally {
      await restore();
    }
    const tasks = (await sim.tasks()).length;
    assert.ok(tasks >= 2, `the document was read in parts (${tasks} tasks)`);
    // The cursor inside a word of the second paragraph, "Listening" (not at a sentence's start).
    const at = text.indexOf('slowly helps') + 3;
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));
    const postsBefore = a.webviewPosts().total;
    const seen: HighlightRecord[] = [];
    const sub = a.onDidHighlightWord((w) => w && seen.push(w));
    try {
      const run = vscode.commands.executeCommand(Commands.readFromHere);
      await reach(a, ['playing'], 30_000);
      await until('a word is lit', () => seen.length > 0, 15_000);
      await vscode.commands.executeCommand(Commands.stop);
      await run;
    } finally {
      sub.dispose();
    }
    assert.strictEqual((await sim.tasks()).length, tasks, 'no new task: the part came from the cache');
    assert.strictEqual((await sim.speechRequests()).length, tasks, 'no new speech request');
    const posts = a.webviewPosts();
    const play = posts.messages.slice(-(posts.total - postsBefore)).map((m) => JSON.parse(m) as { type: string; startAt?: number }).find((m) => m.type === 'play');
    assert.ok(play && (play.startAt ?? 0) > 0, `played from inside the part (startAt ${play?.startAt})`);
    const firstWord = seen[0];
    assert.ok(firstWord.start >= text.indexOf('slowly') && firstWord.start <= text.indexOf('slowly') + 'slowly helps'.length, `the first word lit is the word at the cursor or the next: "${firstWord.text}"`);
  });

  it('Save Audio writes subtitles beside the WAV: a cue per sentence in .srt and .vtt, a cue per word in .words.vtt', async function () {
    this.timeout(90_000);
    const restore = await withSettings({ saveSubtitles: 'sentencesAndWords' });
    const { text, sentences } = makeDoc();
    await openDoc('subtitled.txt', text);
    const target = vscode.Uri.file(path.join(env.workspace, 'subtitled.wav'));
    try {
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(Commands.saveAudio, target);
      assert.strictEqual(written?.toString(), target.toString());
    } finally {
      await restore();
    }
    const base = target.fsPath.replace(/\.wav$/, '');
    const srt = fs.readFileSync(`${base}.srt`, 'utf8');
    const vtt = fs.readFileSync(`${base}.vtt`, 'utf8');
    const words = fs.readFileSync(`${base}.words.vtt`, 'utf8');
    const srtCues = srt.trim().split(/\n\n/).map((c) => c.split('\n'));
    assert.deepStrictEqual(srtCues.map((c) => c[2]), sentences, 'one SubRip cue per sentence, in order');
    const times = srtCues.map((c) => c[1].split(' --> ').map((t) => { const [h, m, s] = t.replace(',', '.').split(':').map(Number); return h * 3600 + m * 60 + s; }));
    assert.ok(times.every(([a, b], i) => b > a && (i === 0 || a >= times[i - 1][0])), `times in order: ${JSON.stringify(times)}`);
    assert.ok(vtt.startsWith('WEBVTT\n\n') && vtt.includes(`\n${sentences[1]}\n`), 'WebVTT with the sentences');
    const wordCues = words.split('\n\n').slice(1).filter(Boolean).map((c) => c.split('\n')[1]);
    assert.deepStrictEqual(wordCues, text.match(/[\p{L}\p{N}]+/gu), 'one cue per word, in order');
  });
});
