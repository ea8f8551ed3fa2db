// The player webview's defences: the page's CSP allows nothing but our nonce'd script
// and the webview's own resource origin, and every message from the page is checked against the typed
// protocol before the host acts on it (anything else is dropped). test/unit/ui.test.ts has the basic CSP checks;
// these pin the policy down token by token and try to get malformed or hostile messages through.
import * as assert from 'node:assert/strict';
import { newNonce, renderPlayerHtml } from '../../src/player/html';
import { PAGE_COMMANDS, parseFromWebview, type FromWebview } from '../../src/shared/protocol';

/** The CSP of `html` as directive → source tokens. */
function cspOf(html: string): Map<string, string[]> {
  const metas = html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/g) ?? [];
  assert.equal(metas.length, 1, 'exactly one CSP meta tag');
  const content = /content="([^"]*)"/.exec(metas[0])?.[1] ?? '';
  const policy = content.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...tokens] = part.trim().split(/\s+/);
    if (!name) continue;
    assert.ok(!out.has(name), `directive ${name} appears once`);
    out.set(name, tokens);
  }
  return out;
}

// What VS Code's webview.cspSource looks like in the desktop app and in code-server.
const CSP_SOURCES = ['https://*.vscode-cdn.net', "'self' https://*.vscode-cdn.net", 'vscode-webview://4f1c2a'];

describe('webview security: the player page CSP', () => {
  for (const cspSource of CSP_SOURCES) {
    const own = cspSource.split(' ');
    const nonce = newNonce();
    const html = renderPlayerHtml({ cspSource, nonce, scriptUri: 'https://r.test/dist/webview/player.js', styleUri: 'https://r.test/media/player.css' });
    const csp = cspOf(html);

    describe(`with cspSource ${cspSource}`, () => {
      it("has exactly these directives, and default-src, base-uri and form-action are 'none'", () => {
        assert.deepEqual([...csp.keys()].sort(), ['base-uri', 'default-src', 'form-action', 'img-src', 'media-src', 'script-src', 'style-src']);
        for (const d of ['default-src', 'base-uri', 'form-action']) assert.deepEqual(csp.get(d), ["'none'"], d);
        // No connect-src, frame-src, worker-src, font-src …: they fall back to default-src 'none', so the page
        // can fetch nothing and send nothing anywhere.
      });

      it('script-src is the nonce and nothing else (no unsafe-inline, unsafe-eval, host or scheme)', () => {
        assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
      });

      it("media-src, style-src and img-src name only the webview's own resource origin", () => {
        for (const d of ['media-src', 'style-src', 'img-src']) assert.deepEqual(csp.get(d), own, d);
      });

      it('no directive has a scheme-only or bare wildcard source, data:, blob: or an unsafe keyword', () => {
        for (const [d, tokens] of csp) {
          for (const t of tokens) {
            if (own.includes(t)) continue;
            assert.doesNotMatch(t, /^(\*|https?:|data:|blob:|filesystem:|ws:|wss:|'unsafe-[a-z-]+'|'strict-dynamic'|'self')$/, `${d} ${t}`);
            assert.doesNotMatch(t, /^https?:\/\//, `${d} names a host: ${t}`);
          }
        }
      });
    });
  }

  const nonce = 'n0nce+/A==';
  const html = renderPlayerHtml({ cspSource: 'https://*.vscode-cdn.net', nonce, scriptUri: 'https://r.test/p.js', styleUri: 'https://r.test/p.css' });

  it('every <script> has the nonce and a src; no inline script, event-handler attribute, javascript: URL or inline style', () => {
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    assert.equal(scripts.length, (html.match(/<script\b/g) ?? []).length);
    assert.ok(scripts.length >= 1);
    for (const s of scripts) assert.match(s, new RegExp(`^<script nonce="${nonce.replace(/[+/]/g, '\\$&')}" src="[^"]+"></script>$`));
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no onclick= and the like (the CSP would block them anyway)');
    assert.doesNotMatch(html, /javascript:/i);
    assert.doesNotMatch(html, /\sstyle\s*=|<style\b/i, 'no inline style (style-src has no unsafe-inline)');
    assert.doesNotMatch(html, /<(iframe|object|embed|form|base)\b/i);
  });

  it('values that try to break out of their attribute stay inside it', () => {
    const hostile = '"><script>alert(1)</script><x a="';
    const page = renderPlayerHtml({ cspSource: `https://x.test${hostile}`, nonce: `abc${hostile}`, scriptUri: `https://x.test/p.js${hostile}`, styleUri: `https://x.test/p.css${hostile}` });
    assert.equal(page.match(/<script\b/g)?.length, 1, 'no injected <script> element');
    assert.doesNotMatch(page, /<x a=/);
  });

  it('newNonce gives 128 random bits in CSP nonce syntax, a new one each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = newNonce();
      assert.match(n, /^[A-Za-z0-9+/]+={0,2}$/);
      assert.equal(Buffer.from(n, 'base64').length, 16);
      seen.add(n);
    }
    assert.equal(seen.size, 200);
  });
});

