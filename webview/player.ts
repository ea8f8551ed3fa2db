// The player page: one <audio> element driven by the host's messages (src/shared/protocol.ts), and the
// panel around it rendered from the host's PanelView (the reading's one state: the status bar shows the
// same). The <audio> has no native controls: the extension's buttons are the only ones, so nothing plays
// behind its back. Browsers refuse to start unmuted audio before the page has had a click; when play() is
// refused the page shows a big "Start listening" button, and after that click later clips play on their own.
import * as l10n from '@vscode/l10n';
import type { FromWebview, PanelView, ToWebview } from '../src/shared/protocol';
import { formatTimeLeft } from '../src/shared/timeLeft';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };

// The host puts the extension's l10n bundle in the page (the body's data-l10n attribute); none in English.
const bundle = document.body.dataset.l10n;
if (bundle && bundle !== '{}') l10n.config({ contents: JSON.parse(bundle) as l10n.l10nJsonFormat });

const vscode = acquireVsCodeApi();
const post = (m: FromWebview): void => vscode.postMessage(m);

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
};
const audio = $<HTMLAudioElement>('audio');
const label = $('label');
const gesture = $('gesture');
const startButton = $<HTMLButtonElement>('start-listening');
const pauseButton = $<HTMLButtonElement>('pause');
const stopButton = $<HTMLButtonElement>('stop');
const rateText = $('rate');
const speed = $<HTMLInputElement>('speed');
// Faster or slower speech keeps its natural pitch (the default in current browsers; stated anyway).
audio.preservesPitch = true;

const rateWords = (rate: number): string => `${Number(rate.toFixed(2))}×`;

function showRate(rate: number): void {
  audio.playbackRate = rate;
  rateText.textContent = rateWords(rate);
  if (document.activeElement !== speed) speed.value = String(rate);
  speed.setAttribute('aria-valuetext', rateWords(rate));
}
const status = $('status');
const now = $('now');
const heading = $('heading');
const sentence = $('sentence');
const progress = $('progress');
const progressFill = $('progress-fill');
const ticks = $('ticks');
const timeLeft = $('time-left');
const readingControls = $('reading-controls');
const moveControls = $('move-controls');
const continueButton = $<HTMLButtonElement>('continue-reading');
const idleControls = $('idle-controls');
const backButton = $<HTMLButtonElement>('back-to-reading');
const readDocument = $<HTMLButtonElement>('read-document');
const readFromCursor = $<HTMLButtonElement>('read-from-cursor');
const editorLine = $('editor');
const voiceName = $('voice');

/** The last view the host sent: what the panel shows. */
let view: PanelView | undefined;
let tickKey = '';

function setText(el: HTMLElement, text: string | undefined): void {
  el.hidden = !text;
  if (el.textContent !== (text ?? '')) el.textContent = text ?? '';
}

