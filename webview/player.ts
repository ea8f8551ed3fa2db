// The player page: one <audio> element driven by the host's messages (src/shared/protocol.ts).
// Browsers refuse to start unmuted audio before the page has had a click; when play() is refused the
// page shows a big "Start listening" button, and after that click later clips play on their own.
import type { FromWebview, ToWebview } from '../src/shared/protocol';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };

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
const sentenceButtons = ['previous', 'repeat', 'next'].map((id) => $<HTMLButtonElement>(id));
const rateText = $('rate');
// Faster or slower speech keeps its natural pitch (the default in current browsers; stated anyway).
audio.preservesPitch = true;

function showRate(rate: number): void {
  audio.playbackRate = rate;
  rateText.textContent = `${Number(rate.toFixed(2))}×`;
}
const status = $('status');

/** The clip the host asked for last; undefined when nothing should play. */
let current: { id: number } | undefined;
let unlocked = navigator.userActivation?.hasBeenActive ?? false;

function markUnlocked(): void {
  if (unlocked) return;
  unlocked = true;
  post({ type: 'unlocked' });
}

function setBusy(busy: boolean): void {
  pauseButton.disabled = !busy;
  stopButton.disabled = !busy;
  for (const b of sentenceButtons) b.disabled = !busy;
  if (!busy) pauseButton.textContent = 'Pause';
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

function stop(text = 'Stopped.'): void {
  pendingStart = undefined;
  current = undefined;
  gesture.hidden = true;
  audio.pause();
  audio.removeAttribute('src');
  audio.load();
  setBusy(false);
  status.textContent = text;
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'play':
      current = { id: m.id };
      label.textContent = m.label;
      status.textContent = '';
      audio.src = m.src;
      showRate(m.rate);
      pendingStart = m.startAt && m.startAt > 0 ? m.startAt : undefined;
      setBusy(true);
      start(m.id);
      break;
    case 'stop':
      stop(m.text);
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
  }
});

startButton.addEventListener('click', () => {
  gesture.hidden = true;
  status.textContent = '';
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
audio.addEventListener('loadedmetadata', () => {
  if (pendingStart === undefined) return;
  seek(pendingStart);
  pendingStart = undefined;
});
stopButton.addEventListener('click', () => post({ type: 'command', command: 'stop' }));

audio.addEventListener('playing', () => {
  if (!current) return;
  pauseButton.textContent = 'Pause';
  post({ type: 'playing', id: current.id });
});
audio.addEventListener('pause', () => {
  if (!current || audio.ended) return;
  pauseButton.textContent = 'Resume';
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
  setBusy(false);
  post({ type: 'ended', id });
});
audio.addEventListener('error', () => {
  if (!current || !audio.getAttribute('src')) return;
  const { id } = current;
  current = undefined;
  setBusy(false);
  const err = audio.error;
  post({ type: 'error', id, message: err ? `${err.message || 'media error'} (code ${err.code})` : 'media error' });
});

post({ type: 'ready', unlocked });