describe('webview security: messages from the page', () => {
  const valid: FromWebview[] = [
    { type: 'ready', unlocked: false },
    { type: 'ready', unlocked: true },
    { type: 'unlocked' },
    { type: 'needsGesture', id: 1 },
    { type: 'playing', id: 2 },
    { type: 'paused', id: 3 },
    { type: 'timeupdate', id: 4, currentTime: 1.5, duration: 9.25 },
    { type: 'ended', id: 5 },
    { type: 'error', id: 6, message: 'MEDIA_ERR_DECODE' },
    ...PAGE_COMMANDS.map((command): FromWebview => ({ type: 'command', command })),
  ];

  it('accepts every message type of the protocol, as itself', () => {
    const types = new Set(valid.map((m) => m.type));
    assert.deepEqual([...types].sort(), ['command', 'ended', 'error', 'needsGesture', 'paused', 'playing', 'ready', 'timeupdate', 'unlocked']);
    for (const m of valid) assert.deepEqual(parseFromWebview(JSON.parse(JSON.stringify(m))), m);
  });

  it('accepts a timeupdate whose duration is not known yet (null → NaN)', () => {
    const m = parseFromWebview({ type: 'timeupdate', id: 1, currentTime: 0, duration: null });
    assert.ok(m?.type === 'timeupdate' && Number.isNaN(m.duration));
  });

  it('rejects non-objects', () => {
    for (const m of [undefined, null, 0, 1, NaN, true, 'ready', '{"type":"ready","unlocked":true}', Symbol('ready'), 10n, () => ({ type: 'unlocked' })]) {
      assert.equal(parseFromWebview(m), undefined, String(typeof m));
    }
  });

  it('rejects unknown and missing types, host→page types and look-alikes', () => {
    for (const type of [undefined, null, '', 'READY', 'Ready', ' ready', 'ready ', 'play', 'stop', 'seek', 'setRate', 'status', 'setApiKey', 'eval', 7, ['ready'], { toString: () => 'ready' }]) {
      assert.equal(parseFromWebview({ type, unlocked: true, id: 1, currentTime: 0, duration: 1, message: 'x', command: 'stop' }), undefined, JSON.stringify(type));
    }
    assert.equal(parseFromWebview({}), undefined);
    assert.equal(parseFromWebview([]), undefined);
    assert.equal(parseFromWebview(['ready', true]), undefined);
  });

  it('rejects wrong field types', () => {
    const bad: unknown[] = [
      { type: 'ready' },
      { type: 'ready', unlocked: 'true' },
      { type: 'ready', unlocked: 1 },
      { type: 'ready', unlocked: null },
      { type: 'playing' },
      { type: 'playing', id: '1' },
      { type: 'paused', id: NaN },
      { type: 'ended', id: Infinity },
      { type: 'needsGesture', id: -Infinity },
      { type: 'ended', id: 1n },
      { type: 'ended', id: { valueOf: () => 1 } },
      { type: 'timeupdate', id: 1, currentTime: '0', duration: 1 },
      { type: 'timeupdate', id: 1, currentTime: 0 },
      { type: 'timeupdate', id: 1, currentTime: 0, duration: 'NaN' },
      { type: 'timeupdate', id: 1, currentTime: Infinity, duration: 1 },
      { type: 'timeupdate', currentTime: 0, duration: 1 },
      { type: 'error', id: 1 },
      { type: 'error', id: 1, message: 42 },
      { type: 'error', id: 1, message: { text: 'x' } },
      { type: 'error', message: 'x' },
      { type: 'command' },
      { type: 'command', command: 7 },
      { type: 'command', command: ['stop'] },
      { type: 'command', command: 'Stop' },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'command', command: 'evolinkTts.setApiKey' },
    ];
    for (const m of bad) assert.equal(parseFromWebview(m), undefined, String(JSON.stringify(m, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))));
  });

  it('keeps only the protocol fields: extra (and huge) payloads are dropped, an error text is capped', () => {
    const huge = 'x'.repeat(5_000_000);
    assert.deepEqual(parseFromWebview({ type: 'playing', id: 1, extra: huge, nested: { deep: [huge] } }), { type: 'playing', id: 1 });
    assert.deepEqual(parseFromWebview({ type: 'command', command: 'stop', args: [huge], then: 'evolinkTts.setApiKey' }), { type: 'command', command: 'stop' });
    const err = parseFromWebview({ type: 'error', id: 1, message: huge });
    assert.ok(err?.type === 'error');
    assert.ok(err.message.length <= 500, `error text is capped (${err.message.length})`);
  });

  it('prototype keys neither pass as a type or command nor reach the parsed message', () => {
    for (const type of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
      assert.equal(parseFromWebview({ type }), undefined, type);
    }
    for (const command of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'length']) {
      assert.equal(parseFromWebview({ type: 'command', command }), undefined, command);
    }
    // What structured clone / JSON gives the host: `__proto__` as an own key of the page's object.
    const polluted = JSON.parse('{"type":"ready","unlocked":true,"__proto__":{"polluted":true,"type":"error"},"constructor":{"prototype":{"polluted":true}}}') as unknown;
    const m = parseFromWebview(polluted);
    assert.deepEqual(m, { type: 'ready', unlocked: true });
    assert.equal(Object.getPrototypeOf(m), Object.prototype);
    assert.deepEqual(Object.keys(m!).sort(), ['type', 'unlocked']);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined, 'Object.prototype untouched');
  });
});
