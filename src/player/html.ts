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
  <p id="status" class="status-line" role="status" aria-live="polite" aria-atomic="true">Idle: nothing is being read.</p>
  <p id="label" class="label" hidden></p>
  <div id="gesture" class="gesture" hidden>
    <button id="start-listening" class="start" type="button">Start listening</button>
    <p class="hint">The browser plays sound only after a click in this panel. Later parts play on their own.</p>
  </div>
  <section id="now" class="now" aria-label="Now reading" hidden>
    <p id="heading" class="heading" hidden></p>
    <p id="sentence" class="sentence"></p>
    <div id="progress" class="progress" role="progressbar" aria-label="Progress through the document" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0">
      <div id="progress-fill" class="progress-fill"></div>
      <div id="ticks" class="ticks" aria-hidden="true"></div>
    </div>
    <p id="time-left" class="time-left"></p>
  </section>
  <div id="reading-controls" class="controls" role="group" aria-label="Reading controls" hidden>
    <button id="previous" type="button" title="Previous sentence" aria-label="Previous sentence">${ICON_PREVIOUS}</button>
    <button id="repeat" type="button" title="Repeat sentence" aria-label="Repeat sentence">↺</button>
    <button id="pause" type="button" aria-label="Pause">Pause</button>
    <button id="next" type="button" title="Next sentence" aria-label="Next sentence">${ICON_NEXT}</button>
    <button id="stop" type="button" aria-label="Stop reading">Stop</button>
    <button id="back-to-reading" type="button" title="Scroll back to the sentence being read and follow it again" hidden>Back to Reading</button>
  </div>
  <div id="move-controls" class="controls" role="group" aria-label="Move through the document" hidden>
    <button id="previous-paragraph" type="button" title="Previous paragraph (Ctrl+Alt+Shift+[)" aria-label="Previous paragraph">« Paragraph</button>
    <button id="next-paragraph" type="button" title="Next paragraph (Ctrl+Alt+Shift+])" aria-label="Next paragraph">Paragraph »</button>
    <button id="previous-heading" type="button" title="Previous heading (Ctrl+Alt+PageUp)" aria-label="Previous heading" hidden>« Heading</button>
    <button id="next-heading" type="button" title="Next heading (Ctrl+Alt+PageDown)" aria-label="Next heading" hidden>Heading »</button>
  </div>
  <div id="idle-controls" class="controls" role="group" aria-label="Start reading" hidden>
    <button id="read-document" class="primary" type="button">Read Document</button>
    <button id="read-from-cursor" type="button">Read from Cursor</button>
    <button id="continue-reading" type="button" title="Read on from the sentence where this document's last reading stopped" hidden>Continue Reading</button>
  </div>
  <p id="editor" class="hint" hidden></p>
  <div class="controls voice">
    <span id="voice-label">Voice:</span> <span id="voice" class="voice-name" aria-labelledby="voice-label voice"></span>
    <button id="select-voice" type="button" aria-label="Change the voice">Change…</button>
  </div>
  <div class="controls speed">
    <label for="speed">Speed</label>
    <button id="slower" type="button" title="Slower" aria-label="Slower">−</button>
    <input id="speed" type="range" min="0.5" max="3" step="0.25" value="1" aria-valuetext="1×">
    <button id="faster" type="button" title="Faster" aria-label="Faster">+</button>
    <output id="rate" class="rate" for="speed">1×</output>
  </div>
  <audio id="audio" preload="auto" hidden></audio>
</main>
<script nonce="${esc(nonce)}" src="${esc(scriptUri)}"></script>
</body>
</html>`;
}