/** Shows `v`; only what changed is touched, so focus and the screen reader's place are kept. */
function render(v: PanelView): void {
  view = v;
  // The aria-live status line: a screen reader announces it when the state changes (not each sentence,
  // which would talk over the voice being heard).
  if (status.textContent !== v.status) status.textContent = v.status;
  document.body.dataset.phase = v.phase;
  const reading = v.phase === 'preparing' || v.phase === 'waitingForClick' || v.phase === 'playing' || v.phase === 'paused';
  // A keyboard user whose button is about to be hidden keeps a place: the focus moves to the controls shown instead.
  const focused = document.activeElement;
  const handOff = reading ? idleControls.contains(focused) : readingControls.contains(focused) || moveControls.contains(focused);
  now.hidden = !reading;
  readingControls.hidden = !reading;
  moveControls.hidden = !reading;
  idleControls.hidden = reading;
  if (reading) label.hidden = true;
  setText(heading, v.heading && l10n.t('Section: {0}', v.heading));
  setText(sentence, v.sentence);
  sentence.hidden = !v.sentence;
  const fraction = v.progress?.fraction ?? 0;
  const percent = Math.round(fraction * 100);
  progress.hidden = !v.progress;
  progressFill.style.width = `${(fraction * 100).toFixed(2)}%`;
  progress.setAttribute('aria-valuenow', String(percent));
  const left = v.secondsLeft !== undefined ? formatTimeLeft(v.secondsLeft) : undefined;
  progress.setAttribute('aria-valuetext', l10n.t('{0}% of the document', percent) + (left ? l10n.t(', {0}', left) : '') + (v.heading ? l10n.t(', section {0}', v.heading) : ''));
  const key = JSON.stringify(v.progress?.ticks ?? []);
  if (key !== tickKey) {
    tickKey = key;
    ticks.replaceChildren(...(v.progress?.ticks ?? []).map((t) => {
      const tick = document.createElement('span');
      tick.className = 'tick';
      tick.style.left = `${(t.at * 100).toFixed(2)}%`;
      tick.title = t.title;
      return tick;
    }));
  }
  setText(timeLeft, left && l10n.t('{0} at {1}', left, rateWords(v.rate)));
  timeLeft.title = v.estimate ?? '';
  const pauseText = v.phase === 'paused' ? l10n.t('Resume') : l10n.t('Pause');
  pauseButton.textContent = pauseText;
  pauseButton.setAttribute('aria-label', pauseText);
  pauseButton.disabled = v.phase !== 'playing' && v.phase !== 'paused';
  for (const id of ['previous', 'repeat', 'next', 'previous-paragraph', 'next-paragraph', 'previous-heading', 'next-heading']) {
    $<HTMLButtonElement>(id).disabled = v.phase !== 'playing' && v.phase !== 'paused';
  }
  // Headings are offered only in a document that has some (elsewhere a heading move is a paragraph move).
  const headingFocused = focused?.id === 'previous-heading' || focused?.id === 'next-heading';
  $('previous-heading').hidden = $('next-heading').hidden = !v.headingMoves;
  if (headingFocused && !v.headingMoves) $<HTMLButtonElement>('next-paragraph').focus();
  const continueFocused = focused === continueButton;
  continueButton.hidden = !v.canContinue;
  if (continueFocused && !v.canContinue && !reading) readDocument.focus();
  backButton.hidden = !(reading && v.followYielded);
  readDocument.disabled = readFromCursor.disabled = !v.editor;
  setText(editorLine, v.editor ? l10n.t('Reads {0}', v.editor) : l10n.t('Open a document in the editor to read it.'));
  if (reading) editorLine.hidden = true;
  if (handOff) (reading ? stopButton : readDocument.disabled ? $<HTMLButtonElement>('select-voice') : readDocument).focus();
  voiceName.textContent = v.voice || l10n.t('none chosen yet');
  speed.min = String(v.minRate);
  speed.max = String(v.maxRate);
  showRate(v.rate);
}

/** The clip the host asked for last; undefined when nothing should play. */
let current: { id: number } | undefined;
let unlocked = navigator.userActivation?.hasBeenActive ?? false;

function markUnlocked(): void {
  if (unlocked) return;
  unlocked = true;
  post({ type: 'unlocked' });
}

function start(id: number): void {
  audio.play().then(
    () => {
      markUnlocked();
      gesture.hidden = true;
    },
    (e: unknown) => {
      if (current?.id !== id) return;
      const name = e instanceof DOMException ? e.name : '';
      if (name === 'NotAllowedError') {
        gesture.hidden = false;
        startButton.focus();
        post({ type: 'needsGesture', id });
      } else if (name !== 'AbortError') {
        post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
      }
    },
  );
}

/** Seconds to start at once the clip's length is known (an earlier sentence of it). */
let pendingStart: number | undefined;

function seek(time: number): void {
  const d = audio.duration;
  audio.currentTime = Number.isFinite(d) ? Math.min(Math.max(0, time), Math.max(0, d - 0.05)) : Math.max(0, time);
}

/** Clears the clip; the panel's state line comes from the host's view, not from here. */
function stop(): void {
  pendingStart = undefined;
  current = undefined;
  gesture.hidden = true;
  label.hidden = true;
  audio.pause();
  audio.removeAttribute('src');
  audio.load();
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'play':
      current = { id: m.id };
      // A clip outside a reading (a voice preview) says what it is; a reading's parts are in the status line.
      setText(label, view && view.phase !== 'idle' && view.phase !== 'done' && view.phase !== 'failed' && view.phase !== 'stopped' ? undefined : m.label);
      audio.src = m.src;
      showRate(m.rate);
      pendingStart = m.startAt && m.startAt > 0 ? m.startAt : undefined;
      start(m.id);
      break;
    case 'stop':
      stop();
      break;
    case 'seek':
      if (!current) break;
      if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) seek(m.time);
      else pendingStart = m.time;
      break;
    case 'pause':
      audio.pause();
      break;
    case 'resume':
      if (current) start(current.id);
      break;
    case 'setRate':
      showRate(m.rate);
      break;
    case 'status':
      status.textContent = m.text;
      break;
    case 'view':
      render(m.view);
      break;
  }
});

