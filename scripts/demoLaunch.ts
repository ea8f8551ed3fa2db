// How `npm run demo` starts the editor, in one place: scripts/demo.ts runs it for a person, and
// test/e2e/demo.e2e.ts runs the very same launch to check what a person sees. The packaged extension plus a
// small demo-only helper extension (scripts/demoHelper.ts) that stores the simulator's key and opens
// sample.md, user settings pointing at the simulator, and code-server started as a user's would be: without
// the test tiers' smoke-test driver, so notifications pop up as toasts.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEMO_KEY } from '../test/simulator/server';
import { ROOT } from '../test/harness/paths';
import { startStack, type Stack } from '../test/harness/stack';
import { packageVsix } from '../test/harness/vsix';

/** The simulator's default clock factor in the demo: its tasks take 0.3 × the time Evolink's would. */
export const DEMO_TIME_SCALE = 0.3;

/** The demo's first line: the simulator is faster than the real service, by how much. */
export function timeScaleNotice(timeScale: number): string {
  const speed = 1 / timeScale;
  const how = speed > 1 ? `${+speed.toFixed(1)}× faster than` : speed < 1 ? `${+timeScale.toFixed(1)}× slower than` : 'as fast as';
  return `[demo] The local Evolink simulator runs ${how} the real service (time scale ${timeScale}; --time-scale 1 for real timing): speech tasks finish sooner here than with your account.`;
}

/** Packs scripts/demoHelper.ts (compiled to out/scripts) as a throwaway extension. */
function packageDemoHelper(dir: string): string {
  const src = path.join(dir, 'demo-helper');
  fs.mkdirSync(src, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'out', 'scripts', 'demoHelper.js'), path.join(src, 'extension.js'));
  fs.writeFileSync(path.join(src, 'README.md'), '# Evolink TTS demo setup\n\nStores the local simulator\'s demo key and opens the sample document. Used only by `npm run demo`.\n');
  fs.writeFileSync(path.join(src, 'package.json'), JSON.stringify({
    name: 'evolink-tts-demo-setup',
    displayName: 'Evolink TTS demo setup',
    description: 'Stores the local simulator\'s demo key and opens the sample document (npm run demo only).',
    publisher: 'evolink-tts',
    version: '0.0.1',
    license: 'MIT',
    engines: { vscode: '^1.138.0' },
    activationEvents: ['onStartupFinished'],
    extensionDependencies: ['evolink-tts.evolink-tts'],
    main: './extension.js',
  }, null, 2));
  const out = path.join(dir, 'demo-helper.vsix');
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--skip-license', '--allow-missing-repository', '--out', out], {
    cwd: src, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`packaging the demo helper failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

export interface DemoOptions {
  /** Where the .vsix files are built (a temp dir the caller removes). */
  buildDir: string;
  /** code-server's port; 0 = any free one. */
  port: number;
  timeScale: number;
  verbose?: boolean;
}

/** Builds and packages the extension and the helper, then starts the simulator and code-server as the demo does. */
export async function startDemo(o: DemoOptions): Promise<Stack> {
  const vsix = packageVsix(path.join(o.buildDir, 'evolink-tts.vsix'));
  const helper = packageDemoHelper(o.buildDir);
  return startStack({
    name: 'demo',
    timeScale: o.timeScale,
    key: DEMO_KEY,
    // The demo shows the plain documented service (the editor and fault tiers run against 'upstream').
    profile: 'friendly',
    vsix: [vsix, helper],
    codeServerPort: o.port,
    verbose: o.verbose,
    smokeTestDriver: false,
    serverEnv: (workspace) => ({ EVOLINK_DEMO_KEY: DEMO_KEY, EVOLINK_DEMO_OPEN: path.join(workspace, 'sample.md') }),
  });
}

/** The address a person opens: the workbench with the fixture folder. */
export const demoUrl = (stack: Stack): string => `${stack.server.origin}/?folder=${encodeURIComponent(stack.workspace)}`;
