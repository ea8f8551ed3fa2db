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
  | { type: 'status'; text: string };

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
  | { type: 'command'; command: PageCommand };

/** What the page's buttons ask the host to run. */
export const PAGE_COMMANDS = ['stop', 'pauseResume', 'previousSentence', 'nextSentence', 'repeatSentence', 'slower', 'faster'] as const;
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
    case 'command':
      return (PAGE_COMMANDS as readonly unknown[]).includes(o.command) ? { type: 'command', command: o.command as PageCommand } : undefined;
    default:
      return undefined;
  }
}
