// The Read Aloud panel's view and the focus aid, in plain Node: one state line for the panel and the status
// item's accessible label, the section heading from the document's outline (seeded generated documents), the
// progress and time-left estimate, and which text the focus aid dims.
import * as assert from 'node:assert/strict';
import { dimmedRanges, paragraphAround } from '../../src/highlight/focusRange';
import { buildPanelView, DEFAULT_SECONDS_PER_CHAR, type PanelInputs } from '../../src/player/panelView';
import { parseFromWebview } from '../../src/shared/protocol';
import { formatTimeLeft } from '../../src/shared/timeLeft';
import { headingAt, outlineOf } from '../../src/speech/outline';
import type { SpeechState } from '../../src/speech/state';
import { accessibleLabel, phaseOf, STATUS_TABLE, statusLine } from '../../src/statusBar/table';
import { docSeed, generateDocument, spelledOf } from '../fixtures/docgen';
import { EVERY_STATE } from '../fixtures/speechStates';


const base = (state: SpeechState, over: Partial<PanelInputs> = {}): PanelInputs => ({
  state, followYielded: false, voice: 'qwen-tts-vd-narrator', rate: 1, minRate: 0.5, maxRate: 3, editor: 'notes.md', ...over,
});

describe('panel: one state for the panel and the status bar', () => {
  it('every speech state has a phase, a line and an accessible label that says what is happening', () => {
    assert.equal(EVERY_STATE.length, Object.keys(STATUS_TABLE).length, 'every state kind is listed');
    const lines = EVERY_STATE.map((s) => [s.kind, phaseOf(s), statusLine(s), accessibleLabel(s)]);
    assert.deepEqual(lines.map(([, phase]) => phase), [
      'idle', 'preparing', 'preparing', 'preparing', 'preparing', 'waitingForClick', 'playing', 'paused', 'done', 'failed', 'stopped',
    ]);
    assert.equal(statusLine(EVERY_STATE[1]), 'Preparing part 1 of 4…');
    assert.equal(statusLine(EVERY_STATE[4]), 'Preparing the speech…');
    assert.equal(statusLine(EVERY_STATE[6]), 'Playing part 2 of 4.');
    assert.equal(statusLine(EVERY_STATE[7]), 'Paused at part 2 of 4.');
    assert.equal(statusLine(EVERY_STATE[8]), 'Done: read 4 parts.');
    assert.equal(statusLine(EVERY_STATE[9]), 'Failed at part 3 of 4: Evolink refused the voice.');
    for (const [kind, , line, label] of lines) {
      assert.ok(label.startsWith(`Evolink TTS: ${line}`), `${kind}: ${label}`);
      assert.doesNotMatch(label, /Evolink TTS: Evolink TTS/, `${kind}: the name is said once`);
    }
    assert.match(accessibleLabel(EVERY_STATE[6]), /Click to stop\.$/);
    assert.match(accessibleLabel(EVERY_STATE[7]), /Click to resume\.$/);
  });

  it('the panel shows the same line as the status label, and nothing of a reading that is over', () => {
    const reading = { text: '# A\n\nOne. Two.', headings: [{ start: 0, level: 1, title: 'A' }], sentence: { start: 5, end: 9 }, from: 0, end: 14 };
    for (const s of EVERY_STATE) {
      const v = buildPanelView(base(s, { reading }));
      assert.equal(v.status, statusLine(s), s.kind);
      const over = ['idle', 'done', 'failed', 'cancelled'].includes(s.kind);
      assert.equal(v.sentence === undefined, over || s.kind === 'submitting' ? over : false, `${s.kind}: sentence ${v.sentence}`);
      assert.equal(v.progress === undefined, over, `${s.kind}: progress`);
    }
  });
});

describe('panel: the move and Continue Reading buttons', () => {
  const markdown = { text: '# A\n\nOne. Two.\n\n## B\n\nThree.', headings: outlineOf('# A\n\nOne. Two.\n\n## B\n\nThree.', true).headings, sentence: { start: 5, end: 9 }, from: 0, end: 30 };
  const plain = { text: 'One. Two.\n\nThree.', headings: outlineOf('One. Two.\n\nThree.', false).headings, sentence: { start: 0, end: 4 }, from: 0, end: 17 };

  it('offers heading moves while reading a document with headings, and paragraph moves only elsewhere', () => {
    for (const s of EVERY_STATE) {
      const reading = !['idle', 'done', 'failed', 'cancelled'].includes(s.kind);
      assert.equal(buildPanelView(base(s, { reading: markdown })).headingMoves, reading ? true : undefined, s.kind);
      assert.equal(buildPanelView(base(s, { reading: plain })).headingMoves, reading ? false : undefined, s.kind);
    }
  });

  it('offers Continue Reading when idle and the active document has a remembered position, never while reading', () => {
    for (const s of EVERY_STATE) {
      const idle = ['idle', 'done', 'failed', 'cancelled'].includes(s.kind);
      assert.equal(buildPanelView(base(s, { canContinue: true, reading: idle ? undefined : markdown })).canContinue, idle ? true : undefined, s.kind);
      assert.equal(buildPanelView(base(s, { canContinue: false })).canContinue, idle ? false : undefined, s.kind);
    }
    assert.equal(buildPanelView(base({ kind: 'idle' }, { canContinue: true, editor: undefined })).canContinue, false, 'no editor, nothing to continue');
  });

  it('the page may ask for each move and for Continue Reading, and nothing else', () => {
    for (const command of ['previousParagraph', 'nextParagraph', 'previousHeading', 'nextHeading', 'continueReading']) {
      assert.deepEqual(parseFromWebview({ type: 'command', command }), { type: 'command', command });
    }
    assert.equal(parseFromWebview({ type: 'command', command: 'forgetReadingPositions' }), undefined);
  });
});

