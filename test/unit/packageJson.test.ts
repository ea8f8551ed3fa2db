// package.json's `contributes` and the code's constants and typed settings cannot drift apart.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localisedPackageJson } from './packageNls';
import { CONFIG_SECTION, Commands, ContextKeys, Views } from '../../src/constants';
import { SETTINGS, SETTING_KEYS, checkBaseUrl, normalizeSettings } from '../../src/settings';

interface Contributes {
  commands: { command: string; title: string; category?: string; icon?: string }[];
  menus: Record<string, { command: string; when?: string }[]>;
  keybindings: { command: string; key: string; mac?: string; when?: string }[];
  configuration: { properties: Record<string, Record<string, unknown>> };
  viewsContainers: { panel: { id: string; title: string; icon: string }[] };
  views: Record<string, { id: string; type?: string; name: string }[]>;
}

const root = path.resolve(__dirname, '../../..');
const pkg = localisedPackageJson() as {
  contributes: Contributes;
  activationEvents?: string[];
  icon?: string;
};
const c = pkg.contributes;

describe('package.json vs the code', () => {
  it('contributes exactly the commands in constants, each with the category and a codicon', () => {
    const contributed = c.commands.map((x) => x.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
    for (const cmd of c.commands) {
      assert.equal(cmd.category, 'Evolink TTS', cmd.command);
      assert.match(cmd.icon ?? '', /^\$\([a-z-]+\)$/, `${cmd.command} has a codicon`);
    }
  });

  it('menus and keybindings name only contributed commands', () => {
    const known = new Set<string>(Object.values(Commands));
    for (const [menu, items] of Object.entries(c.menus)) {
      for (const item of items) assert.ok(known.has(item.command), `${menu}: ${item.command}`);
    }
    for (const k of c.keybindings) assert.ok(known.has(k.command), k.command);
  });

  it('binds Speak Selection with a mac variant and Stop to Escape only while speaking', () => {
    const speak = c.keybindings.find((k) => k.command === Commands.speakSelection);
    assert.ok(speak?.key && speak.mac && speak.when);
    const stops = c.keybindings.filter((k) => k.command === Commands.stop);
    assert.ok(stops.length > 0);
    for (const s of stops) {
      assert.equal(s.key, 'escape');
      assert.ok(s.when?.includes(ContextKeys.speaking), s.when);
    }
    assert.ok(c.menus['editor/context'].some((m) => m.command === Commands.speakSelection && m.when === 'editorHasSelection'));
  });

  it('declares every typed setting with the same default, enum, bounds and scope, and no others', () => {
    const props = c.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), SETTING_KEYS.map((k) => `${CONFIG_SECTION}.${k}`).sort());
    for (const key of SETTING_KEYS) {
      const p = props[`${CONFIG_SECTION}.${key}`];
      const s = SETTINGS[key];
      assert.deepEqual(p.default, s.default, `${key} default`);
      assert.equal(p.scope, s.scope, `${key} scope`);
      assert.deepEqual(p.enum, s.enum ? [...s.enum] : undefined, `${key} enum`);
      assert.equal(p.minimum, s.minimum, `${key} minimum`);
      assert.equal(p.maximum, s.maximum, `${key} maximum`);
      assert.ok(typeof p.markdownDescription === 'string' && p.markdownDescription.length > 20, `${key} markdownDescription`);
      if (p.enum) assert.equal((p.enumDescriptions as unknown[] | undefined)?.length, (p.enum as unknown[]).length, `${key} enumDescriptions`);
    }
  });

  it('keeps the base URL out of reach of a workspace', () => {
    assert.equal(c.configuration.properties[`${CONFIG_SECTION}.baseUrl`].scope, 'application');
  });

  it('the base URL pattern in package.json agrees with checkBaseUrl', () => {
    const re = new RegExp(c.configuration.properties[`${CONFIG_SECTION}.baseUrl`].pattern as string);
    const cases = [
      'https://api.evolink.ai', 'https://api.evolink.ai/', 'http://127.0.0.1:8080', 'http://localhost:3000',
      'http://[::1]:9', 'http://api.evolink.ai', 'ftp://x', 'http://10.0.0.1',
    ];
    for (const u of cases) assert.equal(re.test(u), checkBaseUrl(u).ok, u);
  });

  it('contributes the player as a webview view in the panel', () => {
    assert.ok(c.viewsContainers.panel.some((v) => v.id === Views.container));
    const view = c.views[Views.container]?.find((v) => v.id === Views.player);
    assert.equal(view?.type, 'webview');
  });

  it('activates only through its commands and view (no "*")', () => {
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
    assert.ok(pkg.icon && fs.existsSync(path.join(root, pkg.icon)));
  });
});

describe('settings', () => {
  it('checkBaseUrl allows https anywhere and http on loopback only', () => {
    assert.deepEqual(checkBaseUrl('https://api.evolink.ai/'), { ok: true, url: 'https://api.evolink.ai' });
    assert.equal(checkBaseUrl('http://127.0.0.1:4010').ok, true);
    assert.equal(checkBaseUrl('http://localhost:4010').ok, true);
    assert.equal(checkBaseUrl('http://evil.example').ok, false);
    assert.equal(checkBaseUrl('https://user:pw@api.evolink.ai').ok, false);
    assert.equal(checkBaseUrl('not a url').ok, false);
  });

  it('normalizeSettings falls back to defaults and clamps the timeout', () => {
    assert.deepEqual(normalizeSettings({}), {
      voice: '', voicesByLanguage: {}, languageType: 'Auto', baseUrl: 'https://api.evolink.ai', requestTimeoutSeconds: 30,
      maxParallelTasks: 3, codeBlocks: 'announce', pronunciations: {}, cacheMaxMegabytes: 200, confirmAboveCharacters: 3000, playbackRate: 1,
      math: 'speak', 'latex.references': 'announce',
      focus: 'off',
      highlight: 'word', saveSubtitles: 'none',
      codeFiles: 'comments', urls: 'host',
      pauseAfter: 'none',
    });
    assert.equal(normalizeSettings({ math: 'loud', 'latex.references': 'read' }).math, 'speak');
    assert.equal(normalizeSettings({ math: 'skip', 'latex.references': 'skip' })['latex.references'], 'skip');
    assert.equal(normalizeSettings({ pauseAfter: 'paragraph' }).pauseAfter, 'paragraph');
    assert.equal(normalizeSettings({ pauseAfter: 'word' }).pauseAfter, 'none');
    const s = normalizeSettings({ voice: ' v1 ', languageType: 'Klingon', requestTimeoutSeconds: 9999, focus: 'dim' });
    assert.equal(s.focus, 'off');
    assert.equal(normalizeSettings({ focus: 'paragraph' }).focus, 'paragraph');
    assert.equal(s.voice, 'v1');
    assert.equal(s.languageType, 'Auto');
    assert.equal(s.requestTimeoutSeconds, 300);
  });
});
