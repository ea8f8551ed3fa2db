// The one typed protocol between the extension host and the player webview. No vscode import: both
// sides compile this file. Messages are discriminated on `type`; every message from the page is
// validated with `parseFromWebview` before the host acts on it, and unknown ones are ignored.

/** Host → page. */
export type ToWebview =
  /**
   * Load and play one clip. `id` identifies this clip in every answer. `src` is an asWebviewUri URL.
   * `startAt` (seconds) starts inside the clip (going back to an earlier sentence of it).
   */
  | { type: 'play'; id: number; src: string; mime: string; chunk: number; total: number; label: string; rate: number; startAt?: number }
  /** Stop and clear the audio; `text` replaces the page's "Stopped." (e.g. when moving to the next part). */
  | { type: 'stop'; text?: string }
  /** Jump to `time` seconds in the current clip (previous / next / repeat sentence). */
  | { type: 'seek'; time: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'setRate'; rate: number }
  /** Show a line of status text in the page (for example why it waits). */
  | { type: 'status'; text: string }
  /** What the panel shows: the reading's one state (the status bar shows the same), replaced as a whole. */
  | { type: 'view'; view: PanelView };

/** The phases the panel and the status bar show (the speech states, grouped as a listener sees them). */
export type PanelPhase = 'idle' | 'preparing' | 'waitingForClick' | 'playing' | 'paused' | 'done' | 'failed' | 'stopped';

/** Everything the panel shows; the host builds it from the reading's state (src/player/panelView.ts). */
export interface PanelView {
  phase: PanelPhase;
  /** One line: "Preparing part 1 of 4…", "Playing part 2 of 4." (the status bar's accessible label says the same). */
  status: string;
  /** The sentence being read (its source text) and the Markdown heading of its section. */
  sentence?: string;
  heading?: string;
  /** How far through the document, 0–1, with a tick per heading (0–1 each, with its title). */
  progress?: { fraction: number; ticks: { at: number; title: string }[] };
  /** Time left at the current speed, in seconds (an estimate), and how it was estimated. */
  secondsLeft?: number;
  estimate?: string;
  /** The editor stopped following the voice (the user scrolled or moved the cursor away). */
  followYielded: boolean;
  /** While reading: the document has headings, so Previous / Next Heading are offered (else paragraphs only). */
  headingMoves?: boolean;
  /** When idle: the active document's last reading stopped part-way, so Continue Reading is offered. */
  canContinue?: boolean;
  /** The document Read Document / Read from Cursor would read (the active editor's file name). */
  editor?: string;
  voice: string;
  rate: number;
  minRate: number;
  maxRate: number;
}

/** Page → host. */
export type FromWebview =
  /** Sent once the page script has loaded; the host queues posts until it arrives. */
  | { type: 'ready'; unlocked: boolean }
  /** `play()` was refused because the page has not had a click yet; the page shows "Start listening". */
  | { type: 'needsGesture'; id: number }
  /** The user clicked "Start listening"; later audio plays on its own. */
  | { type: 'unlocked' }
  | { type: 'playing'; id: number }
  | { type: 'paused'; id: number }
  | { type: 'timeupdate'; id: number; currentTime: number; duration: number }
  | { type: 'ended'; id: number }
  | { type: 'error'; id: number; message: string }
  /** Buttons in the page: the host runs the matching command. */
  | { type: 'command'; command: PageCommand }
  /** The speed slider was moved. */
  | { type: 'setRate'; rate: number };

/** What the page's buttons ask the host to run. */
export const PAGE_COMMANDS = [
  'stop', 'pauseResume', 'previousSentence', 'nextSentence', 'repeatSentence', 'slower', 'faster',
  'speakDocument', 'speakFromCursor', 'selectVoice', 'backToReading',
  'previousParagraph', 'nextParagraph', 'previousHeading', 'nextHeading', 'continueReading',
] as const;
export type PageCommand = (typeof PAGE_COMMANDS)[number];

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Returns the message if it is a well-formed FromWebview, otherwise undefined. */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
      return typeof o.unlocked === 'boolean' ? { type: 'ready', unlocked: o.unlocked } : undefined;
    case 'unlocked':
      return { type: 'unlocked' };
    case 'needsGesture':
    case 'playing':
    case 'paused':
    case 'ended':
      return finite(o.id) ? { type: o.type, id: o.id } : undefined;
    case 'timeupdate':
      return finite(o.id) && finite(o.currentTime) && finite(o.duration)
        ? { type: 'timeupdate', id: o.id, currentTime: o.currentTime, duration: o.duration }
        : finite(o.id) && finite(o.currentTime) && o.duration === null
          ? { type: 'timeupdate', id: o.id, currentTime: o.currentTime, duration: NaN }
          : undefined;
    case 'error':
      return finite(o.id) && typeof o.message === 'string' ? { type: 'error', id: o.id, message: o.message.slice(0, 500) } : undefined;
    case 'setRate':
      return finite(o.rate) ? { type: 'setRate', rate: o.rate } : undefined;
    case 'command':
      return (PAGE_COMMANDS as readonly unknown[]).includes(o.command) ? { type: 'command', command: o.command as PageCommand } : undefined;
    default:
      return undefined;
  }
}
