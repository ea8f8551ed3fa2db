// The player page's HTML: strict CSP (nothing but our nonce'd script, our stylesheet and audio from
// the webview's own resource origin; no fetch, frame or form target, no <base>). No vscode import (unit-tested).
// Its words come from @vscode/l10n (configured by the host); the page script gets the same bundle as JSON in
// the body's data-l10n attribute (data, never executed: no script element beyond the one with the nonce).
import * as crypto from 'crypto';
import * as l10n from '@vscode/l10n';

export interface PlayerHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The editor's display language (vscode.env.language), for <html lang>. */
  lang?: string;
  /** The extension's l10n bundle for that language (vscode.l10n.bundle); none in English. */
  bundle?: Record<string, string | { message: string; comment: string[] }>;
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

export function renderPlayerHtml({ cspSource, nonce, scriptUri, styleUri, lang = 'en', bundle }: PlayerHtmlInput): string {
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
<html lang="${esc(lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(styleUri)}">
<title>${esc(l10n.t('Read Aloud'))}</title>
</head>
<body data-l10n="${esc(JSON.stringify(bundle ?? {}))}">
<main class="player">
  <p id="status" class="status-line" role="status" aria-live="polite" aria-atomic="true">${esc(l10n.t('Idle: nothing is being read.'))}</p>
  <p id="label" class="label" hidden></p>
  <div id="gesture" class="gesture" hidden>
    <button id="start-listening" class="start" type="button">${esc(l10n.t('Start listening'))}</button>
    <p class="hint">${esc(l10n.t('The browser plays sound only after a click in this panel. Later parts play on their own.'))}</p>
  </div>
  <section id="now" class="now" aria-label="${esc(l10n.t('Now reading'))}" hidden>
    <p id="heading" class="heading" hidden></p>
    <p id="sentence" class="sentence"></p>
    <div id="progress" class="progress" role="progressbar" aria-label="${esc(l10n.t('Progress through the document'))}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0">
      <div id="progress-fill" class="progress-fill"></div>
      <div id="ticks" class="ticks" aria-hidden="true"></div>
    </div>
    <p id="time-left" class="time-left"></p>
  </section>
  <div id="reading-controls" class="controls" role="group" aria-label="${esc(l10n.t('Reading controls'))}" hidden>
    <button id="previous" type="button" title="${esc(l10n.t('Previous sentence'))}" aria-label="${esc(l10n.t('Previous sentence'))}">${ICON_PREVIOUS}</button>
    <button id="repeat" type="button" title="${esc(l10n.t('Repeat sentence'))}" aria-label="${esc(l10n.t('Repeat sentence'))}">↺</button>
    <button id="pause" type="button" aria-label="${esc(l10n.t('Pause'))}">${esc(l10n.t('Pause'))}</button>
    <button id="next" type="button" title="${esc(l10n.t('Next sentence'))}" aria-label="${esc(l10n.t('Next sentence'))}">${ICON_NEXT}</button>
    <button id="stop" type="button" aria-label="${esc(l10n.t('Stop reading'))}">${esc(l10n.t('Stop'))}</button>
    <button id="back-to-reading" type="button" title="${esc(l10n.t('Scroll back to the sentence being read and follow it again'))}" hidden>${esc(l10n.t('Back to Reading'))}</button>
  </div>
  <div id="move-controls" class="controls" role="group" aria-label="${esc(l10n.t('Move through the document'))}" hidden>
    <button id="previous-paragraph" type="button" title="${esc(l10n.t('Previous paragraph (Ctrl+Alt+Shift+[)'))}" aria-label="${esc(l10n.t('Previous paragraph'))}">${esc(l10n.t('« Paragraph'))}</button>
    <button id="next-paragraph" type="button" title="${esc(l10n.t('Next paragraph (Ctrl+Alt+Shift+])'))}" aria-label="${esc(l10n.t('Next paragraph'))}">${esc(l10n.t('Paragraph »'))}</button>
    <button id="previous-heading" type="button" title="${esc(l10n.t('Previous heading (Ctrl+Alt+PageUp)'))}" aria-label="${esc(l10n.t('Previous heading'))}" hidden>${esc(l10n.t('« Heading'))}</button>
    <button id="next-heading" type="button" title="${esc(l10n.t('Next heading (Ctrl+Alt+PageDown)'))}" aria-label="${esc(l10n.t('Next heading'))}" hidden>${esc(l10n.t('Heading »'))}</button>
  </div>
  <div id="idle-controls" class="controls" role="group" aria-label="${esc(l10n.t('Start reading'))}" hidden>
    <button id="read-document" class="primary" type="button">${esc(l10n.t('Read Document'))}</button>
    <button id="read-from-cursor" type="button">${esc(l10n.t('Read from Cursor'))}</button>
    <button id="continue-reading" type="button" title="${esc(l10n.t("Read on from the sentence where this document's last reading stopped"))}" hidden>${esc(l10n.t('Continue Reading'))}</button>
  </div>
  <p id="editor" class="hint" hidden></p>
  <div class="controls voice">
    <span id="voice-label">${esc(l10n.t('Voice:'))}</span> <span id="voice" class="voice-name" aria-labelledby="voice-label voice"></span>
    <button id="select-voice" type="button" aria-label="${esc(l10n.t('Change the voice'))}">${esc(l10n.t('Change…'))}</button>
  </div>
  <div class="controls speed">
    <label for="speed">${esc(l10n.t('Speed'))}</label>
    <button id="slower" type="button" title="${esc(l10n.t('Slower'))}" aria-label="${esc(l10n.t('Slower'))}">−</button>
    <input id="speed" type="range" min="0.5" max="3" step="0.25" value="1" aria-valuetext="1×">
    <button id="faster" type="button" title="${esc(l10n.t('Faster'))}" aria-label="${esc(l10n.t('Faster'))}">+</button>
    <output id="rate" class="rate" for="speed">1×</output>
  </div>
  <audio id="audio" preload="auto" hidden></audio>
</main>
<script nonce="${esc(nonce)}" src="${esc(scriptUri)}"></script>
</body>
</html>`;
}
