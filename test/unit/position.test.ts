// Offsets through edits, checked against a model that really edits a document: the document is a row of
// character cells with markers (a range's start and end, the read position) sitting in the gaps between
// them; an edit deletes cells and inserts new ones, each marker is placed by the rules below, and the
// offsets are read back by counting cells. shiftAll and shiftRange must agree with it on random documents
// and random edit events.
//
// The rules, stated on the model. A change replaces the cells [o, o + L) by T new cells.
// - A marker before o or after o + L keeps its neighbouring cells.
// - Insertion (L = 0) at the marker's gap: a range's start and end go after the new text (a line inserted
//   above a sentence goes before it; a word added at its end joins it); the read position goes before it
//   (text typed there is still to be read).
// - Replacement (L > 0): a marker at o goes before the new text (a replacement starting exactly at a
//   range's end does not belong to the range); a marker at o + L goes after it (a replacement ending
//   exactly at a range's start does not touch it); a marker strictly inside goes before the new text for
//   a start or the read position, after it for an end (a range around an edited word keeps covering the
//   new word; pasted text over the read position is read).
// - A range is touched exactly when its text changed: the cells between its start and end differ. Text
//   inserted strictly inside a range or at its end always changes it (checked on the model too); text
//   inserted at an empty range's place goes before it (its start's rule), leaving it empty and untouched.
//
// SHIFT_SEED=n runs the random part with another seed; SHIFT_EDITS=n with another number of edits.
import * as assert from 'node:assert/strict';
import { shiftAll, shiftRange, type OffsetChange, type Side } from '../../src/highlight/position';
import { prng } from '../fixtures/prng';

interface Marker {
  side: Side;
  /** Which range (or -1 for the read position). */
  owner: number;
}
interface Cell {
  /** Identity only: a cell is the same character when it is the same object. */
  cell: true;
}
type Item = Cell | Marker;

interface Case {
  docLength: number;
  ranges: { start: number; end: number }[];
  cursor: number;
  changes: OffsetChange[];
}

interface Outcome {
  ranges: { start: number; end: number; touched: boolean }[];
  cursor: number;
}

const isCell = (x: Item): x is Cell => 'cell' in x;

/** The model: builds the document with its markers, applies the changes all at once, counts cells. */
function model(k: Case): Outcome {
  const cells: Cell[] = Array.from({ length: k.docLength }, () => ({ cell: true }));
  // gaps[g]: the markers between cell g - 1 and cell g.
  const gaps: Marker[][] = Array.from({ length: k.docLength + 1 }, () => []);
  k.ranges.forEach((r, i) => {
    gaps[r.start].push({ side: 'start', owner: i });
    gaps[r.end].push({ side: 'end', owner: i });
  });
  gaps[k.cursor].push({ side: 'cursor', owner: -1 });

  // A replacement's new text, with the markers from inside its old text before and after it; emitted
  // where the replaced cells began.
  const slots = new Map<OffsetChange, { before: Marker[]; after: Marker[] }>();
  const replacements = k.changes.filter((c) => c.rangeLength > 0);
  for (const c of replacements) slots.set(c, { before: [], after: [] });
  const newText = (n: number): Cell[] => Array.from({ length: n }, () => ({ cell: true }));

  const out: (Item | { slot: OffsetChange })[] = [];
  for (let g = 0; g <= k.docLength; g++) {
    const inside = replacements.find((c) => c.rangeOffset < g && g < c.rangeOffset + c.rangeLength);
    if (inside) {
      const slot = slots.get(inside)!;
      for (const m of gaps[g]) (m.side === 'end' ? slot.after : slot.before).push(m);
    } else {
      // A replacement ending here has its new text already out (before these markers); one starting here
      // comes after them. Inserted text: the read position before it, a range's start and end after it.
      const inserted = k.changes.filter((c) => c.rangeLength === 0 && c.rangeOffset === g);
      out.push(...gaps[g].filter((m) => m.side === 'cursor'));
      for (const c of inserted) out.push(...newText(c.textLength));
      out.push(...gaps[g].filter((m) => m.side !== 'cursor'));
    }
    const starting = replacements.find((c) => c.rangeOffset === g);
    if (starting) out.push({ slot: starting });
    const deleted = replacements.some((c) => c.rangeOffset <= g && g < c.rangeOffset + c.rangeLength);
    if (g < k.docLength && !deleted) out.push(cells[g]);
  }
  const doc: Item[] = out.flatMap((x) => {
    if (!('slot' in x)) return [x];
    const slot = slots.get(x.slot)!;
    return [...slot.before, ...newText(x.slot.textLength), ...slot.after];
  });

  // Read the offsets back by counting cells.
  const at = new Map<Marker, number>();
  let n = 0;
  const after: Cell[] = [];
  for (const x of doc) {
    if (isCell(x)) {
      after.push(x);
      n++;
    } else {
      at.set(x, n);
    }
  }
  const offsetOf = (side: Side, owner: number): number => {
    for (const [m, o] of at) if (m.side === side && m.owner === owner) return o;
    throw new Error(`marker ${side} ${owner} lost`);
  };
  return {
    cursor: offsetOf('cursor', -1),
    ranges: k.ranges.map((r, i) => {
      const start = offsetOf('start', i);
      const end = offsetOf('end', i);
      const was = cells.slice(r.start, r.end);
      const now = after.slice(start, end);
      const touched = was.length !== now.length || was.some((c, j) => c !== now[j]);
      const insertedIn = k.changes.some((c) => c.rangeLength === 0 && c.textLength > 0 && r.start < c.rangeOffset && c.rangeOffset <= r.end);
      if (insertedIn && !touched) throw new Error(`model: text inserted in range ${i} left it unchanged`);
      return { start, end, touched };
    }),
  };
}

