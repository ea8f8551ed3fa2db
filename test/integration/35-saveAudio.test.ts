// Save Audio: the selection or the document as one real WAV or MP3 file, from the same tasks and cache as reading.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { parseWav, sniffAudio } from '../../src/audio/wav';
import { api, env, sim } from './helpers';
import { makeDoc, openDoc, prompts, readingSuite, withSettings } from './proofread';

/** An MP3's frames (MPEG-2/2.5 or MPEG-1 layer III) and, from its Info/LAME header, the duration a player shows. */
function mp3Duration(b: Uint8Array): { frames: number; seconds: number; kbps: number; rate: number } {
  let frames = 0;
  let spf = 0;
  let rate = 0;
  let kbps = 0;
  for (let p = 0; p < b.length; frames++) {
    assert.ok(b[p] === 0xff && (b[p + 1] & 0xe0) === 0xe0, `an MPEG frame at byte ${p}`);
    const mpeg1 = ((b[p + 1] >> 3) & 3) === 3;
    kbps = (mpeg1 ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320] : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160])[b[p + 2] >> 4];
    rate = [44100, 48000, 32000][(b[p + 2] >> 2) & 3] / (mpeg1 ? 1 : ((b[p + 1] >> 3) & 3) === 2 ? 2 : 4);
    spf = mpeg1 ? 1152 : 576;
    p += Math.floor((spf / 8) * kbps * 1000 / rate) + ((b[p + 2] >> 1) & 1);
  }
  const text = Buffer.from(b).toString('latin1');
  const info = text.indexOf('Info');
  const lame = text.indexOf('LAME');
  assert.ok(info > 0 && info < 40 && lame > info, 'an Info frame with a LAME tag first');
  const count = Buffer.from(b).readUInt32BE(info + 8);
  assert.strictEqual(count, frames - 1, 'the Info frame counts the frames after it');
  const delays = (b[lame + 21] << 16) | (b[lame + 22] << 8) | b[lame + 23];
  return { frames: count, seconds: (count * spf - (delays >> 12) - (delays & 0xfff)) / rate, kbps, rate };
}

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

  it('writes an MP3 when the file is named .mp3: 64 kbit/s, the WAV\'s duration, subtitles beside it, from the cache', async function () {
    this.timeout(90_000);
    const a = await api();
    const { text, sentences } = makeDoc();
    await openDoc('save-me-small.txt', text);
    const wavFile = vscode.Uri.file(path.join(env.workspace, 'save-me-small.wav'));
    assert.ok(await vscode.commands.executeCommand<vscode.Uri | undefined>(Commands.saveAudio, wavFile));
    const wav = parseWav(new Uint8Array(fs.readFileSync(wavFile.fsPath)));
    const tasks = (await prompts()).length;

    const restore = await withSettings({ saveSubtitles: 'sentences' });
    const target = vscode.Uri.file(path.join(env.workspace, 'save-me-small.mp3'));
    try {
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(Commands.saveAudio, target);
      assert.strictEqual(written?.toString(), target.toString(), `saved: ${JSON.stringify(a.notifications().slice(-1))}`);
    } finally {
      await restore();
    }
    const bytes = new Uint8Array(fs.readFileSync(target.fsPath));
    assert.strictEqual(sniffAudio(bytes), 'mp3');
    const mp3 = mp3Duration(bytes);
    assert.strictEqual(mp3.kbps, 64);
    assert.ok(Math.abs(mp3.seconds - wav.durationSec) < 0.05, `MP3 ${mp3.seconds} s, WAV ${wav.durationSec} s`);
    assert.ok(bytes.length < fs.statSync(wavFile.fsPath).size / 3, 'smaller than the WAV');
    assert.strictEqual((await prompts()).length, tasks, 'the MP3 came from the parts already fetched: no new task');
    const srt = fs.readFileSync(target.fsPath.replace(/\.mp3$/, '.srt'), 'utf8');
    assert.deepStrictEqual(srt.trim().split(/\n\n/).map((c) => c.split('\n')[2]), sentences, 'subtitles beside the MP3, a cue per sentence');
    assert.ok(fs.existsSync(target.fsPath.replace(/\.mp3$/, '.vtt')));
    assert.strictEqual(a.activeWork(), 0);
  });
});
