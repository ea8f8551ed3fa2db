// `npm run test:e2e`: runs the end-to-end specs with mocha in plain Node: readAloud.e2e.ts (the packaged
// extension in code-server, the real workbench in headless Chromium driven as a person would), panel.e2e.ts
// (the Read Aloud panel with the keyboard alone), mp3.e2e.ts (Save Audio's MP3 in
// Chromium's <audio>), then demo.e2e.ts (`npm run demo`'s own launch: walkthrough and notification toasts). Prints mocha's report,
// then `N passed, N failed`.
import Mocha from 'mocha';
import * as path from 'path';
import { summaryLine } from '../harness/results';

async function main(): Promise<number> {
  const started = Date.now();
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 60_000, bail: true });
  Mocha.reporters.Base.useColors = !process.env.CI && process.stdout.isTTY;
  mocha.addFile(path.join(__dirname, 'readAloud.e2e.js'));
  mocha.addFile(path.join(__dirname, 'panel.e2e.js'));
  mocha.addFile(path.join(__dirname, 'mp3.e2e.js'));
  mocha.addFile(path.join(__dirname, 'demo.e2e.js'));
  await mocha.loadFilesAsync();
  let passed = 0;
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((n) => resolve(n));
    runner.on('pass', () => passed++);
  });
  console.log(`[e2e] finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(summaryLine(passed, failures));
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[e2e] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    console.log(summaryLine(0, 1));
    process.exit(1);
  },
);
