// The fixture workspace, copied into a temp dir with the voice the simulator designed for this run.
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURE_WORKSPACE } from './paths';

export const FIXTURE_LANGUAGE = 'English';

/** Copies test/fixtures/workspace to `dest` and writes `voice` into its .vscode/settings.json. */
export function prepareWorkspace(dest: string, voice: string): string {
  fs.cpSync(FIXTURE_WORKSPACE, dest, { recursive: true });
  const settingsFile = path.join(dest, '.vscode', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  settings['evolinkTts.voice'] = voice;
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\n');
  return dest;
}
