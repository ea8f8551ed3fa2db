// Shared by the Restricted Mode suite (test/restricted/*.test.ts, `runIntegration --suite restricted`, part of
// `npm run test:integration`). The launcher starts code-server with workspace trust on and never trusts the
// fixture workspace; its .vscode/settings.json names a voice and an English voice the simulator does not know,
// Japanese, and a base URL where nothing listens. The user settings name the simulator's voice and English.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../../src/constants';
import { env } from '../integration/helpers';

export const USER_LANGUAGE = 'English';
export const settingsFile = path.join(env.workspace, '.vscode', 'settings.json');
/** The workspace settings file as the launcher wrote it: read when mocha loads the files, before any test. */
export const originalSettings = fs.readFileSync(settingsFile, 'utf8');
/** The workspace settings file as it is on disk now. */
export const workspaceSettings = () => JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
export const settingsText = () => fs.readFileSync(settingsFile, 'utf8');
export const config = (scope?: vscode.Uri) => vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
