// The voice commands, the per-language setting and the Get Started walkthrough as package.json declares them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localisedPackageJson } from './packageNls';
import { LANGUAGE_TYPES } from '../../src/api/types';
import { CONFIG_SECTION, Commands, WALKTHROUGH_ID } from '../../src/constants';

interface Step { id: string; title: string; description: string; media: { markdown?: string }; completionEvents: string[] }
const root = path.resolve(__dirname, '../../..');
const pkg = localisedPackageJson() as {
  contributes: {
    commands: { command: string }[];
    walkthroughs: { id: string; title: string; steps: Step[] }[];
    configuration: { properties: Record<string, { properties?: Record<string, { type: string; pattern?: string }>; additionalProperties?: unknown; scope?: string }> };
  };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};

describe('voices in package.json', () => {
  it('contributes Design a Voice, Select Voice and Get Started', () => {
    const ids = pkg.contributes.commands.map((c) => c.command);
    for (const id of [Commands.designVoice, Commands.selectVoice, Commands.getStarted]) assert.ok(ids.includes(id), id);
  });

  it('voicesByLanguage accepts exactly the language words but Auto, each a voice name without spaces', () => {
    const p = pkg.contributes.configuration.properties[`${CONFIG_SECTION}.voicesByLanguage`];
    assert.deepEqual(Object.keys(p.properties ?? {}).sort(), LANGUAGE_TYPES.filter((l) => l !== 'Auto').sort());
    assert.equal(p.additionalProperties, false);
    assert.equal(p.scope, 'resource');
    for (const v of Object.values(p.properties ?? {})) {
      assert.equal(v.type, 'string');
      const re = new RegExp(v.pattern!);
      assert.ok(re.test('qwen-tts-vd-a-voice-1') && !re.test('a b') && !re.test(''));
    }
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(`${CONFIG_SECTION}.voicesByLanguage`));
  });

  it('the walkthrough: key, voice, speak; each step completes when the user did it, with its markdown', () => {
    const w = pkg.contributes.walkthroughs.find((x) => x.id === WALKTHROUGH_ID);
    assert.ok(w);
    assert.deepEqual(w.steps.map((s) => s.id), ['setApiKey', 'designVoice', 'speakSelection']);
    const events = Object.fromEntries(w.steps.map((s) => [s.id, s.completionEvents]));
    assert.deepEqual(events.setApiKey, [`onCommand:${Commands.setApiKey}`]);
    assert.deepEqual(events.designVoice, [`onCommand:${Commands.designVoice}`, `onSettingChanged:${CONFIG_SECTION}.voice`]);
    assert.deepEqual(events.speakSelection, [`onCommand:${Commands.speakSelection}`]);
    const ids = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const s of w.steps) {
      assert.ok(s.media.markdown && fs.existsSync(path.join(root, s.media.markdown)), `${s.id} media`);
      for (const m of s.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(ids.has(m[1]), `${s.id} links ${m[1]}`);
    }
  });
});
