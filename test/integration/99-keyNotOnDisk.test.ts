// Runs last, after the key has been set, used, cleared and set again: the key is in no settings file
// and no log — nothing under the user-data dir or the workspace contains it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { api, env, filesUnder, until, WRONG_KEY } from './helpers';

describe('The API key on disk', () => {
  it('appears in no file under the user-data dir or the workspace, including the extension log', async function () {
    if (!env.userData) this.skip();
    await api();
    const userData = env.userData!;
    // The extension's LogOutputChannel lands under logs/…/exthost*/evolink-tts.evolink-tts/. Wait until it
    // has the runs in it, so we know we are reading the real log and not an empty file.
    let logs: string[] = [];
    await until('the extension log is written', () => {
      logs = filesUnder(path.join(userData, 'logs')).filter((f) => /Evolink TTS|evolink-tts\.evolink-tts/.test(f));
      return logs.some((f) => fs.readFileSync(f, 'utf8').includes(env.voice));
    }, 15_000);

    const files = [...filesUnder(userData), ...filesUnder(env.workspace)];
    assert.ok(files.some((f) => f.endsWith(path.join('User', 'settings.json'))), 'user settings were scanned');
    for (const key of [env.key, WRONG_KEY]) {
      const leaks = files.filter((f) => fs.readFileSync(f).includes(key));
      assert.deepStrictEqual(leaks, [], 'files that contain a key');
    }
  });
});
