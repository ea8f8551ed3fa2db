// The document source reads every word once, in order: the whole document, a selection that starts and ends
// mid-paragraph, and a document edited between parts (seeded random documents and edits; a failure prints
// its seed and document).
import * as assert from 'node:assert/strict';
import { DocumentSource } from '../../src/speech/documentSource';
import type { SourceChunk } from '../../src/speech/chunker';
import { prepareText, type PrepareOptions } from '../../src/speech/textPrep';
import { prng as mulberry32 } from '../fixtures/prng';

const WORD = /[\p{L}\p{N}]+/gu;
const words = (s: string): string[] => s.match(WORD) ?? [];

/** A document of unique words ("w17"), hard-wrapped, with Markdown around some of them. */
function makeDoc(seed: number, markdown: boolean): string {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  let n = 0;
  const word = (): string => {
    const w = `w${n++}`;
    if (!markdown) return w;
    const r = rnd();
    return r < 0.05 ? `*${w}*` : r < 0.08 ? `[${w}](https://example.com/${w})` : r < 0.1 ? `**${w} w${n++}**` : r < 0.12 ? `\`${w}\`` : w;
  };
  const ends = ['.', '!', '?', '.', '.', ';', ' Mr.', ' e.g.', ' 7.30.'];
  const paras: string[] = [];
  const count = 1 + Math.floor(rnd() * 8);
  for (let p = 0; p < count; p++) {
    const sentences: string[] = [];
    for (let s = 0, k = 1 + Math.floor(rnd() * 5); s < k; s++) {
      const ws = Array.from({ length: 2 + Math.floor(rnd() * 14) }, word);
      sentences.push(ws.join(' ') + pick(ends));
    }
    const width = 30 + Math.floor(rnd() * 60);
    let line = '';
    const lines: string[] = [];
    for (const token of sentences.join(' ').split(' ')) {
      if (line && line.length + token.length + 1 > width) {
        lines.push(line);
        line = token;
      } else {
        line = line ? `${line} ${token}` : token;
      }
    }
    if (line) lines.push(line);
    const prefix = markdown ? pick(['', '', '', '# ', '- ', '> ']) : '';
    paras.push(prefix + lines.join(rnd() < 0.2 ? '\r\n' : '\n'));
  }
  return paras.join('\n\n') + '\n';
}

class Doc {
  version = 0;
  constructor(public text: string) {}
  snapshot = () => ({ version: this.version, closed: false, getText: () => this.text });
}

function readAll(src: DocumentSource, edit?: () => void): SourceChunk[] {
  const out: SourceChunk[] = [];
  for (let c = src.next(); c; c = src.next()) {
    out.push(c);
    edit?.();
    assert.ok(out.length < 10_000, 'the source ends');
  }
  return out;
}

const MD: PrepareOptions = { languageId: 'markdown', codeBlocks: 'announce' };
const TXT: PrepareOptions = { languageId: 'plaintext', codeBlocks: 'announce' };
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const BASE = Number(process.env.PROPERTY_SEED ?? 20261130);

