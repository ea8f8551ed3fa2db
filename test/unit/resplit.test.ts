// A part Evolink refuses as too long after all (its count differs from ours) is cut once and sent again in
// pieces; the pieces' audio is joined into the part's clip. Against the simulator with a lower limit than the
// client's budget, and with a refusal as a failed task.
import * as assert from 'node:assert/strict';
import { EvolinkClient } from '../../src/api/client';
import { ApiError, saysTooLong } from '../../src/api/errors';
import { parseWav } from '../../src/audio/wav';
import { billingLength } from '../../src/speech/billing';
import { chunkPrepared } from '../../src/speech/chunker';
import { listSource, ReadingPipeline, type Clip, type ClipSink } from '../../src/speech/pipeline';
import { splitForResend } from '../../src/speech/resplit';
import { activeWork } from '../../src/speech/work';
import type { SpeechState } from '../../src/speech/state';
import { prepareText } from '../../src/speech/textPrep';
import { startSimulator, type Simulator } from '../simulator/server';
import { prng } from '../fixtures/prng';

const SCALE = 0.01;

describe('resending a part refused as too long', () => {
  it('recognises a refusal for length by code or message, about the prompt only', () => {
    const e = (o: Partial<ConstructorParameters<typeof ApiError>[0]>) => new ApiError({ kind: 'badRequest', message: 'x', ...o });
    assert.ok(saysTooLong(e({ code: 'prompt_too_long', param: 'prompt' })));
    assert.ok(saysTooLong(e({ message: 'Input length exceeds the maximum of 600 characters' })));
    assert.ok(saysTooLong(e({ kind: 'taskFailed', code: 'InvalidParameter', message: 'Range of input length should be [0, 600]: text too long' })));
    assert.ok(saysTooLong(e({ message: '输入文本过长' })));
    assert.ok(!saysTooLong(e({ code: 'prompt_too_long', param: 'voice' })), 'about another parameter');
    assert.ok(!saysTooLong(e({ code: 'invalid_parameter', message: 'voice not found' })));
    assert.ok(!saysTooLong(e({ kind: 'server', code: 'prompt_too_long' })), 'a server error is not a refusal');
  });

  it('cuts into pieces that cover the text, near the middle, at a sentence boundary when there is one', () => {
    const rand = prng(20261130);
    const words = ['proof', 'reading', 'by', 'ear', 'is', 'slow,', 'but', 'it', 'finds', 'what', 'eyes', 'miss;', '校对', '靠耳朵'];
    for (let n = 0; n < 300; n++) {
      const sentences: string[] = [];
      const count = 1 + Math.floor(rand() * 5);
      for (let i = 0; i < count; i++) {
        const len = 3 + Math.floor(rand() * 30);
        sentences.push(Array.from({ length: len }, () => words[Math.floor(rand() * words.length)]).join(' ') + '.');
      }
      const text = sentences.join(' ');
      const spans: { textStart: number; textEnd: number }[] = [];
      let at = 0;
      for (const s of sentences) {
        spans.push({ textStart: at, textEnd: at + s.length });
        at += s.length + 1;
      }
      const pieces = splitForResend(text, spans);
      assert.ok(pieces && pieces.length >= 2, text);
      // Together the pieces are the text without its spaces at the cuts: nothing lost, nothing twice.
      assert.equal(pieces.map(([a, b]) => text.slice(a, b)).join('').replace(/\s/g, ''), text.replace(/\s/g, ''));
      for (let i = 1; i < pieces.length; i++) assert.ok(pieces[i][0] >= pieces[i - 1][1]);
      const total = billingLength(text, 0, text.length);
      for (const [a, b] of pieces) assert.ok(billingLength(text, a, b) < total, 'each piece is shorter than the part');
      if (pieces.length === 2 && count > 1) {
        const cutAt = pieces[1][0];
        const atSentence = spans.some((s) => s.textStart === cutAt);
        const share = billingLength(text, 0, pieces[0][1]) / total;
        if (atSentence) assert.ok(share > 0.2 && share < 0.8, `near the middle: ${share}`);
      }
    }
    assert.equal(splitForResend('x', [{ textStart: 0, textEnd: 1 }]), undefined, 'one character cannot be cut');
  });

  describe('against the simulator', () => {
    let sim: Simulator;
    let voice: string;
    afterEach(async () => {
      assert.equal(activeWork(), 0, 'nothing left running');
      await sim?.close();
    });

    const read = async (text: string): Promise<{ played: Clip[]; states: SpeechState[]; prompts: string[] }> => {
      const client = new EvolinkClient({ baseUrl: sim.baseUrl, getApiKey: async () => sim.keys[0], timeScale: SCALE });
      const chunks = chunkPrepared(prepareText(text, { languageId: 'plaintext', codeBlocks: 'announce' }), { ramp: false });
      assert.equal(chunks.length, 1, 'one part within the client\'s budget');
      const played: Clip[] = [];
      const sink: ClipSink = { play: async (c) => { played.push(c); } };
      const states: SpeechState[] = [];
      const p = new ReadingPipeline({ client, sink, onState: (s) => states.push(s), timeScale: SCALE }, { voice, languageType: 'English', maxParallel: 2 });
      await p.run(listSource(chunks), new AbortController().signal);
      const prompts = sim.requests.filter((r) => r.method === 'POST' && r.status === 200).map((r) => String((r.body as { prompt?: string }).prompt));
      return { played, states, prompts };
    };

    const TEXT = 'Proofreading by ear finds what the eyes skip over. ' + 'Every sentence here is short enough on its own, and the part as a whole fits our budget. '.repeat(3)
      + 'The service counts differently and refuses it.';

    it('a 400 on create: the part is sent again in two pieces, its clip is both pieces, and no message', async function () {
      this.timeout(40_000);
      sim = await startSimulator({ timeScale: SCALE, maxPromptBilling: 250 });
      voice = sim.designVoice({ preferredName: 'reader' });
      const { played, states, prompts } = await read(TEXT);
      assert.equal(states.at(-1)?.kind, 'done', JSON.stringify(states.at(-1)));
      assert.ok(prompts.length >= 2, `pieces sent: ${prompts.length}`);
      assert.equal(prompts.join(' ').replace(/\s+/g, ' '), TEXT.replace(/\s+/g, ' '), 'the pieces are the part, in order, once');
      const refused = sim.requests.filter((r) => r.method === 'POST' && r.status === 400);
      assert.equal(refused.length, 1, 'refused once, then never sent whole again');
      assert.equal(played.length, 1);
      const pieces = sim.tasks().filter((t) => t.model === 'qwen3-tts-vd');
      let expected = 0;
      for (const t of pieces) expected += parseWav(new Uint8Array(await (await fetch(t.audioUrl!)).arrayBuffer())).durationSec;
      assert.ok(Math.abs(played[0].audio.durationSec! - expected) < 0.01, `the clip is the pieces joined: ${played[0].audio.durationSec} vs ${expected}`);
      const keys = sim.requests.filter((r) => r.method === 'POST' && r.status === 200).map((r) => r.idempotencyKey);
      assert.equal(new Set(keys).size, keys.length, 'each piece has its own Idempotency-Key');
    });

    it('a failed task that says the text is too long: the same', async function () {
      this.timeout(40_000);
      sim = await startSimulator({ timeScale: SCALE });
      voice = sim.designVoice({ preferredName: 'reader' });
      sim.inject({ match: { prompt: TEXT }, task: { outcome: 'fail', code: 'InvalidParameter', message: 'Range of input length should be [0, 300]' } });
      const { played, states, prompts } = await read(TEXT);
      assert.equal(states.at(-1)?.kind, 'done', JSON.stringify(states.at(-1)));
      assert.equal(played.length, 1);
      assert.equal(prompts[0], TEXT, 'sent whole first');
      assert.equal(prompts.slice(1).join(' ').replace(/\s+/g, ' '), TEXT.replace(/\s+/g, ' '));
    });
  });
});
