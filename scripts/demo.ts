// `npm run demo`: the real editor with the extension as users get it, against the local simulator.
//
//   npm run demo [-- --port 8080] [--time-scale 0.3]
//
// Builds and packages the extension (.vsix), starts the simulator (real speech from eSpeak NG), starts
// VS Code's server build (code-server) with the extension installed, user settings pointing at the
// simulator, the demo key stored for you and sample.md open, then prints the URL to open in a browser.
// Select text, press Ctrl+Alt+R (Ctrl+Cmd+R on a Mac), click "Start listening" once in the Read Aloud
// panel, and hear it. Ctrl+C stops everything; nothing is left running.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_KEY } from '../test/simulator/server';
import { ROOT } from '../test/harness/paths';
import { onInterrupt, startStack } from '../test/harness/stack';
import { ensureTools } from '../test/harness/tools';
import { packageVsix } from '../test/harness/vsix';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
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

async function main(): Promise<void> {
  const port = Number(arg('--port', '8080'));
  const timeScale = Number(arg('--time-scale', '0.3'));
  console.log('[demo] installing the editor on first use (Node 24 + code-server, about 2 minutes once)…');
  ensureTools({ browser: false });

  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-demo-build-'));
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  const cleanup = async () => {
    await stack?.stop();
    fs.rmSync(build, { recursive: true, force: true });
  };
  onInterrupt(async () => {
    await cleanup();
    console.log('[demo] stopped; nothing left running.');
  });

  try {
    console.log('[demo] building and packaging the extension…');
    const vsix = packageVsix(path.join(build, 'evolink-tts.vsix'));
    const helper = packageDemoHelper(build);
    stack = await startStack({
      name: 'demo',
      timeScale,
      key: DEMO_KEY,
      vsix: [vsix, helper],
      codeServerPort: port,
      serverEnv: (workspace) => ({ EVOLINK_DEMO_KEY: DEMO_KEY, EVOLINK_DEMO_OPEN: path.join(workspace, 'sample.md') }),
    });
  } catch (e) {
    await cleanup();
    throw e;
  }
  const url = `${stack.server.origin}/?folder=${encodeURIComponent(stack.workspace)}`;
  console.log(`
Evolink TTS demo is running.

  Open in a browser:  ${url}

  1. sample.md is open. Select a sentence (or put the cursor on a line).
  2. Press Ctrl+Alt+R (Ctrl+Cmd+R on a Mac), or right-click → "Evolink TTS: Speak Selection".
  3. The first time, click "Start listening" in the Read Aloud panel (browsers play sound only after a
     click in the page); after that, audio plays on its own.

  Simulator: ${stack.sim.baseUrl} (key ${DEMO_KEY}, stored for you; voice ${stack.voice})
  Editor on another machine? Forward the port: ssh -L ${stack.server.port}:127.0.0.1:${stack.server.port} this-host

Press Ctrl+C to stop everything.`);
  await new Promise(() => {}); // until Ctrl+C
}

main().catch((e: unknown) => {
  console.error(`[demo] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
