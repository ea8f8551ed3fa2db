// A session's first reading warms up before its first part, a step per turn, and leaves nothing running.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

describe('warm-up before a session\'s first reading', () => {
  it('runs its steps one per turn, once per session, and leaves no worker or timer behind', function () {
    this.timeout(60_000);
    // In a fresh process, where nothing is loaded yet (this test process has loaded everything long ago).
    const warmUp = path.join(__dirname, '..', '..', 'src', 'speech', 'warmUp.js');
    const script = `
      const { warmUpReading } = require(${JSON.stringify(warmUp)});
      (async () => {
        const counts = [];
        for (const language of ['markdown', 'markdown', 'plaintext']) {
          let turns = 0;
          await warmUpReading(language, async () => { turns++; await new Promise((r) => setImmediate(r)); });
          counts.push(turns);
        }
        // Let a terminating worker finish exiting.
        await new Promise((r) => setTimeout(r, 200));
        const left = process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'Timeout' || r === 'MessagePort');
        console.log(JSON.stringify({ counts, left }));
      })();`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim().split('\n').pop()!) as { counts: number[]; left: string[] };
    const [first, again, plain] = out.counts;
    assert.ok(first >= 8, `the first Markdown reading warmed up in ${first} steps`);
    assert.equal(again, 0, 'a second Markdown reading has nothing left to warm up');
    assert.equal(plain, 0, 'a plain-text reading after it has nothing left to warm up');
    assert.deepEqual(out.left, [], 'nothing of the warm-up is left running');
  });
});
