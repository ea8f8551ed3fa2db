// Long work in slices: the pause between steps hands the thread back once a slice has run its time.
import * as assert from 'node:assert/strict';
import { slices } from '../../src/speech/slices';

describe('slices', () => {
  it('hands the thread back only once a slice has run its time, and then starts a new slice', async () => {
    let turns = 0;
    const turn = async (): Promise<void> => {
      turns++;
      await new Promise((r) => setImmediate(r));
    };
    const never = slices(Number.POSITIVE_INFINITY, turn);
    for (let i = 0; i < 100; i++) assert.equal(await never(), false);
    assert.equal(turns, 0, 'a slice that has not run its time does not wait');

    const always = slices(-1, turn);
    for (let i = 0; i < 5; i++) assert.equal(await always(), true);
    assert.equal(turns, 5, 'a slice of no time waits for a turn at every step');

    // A step that outlasts the slice: the next pause waits for a turn; the one after it is in a new slice.
    turns = 0;
    const pause = slices(200, turn);
    const busyUntil = performance.now() + 250;
    while (performance.now() < busyUntil) { /* a step of 250 ms */ }
    assert.equal(await pause(), true);
    assert.equal(await pause(), false, 'a new slice began after the turn');
    assert.equal(turns, 1);
  });
});