/** The code under test on the same case: shiftRange for each range, shiftAll for each marker alone. */
function actual(k: Case): { viaRange: Outcome; viaAll: Outcome } {
  const viaRange = k.ranges.map((r) => {
    const copy = { ...r };
    const touched = shiftRange(copy, k.changes);
    return { start: copy.start, end: copy.end, touched };
  });
  const cursor = shiftAll(k.cursor, k.changes, 'cursor');
  return {
    viaRange: { ranges: viaRange, cursor },
    viaAll: {
      cursor,
      ranges: k.ranges.map((r, i) => ({
        start: shiftAll(r.start, k.changes, 'start'),
        end: shiftAll(r.end, k.changes, 'end'),
        touched: viaRange[i].touched,
      })),
    },
  };
}

/** What disagrees with the model, as short labels ('' when nothing). */
function mismatches(k: Case): string[] {
  const want = model(k);
  const got = actual(k);
  const out: string[] = [];
  if (got.viaAll.cursor !== want.cursor) out.push('cursor');
  want.ranges.forEach((w, i) => {
    const a = got.viaAll.ranges[i];
    const r = got.viaRange.ranges[i];
    if (a.start !== w.start) out.push('start');
    if (a.end !== w.end) out.push('end');
    if (r.start !== w.start || r.end !== w.end) out.push('shiftRange');
    if (r.touched !== w.touched) out.push('touched');
  });
  return [...new Set(out)];
}

// ---- random cases ----

function randomCase(rnd: () => number): Case {
  const int = (n: number): number => Math.floor(rnd() * n); // 0 … n-1
  const docLength = int(24);
  const point = (): number => int(docLength + 1);
  const ranges = Array.from({ length: 1 + int(3) }, () => {
    const a = point();
    const b = rnd() < 0.15 ? a : point();
    return { start: Math.min(a, b), end: Math.max(a, b) };
  });
  const cursor = point();
  // Edits land on the boundaries often: exactly at a range's start or end, or at the read position.
  const boundaries = [cursor, ...ranges.flatMap((r) => [r.start, r.end])];
  const near = (): number => {
    const p = rnd() < 0.6 ? boundaries[int(boundaries.length)] : point();
    return Math.min(docLength, Math.max(0, p + (rnd() < 0.2 ? int(3) - 1 : 0)));
  };
  const text = (): number => 1 + int(rnd() < 0.7 ? 3 : 12);
  const changes: OffsetChange[] = [];
  const wanted = 1 + int(4);
  for (let tries = 0; changes.length < wanted && tries < 20; tries++) {
    const a = near();
    const kind = rnd();
    let c: OffsetChange;
    if (kind < 0.35) c = { rangeOffset: a, rangeLength: 0, textLength: rnd() < 0.03 ? 0 : text() };
    else {
      const b = near();
      if (a === b) continue;
      const [lo, hi] = a < b ? [a, b] : [b, a];
      c = { rangeOffset: lo, rangeLength: hi - lo, textLength: kind < 0.6 ? 0 : text() };
    }
    if (changes.every((d) => !overlaps(c, d))) changes.push(c);
  }
  // The order of the changes in an event is not something to rely on.
  for (let i = changes.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [changes[i], changes[j]] = [changes[j], changes[i]];
  }
  return { docLength, ranges, cursor, changes };
}