startButton.addEventListener('click', () => {
  gesture.hidden = true;
  // This click is the user gesture the browser waits for: play() must be called right here.
  if (current) start(current.id);
  else markUnlocked();
});
pauseButton.addEventListener('click', () => post({ type: 'command', command: 'pauseResume' }));
$('previous').addEventListener('click', () => post({ type: 'command', command: 'previousSentence' }));
$('repeat').addEventListener('click', () => post({ type: 'command', command: 'repeatSentence' }));
$('next').addEventListener('click', () => post({ type: 'command', command: 'nextSentence' }));
$('slower').addEventListener('click', () => post({ type: 'command', command: 'slower' }));
$('faster').addEventListener('click', () => post({ type: 'command', command: 'faster' }));
readDocument.addEventListener('click', () => post({ type: 'command', command: 'speakDocument' }));
readFromCursor.addEventListener('click', () => post({ type: 'command', command: 'speakFromCursor' }));
$('select-voice').addEventListener('click', () => post({ type: 'command', command: 'selectVoice' }));
backButton.addEventListener('click', () => post({ type: 'command', command: 'backToReading' }));
$('previous-paragraph').addEventListener('click', () => post({ type: 'command', command: 'previousParagraph' }));
$('next-paragraph').addEventListener('click', () => post({ type: 'command', command: 'nextParagraph' }));
$('previous-heading').addEventListener('click', () => post({ type: 'command', command: 'previousHeading' }));
$('next-heading').addEventListener('click', () => post({ type: 'command', command: 'nextHeading' }));
continueButton.addEventListener('click', () => post({ type: 'command', command: 'continueReading' }));
// The slider shows its value as it moves (arrow keys or drag); the host gets the speed once it settles.
speed.addEventListener('input', () => {
  const r = Number(speed.value);
  rateText.textContent = rateWords(r);
  speed.setAttribute('aria-valuetext', rateWords(r));
});
speed.addEventListener('change', () => post({ type: 'setRate', rate: Number(speed.value) }));
audio.addEventListener('loadedmetadata', () => {
  if (pendingStart === undefined) return;
  seek(pendingStart);
  pendingStart = undefined;
});
stopButton.addEventListener('click', () => post({ type: 'command', command: 'stop' }));

audio.addEventListener('playing', () => {
  if (!current) return;
  post({ type: 'playing', id: current.id });
});
audio.addEventListener('pause', () => {
  if (!current || audio.ended) return;
  post({ type: 'paused', id: current.id });
});
/**
 * Position reports: often enough for the word highlight (every REPORT_MS while playing, from animation
 * frames), and never more often; the element's own timeupdate (about four a second, and the only one
 * while the page is hidden and frames stop) and seeks report too, under the same limit.
 */
const REPORT_MS = 50;
let lastReport = -Infinity;
let frame: number | undefined;

function report(force = false): void {
  if (!current) return;
  const now = performance.now();
  if (!force && now - lastReport < REPORT_MS - 5) return;
  lastReport = now;
  post({ type: 'timeupdate', id: current.id, currentTime: audio.currentTime, duration: audio.duration });
}

function tick(): void {
  frame = undefined;
  if (!current || audio.paused || audio.ended) return;
  report();
  frame = requestAnimationFrame(tick);
}

audio.addEventListener('timeupdate', () => report());
audio.addEventListener('seeked', () => report(true));
audio.addEventListener('playing', () => {
  if (frame === undefined) frame = requestAnimationFrame(tick);
});
audio.addEventListener('ended', () => {
  if (!current) return;
  const { id } = current;
  current = undefined;
  label.hidden = true;
  post({ type: 'ended', id });
});
audio.addEventListener('error', () => {
  if (!current || !audio.getAttribute('src')) return;
  const { id } = current;
  current = undefined;
  const err = audio.error;
  post({ type: 'error', id, message: err ? `${err.message || 'media error'} (code ${err.code})` : 'media error' });
});

post({ type: 'ready', unlocked });
