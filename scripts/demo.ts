// `npm run demo`: the real editor with the extension as users get it, against the local simulator.
//
//   npm run demo [-- --port 8080] [--time-scale 0.3]
//
// Builds and packages the extension (.vsix), starts the simulator (real speech from eSpeak NG), starts
// VS Code's server build (code-server) with the extension installed, user settings pointing at the
// simulator, the demo key stored for you and sample.md open, then prints the URL to open in a browser.
// Select text, press Ctrl+Alt+R (Ctrl+Cmd+R on a Mac), click "Start listening" once in the Read Aloud
// panel, and hear it. Ctrl+C stops everything; nothing is left running. The launch itself (also run by
// test/e2e/demo.e2e.ts) is in demoLaunch.ts: the editor as a user's, notifications and all.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_KEY } from '../test/simulator/server';
import { onInterrupt, type Stack } from '../test/harness/stack';
import { ensureTools } from '../test/harness/tools';
import { DEMO_TIME_SCALE, demoUrl, startDemo, timeScaleNotice } from './demoLaunch';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const port = Number(arg('--port', '8080'));
  const timeScale = Number(arg('--time-scale', String(DEMO_TIME_SCALE)));
  if (!(timeScale > 0)) throw new Error('--time-scale must be a number above 0');
  console.log(timeScaleNotice(timeScale));
  console.log('[demo] installing the editor on first use (Node 24 + code-server, a few minutes once)…');
  ensureTools({ browser: false });

  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-demo-build-'));
  let stack: Stack | undefined;
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
    stack = await startDemo({ buildDir: build, port, timeScale });
  } catch (e) {
    await cleanup();
    throw e;
  }
  const url = demoUrl(stack);
  console.log(`
Evolink TTS demo is running.

  Open in a browser:  ${url}

  1. sample.md is open. Select a sentence (or put the cursor on a line).
  2. Press Ctrl+Alt+R (Ctrl+Cmd+R on a Mac), or right-click → "Evolink TTS: Speak Selection".
  3. The first time, click "Start listening" in the Read Aloud panel (browsers play sound only after a
     click in the page); after that, audio plays on its own.
  4. "Evolink TTS: Get Started" opens the walkthrough: key and voice are ticked off already.

  Simulator: ${stack.sim.baseUrl} (key ${DEMO_KEY}, stored for you; voice ${stack.voice})
  Editor on another machine? Forward the port: ssh -L ${stack.server.port}:127.0.0.1:${stack.server.port} this-host

Press Ctrl+C to stop everything.`);
  await new Promise(() => {}); // until Ctrl+C
}

main().catch((e: unknown) => {
  console.error(`[demo] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