/** Whether two changes of one event overlap (touching is allowed, so is inserting twice at one place). */
function overlaps(c: OffsetChange, d: OffsetChange): boolean {
  const [cs, ce, ds, de] = [c.rangeOffset, c.rangeOffset + c.rangeLength, d.rangeOffset, d.rangeOffset + d.rangeLength];
  if (c.rangeLength === 0) return ds < cs && cs < de;
  if (d.rangeLength === 0) return cs < ds && ds < ce;
  return cs < de && ds < ce;
}

function valid(k: Case): boolean {
  return k.changes.every((c, i) => c.rangeOffset + c.rangeLength <= k.docLength
    && k.changes.every((d, j) => i === j || !overlaps(c, d)));
}

/**
 * Smaller versions of a failing case: fewer ranges, fewer changes, shorter texts and replaced spans, no
 * document past the last offset used.
 */
function* smaller(k: Case): Generator<Case> {
  const used = Math.max(k.cursor, ...k.ranges.map((r) => r.end), ...k.changes.map((c) => c.rangeOffset + c.rangeLength));
  if (used < k.docLength) yield { ...k, docLength: used };
  for (let i = 0; i < k.ranges.length && k.ranges.length > 1; i++) {
    yield { ...k, ranges: k.ranges.filter((_, j) => j !== i) };
  }
  for (let i = 0; i < k.changes.length && k.changes.length > 1; i++) {
    yield { ...k, changes: k.changes.filter((_, j) => j !== i) };
  }
  const withChange = (i: number, c: OffsetChange): Case => ({ ...k, changes: k.changes.map((d, j) => (j === i ? c : d)) });
  for (let i = 0; i < k.changes.length; i++) {
    const c = k.changes[i];
    if (c.textLength > 1) yield withChange(i, { ...c, textLength: 1 });
    if (c.textLength > 0) yield withChange(i, { ...c, textLength: c.textLength - 1 });
    if (c.rangeLength > 1) yield withChange(i, { ...c, rangeLength: c.rangeLength - 1 });
    if (c.rangeLength > 1) yield withChange(i, { ...c, rangeOffset: c.rangeOffset + 1, rangeLength: c.rangeLength - 1 });
  }
}

function size(k: Case): number {
  return k.docLength + k.ranges.length + k.changes.reduce((s, c) => s + 1 + c.rangeLength + c.textLength, 0);
}

/** The smallest case reachable from `k` by smaller() that still fails the same way. */
function shrink(k: Case, kind: string): Case {
  let best = k;
  for (let improved = true; improved;) {
    improved = false;
    for (const s of smaller(best)) {
      if (valid(s) && size(s) < size(best) && mismatches(s).includes(kind)) {
        best = s;
        improved = true;
        break;
      }
    }
  }
  return best;
}

