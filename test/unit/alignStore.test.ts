// Alignments stored beside cached clips: a real temporary folder, real eSpeak speech (the simulator's voice), the
// real aligner. A later session reading the clip from disk takes the stored alignment instead of aligning again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { wordSpans, type AlignInput } from '../../src/audio/align';
import { AlignmentCache } from '../../src/audio/alignCache';
import { AlignmentStore } from '../../src/audio/alignStore';
import { decodeAudio } from '../../src/audio/decode';
import { AudioCache } from '../../src/speech/cache';
import { synthesize } from '../simulator/audio';

const TEXT = 'The river was low that summer. Nobody could remember a drier year, and the stones turned white.';

function inputOf(text: string): AlignInput {
  const end = text.indexOf('.') + 1;
  return { text, sentences: [{ textStart: 0, textEnd: end }, { textStart: end + 1, textEnd: text.length }], words: wordSpans(text) };
}

/** One session: its own store, audio cache (on `dir`) and alignment cache, as after a restart. */
function session(dir: string, maxBytes = 50e6) {
  const store = new AlignmentStore();
  return { store, audio: new AudioCache(dir, maxBytes, undefined, undefined, store), aligned: new AlignmentCache(64, store) };
}

describe('alignments beside cached clips', function () {
  this.timeout(60_000);
  let dir: string;
  let bytes: Uint8Array;
  before(async () => { bytes = new Uint8Array(await synthesize(TEXT, 'en-us')); });
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evolink-align-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('a clip replayed from disk in a later session is not aligned again', async () => {
    const first = session(dir);
    const key = first.audio.key(TEXT, 'v', 'English', 'm');
    await first.audio.put(key, decodeAudio(bytes));
    const a = first.aligned.align(bytes, inputOf(TEXT));
    assert.equal(a.method, 'audio', 'real speech is aligned from its pauses');
    assert.equal(first.aligned.computed, 1);
    await first.store.settled();
    assert.ok((await fs.readdir(dir)).includes(`${key}.align`), 'the alignment lies beside the clip');

    const later = session(dir);
    const audio = await later.audio.get(key);
    assert.ok(audio);
    const b = later.aligned.align(audio.bytes, inputOf(TEXT));
    assert.equal(later.aligned.computed, 0, 'not aligned again');
    assert.equal(later.aligned.loaded, 1);
    assert.deepEqual(b, a);
  });

  it('other text over the same bytes is aligned anew; a clip never cached writes nothing', async () => {
    const first = session(dir);
    const key = first.audio.key(TEXT, 'v', 'English', 'm');
    await first.audio.put(key, decodeAudio(bytes));
    first.aligned.align(bytes, inputOf(TEXT));
    await first.store.settled();
    const later = session(dir);
    const audio = await later.audio.get(key);
    assert.ok(audio);
    const other = TEXT.replace('river', 'brook');
    later.aligned.align(audio.bytes, inputOf(other));
    assert.equal(later.aligned.computed, 1, 'the stored alignment is of other text');
    // Bytes the audio cache does not hold (a clip fetched with the cache off) leave no file behind.
    const loose = session(path.join(dir, 'elsewhere'));
    loose.aligned.align(bytes.slice(), inputOf(TEXT));
    await loose.store.settled();
    assert.deepEqual((await fs.readdir(dir)).filter((n) => n.endsWith('.align')), [`${key}.align`]);
  });

  for (const [what, damage] of [
    ['cut short', (s: string) => s.slice(0, s.length / 2)],
    ['with a word missing', (s: string) => {
      const j = JSON.parse(s) as { alignment: { words: unknown[] } };
      j.alignment.words.pop();
      return JSON.stringify(j);
    }],
    ['with times out of order', (s: string) => {
      const j = JSON.parse(s) as { alignment: { words: { start: number; end: number }[] } };
      j.alignment.words[3].start = j.alignment.words[3].end + 5;
      return JSON.stringify(j);
    }],
  ] as const) {
    it(`an alignment file ${what} is not used: the clip is aligned again and the file rewritten`, async () => {
      const first = session(dir);
      const key = first.audio.key(TEXT, 'v', 'English', 'm');
      await first.audio.put(key, decodeAudio(bytes));
      const a = first.aligned.align(bytes, inputOf(TEXT));
      await first.store.settled();
      const file = path.join(dir, `${key}.align`);
      await fs.writeFile(file, damage(await fs.readFile(file, 'utf8')));

      const later = session(dir);
      const audio = await later.audio.get(key);
      assert.ok(audio);
      assert.deepEqual(later.aligned.align(audio.bytes, inputOf(TEXT)), a);
      assert.equal(later.aligned.computed, 1);
      await later.store.settled();
      const third = session(dir);
      await third.audio.get(key);
      third.aligned.align(audio.bytes, inputOf(TEXT));
      assert.equal(third.aligned.loaded, 1, 'the rewritten file is good');
    });
  }

  it('an evicted clip takes its alignment with it', async () => {
    const s = session(dir, bytes.length * 1.5);
    const key = s.audio.key(TEXT, 'v', 'English', 'm');
    await s.audio.put(key, decodeAudio(bytes));
    s.aligned.align(bytes, inputOf(TEXT));
    await s.store.settled();
    await s.audio.put(s.audio.key('Other.', 'v', 'English', 'm'), decodeAudio(bytes));
    assert.ok(!(await fs.readdir(dir)).some((n) => n.startsWith(key)), 'clip and alignment are gone');
  });
});
