// The simulator's chaos option: faults drawn at random from a seed, only ones that fit the request, at about the rate asked.
import * as assert from 'node:assert/strict';
import { CHAOS_FAULTS, FaultQueue, kindOf, type MatchContext } from '../simulator/faults';

const POST: MatchContext = { origin: 'api', method: 'POST', path: '/v1/audios/generations', model: 'qwen3-tts-vd', prompt: 'Hello.' };
const POLL: MatchContext = { origin: 'api', method: 'GET', path: '/v1/tasks/task-unified-1' };
const MEDIA: MatchContext = { origin: 'media', method: 'GET', path: '/audio/20261130/abcdefgh.wav' };

function draws(seed: number, rate: number, n: number): string[] {
  const q = new FaultQueue();
  q.setChaos({ seed, rate });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const ctx = [POST, POLL, MEDIA][i % 3];
    const kind = ctx.origin === 'media' ? 'audio' : i % 2 ? 'task' : 'request';
    const f = q.take(kind, ctx);
    out.push(f ? JSON.stringify(f) : '-');
  }
  return out;
}

describe('simulator chaos', () => {
  it('the same seed gives the same faults; another seed others', () => {
    assert.deepEqual(draws(7, 0.3, 300), draws(7, 0.3, 300));
    assert.notDeepEqual(draws(7, 0.3, 300), draws(8, 0.3, 300));
  });

  it('gives faults at about the rate asked, none at rate 0, and queued faults first', () => {
    const given = draws(11, 0.2, 3000).filter((d) => d !== '-').length;
    assert.ok(given > 3000 * 0.2 * 0.8 && given < 3000 * 0.2 * 1.2, `about 20 %: ${given} of 3000`);
    assert.equal(draws(11, 0, 300).filter((d) => d !== '-').length, 0);
    const q = new FaultQueue();
    q.setChaos({ seed: 1, rate: 1, faults: [{ match: { method: 'POST' }, status: 500 }] });
    q.add({ match: { method: 'POST' }, status: 418 });
    assert.equal(q.take('request', POST)?.status, 418, 'an injected fault comes before chaos');
    assert.equal(q.take('request', POST)?.status, 500);
    assert.equal(q.take('request', POLL), undefined, 'a fault only where it fits');
    assert.deepEqual(Object.fromEntries(q.chaosGiven), { 'request POST : status 500': 1 });
  });

  it('gives every menu fault that fits before it gives any twice', () => {
    const q = new FaultQueue();
    q.setChaos({ seed: 5, rate: 1 });
    const posts = CHAOS_FAULTS.filter((f) => kindOf(f) === 'request' && f.match?.method === 'POST').length;
    const seen = new Set<string>();
    for (let i = 0; i < posts; i++) seen.add(JSON.stringify(q.take('request', POST)));
    assert.equal(seen.size, posts, `each of the ${posts} POST faults once in ${posts} draws`);
    const tasks = CHAOS_FAULTS.filter((f) => kindOf(f) === 'task');
    for (let i = 0; i < tasks.length; i++) seen.add(JSON.stringify(q.take('task', POST)));
    assert.equal(seen.size, posts + tasks.length, 'and each task fault once');
  });

  it('every menu fault fits some request of its kind, and a bad rate is refused', () => {
    for (const f of CHAOS_FAULTS) {
      const q = new FaultQueue();
      q.setChaos({ seed: 3, rate: 1, faults: [f] });
      const kind = kindOf(f);
      const fits = [POST, POLL, MEDIA].some((ctx) => q.take(kind, ctx) !== undefined);
      assert.ok(fits, `fits something: ${JSON.stringify(f)}`);
    }
    assert.throws(() => new FaultQueue().setChaos({ seed: 1, rate: 2 }), /between 0 and 1/);
  });
});
