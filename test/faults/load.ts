// The load test's document (the fault suite's "Load" check): about 100,000 characters of Markdown, the same on every run
// (a seeded generator): headings, paragraphs, lists, a table and code blocks, like a long README.
// No vscode import: the core tier (plain Node) and the editor tier both use it.
import type { RequestRecord, SimTaskSnapshot } from '../simulator/types';
import { prng } from '../fixtures/prng';

export const LOAD_CHARS = 100_000;

const WORDS = [
  'reader', 'signal', 'harbour', 'lantern', 'meadow', 'violin', 'pebble', 'orchid', 'thunder', 'candle',
  'river', 'compass', 'garden', 'window', 'letter', 'engine', 'forest', 'pocket', 'silver', 'winter',
];

/** At least `chars` characters of Markdown from `seed`; every sentence is numbered, so none repeats. */
export function loadDocument(chars = LOAD_CHARS, seed = 6): string {
  const rnd = prng(seed);
  const pick = (): string => WORDS[Math.floor(rnd() * WORDS.length)];
  let n = 0;
  const sentence = (): string => {
    const words = Array.from({ length: 6 + Math.floor(rnd() * 10) }, pick).join(' ');
    return `Load sentence ${++n} tells of the ${words}.`;
  };
  const blocks: string[] = ['# A long document for the load test'];
  let size = blocks[0].length;
  for (let section = 1; size < chars; section++) {
    const parts = [`## Section ${section}: the ${pick()} and the ${pick()}`];
    for (let p = 0; p < 3; p++) parts.push(Array.from({ length: 3 + Math.floor(rnd() * 4) }, sentence).join(' '));
    const r = rnd();
    if (r < 0.4) parts.push(Array.from({ length: 3 }, () => `- ${sentence()}`).join('\n'));
    else if (r < 0.6) parts.push(`| item | note |\n|---|---|\n| ${pick()} | ${sentence()} |\n| ${pick()} | ${sentence()} |`);
    else if (r < 0.8) parts.push(`\`\`\`ts\nconst ${pick()} = ${Math.floor(rnd() * 100)};\n\`\`\``);
    const block = parts.join('\n\n');
    blocks.push(block);
    size += block.length + 2;
  }
  return blocks.join('\n\n') + '\n';
}

/**
 * The most speech tasks in flight at once, from the simulator's record: a task counts from its POST's arrival
 * to the arrival of the download of its audio (or to the end, if never downloaded). The pipeline counts a
 * slot from before it sends the POST until after the download ends, so this never reads more than it used.
 */
export function maxTasksInFlight(requests: readonly RequestRecord[], tasks: readonly SimTaskSnapshot[]): number {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const downloads = new Map<string, number>();
  for (const r of requests) {
    if (r.origin === 'media' && r.method === 'GET' && !downloads.has(r.path)) downloads.set(r.path, r.time);
  }
  const events: Array<[time: number, delta: number]> = [];
  for (const r of requests) {
    if (r.origin !== 'api' || r.method !== 'POST' || !r.taskId) continue;
    const url = byId.get(r.taskId)?.audioUrl;
    const end = url ? downloads.get(new URL(url).pathname) : undefined;
    events.push([r.time, 1]);
    if (end !== undefined) events.push([end, -1]);
  }
  // At the same millisecond a download counts before a POST (the slot it frees is what lets the POST go).
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let n = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (n += d));
  return max;
}
