// Which voice reads a chunk: the language voice when the language is set or detected, otherwise the default.
import * as assert from 'node:assert/strict';
import { countScripts, detectLanguage } from '../../src/speech/languageDetect';
import { chooseVoice, voiceFor, type VoiceSettings } from '../../src/speech/voiceChoice';
import { normalizeVoicesByLanguage } from '../../src/settings';

describe('language detection from the script', () => {
  it('Han → Chinese, Kana → Japanese, Hangul → Korean, Cyrillic → Russian', () => {
    assert.equal(detectLanguage('今天天气很好，我们去公园吧。'), 'Chinese');
    assert.equal(detectLanguage('今日はいい天気ですね。'), 'Japanese'); // Han + Kana
    assert.equal(detectLanguage('カタカナだけ'), 'Japanese');
    assert.equal(detectLanguage('오늘 날씨가 좋네요.'), 'Korean');
    assert.equal(detectLanguage('Сегодня хорошая погода.'), 'Russian');
  });

  it('Latin, other scripts, no letters and ties are undetermined', () => {
    assert.equal(detectLanguage('The weather is nice today.'), undefined);
    assert.equal(detectLanguage('Il fait beau aujourd’hui.'), undefined);
    assert.equal(detectLanguage('Καλημέρα'), undefined);
    assert.equal(detectLanguage('1234 !?'), undefined);
    assert.equal(detectLanguage(''), undefined);
    assert.equal(detectLanguage('ab 中文'), undefined); // 2 Latin vs 2 Han
  });

  it('the script with the most letters wins in mixed text', () => {
    assert.equal(detectLanguage('我们使用 API 来读文本，非常方便。'), 'Chinese');
    assert.equal(detectLanguage('We call the 接口 from TypeScript every day.'), undefined);
    const n = countScripts('A中あ한Я');
    assert.deepEqual(n, { han: 1, kana: 1, hangul: 1, cyrillic: 1, latin: 1, other: 0 });
  });
});

describe('voiceFor', () => {
  const base: VoiceSettings = {
    voice: 'default-voice',
    languageType: 'Auto',
    voicesByLanguage: { Chinese: 'zh-voice', Japanese: 'ja-voice', English: 'en-voice' },
  };

  it('uses the detected language’s voice with languageType Auto', () => {
    assert.equal(voiceFor('今天天气很好。', base), 'zh-voice');
    assert.equal(voiceFor('今日はいい天気ですね。', base), 'ja-voice');
    assert.deepEqual(chooseVoice('今天天气很好。', base), { voice: 'zh-voice', language: 'Chinese', source: 'language', languageFrom: 'detected' });
  });

  it('falls back to the default when the language is undetermined or has no voice', () => {
    assert.equal(voiceFor('The weather is nice.', base), 'default-voice', 'Latin is not told apart, even with an English voice set');
    assert.equal(voiceFor('오늘 날씨가 좋네요.', base), 'default-voice');
    assert.deepEqual(chooseVoice('오늘', base), { voice: 'default-voice', source: 'default', language: 'Korean', languageFrom: 'detected' });
  });

  it('the languageType setting decides over detection', () => {
    const english = { ...base, languageType: 'English' as const };
    assert.equal(voiceFor('The weather is nice.', english), 'en-voice');
    assert.equal(voiceFor('今天天气很好。', english), 'en-voice');
    assert.equal(chooseVoice('x', english).languageFrom, 'setting');
    assert.equal(voiceFor('Guten Tag', { ...base, languageType: 'German' }), 'default-voice');
  });

  it('returns "" when nothing applies, so the caller can offer to design or select a voice', () => {
    assert.equal(voiceFor('Hello', { voice: '', languageType: 'Auto', voicesByLanguage: {} }), '');
    assert.equal(voiceFor('你好', { voice: '', languageType: 'Auto', voicesByLanguage: { Chinese: 'zh' } }), 'zh');
  });

  it('the setting keeps only known languages with voice names', () => {
    assert.deepEqual(
      normalizeVoicesByLanguage({ Chinese: ' zh ', Auto: 'x', Klingon: 'k', Japanese: '', Korean: 'a b', Russian: 5 }),
      { Chinese: 'zh' },
    );
    assert.deepEqual(normalizeVoicesByLanguage('nope'), {});
    assert.deepEqual(normalizeVoicesByLanguage(null), {});
  });
});
