// Pronunciation dictionary: whole-word replacements that keep every spoken character's source range.
import * as assert from 'node:assert/strict';
import { compilePronunciations, compilePronunciationsInSlices, continuesCluster, type Mapped } from '../../src/speech/pronunciations';
import { slices } from '../../src/speech/slices';
import { prng } from '../fixtures/prng';

/** Text whose character i came from source [3i, 3i + 2): values no code could make up by counting. */
function mapped(spoken: string): Mapped {
  const starts = new Int32Array(spoken.length);
  const ends = new Int32Array(spoken.length);
  for (let i = 0; i < spoken.length; i++) {
    starts[i] = 3 * i;
    ends[i] = 3 * i + 2;
  }
  return { spoken, starts, ends };
}

function apply(dict: Record<string, string>, spoken: string): Mapped {
  const p = compilePronunciations(dict);
  assert.ok(p, 'the dictionary has a usable key');
  return p.apply(mapped(spoken));
}

const say = (dict: Record<string, string>, spoken: string): string => apply(dict, spoken).spoken;

const plain = (m: Mapped) => ({ spoken: m.spoken, starts: Array.from(m.starts), ends: Array.from(m.ends) });

// ---- A brute-force reference: every cut of the text, every key, straight from the rules. ----

const isWordCp = (cp: number | undefined): boolean => cp !== undefined && /[\p{L}\p{N}\p{M}_]/u.test(String.fromCodePoint(cp));
const firstCp = (s: string): number | undefined => s.codePointAt(0);
const lastCp = (s: string): number | undefined => (s === '' ? undefined : [...s].pop()!.codePointAt(0));
const anyCase = (s: string): string => s.toLowerCase().replace(/ς/g, 'σ');

