// The voice-design limits as input checks (docs/evolink-api.md §3), and the voice list in global state.
import * as assert from 'node:assert/strict';
import {
  VOICE_LIMITS, charCount, suggestLanguage, suggestName, validateDescription, validateDesignInput,
  validatePreferredName, validatePreviewText, validateVoiceName,
} from '../../src/voices/validation';
import { MAX_VOICES, VOICES_STATE_KEY, VoiceStore, type StateStore } from '../../src/voices/store';

describe('voice design validation', () => {
  it('description: required, at most 2048 characters (code points), Chinese or English only', () => {
    assert.match(validateDescription('   ') ?? '', /Describe the voice/);
    assert.equal(validateDescription('A calm narrator, low pitch, slow pace.'), undefined);
    assert.equal(validateDescription('一个温柔的女声，语速适中。'), undefined);
    assert.equal(validateDescription('a'.repeat(2048)), undefined);
    assert.match(validateDescription('a'.repeat(2049)) ?? '', /At most 2048 characters \(this is 2049\)/);
    // 2048 astral characters are 4096 UTF-16 units but 2048 characters.
    assert.equal(validateDescription('𠀀'.repeat(2048)), undefined);
    assert.match(validateDescription('落ち着いた声で話すナレーター') ?? '', /Chinese or English/);
    assert.match(validateDescription('Спокойный голос') ?? '', /Chinese or English/);
    assert.match(validateDescription('차분한 목소리') ?? '', /Chinese or English/);
  });

  it('preview text: 5 to 1024 characters', () => {
    assert.match(validatePreviewText('') ?? '', /Enter the sentence/);
    assert.match(validatePreviewText('Hi!') ?? '', /At least 5/);
    assert.equal(validatePreviewText('Hello there.'), undefined);
    assert.equal(validatePreviewText('x'.repeat(VOICE_LIMITS.previewMaxChars)), undefined);
    assert.match(validatePreviewText('x'.repeat(1025)) ?? '', /At most 1024 characters \(this is 1025\)/);
  });

  it('preferred name: 1 to 16 of [a-zA-Z0-9_]', () => {
    assert.equal(validatePreferredName('announcer'), undefined);
    assert.equal(validatePreferredName('A_b_9'), undefined);
    assert.equal(validatePreferredName('x'.repeat(16)), undefined);
    assert.match(validatePreferredName('x'.repeat(17)) ?? '', /At most 16/);
    assert.match(validatePreferredName('') ?? '', /Enter a short name/);
    for (const bad of ['my voice', 'my-voice', 'naïve', 'voz.1']) assert.match(validatePreferredName(bad) ?? '', /Only letters/, bad);
  });

  it('counts characters as code points', () => {
    assert.equal(charCount('𠀀a'), 2);
  });

  it('the argument form names every field that breaks a limit', () => {
    assert.deepEqual(validateDesignInput({
      description: 'A calm narrator', previewText: 'Good evening, listeners.', preferredName: 'calm', language: 'en',
      targetModel: 'qwen3-tts-vd-2026-01-26',
    }), []);
    const problems = validateDesignInput({
      description: '', previewText: 'x'.repeat(2000), preferredName: 'bad name', language: 'xx', targetModel: 'qwen3-tts-vd-realtime-2026-01-15',
    });
    assert.equal(problems.length, 5, problems.join('\n'));
    for (const f of ['description', 'previewText', 'preferredName', 'language', 'targetModel']) {
      assert.ok(problems.some((p) => p.startsWith(`${f}:`)), f);
    }
  });

  it('suggests the language from the preview text and a valid name from the description', () => {
    assert.equal(suggestLanguage('你好，欢迎收听。'), 'zh');
    assert.equal(suggestLanguage('こんにちは、ようこそ。'), 'ja');
    assert.equal(suggestLanguage('안녕하세요'), 'ko');
    assert.equal(suggestLanguage('Здравствуйте'), 'ru');
    assert.equal(suggestLanguage('Bonjour à tous'), 'en');
    const name = suggestName('A calm, warm female narrator for audiobooks and long articles');
    assert.equal(validatePreferredName(name), undefined);
    assert.equal(name, 'calm_warm_female');
    assert.equal(suggestName('一个温柔的女声'), '');
  });

  it('a hand-entered voice name has no spaces', () => {
    assert.equal(validateVoiceName('qwen-tts-vd-x-voice-1'), undefined);
    assert.ok(validateVoiceName(''));
    assert.ok(validateVoiceName('a b'));
  });
});

describe('voice list', () => {
  const memory = (): StateStore & { data: Map<string, unknown> } => {
    const data = new Map<string, unknown>();
    return {
      data,
      get: <T>(k: string) => data.get(k) as T | undefined,
      update: (k: string, v: unknown) => { data.set(k, structuredClone(v)); return Promise.resolve(); },
    };
  };

  it('adds newest first, replaces by name keeping known fields, patches and removes', async () => {
    const state = memory();
    const store = new VoiceStore(state);
    assert.deepEqual(store.list(), []);
    await store.add({ name: 'v1', created: '2026-04-01T00:00:00Z', origin: 'designed', description: 'first', previewFile: 'file:///p1.wav' });
    await store.add({ name: 'v2', created: '2026-04-02T00:00:00Z', origin: 'entered' });
    assert.deepEqual(store.list().map((v) => v.name), ['v2', 'v1']);
    await store.add({ name: 'v1', created: '2026-04-03T00:00:00Z', origin: 'designed' });
    assert.deepEqual(store.list().map((v) => v.name), ['v1', 'v2']);
    assert.equal(store.get('v1')?.description, 'first');
    assert.equal(store.get('v1')?.created, '2026-04-03T00:00:00Z');
    assert.equal(await store.patch('v1', { previewFile: undefined }), true);
    assert.equal(store.get('v1')?.previewFile, undefined);
    assert.equal(await store.patch('nope', { description: 'x' }), false);
    assert.equal((await store.remove('v2'))?.name, 'v2');
    assert.equal(await store.remove('v2'), undefined);
    assert.deepEqual(store.list().map((v) => v.name), ['v1']);
  });

  it('ignores junk in the stored state and keeps at most MAX_VOICES', async () => {
    const state = memory();
    state.data.set(VOICES_STATE_KEY, [{ name: 'ok', created: 'x', origin: 'designed' }, { name: '' }, 42, null]);
    const store = new VoiceStore(state);
    assert.deepEqual(store.list().map((v) => v.name), ['ok']);
    for (let i = 0; i < MAX_VOICES + 5; i++) await store.add({ name: `v${i}`, created: 'x', origin: 'designed' });
    assert.equal(store.list().length, MAX_VOICES);
    assert.equal(store.list()[0].name, `v${MAX_VOICES + 4}`);
  });
});
