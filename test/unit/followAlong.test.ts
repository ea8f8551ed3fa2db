// Following along: playback position → sentence, sentence → seek time, offsets through edits, the page's
// new commands in the protocol, the new settings, and the credits in the status bar tooltip.
import * as assert from 'node:assert/strict';
import { sentenceAtTime, shiftAll, shiftRange, timeOfSentence, type SpannedChunk } from '../../src/highlight/position';
import { parseFromWebview } from '../../src/shared/protocol';
import { clampRate, normalizeSettings } from '../../src/settings';
import { CREDITS_MIN_INTERVAL_MS, CreditsWatcher } from '../../src/statusBar/credits';
import { EvolinkClient } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import { startSimulator } from '../simulator/server';
import { tooltipFor, viewFor } from '../../src/statusBar/table';

// "One two. Three four five six. Seven." at source offset 100: sentence shares 9, 20, 6 of 35 characters.
const text = 'One two. Three four five six. Seven.';
const chunk: SpannedChunk = {
  text,
  start: 100,
  end: 100 + text.length,
  sentences: [
    { start: 100, end: 108, textStart: 0, textEnd: 8 },
    { start: 109, end: 129, textStart: 9, textEnd: 29 },
    { start: 130, end: 136, textStart: 30, textEnd: 36 },
  ],
};

describe('following along', () => {
  it('maps the playback position to the sentence by its share of the characters, not by sentence count', () => {
    const d = 36; // one second per character
    assert.equal(sentenceAtTime(chunk, 0, d), 0);
    assert.equal(sentenceAtTime(chunk, 8.9, d), 0);
    assert.equal(sentenceAtTime(chunk, 9.1, d), 1);
    assert.equal(sentenceAtTime(chunk, 29.5, d), 1);
    assert.equal(sentenceAtTime(chunk, 30.5, d), 2);
    assert.equal(sentenceAtTime(chunk, 99, d), 2, 'past the end: the last sentence');
    assert.equal(sentenceAtTime(chunk, 5, NaN), 0, 'unknown duration: the first sentence');
  });

  it('seeks to where a sentence starts, and that time maps back to the same sentence', () => {
    for (const d of [3.7, 12, 36]) {
      for (let i = 0; i < chunk.sentences.length; i++) {
        const t = timeOfSentence(chunk, i, d);
        assert.ok(t >= 0 && t <= d);
        assert.equal(sentenceAtTime(chunk, t, d), i, `sentence ${i} at ${t} of ${d}`);
      }
    }
  });

  it('shifts offsets and ranges through edits before, inside and after them', () => {
    const insertBefore = [{ rangeOffset: 10, rangeLength: 0, textLength: 5 }];
    assert.equal(shiftAll(100, insertBefore, 'start'), 105);
    const after = [{ rangeOffset: 200, rangeLength: 3, textLength: 0 }];
    assert.equal(shiftAll(100, after, 'start'), 100);

    const r = { start: 109, end: 129 };
    // "Three" (109–114) replaced by "Thirty-three": the range grows by 7 and is reported as touched.
    assert.equal(shiftRange(r, [{ rangeOffset: 109, rangeLength: 5, textLength: 12 }]), true);
    assert.deepEqual(r, { start: 109, end: 136 });
    // A later paragraph edited: untouched, unchanged.
    assert.equal(shiftRange(r, [{ rangeOffset: 500, rangeLength: 2, textLength: 40 }]), false);
    assert.deepEqual(r, { start: 109, end: 136 });
    // Two changes of one event (multi-cursor), both before the range.
    assert.equal(shiftRange(r, [{ rangeOffset: 0, rangeLength: 0, textLength: 1 }, { rangeOffset: 50, rangeLength: 10, textLength: 0 }]), false);
    assert.deepEqual(r, { start: 100, end: 127 });
    // Deleting the whole range collapses it where it was.
    assert.equal(shiftRange(r, [{ rangeOffset: 90, rangeLength: 50, textLength: 0 }]), true);
    assert.deepEqual(r, { start: 90, end: 90 });
  });

  it('text typed at the read position is read: the position stays before it', () => {
    assert.equal(shiftAll(300, [{ rangeOffset: 300, rangeLength: 0, textLength: 4 }], 'cursor'), 300);
  });

  it('a line inserted right above a sentence goes before it; a word added at its end joins it', () => {
    const r = { start: 0, end: 10 };
    shiftRange(r, [{ rangeOffset: 0, rangeLength: 0, textLength: 5 }]);
    assert.deepEqual(r, { start: 5, end: 15 });
    shiftRange(r, [{ rangeOffset: 15, rangeLength: 0, textLength: 2 }]);
    assert.deepEqual(r, { start: 5, end: 17 });
  });
});

describe('player protocol: sentence and speed buttons', () => {
  it('accepts the page commands and rejects others', () => {
    for (const command of ['stop', 'pauseResume', 'previousSentence', 'nextSentence', 'repeatSentence', 'slower', 'faster']) {
      assert.deepEqual(parseFromWebview({ type: 'command', command }), { type: 'command', command });
    }
    assert.equal(parseFromWebview({ type: 'command', command: 'setApiKey' }), undefined);
  });
});

