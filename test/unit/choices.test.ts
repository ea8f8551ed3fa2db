// What Select Voice lists: the voice in use marked, the configured voice included, refused voices flagged and last.
import * as assert from 'node:assert/strict';
import { voiceChoices } from '../../src/voices/choices';
import type { VoiceRecord } from '../../src/voices/types';

const at = (d: string) => `2026-11-${d}T10:00:00.000Z`;
const list: VoiceRecord[] = [
  { name: 'qwen-tts-vd-new-1', preferredName: 'new', created: at('29'), origin: 'designed', rejected: at('30') },
  { name: 'qwen-tts-vd-mid-2', preferredName: 'mid', created: at('20'), origin: 'designed' },
  { name: 'qwen-tts-vd-old-3', created: at('10'), origin: 'entered' },
];

describe('voice choices', () => {
  it('lists a refused voice last, flagged, even when it is the newest', () => {
    const c = voiceChoices(list, 'qwen-tts-vd-mid-2', new Date(at('30')));
    assert.deepEqual(c.map((x) => x.name), ['qwen-tts-vd-mid-2', 'qwen-tts-vd-old-3', 'qwen-tts-vd-new-1']);
    const refused = c.at(-1)!;
    assert.match(refused.label, /^\$\(warning\) new$/);
    assert.match(refused.detail, /^Evolink refused this voice today/);
    assert.match(refused.detail, /bin button/);
  });

  it('marks the voice in use, and only that one', () => {
    const c = voiceChoices(list, 'qwen-tts-vd-old-3');
    assert.deepEqual(c.filter((x) => x.inUse).map((x) => x.name), ['qwen-tts-vd-old-3']);
    assert.match(c.find((x) => x.inUse)!.label, /^\$\(check\) /);
    assert.match(c.find((x) => x.inUse)!.description ?? '', /^in use/);
    assert.ok(c.filter((x) => !x.inUse).every((x) => !x.label.startsWith('$(check)')));
  });

  it('includes the configured voice when the list does not hold it, first and marked', () => {
    const c = voiceChoices(list, 'qwen-tts-vd-from-settings-9');
    assert.equal(c[0].name, 'qwen-tts-vd-from-settings-9');
    assert.equal(c[0].inUse, true);
    assert.equal(c[0].record, undefined);
    assert.equal(c.length, list.length + 1);
    assert.equal(voiceChoices(list, '').length, list.length, 'nothing configured: nothing added');
  });
});
