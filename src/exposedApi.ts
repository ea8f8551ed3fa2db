// The object activate() returns (EvolinkTtsApi, for tests and other extensions): read-only views of the
// services, built from them in one place.
import type { Services } from './commands/services';
import type { Highlighter } from './highlight/highlighter';
import type { PanelPresenter } from './player/panel';
import type { EvolinkTtsApi } from './publicApi';
import { activeWork } from './speech/work';

export function exposeApi(
  s: Services, highlighter: Highlighter, panel: PanelPresenter, activation: { start: number; end: number },
): EvolinkTtsApi {
  const { reader, notifier, player, statusBar, voices, positions } = s;
  return {
    get state() { return reader.state; },
    get runInfo() { return reader.runInfo; },
    onDidChangeState: (listener) => reader.onDidChangeState(listener),
    statusBar: () => statusBar.snapshot(),
    notifications: () => [...notifier.history()],
    runNotificationAction: async (index, title) => notifier.press(index, title),
    get playerUnlocked() { return player.unlocked; },
    activeWork: () => activeWork(),
    highlight: () => highlighter.snapshot,
    highlightDrawnIn: (uri) => highlighter.drawnIn(uri),
    onDidHighlight: (listener) => highlighter.onDidChange(listener),
    wordHighlight: () => highlighter.wordSnapshot,
    wordHighlightDrawnIn: (uri) => highlighter.wordDrawnIn(uri),
    onDidHighlightWord: (listener) => highlighter.onDidChangeWord(listener),
    positionReports: () => player.positionReports(),
    get playback() { return reader.position; },
    get readOffset() { return reader.readOffset; },
    chunks: () => reader.chunks.map((c) => ({ text: c.text, start: c.start, end: c.end, sentences: c.sentences.map((x) => ({ ...x })) })),
    voices: () => voices.store.list(),
    get preview() { return voices.preview; },
    webviewPosts: () => player.posted(),
    get following() { return highlighter.following; },
    focusDimmed: () => highlighter.dimmedNow.map((d) => ({ ...d })),
    panel: () => panel.current(),
    panelShown: () => player.panelView,
    readingPosition: (uri) => {
      const p = positions.store.get(uri);
      return p && { offset: p.offset, text: p.text };
    },
    readingMarks: (uri) => positions.marked(uri),
    activation,
  };
}
