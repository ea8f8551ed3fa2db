// The player page's HTML: strict CSP (nothing but our nonce'd script, our stylesheet and audio from
// the webview's own resource origin; no fetch, frame or form target, no <base>). No vscode import (unit-tested).
import * as crypto from 'crypto';

export interface PlayerHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

// Inline SVG, not font glyphs: ⏮/⏭ are missing from many system fonts (headless Chromium on Linux drew boxes).
const svg = (path: string): string =>
  `<svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path fill="currentColor" d="${path}"/></svg>`;
const ICON_PREVIOUS = svg('M3 2h2v12H3zM14 2v12L6 8z');
const ICON_NEXT = svg('M11 2h2v12h-2zM2 2v12l8-6z');

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A fresh script nonce for one render of the page: 128 random bits, base64 (CSP's nonce grammar). */
export function newNonce(): string {
  return crypto.randomBytes(16).toString('base64');
}

export function renderPlayerHtml({ cspSource, nonce, scriptUri, styleUri }: PlayerHtmlInput): string {
  const csp = [
    "default-src 'none'",
    `media-src ${cspSource}`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // These two do not fall back to default-src.
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(styleUri)}">
<title>Read Aloud</title>
</head>
<body>
<main class="player">
  <p id="label" class="label">Nothing is playing. Select text and run “Evolink TTS: Speak Selection”.</p>
  <div id="gesture" class="gesture" hidden>
    <button id="start-listening" class="start" type="button">Start listening</button>
    <p class="hint">The browser plays sound only after a click in this panel. Later parts play on their own.</p>
  </div>
  <audio id="audio" preload="auto" controls></audio>
  <div class="controls">
    <button id="previous" type="button" disabled title="Previous sentence" aria-label="Previous sentence">${ICON_PREVIOUS}</button>
    <button id="repeat" type="button" disabled title="Repeat sentence" aria-label="Repeat sentence">↺</button>
    <button id="pause" type="button" disabled>Pause</button>
    <button id="next" type="button" disabled title="Next sentence" aria-label="Next sentence">${ICON_NEXT}</button>
    <button id="stop" type="button" disabled>Stop</button>
  </div>
  <div class="controls speed">
    <button id="slower" type="button" title="Slower" aria-label="Slower">−</button>
    <span id="rate" class="rate" aria-live="polite">1×</span>
    <button id="faster" type="button" title="Faster" aria-label="Faster">+</button>
  </div>
  <p id="status" class="status" role="status" aria-live="polite"></p>
</main>
<script nonce="${esc(nonce)}" src="${esc(scriptUri)}"></script>
</body>
</html>`;
}