describe('panel: sentence, section, progress and time left', () => {
  const text = '# Intro\n\nFirst sentence here. Second one.\n\n## Details\n\nA third sentence, longer than the others.\n';
  const headings = outlineOf(text, true).headings;

  it('finds the headings with their offsets and the section of a sentence', () => {
    assert.deepEqual(headings.map((h) => [h.start, h.level, h.title]), [[0, 1, 'Intro'], [43, 2, 'Details']]);
    const third = text.indexOf('A third');
    const v = buildPanelView(base({ kind: 'playing', chunk: 2, total: 2 }, {
      reading: { text, headings, sentence: { start: third, end: text.length - 1 }, from: 0, end: text.length },
    }));
    assert.equal(v.sentence, 'A third sentence, longer than the others.');
    assert.equal(v.heading, 'Details');
    assert.equal(v.progress?.fraction, third / text.length);
    assert.deepEqual(v.progress?.ticks.map((t) => t.title), ['Intro', 'Details']);
    assert.equal(v.progress?.ticks[1].at, 43 / text.length);
  });

  it('estimates the time left from the run\'s own pace, divided by the speed', () => {
    const reading = { text: 'x'.repeat(10_000), headings: [], sentence: { start: 1000, end: 1100 }, from: 0, end: 10_000 };
    const fallback = buildPanelView(base({ kind: 'playing', chunk: 1, total: 9 }, { reading }));
    assert.equal(fallback.secondsLeft, Math.round(9000 * DEFAULT_SECONDS_PER_CHAR));
    assert.match(fallback.estimate ?? '', /15 characters a second/);
    const measured = buildPanelView(base({ kind: 'playing', chunk: 1, total: 9 }, { reading: { ...reading, secondsPerChar: 0.1 }, rate: 2 }));
    assert.equal(measured.secondsLeft, 450);
    assert.match(measured.estimate ?? '', /pace of the audio heard so far, at 2×/);
    assert.equal(formatTimeLeft(450), 'about 8 min left');
    assert.equal(formatTimeLeft(20), 'under a minute left');
    assert.equal(formatTimeLeft(3 * 3600 + 600), 'about 3 h 10 min left');
  });

  it('in generated Markdown documents, every heading word lies in the section of the heading that holds it', () => {
    let checked = 0;
    for (let i = 0; i < 40; i++) {
      const doc = generateDocument(docSeed(7100, i), 'markdown');
      const hs = outlineOf(doc.source, true).headings;
      for (let k = 1; k < hs.length; k++) assert.ok(hs[k].start > hs[k - 1].start, `seed ${doc.seed}: headings in order`);
      for (const w of doc.words.filter((x) => x.tags.includes('heading'))) {
        const h = headingAt(hs, w.start);
        assert.ok(h, `seed ${doc.seed}: a heading holds "${w.word}" at ${w.start}`);
        assert.ok(h.title.includes(spelledOf(w)), `seed ${doc.seed}: "${h.title}" holds "${spelledOf(w)}"`);
        checked++;
      }
    }
    assert.ok(checked > 20, `checked ${checked} heading words`);
  });
});

describe('focus aid: the dimmed ranges', () => {
  const text = 'Para one, first. Para one, second.\n\nPara two only.\n  \t\nPara three.';
  const s = text.indexOf('Para one, second.');
  const p2 = text.indexOf('Para two');

  it('off dims nothing; sentence dims all but the sentence; paragraph all but its paragraph', () => {
    assert.deepEqual(dimmedRanges(text, s, s + 17, 'off'), []);
    assert.deepEqual(dimmedRanges(text, s, s + 17, 'sentence'), [{ start: 0, end: s }, { start: s + 17, end: text.length }]);
    assert.deepEqual(dimmedRanges(text, s, s + 17, 'paragraph'), [{ start: text.indexOf('\n\n'), end: text.length }]);
    assert.deepEqual(paragraphAround(text, p2 + 5, p2 + 9), { start: p2, end: p2 + 'Para two only.'.length });
    const p3 = text.indexOf('Para three');
    assert.deepEqual(dimmedRanges(text, p3, text.length, 'paragraph'), [{ start: 0, end: p3 }]);
  });

  it('the kept range always holds the sentence, in generated documents', () => {
    for (let i = 0; i < 30; i++) {
      const doc = generateDocument(docSeed(7200, i), i % 2 ? 'markdown' : 'plaintext');
      for (const w of doc.words.filter((_, k) => k % 7 === 0)) {
        const p = paragraphAround(doc.source, w.start, w.end);
        assert.ok(p.start <= w.start && p.end >= w.end, `seed ${doc.seed}: paragraph ${p.start}-${p.end} holds ${w.start}-${w.end}`);
        assert.doesNotMatch(doc.source.slice(p.start, p.end), /\n[ \t]*\n/, `seed ${doc.seed}: no blank line inside a paragraph`);
      }
    }
  });
});

describe('panel: the speed slider\'s message', () => {
  it('is taken only with a finite number; the idle buttons\' commands are taken', () => {
    assert.deepEqual(parseFromWebview({ type: 'setRate', rate: 1.75 }), { type: 'setRate', rate: 1.75 });
    for (const rate of [NaN, Infinity, '2', null, undefined]) assert.equal(parseFromWebview({ type: 'setRate', rate }), undefined, String(rate));
    for (const command of ['speakDocument', 'speakFromCursor', 'selectVoice', 'backToReading']) {
      assert.deepEqual(parseFromWebview({ type: 'command', command }), { type: 'command', command });
    }
  });
});
