// How the panel words the time left (no vscode import; the page and the host both use it, each with
// @vscode/l10n configured from the extension's bundle).
import * as l10n from '@vscode/l10n';

/** "about 4 min left", "under a minute left" (what the page shows beside the progress bar). */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 60) return l10n.t('under a minute left');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return l10n.t('about {0} min left', minutes);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return l10n.t('about {0} h {1} min left', h, m);
}