describe('DocumentSource: every word once, in order', function () {
  this.timeout(120_000);
  it(`whole documents: the parts say exactly the prepared text (${RUNS} Markdown + ${RUNS} plain documents)`, async () => {
    for (let k = 0; k < 2 * RUNS; k++) {
      const seed = BASE + k;
      const opts = k % 2 ? TXT : MD;
      const text = makeDoc(seed, opts === MD);
      const doc = new Doc(text);
      const src = new DocumentSource(doc.snapshot, [{ start: 0, end: Infinity }], 0, opts);
      const estimate = await src.estimate();
      const chunks = readAll(src);
      const ctx = `seed ${seed}: ${JSON.stringify(text)}`;
      assert.deepEqual(words(chunks.map((c) => c.text).join(' ')), words(prepareText(text, opts).spoken), ctx);
      assert.deepEqual(estimate.chunks.map((c) => c.text), chunks.map((c) => c.text), `the estimate names the parts read; ${ctx}`);
      let prev = 0;
      for (const c of chunks) {
        assert.ok(c.text.length <= 600 && c.start >= prev, ctx);
        prev = c.end;
        for (const s of c.sentences) {
          // Every sentence's own words are in its source range.
          const said = words(c.text.slice(s.textStart, s.textEnd)).filter((w) => /^w\d+$/.test(w));
          const there = new Set(words(text.slice(s.start, s.end)));
          for (const w of said) assert.ok(there.has(w), `"${w}" is in its sentence's source range ${s.start}–${s.end}; ${ctx}`);
        }
      }
    }
  });

  it(`Retry after a failed part hands out that part and the parts read ahead after it again, the same objects, then reads on (${RUNS} documents)`, () => {
    let tried = 0;
    for (let k = 0; k < RUNS; k++) {
      const seed = BASE + 7000 + k;
      const opts = k % 2 ? TXT : MD;
      const text = makeDoc(seed, opts === MD);
      const doc = new Doc(text);
      const src = new DocumentSource(doc.snapshot, [{ start: 0, end: Infinity }], 0, opts);
      const ahead: SourceChunk[] = [];
      for (let c = src.next(); c && ahead.length < 5; c = ahead.length < 4 ? src.next() : undefined) ahead.push(c);
      if (ahead.length < 3) continue;
      tried++;
      // Part 2 failed while parts 3… were read ahead (their audio may be in the cache by now).
      assert.ok(src.retryFrom(ahead[1]));
      const again = readAll(src);
      const ctx = `seed ${seed}: ${JSON.stringify(text)}`;
      assert.deepEqual(again.slice(0, ahead.length - 1), ahead.slice(1), `the same part objects, in order; ${ctx}`);
      // Nothing lost, nothing twice: part 1 and everything after it say the document once.
      assert.deepEqual(words([ahead[0], ...again].map((c) => c.text).join(' ')), words(prepareText(text, opts).spoken), ctx);
    }
    assert.ok(tried > RUNS / 4, `enough documents with three parts or more: ${tried}`);
  });

  it(`a move back into the parts read ahead hands them out again (the same objects) and reads on after them; a move past them reads from there (${RUNS} documents)`, () => {
    let tried = 0;
    for (let k = 0; k < RUNS; k++) {
      const seed = BASE + 9000 + k;
      const opts = k % 2 ? TXT : MD;
      const text = makeDoc(seed, opts === MD);
      const src = new DocumentSource(new Doc(text).snapshot, [{ start: 0, end: Infinity }], 0, opts);
      const ahead: SourceChunk[] = [];
      for (let c = src.next(); c && ahead.length < 4; c = ahead.length < 4 ? src.next() : undefined) ahead.push(c);
      if (ahead.length < 4) continue;
      tried++;
      const ctx = `seed ${seed}: ${JSON.stringify(text)}`;
      const all = words(prepareText(text, opts).spoken);
      // Back to the second sentence of part 2 (or its first): part 2 and every later part read so far, as they were.
      const target = ahead[1].sentences[Math.min(1, ahead[1].sentences.length - 1)].start;
      src.jumpTo(target);
      const again = readAll(src);
      assert.deepEqual(again.slice(0, 3), ahead.slice(1), `the same part objects, in order; ${ctx}`);
      assert.deepEqual(words([ahead[0], ...again].map((c) => c.text).join(' ')), all, `nothing lost or twice after them; ${ctx}`);
      // Past everything handed out: from that sentence on, every word once.
      const src2 = new DocumentSource(new Doc(text).snapshot, [{ start: 0, end: Infinity }], 0, opts);
      const first = src2.next()!;
      const later = readAll(new DocumentSource(new Doc(text).snapshot, [{ start: 0, end: Infinity }], 0, opts)).slice(3);
      if (!later.length) continue;
      const to = later[0].sentences[0].start;
      src2.jumpTo(to);
      const rest = readAll(src2);
      assert.ok(!rest.includes(first), ctx);
      assert.ok(rest[0].start === to, `reading starts at the sentence moved to; ${ctx}`);
      assert.deepEqual(words(rest.map((c) => c.text).join(' ')), words(later.map((c) => c.text).join(' ')), `from there to the end; ${ctx}`);
    }
    assert.ok(tried > RUNS / 4, `enough documents with four parts or more: ${tried}`);
  });

  it(`a selection from mid-paragraph to mid-paragraph reads its words and no others (${RUNS} documents)`, () => {
    for (let k = 0; k < RUNS; k++) {
      const seed = BASE + 10_000 + k;
      const rnd = mulberry32(seed);
      const opts = k % 2 ? TXT : MD;
      const text = makeDoc(seed, opts === MD);
      // Cut at word boundaries (a selection made by double-click and shift-click).
      const bounds = [...text.matchAll(/(?<!\/)\bw\d+\b/g)].map((m) => m.index);
      if (bounds.length < 3) continue;
      const a = bounds[Math.floor(rnd() * (bounds.length - 1))];
      const b = bounds.filter((x) => x > a)[Math.floor(rnd() * bounds.filter((x) => x > a).length)];
      const doc = new Doc(text);
      const chunks = readAll(new DocumentSource(doc.snapshot, [{ start: a, end: b }], a, opts));
      // The words of the selection, less link targets.
      const expected = words(text.slice(a, b).replace(/\]\([^)]*\)/g, ']')).filter((w) => /^w\d+$/.test(w));
      const said = words(chunks.map((c) => c.text).join(' ')).filter((w) => /^w\d+$/.test(w));
      assert.deepEqual(said, expected, `seed ${seed}, selection ${a}–${b}: ${JSON.stringify(text)}`);
    }
  });

  it(`edits between parts: nothing read twice, every word after the read position read once, in order (${RUNS} documents)`, () => {
    for (let k = 0; k < RUNS; k++) {
      const seed = BASE + 20_000 + k;
      const rnd = mulberry32(seed);
      const opts = k % 2 ? TXT : MD;
      const doc = new Doc(makeDoc(seed, opts === MD));
      const src = new DocumentSource(doc.snapshot, [{ start: 0, end: Infinity }], 0, opts);
      let fresh = 0;
      const skipped = new Set<string>();
      const removed = new Set<string>();
      const log: string[] = [];
      const edit = (): void => {
        if (rnd() < 0.4) return;
        const spaces = [...doc.text.matchAll(/(?<=\w) /g)].map((m) => m.index);
        if (!spaces.length) return;
        // Often exactly at the read position (typing right after the part handed out last).
        const atCursor = rnd() < 0.25 && /\s/.test(doc.text[src.position] ?? '');
        const at = atCursor ? src.position : spaces[Math.floor(rnd() * spaces.length)];
        if (atCursor || rnd() < 0.7) {
          const w = `n${fresh++}`;
          const insert = rnd() < 0.2 ? ` ${w}.\n\n${w}x` : ` ${w}`;
          // Inserted before the read position: already read past, so never said.
          if (at < src.position) for (const x of words(insert)) skipped.add(x);
          doc.text = doc.text.slice(0, at) + insert + doc.text.slice(at);
          src.applyEdit([{ rangeOffset: at, rangeLength: 0, textLength: insert.length }]);
          log.push(`+${at}:${JSON.stringify(insert)}`);
        } else {
          // Delete the word after the space (and the space).
          const m = /^ [\w]+/.exec(doc.text.slice(at));
          if (!m || /[*`[\]]/.test(m[0])) return;
          // Deleted behind the read position: it was read already, and is no longer in the document.
          if (at < src.position) for (const x of words(m[0])) removed.add(x);
          doc.text = doc.text.slice(0, at) + doc.text.slice(at + m[0].length);
          src.applyEdit([{ rangeOffset: at, rangeLength: m[0].length, textLength: 0 }]);
          log.push(`-${at}:${m[0].length}`);
        }
        doc.version++;
      };
      const chunks = readAll(src, edit);
      const said = words(chunks.map((c) => c.text).join(' ')).filter((w) => /^[wn]\d+x?$/.test(w));
      const ctx = `seed ${seed}, edits ${log.join(' ')}, final ${JSON.stringify(doc.text)}`;
      assert.equal(new Set(said).size, said.length, `no word read twice: ${said.join(' ')}; ${ctx}`);
      const expected = words(prepareText(doc.text, opts).spoken).filter((w) => /^[wn]\d+x?$/.test(w) && !skipped.has(w));
      const saidSet = new Set(said);
      const missing = expected.filter((w) => !saidSet.has(w));
      assert.deepEqual(missing, [], `every word still in the document was read; ${ctx}`);
      const order = said.filter((w) => !removed.has(w));
      assert.deepEqual(order, expected, `in document order; ${ctx}`);
    }
  });
});

describe('DocumentSource: the cost question', () => {
  it('counts the parts a reading hands out, with the same texts, without splitting their words', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const text = makeDoc(seed, seed % 2 === 0);
      const opts: PrepareOptions = { languageId: seed % 2 === 0 ? 'markdown' : 'plaintext', codeBlocks: 'announce' };
      const snapshot = () => ({ version: 1, closed: false, getText: () => text });
      const estimate = await new DocumentSource(snapshot, [{ start: 0, end: Infinity }], 0, opts).estimate();
      const reading = new DocumentSource(snapshot, [{ start: 0, end: Infinity }], 0, opts);
      const read: SourceChunk[] = [];
      for (let c = reading.next(); c; c = reading.next()) read.push(c);
      assert.deepEqual(estimate.chunks.map((c) => c.text), read.map((c) => c.text), `seed ${seed}`);
      assert.equal(estimate.tasks, read.length);
      assert.ok(estimate.chunks.every((c) => c.words === undefined), `seed ${seed}: the estimate splits no words`);
      assert.ok(read.every((c) => c.words && c.words.length > 0), `seed ${seed}: every part read has its words`);
    }
  });
});
