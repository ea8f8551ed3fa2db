// Long work in slices: the pause between steps hands the thread back once a slice has run its time.
import * as assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
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

  it('lets the next turn of the event loop in between the first two slices of work started from a message', async () => {
    // Work started in an I/O callback (a command arrives as a message): the next turn of the event loop, where
    // the editor's next messages are taken, must come before its second slice, as it comes before every
    // later one. A timer that is due during the first slice marks that turn.
    const { port1, port2 } = new MessageChannel();
    const order: string[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        port2.once('message', () => {
          void (async () => {
            const pause = slices(-1);
            order.push('slice 1');
            setTimeout(() => order.push('next turn'), 0);
            const until = performance.now() + 20;
            while (performance.now() < until) { /* the first slice's work */ }
            await pause();
            order.push('slice 2');
            setTimeout(() => order.push('next turn'), 0);
            const until2 = performance.now() + 20;
            while (performance.now() < until2) { /* the second slice's work */ }
            await pause();
            order.push('slice 3');
            resolve();
          })().catch(reject);
        });
        port1.postMessage('start');
      });
      assert.deepEqual(order, ['slice 1', 'next turn', 'slice 2', 'next turn', 'slice 3']);
    } finally {
      port1.close();
      port2.close();
    }
  });
});
