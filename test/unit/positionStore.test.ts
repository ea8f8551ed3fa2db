// Where each document's reading stopped, kept in workspace state: kept and found per URI, written only when it
// changes, the oldest dropped beyond the limit, anything malformed in the state ignored, and every change
// announced (the gutter mark and the Continue Reading context key follow those announcements).
import * as assert from 'node:assert/strict';
import { MAX_POSITIONS, POSITIONS_KEY, PositionStore, type StateLike } from '../../src/reading/positionStore';

/** Workspace state as VS Code's Memento behaves: a value updated is read back at once; writes are counted. */
class MapState implements StateLike {
  readonly values = new Map<string, unknown>();
  writes = 0;
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.writes++;
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

function store(start = 1_000): { state: MapState; positions: PositionStore; changed: (string | undefined)[]; tick: () => void } {
  const state = new MapState();
  let now = start;
  const positions = new PositionStore(state, () => now);
  const changed: (string | undefined)[] = [];
  positions.onDidChange((uri) => changed.push(uri));
  return { state, positions, changed, tick: () => { now += 1; } };
}

describe('positionStore', () => {
  it('keeps a position per document and finds it again by URI', async () => {
    const { positions, changed } = store();
    await positions.set('file:///a.md', { offset: 120, text: 'The tide turned early.' });
    await positions.set('file:///b.md', { offset: 0, text: 'First.' });
    assert.deepEqual(positions.get('file:///a.md'), { offset: 120, text: 'The tide turned early.', savedAt: 1_000 });
    assert.equal(positions.get('file:///b.md')?.text, 'First.');
    assert.equal(positions.get('file:///c.md'), undefined);
    assert.deepEqual(changed, ['file:///a.md', 'file:///b.md']);
  });

  it('does not write or announce a position that did not change', async () => {
    const { state, positions, changed } = store();
    await positions.set('file:///a.md', { offset: 5, text: 'Same.' });
    await positions.set('file:///a.md', { offset: 5, text: 'Same.' });
    assert.equal(state.writes, 1);
    assert.deepEqual(changed, ['file:///a.md']);
    await positions.set('file:///a.md', { offset: 6, text: 'Same.' });
    assert.equal(state.writes, 2);
    assert.equal(positions.get('file:///a.md')?.offset, 6);
  });

  it(`keeps at most ${MAX_POSITIONS} documents, dropping the ones kept longest ago`, async () => {
    const { positions, tick } = store();
    for (let i = 0; i < MAX_POSITIONS + 15; i++) {
      tick();
      await positions.set(`file:///doc${i}.md`, { offset: i, text: `Sentence ${i}.` });
      // Touching the first document again keeps it among the newest.
      if (i % 50 === 49) {
        tick();
        await positions.set('file:///doc0.md', { offset: i, text: 'Moved on.' });
      }
    }
    const all = positions.all();
    assert.equal(Object.keys(all).length, MAX_POSITIONS);
    assert.ok(all['file:///doc0.md'], 'a document kept again recently stays');
    for (let i = 1; i <= 15; i++) assert.equal(all[`file:///doc${i}.md`], undefined, `doc${i} (among the oldest) is dropped`);
    assert.ok(all[`file:///doc${MAX_POSITIONS + 14}.md`]);
  });

  it('ignores whatever in the state is not a position', async () => {
    const { state, positions } = store();
    state.values.set(POSITIONS_KEY, {
      'file:///good.md': { offset: 3, text: 'Good.', savedAt: 7 },
      'file:///negative.md': { offset: -1, text: 'x', savedAt: 7 },
      'file:///fraction.md': { offset: 1.5, text: 'x', savedAt: 7 },
      'file:///noText.md': { offset: 1, savedAt: 7 },
      'file:///null.md': null,
      'file:///string.md': 'offset 3',
    });
    assert.deepEqual(Object.keys(positions.all()), ['file:///good.md']);
    for (const bad of [undefined, null, 42, 'text', [1, 2]]) {
      state.values.set(POSITIONS_KEY, bad);
      assert.deepEqual(positions.all(), {}, `state ${JSON.stringify(bad)}`);
    }
    // Keeping a new position writes only the good ones back.
    state.values.set(POSITIONS_KEY, { 'file:///good.md': { offset: 3, text: 'Good.', savedAt: 7 }, 'file:///bad.md': 5 });
    await positions.set('file:///new.md', { offset: 0, text: 'New.' });
    assert.deepEqual(Object.keys(state.get<Record<string, unknown>>(POSITIONS_KEY) ?? {}).sort(), ['file:///good.md', 'file:///new.md']);
  });

  it('forgets one document, or all of them, and says so', async () => {
    const { state, positions, changed } = store();
    await positions.set('file:///a.md', { offset: 1, text: 'A.' });
    await positions.set('file:///b.md', { offset: 2, text: 'B.' });
    await positions.delete('file:///missing.md');
    assert.equal(state.writes, 2, 'deleting what is not kept writes nothing');
    await positions.delete('file:///a.md');
    assert.equal(positions.get('file:///a.md'), undefined);
    assert.ok(positions.get('file:///b.md'));
    assert.equal(await positions.clear(), 1);
    assert.deepEqual(positions.all(), {});
    assert.equal(state.get(POSITIONS_KEY), undefined);
    assert.deepEqual(changed, ['file:///a.md', 'file:///b.md', 'file:///a.md', undefined]);
  });

  it('stops announcing to a listener that was disposed', async () => {
    const { positions } = store();
    const heard: (string | undefined)[] = [];
    const sub = positions.onDidChange((uri) => heard.push(uri));
    await positions.set('file:///a.md', { offset: 1, text: 'A.' });
    sub.dispose();
    await positions.set('file:///b.md', { offset: 1, text: 'B.' });
    assert.deepEqual(heard, ['file:///a.md']);
  });
});