function reference(m: Mapped, dict: Record<string, string>): Mapped {
  const keys = Object.entries(dict)
    .filter(([k]) => k.trim() !== '')
    .map(([k, v], order) => {
      const n = k.normalize('NFC');
      const lower = n === n.toLowerCase();
      return { text: lower ? anyCase(n) : n, lower, v, order };
    });
  const s = m.spoken;
  // A match starts and ends only between clusters: never before a low surrogate or anything NFC composes backwards.
  const cuts: number[] = [];
  for (let i = 0; i <= s.length; i++) {
    const c = s.charCodeAt(i);
    const cont = i > 0 && i < s.length && ((c >= 0xdc00 && c <= 0xdfff) || /^[\p{M}\u1160-\u11FF\u{16D67}]/u.test(s.slice(i)));
    if (!cont) cuts.push(i);
  }
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const keep = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      out.push(s[i]);
      starts.push(m.starts[i]);
      ends.push(m.ends[i]);
    }
  };
  let pos = 0;
  for (let a = 0; a < cuts.length - 1; a++) {
    const i = cuts[a];
    if (i < pos) continue;
    let best: { e: number; lower: boolean; order: number; v: string } | undefined;
    const before = lastCp(s.slice(0, i).normalize('NFC'));
    for (let b = a + 1; b < cuts.length; b++) {
      const e = cuts[b];
      const seg = s.slice(i, e).normalize('NFC');
      if (isWordCp(firstCp(seg)) && isWordCp(before)) break;
      if (isWordCp(lastCp(seg)) && isWordCp(firstCp(s.slice(e).normalize('NFC')))) continue;
      for (const k of keys) {
        if (k.text !== (k.lower ? anyCase(seg) : seg)) continue;
        const better = !best || e > best.e || (!k.lower && best.lower) || (k.lower === best.lower && k.order > best.order);
        if (better) best = { e, lower: k.lower, order: k.order, v: k.v };
      }
    }
    if (!best) continue;
    keep(pos, i);
    for (let c = 0; c < best.v.length; c++) {
      out.push(best.v[c]);
      starts.push(m.starts[i]);
      ends.push(m.ends[best.e - 1]);
    }
    pos = best.e;
  }
  keep(pos, s.length);
  return { spoken: out.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

describe('pronunciations', () => {
  it('whole words only: not inside words, nor before a combining mark, digit or underscore', () => {
    const dict = { sql: 'sequel' };
    assert.equal(say(dict, 'sql, (sql) sql. sql\'s'), 'sequel, (sequel) sequel. sequel\'s');
    for (const t of ['sqlite', 'mysql', 'sql_x', 'x_sql', 'sql1', '1sql', 'sqlé', 'ésql', 'sql\u0301']) {
      assert.equal(say(dict, t), t, t);
    }
  });

  it('a lower-case key matches in any case; a key with a capital only as written', () => {
    const dict = { sql: 'sequel', IT: 'I.T.', GitHub: 'git hub' };
    assert.equal(say(dict, 'SQL Sql sQl sql'), 'sequel sequel sequel sequel');
    assert.equal(say(dict, 'IT it It iT'), 'I.T. it It iT');
    assert.equal(say(dict, 'GitHub github GITHUB GitHubber'), 'git hub github GITHUB GitHubber');
  });

  it('the longest key that accepts the text wins, whatever its case rule', () => {
    assert.equal(say({ new: 'N', 'new york': 'NY', york: 'Y' }, 'new york new york york'), 'NY NY Y');
    const dict = { 'New York City': 'NYC', 'new york': 'ny' };
    assert.equal(say(dict, 'New York City'), 'NYC');
    assert.equal(say(dict, 'new york city'), 'ny city'); // the exact key does not accept it; the shorter one does
    assert.equal(say(dict, 'NEW YORK CITY'), 'ny CITY');
  });

  it('an exact key beats an any-case key of the same text; of keys equal after NFC the later wins', () => {
    const dict = { sql: 'sequel', SQL: 'S Q L' };
    assert.equal(say(dict, 'SQL Sql sql'), 'S Q L sequel sequel');
    assert.equal(say({ SQL: 'S Q L', sql: 'sequel' }, 'SQL'), 'S Q L');
    assert.equal(say({ 'café': 'first', 'cafe\u0301': 'second' }, 'café'), 'second');
  });

  it('found: a capitalised multi-word key no longer hides a shorter lower-case key', () => {
    const dict = { 'Foo Bar': 'FB', foo: 'F' };
    assert.equal(say(dict, 'the foo bar'), 'the F bar');
    assert.equal(say(dict, 'the Foo Bar'), 'the FB');
    assert.equal(say(dict, 'the FOO BAR'), 'the F BAR');
  });

  it('found: precomposed and decomposed spellings match each other, the whole spelling mapped', () => {
    const pre = 'caf\u00e9';
    const dec = 'cafe\u0301';
    for (const key of [pre, dec]) {
      for (const text of [pre, dec]) {
        const m = apply({ [key]: 'coffee' }, `a ${text} b`);
        assert.equal(m.spoken, 'a coffee b', `${JSON.stringify(key)} in ${JSON.stringify(text)}`);
        assert.deepEqual([...new Set(m.starts.slice(2, 8))], [3 * 2]);
        assert.deepEqual([...new Set(m.ends.slice(2, 8))], [3 * (2 + text.length - 1) + 2]);
      }
    }
    // Case folding happens on the normalised form: a lower-case key matches capitals in either spelling.
    assert.equal(say({ [dec]: 'coffee' }, 'CAF\u00c9 CAFE\u0301'), 'coffee coffee');
    // A key with a capital still wants its capital, in either spelling.
    assert.equal(say({ 'Caf\u00e9': 'coffee' }, 'Cafe\u0301 cafe\u0301'), 'coffee cafe\u0301');
    // The mark is part of the letter: "cafe" is not a word of "café".
    assert.equal(say({ cafe: 'X' }, `${pre} ${dec} cafe`), `${pre} ${dec} X`);
  });

  it('every canonical composite of this Unicode version matches its decomposition, and back', () => {
    const composite: string[] = [];
    const decomposed: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      const d = c.normalize('NFD');
      // A mark alone is no word, and a blank key is ignored (U+2000 EN QUAD is U+2002 EN SPACE).
      if (d === c || continuesCluster(d.codePointAt(0)!) || d.trim() === '') continue;
      composite.push(c);
      decomposed.push(d);
    }
    assert.ok(composite.length > 13_000, `${composite.length} composites`); // Latin, Greek, …, 11,172 Hangul
    const expected = composite.map(() => 'X').join(' ');
    const keys = (list: string[]) => Object.fromEntries(list.map((k) => [k, 'X']));
    assert.equal(say(keys(composite), decomposed.join(' ')), expected);
    assert.equal(say(keys(decomposed), composite.join(' ')), expected);
  });

  it('keys with punctuation: a boundary is needed only at an edge that is a word character', () => {
    const dict = { 'C++': 'see plus plus', 'e.g.': 'for example' };
    assert.equal(say(dict, 'C++ (C++) C++, e.g. this'), 'see plus plus (see plus plus) see plus plus, for example this');
    assert.equal(say(dict, 'xC++ ae.g. c++'), 'xC++ ae.g. c++'); // "C" follows a letter; "C++" wants its capital
    assert.equal(say(dict, 'C++x e.g.x'), 'see plus plusx for examplex'); // "+" and "." need nothing after them
  });

  it('blank keys are ignored; a dictionary of none compiles to nothing', () => {
    assert.equal(compilePronunciations({}), undefined);
    assert.equal(compilePronunciations({ '': 'x', '  ': 'y', '\n': 'z' }), undefined);
    assert.equal(say({ '': 'x', ' ': 'y', a: 'b' }, 'a a'), 'b b');
  });

  it('replaced characters map to the whole matched range; the others keep their own', () => {
    const src = 'say New York now';
    const m = apply({ 'new york': 'N.Y.C.', now: '' }, src);
    assert.equal(m.spoken, 'say N.Y.C. ');
    const at = src.indexOf('New York');
    for (let i = 0; i < 4; i++) assert.deepEqual([m.starts[i], m.ends[i]], [3 * i, 3 * i + 2], `kept ${i}`);
    for (let i = 4; i < 10; i++) {
      assert.deepEqual([m.starts[i], m.ends[i]], [3 * at, 3 * (at + 'New York'.length - 1) + 2], `replaced ${i}`);
    }
    const space = src.lastIndexOf(' ');
    assert.deepEqual([m.starts[10], m.ends[10]], [3 * space, 3 * space + 2], 'the space before the removed word');
    assert.equal(m.starts.length, m.spoken.length);
    assert.equal(m.ends.length, m.spoken.length);
  });

  it('surrogate pairs: emoji are not word characters, astral letters are; pairs are never split', () => {
    const dict = { sql: 'sequel', '😀': 'smile', '𝐀b': 'bold' };
    const m = apply(dict, '😀sql😀 a😀b 𝐀sql sql𝐀 𝐀b x𝐀b');
    assert.equal(m.spoken, 'smilesequelsmile asmileb 𝐀sql sql𝐀 bold x𝐀b');
    const kept = apply({ sql: 'sequel' }, '😀sql😀');
    assert.equal(kept.spoken, '😀sequel😀');
    assert.deepEqual(plain(kept).starts, [0, 3, 6, 6, 6, 6, 6, 6, 15, 18]);
    assert.deepEqual(plain(kept).ends, [2, 5, 14, 14, 14, 14, 14, 14, 17, 20]);
    // A key that is half of a pair never matches the pair.
    assert.equal(say({ '\ud83d': 'x' }, '😀 \ud83d'), '😀 x');
  });

  it('Greek final sigma is sigma for a lower-case key', () => {
    assert.equal(say({ 'οδος': 'street' }, 'ΟΔΟΣ οδος οδοσ Οδος'), 'street street street street');
  });

  it('nothing replaced gives back the same text; equal dictionaries share one compiled form', () => {
    const dict = { sql: 'sequel' };
    const m = mapped('nothing here');
    assert.equal(compilePronunciations(dict)!.apply(m), m);
    assert.equal(compilePronunciations(dict), compilePronunciations(dict));
    assert.equal(compilePronunciations(dict), compilePronunciations({ ...dict }));
    assert.notEqual(compilePronunciations(dict), compilePronunciations({ sql: 'S Q L' }));
  });

  it('a long list compiled a slice at a time ahead of use says the same as one compiled at once, and blocks then reuse it', async () => {
    const rand = prng(7);
    const words = Array.from({ length: 10_000 }, (_, i) => `${['Term', 'sql', 'ÉCOLE', 'naïve', 'k8s'][i % 5]}${i.toString(36)}`);
    const dict = Object.fromEntries(words.map((w, i) => [w, `said ${i}`]));
    let turns = 0;
    // A slice of no time: it pauses at every step.
    await compilePronunciationsInSlices(dict, slices(-1, async () => {
      turns++;
      await new Promise((r) => setImmediate(r));
    }));
    assert.ok(turns >= 40, `${turns} pauses for 10,000 keys`);
    const ahead = compilePronunciations(dict);
    assert.equal(compilePronunciations({ ...dict }), ahead, 'the content finds the same compiled form');
    // Compiled at once: the same content with one blank key more (skipped, but another cache entry).
    const atOnce = compilePronunciations({ ...dict, ' ': 'never' });
    assert.notEqual(atOnce, ahead);
    const text = Array.from({ length: 400 }, () => (rand() < 0.5 ? words[Math.floor(rand() * words.length)] : 'plain')).join(' ');
    assert.deepEqual(plain(ahead!.apply(mapped(text))), plain(atOnce!.apply(mapped(text))));
    assert.notEqual(ahead!.apply(mapped(text)).spoken, text, 'keys were replaced');
  });

  it('agrees with a brute-force reference on thousands of random dictionaries and texts', () => {
    const rand = prng(20240611);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const pieces = [
      'a', 'b', 'A', 'B', 'ab', 'Ab', ' ', ' ', ' ', '.', '+', '_', '1', '-',
      '\u00e9', 'e\u0301', '\u00c9', 'E\u0301', '\u0301', '\u0323', '😀', '𝐀',
      'ς', 'Σ', 'σ', 'İ', 'i', '\u212a', 'k', 'K', '\u1100\u1161', '\uac00', '\u11a8',
    ];
    const join = (max: number) => Array.from({ length: 1 + Math.floor(rand() * max) }, () => pick(pieces)).join('');
    let changed = 0;
    for (let n = 0; n < 3000; n++) {
      const dict: Record<string, string> = {};
      const keyCount = 1 + Math.floor(rand() * 6);
      for (let k = 0; k < keyCount; k++) dict[join(4)] = rand() < 0.1 ? '' : `[${k}]`;
      // Texts of pieces and of the keys themselves, in other cases and spellings, so that many match.
      const keys = Object.keys(dict);
      const variants = [(k: string) => k, (k: string) => k.toUpperCase(), (k: string) => k.toLowerCase(), (k: string) => k.normalize('NFD'), (k: string) => k.normalize('NFC')];
      const text = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => (rand() < 0.6 ? pick(variants)(pick(keys)) : pick(pieces))).join('');
      const m = mapped(text);
      const p = compilePronunciations(dict);
      const want = reference(m, dict);
      const got = p ? p.apply(m) : m;
      assert.deepEqual(plain(got), plain(want), `case ${n}: ${JSON.stringify(dict)} on ${JSON.stringify(text)}`);
      if (want.spoken !== text) changed++;
    }
    assert.ok(changed > 1000, `${changed} of 3000 texts have a replacement`);
  });

  it('10,000 keys over 180,000 characters', () => {
    const rand = prng(7);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const word = () => Array.from({ length: 3 + Math.floor(rand() * 8) }, () => letters[Math.floor(rand() * 26)]).join('');
    const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
    const pick = (xs: string[]): string => xs[Math.floor(rand() * xs.length)];
    const dict: Record<string, string> = {};
    const words: string[] = [];
    const keys: string[] = [];
    while (keys.length < 10_000) {
      const w = word();
      const r = rand();
      // Most keys any-case, some exact with a capital, some of two words.
      const key = r < 0.7 ? w : r < 0.85 ? cap(w) : `${w} ${word()}`;
      if (key in dict) continue;
      dict[key] = `<${key.toUpperCase()}>`;
      keys.push(key);
      words.push(...key.split(' '));
    }
    // The text: key words in various cases, and other words, until 180,000 characters.
    const tokens: string[] = [];
    let length = 0;
    while (length < 180_000) {
      const r = rand();
      const w = r < 0.3 ? pick(keys) : r < 0.5 ? pick(words) : r < 0.6 ? cap(pick(words)) : r < 0.7 ? pick(words).toUpperCase() : word();
      tokens.push(...w.split(' '));
      length += w.length + 1;
    }
    const text = tokens.join(' ');

    // The expected result, token by token: two words if a key accepts them, else one.
    const exact = new Map<string, string>();
    const lower = new Map<string, string>();
    for (const [k, v] of Object.entries(dict)) (k === k.toLowerCase() ? lower : exact).set(k, v);
    const accept = (t: string) => exact.get(t) ?? lower.get(t.toLowerCase());
    const out: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let at = 0;
    const emit = (s: string, from: number, to: number, whole: boolean) => {
      out.push(s);
      for (let i = 0; i < s.length; i++) {
        starts.push(3 * (whole ? from : from + i));
        ends.push(3 * (whole ? to - 1 : from + i) + 2);
      }
    };
    let replaced = 0;
    for (let t = 0; t < tokens.length; t++) {
      if (t > 0) emit(' ', at - 1, at, false);
      const two = t + 1 < tokens.length ? accept(`${tokens[t]} ${tokens[t + 1]}`) : undefined;
      const v = two ?? accept(tokens[t]);
      const len = two !== undefined ? tokens[t].length + 1 + tokens[t + 1].length : tokens[t].length;
      if (v !== undefined) {
        emit(v, at, at + len, true);
        replaced++;
      } else {
        emit(tokens[t], at, at + len, false);
      }
      at += len + 1;
      if (two !== undefined) t++;
    }
    assert.ok(replaced > 10_000, `${replaced} replacements`);

    const got = apply(dict, text);
    assert.equal(got.spoken, out.join(''));
    assert.deepEqual(Array.from(got.starts), starts);
    assert.deepEqual(Array.from(got.ends), ends);
  });
});
