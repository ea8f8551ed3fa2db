import * as assert from 'node:assert/strict';
import { findAudioUrl } from '../../src/speech/audioLocation';
import type { Task } from '../../src/api/types';

const U = 'https://media.evolink.ai/audio/20260402/lozyt2i5.wav';
const t = (fields: Partial<Task>): Task => ({ id: 'task-unified-1-abcdefgh', status: 'completed', ...fields });

describe('audioLocation', () => {
  it('shape A: results[0] first', () => {
    const task = t({ results: [U], result_data: [{ audio_url: 'https://other.example/x.wav', format: 'wav', sample_rate: 24000 }] });
    assert.equal(findAudioUrl(task), U);
  });
  it('shape B: result_data.audio_url', () => {
    assert.equal(findAudioUrl(t({ result_data: { audio_url: U } })), U);
  });
  it('shape C: results only', () => {
    assert.equal(findAudioUrl(t({ results: [U] })), U);
  });
  it('result_data.audio as a string', () => {
    assert.equal(findAudioUrl(t({ result_data: { audio: U } })), U);
  });
  it('result_data.audio as {url}', () => {
    assert.equal(findAudioUrl(t({ result_data: { audio: { url: U } } })), U);
  });
  it('result_data.preview_audio_url and url', () => {
    assert.equal(findAudioUrl(t({ result_data: { voice: 'v', preview_audio_url: U } })), U);
    assert.equal(findAudioUrl(t({ result_data: { url: U } })), U);
  });
  it('result_data as an array: same keys on [0]', () => {
    assert.equal(findAudioUrl(t({ result_data: [{ audio_url: U }] })), U);
    assert.equal(findAudioUrl(t({ result_data: [{ audio: { url: U } }] })), U);
    assert.equal(findAudioUrl(t({ result_data: [{ url: U }, { audio_url: 'https://x.example/no' }] })), U);
  });
  it('keeps the documented order of keys', () => {
    const rd = { url: 'https://e.example/url', preview_audio_url: 'https://e.example/preview', audio: { url: 'https://e.example/obj' }, audio_url: U };
    assert.equal(findAudioUrl(t({ result_data: rd })), U);
    const rest: Record<string, unknown> = { ...rd };
    delete rest.audio_url;
    assert.equal(findAudioUrl(t({ result_data: rest })), 'https://e.example/obj');
  });
  it('skips values that are not absolute http(s) URLs', () => {
    const task = t({ results: ['/relative.wav', 42 as unknown as string], result_data: { audio_url: 'ftp://x/y', audio: 'not a url', url: U } });
    assert.equal(findAudioUrl(task), U);
  });
  it('accepts an http link from any host (the upstream provider signs plain-http storage links)', () => {
    const signed = 'http://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/1d/ab/x.wav?Expires=1775000000&OSSAccessKeyId=LTAI&Signature=abc%3D';
    assert.equal(findAudioUrl(t({ results: [signed] })), signed);
    assert.equal(findAudioUrl(t({ results: ['http://127.0.0.1:9000/a.wav'] })), 'http://127.0.0.1:9000/a.wav');
  });
  it('returns undefined when there is no audio at all', () => {
    assert.equal(findAudioUrl(t({})), undefined);
    assert.equal(findAudioUrl(t({ results: [], result_data: null })), undefined);
    assert.equal(findAudioUrl(t({ result_data: [] })), undefined);
    assert.equal(findAudioUrl(t({ result_data: 'https://x.example/a.wav' })), undefined);
  });
});
