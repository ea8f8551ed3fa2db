// Save Audio: the selection or the document as one real WAV file, from the same tasks and cache as reading.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { parseWav } from '../../src/audio/wav';
import { api, env, sim } from './helpers';
import { makeDoc, openDoc, prompts, readingSuite } from './proofread';

describe('Save Audio as WAV', () => {
  readingSuite();

  it('writes the whole document as one WAV whose samples are every part, in order; a second save costs no task', async function () {
    this.timeout(90_000);
    const a = await api();
    const { text } = makeDoc();
    await openDoc('save-me.txt', text);
    const target = vscode.Uri.file(path.join(env.workspace, 'save-me.wav'));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(Commands.saveAudio, target);
    assert.strictEqual(written?.toString(), target.toString(), `saved: ${JSON.stringify(a.notifications().slice(-1))}`);
    const wav = parseWav(new Uint8Array(fs.readFileSync(target.fsPath)));
    assert.strictEqual(wav.formatTag, 1, 'PCM');
    assert.strictEqual(wav.dataBytesPresent, wav.dataSize, 'the header declares exactly the samples present');

    const sent = await prompts();
    assert.ok(sent.length >= 2, `several parts (${sent.length})`);
    // The file holds every part's samples: the sum of the simulator's audio for each task.
    const media = (await sim.requests()).filter((r) => r.origin === 'media' && r.method === 'GET' && r.status === 200);
    assert.strictEqual(media.length, sent.length, 'one download per part');
    assert.ok(wav.durationSec > 2, `a real recording (${wav.durationSec.toFixed(2)} s)`);

    await sim.reset();
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>(Commands.saveAudio, target);
    assert.ok(again);
    assert.strictEqual((await prompts()).length, 0, 'the second save came from the cache: no task, no credit');
    const wav2 = parseWav(new Uint8Array(fs.readFileSync(target.fsPath)));
    assert.strictEqual(wav2.dataSize, wav.dataSize, 'the same audio');
    assert.strictEqual(a.activeWork(), 0);
  });
});
