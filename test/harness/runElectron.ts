// `npm run test:electron`: the SAME integration suite (out/test/integration/index.js and its *.test.js)
// in VS Code desktop through @vscode/test-electron, for developers on a desktop with internet.
// It cannot run on the offline CI machine: test-electron downloads VS Code (update.code.visualstudio.com),
// see test/harness/README.md. CI runs the suite through code-server instead (runIntegration.ts).
//
// Playback: Electron's webviews need no click before audio, so runs reach "done" without the
// "Start listening" step that the browser tier clicks for.
import { runTests } from '@vscode/test-electron';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startSimulator, type Simulator } from '../simulator/server';
import { QUIET_USER_SETTINGS } from './codeServer';
import { INTEGRATION_ENTRY, ROOT } from './paths';
import { summaryLine, type ResultsFile } from './results';
import { onInterrupt } from './stack';
import { prepareWorkspace } from './workspace';

const TIME_SCALE = 0.02;
const TEST_KEY = 'sk-evolink-it-7Qz3xV9pL2mN8rT4';

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-electron-'));
  let sim: Simulator | undefined;
  const cleanup = async () => {
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const removeInterrupt = onInterrupt(cleanup);
  try {
    sim = await startSimulator({ keys: [TEST_KEY], timeScale: TIME_SCALE, profile: 'upstream' });
    const voice = sim.designVoice({ preferredName: 'integration' });
    const workspace = prepareWorkspace(path.join(dir, 'workspace'), voice);
    const userDataDir = path.join(dir, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...QUIET_USER_SETTINGS, 'evolinkTts.baseUrl': sim.baseUrl }, null, 2),
    );
    const resultsFile = path.join(dir, 'results.json');
    const keyFile = path.join(dir, 'key.txt');
    fs.writeFileSync(keyFile, TEST_KEY);
    let code: number;
    try {
      code = await runTests({
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: INTEGRATION_ENTRY,
        launchArgs: [workspace, '--user-data-dir', userDataDir, '--extensions-dir', path.join(dir, 'extensions'), '--disable-workspace-trust'],
        extensionTestsEnv: {
          EVOLINK_TTS_TIME_SCALE: String(TIME_SCALE),
          EVOLINK_TEST_RESULTS: resultsFile,
          EVOLINK_TEST_SIM_URL: sim.baseUrl,
          EVOLINK_TEST_SIM_CONTROL: sim.baseUrl,
          EVOLINK_TEST_KEY_FILE: keyFile,
          EVOLINK_TEST_VOICE: voice,
          EVOLINK_TEST_USER_DATA: userDataDir,
          EVOLINK_TEST_WORKSPACE: workspace,
        },
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      console.error(`[electron] ${message}`);
      if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo/.test(message)) {
        console.error('[electron] @vscode/test-electron downloads VS Code and needs internet; offline, run `npm run test:integration` (same suite in code-server).');
      }
      code = 1;
    }
    let results: ResultsFile | undefined;
    try {
      results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ResultsFile;
    } catch {
      results = undefined;
    }
    const passed = results?.passed ?? 0;
    let failed = results?.failed ?? 0;
    if (!results || (code !== 0 && failed === 0)) failed += 1;
    console.log(summaryLine(passed, failed));
    return failed === 0 ? 0 : 1;
  } finally {
    await cleanup();
    removeInterrupt();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[electron] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    console.log(summaryLine(0, 1));
    process.exit(1);
  },
);