describe('offsets through edits (shiftAll, shiftRange) against a model of the document', () => {
  it('agrees with the model on edits at the boundaries', () => {
    // Hand-picked cases, each checked against the model and against the expected numbers.
    const k = (changes: OffsetChange[], range = { start: 10, end: 20 }, cursor = 15): Case => ({ docLength: 30, ranges: [range], cursor, changes });
    const expect = (c: Case, range: { start: number; end: number; touched: boolean }, cursor: number, why: string): void => {
      assert.deepEqual(model(c), { ranges: [range], cursor }, `model: ${why}`);
      assert.deepEqual(mismatches(c), [], why);
    };
    expect(k([{ rangeOffset: 10, rangeLength: 0, textLength: 3 }]), { start: 13, end: 23, touched: false }, 18, 'a line inserted above goes before the range');
    expect(k([{ rangeOffset: 20, rangeLength: 0, textLength: 3 }]), { start: 10, end: 23, touched: true }, 15, 'a word added at the end joins the range');
    expect(k([{ rangeOffset: 15, rangeLength: 0, textLength: 3 }]), { start: 10, end: 23, touched: true }, 15, 'text typed at the read position is still to be read');
    expect(k([{ rangeOffset: 20, rangeLength: 4, textLength: 2 }]), { start: 10, end: 20, touched: false }, 15, 'a replacement starting at the range end does not belong to it');
    expect(k([{ rangeOffset: 6, rangeLength: 4, textLength: 7 }]), { start: 13, end: 23, touched: false }, 18, 'a replacement ending at the range start does not touch it');
    expect(k([{ rangeOffset: 12, rangeLength: 6, textLength: 9 }]), { start: 10, end: 23, touched: true }, 12, 'pasted over the read position: the read position goes before the new text');
    expect(k([{ rangeOffset: 5, rangeLength: 10, textLength: 2 }]), { start: 5, end: 12, touched: true }, 7, 'a replacement ending at the read position is behind it');
    expect(k([{ rangeOffset: 15, rangeLength: 3, textLength: 2 }]), { start: 10, end: 19, touched: true }, 15, 'a replacement starting at the read position is still to be read');
    expect(k([{ rangeOffset: 12, rangeLength: 0, textLength: 0 }]), { start: 10, end: 20, touched: false }, 15, 'inserting nothing changes nothing');
    expect(k([{ rangeOffset: 10, rangeLength: 0, textLength: 2 }], { start: 10, end: 10 }), { start: 12, end: 12, touched: false }, 17, 'an empty range stays empty, after text inserted at it');
    // Changes of one event touching each other, in either order.
    const adjacent = [{ rangeOffset: 20, rangeLength: 0, textLength: 1 }, { rangeOffset: 20, rangeLength: 3, textLength: 5 }, { rangeOffset: 17, rangeLength: 3, textLength: 0 }];
    expect(k(adjacent), { start: 10, end: 18, touched: true }, 15, 'insertion and replacements meeting at the range end');
    expect(k([...adjacent].reverse()), { start: 10, end: 18, touched: true }, 15, 'the same changes listed the other way round');
  });

  it('agrees with the model on random documents, ranges, read positions and edit events', function () {
    this.timeout(60_000);
    const seed = Number(process.env.SHIFT_SEED ?? 20_240_613);
    const edits = Number(process.env.SHIFT_EDITS ?? 100_000);
    const rnd = prng(seed);
    let failed = 0;
    const kinds = new Map<string, number>();
    // The smallest failing case for each kind of disagreement (shrunk), so each bug shows on its own.
    const smallest = new Map<string, Case>();
    for (let i = 0; i < edits; i++) {
      const k = randomCase(rnd);
      const wrong = mismatches(k);
      if (wrong.length === 0) continue;
      failed++;
      for (const w of wrong) {
        kinds.set(w, (kinds.get(w) ?? 0) + 1);
        const best = smallest.get(w);
        if (best && size(k) >= size(best) + 4) continue;
        const s = shrink(k, w);
        if (!best || size(s) < size(best)) smallest.set(w, s);
      }
    }
    if (failed > 0) {
      const lines = [
        `${failed} of ${edits} random edits disagree with the model (seed ${seed}; SHIFT_SEED=${seed} to repeat)`,
        `by what disagrees: ${[...kinds].map(([w, n]) => `${w} ${n}`).join(', ')}`,
      ];
      for (const [w, k] of smallest) {
        const got = actual(k);
        lines.push(
          `smallest case where ${w} disagrees: ${JSON.stringify(k)}`,
          `  model:      ${JSON.stringify(model(k))}`,
          `  shiftAll:   ${JSON.stringify(got.viaAll)}`,
          `  shiftRange: ${JSON.stringify(got.viaRange)}`,
        );
      }
      assert.fail(lines.join('\n'));
    }
  });
});