describe('playback and reading settings', () => {
  it('clamps the playback rate to 0.5–3 in steps of 0.05', () => {
    assert.equal(clampRate(0.1), 0.5);
    assert.equal(clampRate(7), 4);
    assert.equal(clampRate(4), 4);
    assert.equal(clampRate(1.26), 1.25);
    assert.equal(clampRate(NaN), 1);
  });

  it('normalizes the new settings', () => {
    const s = normalizeSettings({ maxParallelTasks: 99, codeBlocks: 'sing', pronunciations: { SQL: 'sequel', bad: 3, ' ': 'x' }, playbackRate: 2.5 });
    assert.equal(s.maxParallelTasks, 6);
    assert.equal(s.codeBlocks, 'announce');
    assert.deepEqual(s.pronunciations, { SQL: 'sequel' });
    assert.equal(s.playbackRate, 2.5);
    assert.equal(s.confirmAboveCharacters, 3000);
    assert.equal(s.cacheMaxMegabytes, 200);
  });
});

describe('credits in the status bar tooltip', () => {
  it('fetches at most once a minute, never waits, and only logs a failure', async () => {
    let t = 0;
    let calls = 0;
    let fail = false;
    const seen: (number | undefined)[] = [];
    const logged: string[] = [];
    const w = new CreditsWatcher((v) => seen.push(v), (l) => logged.push(l), () => t);
    const source = {
      getCredits: async () => {
        calls++;
        if (fail) throw new Error('offline');
        return { user: { remaining_credits: 120.5 }, token: { remaining_credits: 42.25, unlimited_credits: false } };
      },
    };
    w.refresh(source);
    w.refresh(source); // in flight: no second request
    await new Promise((r) => setImmediate(r));
    assert.equal(calls, 1);
    assert.deepEqual(seen, [42.25], 'the key’s own limit when it has one');
    t += CREDITS_MIN_INTERVAL_MS - 1;
    w.refresh(source);
    assert.equal(calls, 1, 'not again within a minute');
    t += 1;
    fail = true;
    w.refresh(source);
    await new Promise((r) => setImmediate(r));
    assert.equal(calls, 2);
    assert.equal(w.value, 42.25, 'a failure keeps the last figure');
    assert.match(logged.join('\n'), /offline/);
  });

  it('a key Evolink refuses shows no credits: the figure of the key before it is dropped, and a new key is asked at once', async () => {
    const sim = await startSimulator({ timeScale: 1 });
    try {
      let key = sim.keys[0];
      const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => key });
      const seen: (number | undefined)[] = [];
      let t = 0;
      const w = new CreditsWatcher((v) => seen.push(v), () => undefined, () => t);
      const settle = async () => { while (w.fetching) await new Promise((r) => setTimeout(r, 5)); };
      w.refresh(client);
      await settle();
      assert.equal(typeof w.value, 'number', 'the stored key has credits');
      key = 'sk-evolink-not-a-key-7Qp2Wm9Zx4';
      w.forget();
      assert.equal(w.value, undefined, 'forgotten when the key changes');
      w.refresh(client);
      assert.ok(w.fetching, 'a new key is asked at once, not after the minute');
      await settle();
      assert.equal(w.value, undefined);
      key = sim.keys[0];
      w.forget();
      w.refresh(client);
      await settle();
      assert.equal(typeof w.value, 'number');
      // The same key is refused later (revoked): its figure goes.
      const before = seen.length;
      key = 'sk-evolink-revoked-key-3Fh8Kd1Lq6';
      t += CREDITS_MIN_INTERVAL_MS;
      w.refresh(client);
      await settle();
      assert.equal(w.value, undefined, 'a 401 drops the figure');
      assert.deepEqual(seen.slice(before), [undefined]);
    } finally {
      await sim.close();
    }
  });

  it('Stop cancels a credits request still running: aborted on the wire, its answer ignored, no failure logged', async () => {
    const sim = await startSimulator({ timeScale: 1 });
    try {
      sim.inject({ match: { method: 'GET', path: '/v1/credits' }, delayMs: 5000 });
      const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0] });
      let outcome: Promise<string> | undefined;
      const source = {
        getCredits: (signal?: AbortSignal) => {
          const p = client.getCredits(signal);
          outcome = p.then(() => 'answered', (e: unknown) => (e instanceof ApiError ? e.kind : String(e)));
          return p;
        },
      };
      const seen: (number | undefined)[] = [];
      const logged: string[] = [];
      const w = new CreditsWatcher((v) => seen.push(v), (l) => logged.push(l));
      w.refresh(source);
      assert.ok(w.fetching);
      await new Promise((r) => setTimeout(r, 50));
      w.cancel();
      assert.equal(w.fetching, false);
      assert.equal(await outcome, 'aborted', 'the request was aborted, not left to finish after the 5 s delay');
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(seen, []);
      assert.deepEqual(logged, []);
      w.refresh(source);
      assert.equal(w.fetching, false, 'a cancelled fetch still counts as this minute’s');
    } finally {
      await sim.close();
    }
  });

  it('shows credits reserved, credits remaining and a speed other than 1×', () => {
    const view = viewFor({ kind: 'playing', chunk: 2, total: 5 });
    const text = tooltipFor(view, { voice: 'v1', creditsReserved: 1.28, total: 5 }, true, undefined, { rate: 1.5, remainingCredits: 97.5 });
    assert.match(text, /Credits reserved: 1\.28\nCredits remaining: 97\.5\nSpeed: 1\.5×/);
    assert.doesNotMatch(tooltipFor(view, { voice: 'v1', creditsReserved: 0, total: 5 }, true, undefined, { rate: 1 }), /Speed|remaining/);
  });
});
