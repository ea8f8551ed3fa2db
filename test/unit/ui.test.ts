// The words the user sees: the status table is complete, the log redacts, the player page is locked down.
import * as assert from 'node:assert/strict';
import { Commands } from '../../src/constants';
import { renderPlayerHtml } from '../../src/player/html';
import { redact } from '../../src/redact';
import { STATUS_TABLE, tooltipFor, viewFor } from '../../src/statusBar/table';
import { EVERY_STATE } from '../fixtures/speechStates';

describe('status bar table', () => {
  it('renders every state, with spinners only in flight and the error background only on failure', () => {
    assert.equal(EVERY_STATE.length, Object.keys(STATUS_TABLE).length);
    for (const s of EVERY_STATE) {
      const v = viewFor(s);
      const inFlight = ['submitting', 'queued', 'processing', 'downloading'].includes(s.kind);
      assert.equal(v.text.includes('~spin'), inFlight, s.kind);
      assert.equal(v.background === 'statusBarItem.errorBackground', s.kind === 'failed', s.kind);
    }
    assert.equal(viewFor(EVERY_STATE[3]).text, '$(loading~spin) TTS: 45% 2/4');
    assert.equal(viewFor(EVERY_STATE[6]).text, '$(unmute) TTS: playing 2/4');
    assert.equal(viewFor(EVERY_STATE[5]).text, '$(play-circle) TTS: click Start listening');
    assert.equal(viewFor(EVERY_STATE[5]).command, Commands.showPlayer);
    assert.equal(viewFor(EVERY_STATE[9]).command, Commands.showLog);
    assert.equal(viewFor(EVERY_STATE[1]).command, Commands.stop);
  });

  it('the tooltip carries voice, task id and credits reserved', () => {
    const t = tooltipFor(viewFor(EVERY_STATE[3]), { voice: 'v1', taskId: 'task-unified-1-abc', creditsReserved: 0.64, total: 3 }, true);
    assert.match(t, /Voice: v1/);
    assert.match(t, /Task: task-unified-1-abc/);
    assert.match(t, /Credits reserved: 0\.64/);
  });

  it('after a reading the tooltip gives the final cost: settled figures, the reservation where none was reported', () => {
    const done = viewFor({ kind: 'done', total: 3 });
    const info = { voice: 'v1', creditsReserved: 0.64, total: 3 };
    const settled = tooltipFor(done, { ...info, cost: { credits: 0.512, settled: 3, reservedOnly: 0 } }, true);
    assert.match(settled, /^Final cost: 0\.512 credits$/m);
    const mixed = tooltipFor(done, { ...info, cost: { credits: 0.6, settled: 2, reservedOnly: 1 } }, true);
    assert.match(mixed, /^Final cost: 0\.6 credits \(1 of 3 parts as reserved: Evolink reported no final figure for them\)$/m);
    const none = tooltipFor(done, { ...info, cost: { credits: 0.64, settled: 0, reservedOnly: 3 } }, true);
    assert.match(none, /^Final cost: 0\.64 credits \(as reserved: Evolink reported no final figure\)$/m);
    // Not while reading, and not for a run that paid for nothing (all from the cache).
    assert.doesNotMatch(tooltipFor(viewFor(EVERY_STATE[3]), { ...info, cost: { credits: 0.5, settled: 2, reservedOnly: 0 } }, true), /Final cost/);
    assert.doesNotMatch(tooltipFor(done, info, true), /Final cost/);
  });
});

describe('log redaction', () => {
  it('removes the key and token-shaped strings', () => {
    const key = 'sk-abcdefghijklmnop';
    assert.equal(redact(`key ${key} end`, key), 'key [redacted] end');
    assert.doesNotMatch(redact('Authorization: Bearer abc.def'), /abc\.def/);
    assert.equal(redact('use Bearer xyz123'), 'use Bearer [redacted]');
    assert.equal(redact('{"api_key":"k-123"}'), '{"api_key":"[redacted]"}');
    assert.equal(redact('plain text'), 'plain text');
  });
});

describe('player page HTML', () => {
  const html = renderPlayerHtml({ cspSource: 'https://x.test', nonce: 'abc123', scriptUri: 'https://x.test/p.js', styleUri: 'https://x.test/p.css' });

  it('has a strict CSP: nothing by default, scripts by nonce, media and styles from the webview origin only', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.match(csp, /media-src https:\/\/x\.test/);
    assert.match(csp, /style-src https:\/\/x\.test/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('loads exactly one script, with the nonce, and has the "Start listening" button', () => {
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="abc123" src="https:\/\/x\.test\/p\.js"><\/script>/);
    assert.match(html, /<button id="start-listening"[^>]*>Start listening<\/button>/);
  });
});
