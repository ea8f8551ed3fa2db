import * as assert from 'node:assert/strict';
import { findAudioUrl } from '../../src/speech/audioLocation';
import type { Task } from '../../src/api/types';

const U = 'https://media.evolink.ai/audio/20260402/lozyt2i5.wav';
const https = { allowHttp: false };
const t = (fields: Partial<Task>): Task => ({ id: 'task-unified-1-abcdefgh', status: 'completed', ...fields });

describe('audioLocation', () => {
  it('shape A: results[0] first', () => {
    const task = t({ results: [U], result_data: [{ audio_url: 'https://other.example/x.wav', format: 'wav', sample_rate: 24000 }] });
    assert.equal(findAudioUrl(task, https), U);
  });
  it('shape B: result_data.audio_url', () => {
    assert.equal(findAudioUrl(t({ result_data: { audio_url: U } }), https), U);
  });
  it('shape C: results only', () => {
    assert.equal(findAudioUrl(t({ results: [U] }), https), U);
  });
  it('result_data.audio as a string', () => {
    assert.equal(findAudioUrl(t({ result_data: { audio: U } }), https), U);
  });
  it('result_data.audio as {url}', () => {
    assert.equal(findAudioUrl(t({ result_data: { audio: { url: U } } }), https), U);
  });
  it('result_data.preview_audio_url and url', () => {
    assert.equal(findAudioUrl(t({ result_data: { voice: 'v', preview_audio_url: U } }), https), U);
    assert.equal(findAudioUrl(t({ result_data: { url: U } }), https), U);
  });
  it('result_data as an array: same keys on [0]', () => {
    assert.equal(findAudioUrl(t({ result_data: [{ audio_url: U }] }), https), U);
    assert.equal(findAudioUrl(t({ result_data: [{ audio: { url: U } }] }), https), U);
    assert.equal(findAudioUrl(t({ result_data: [{ url: U }, { audio_url: 'https://x.example/no' }] }), https), U);
  });
  it('keeps the documented order of keys', () => {
    const rd = { url: 'https://e.example/url', preview_audio_url: 'https://e.example/preview', audio: { url: 'https://e.example/obj' }, audio_url: U };
    assert.equal(findAudioUrl(t({ result_data: rd }), https), U);
    const rest: Record<string, unknown> = { ...rd };
    delete rest.audio_url;
    assert.equal(findAudioUrl(t({ result_data: rest }), https), 'https://e.example/obj');
  });
  it('skips values that are not absolute https URLs', () => {
    const task = t({ results: ['/relative.wav', 42 as unknown as string], result_data: { audio_url: 'ftp://x/y', audio: 'not a url', url: U } });
    assert.equal(findAudioUrl(task, https), U);
    assert.equal(findAudioUrl(t({ results: ['http://media.example/a.wav'] }), https), undefined);
  });
  it('accepts http only when allowed', () => {
    const task = t({ results: ['http://127.0.0.1:9000/a.wav'] });
    assert.equal(findAudioUrl(task, https), undefined);
    assert.equal(findAudioUrl(task, { allowHttp: true }), 'http://127.0.0.1:9000/a.wav');
  });
  it('returns undefined when there is no audio at all', () => {
    assert.equal(findAudioUrl(t({}), https), undefined);
    assert.equal(findAudioUrl(t({ results: [], result_data: null }), https), undefined);
    assert.equal(findAudioUrl(t({ result_data: [] }), https), undefined);
    assert.equal(findAudioUrl(t({ result_data: 'https://x.example/a.wav' }), https), undefined);
  });
});
