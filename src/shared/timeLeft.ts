// How the panel words the time left (no vscode import; the page and the host both use it).

/** "about 4 min left", "under a minute left" (what the page shows beside the progress bar). */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 60) return 'under a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} h ${m} min left`;
}
