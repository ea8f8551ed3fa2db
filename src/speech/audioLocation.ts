// Where a completed task keeps its audio URL (docs/evolink-api.md §4 "Where the audio URL sits").
import type { Task } from '../api/types';

const OBJECT_KEYS = ['audio_url', 'audio', 'audio.url', 'preview_audio_url', 'url'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asUrl(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return undefined;
  }
  if (u.protocol === 'https:' || u.protocol === 'http:') return u.href;
  return undefined;
}

function candidatesOf(o: Record<string, unknown>): unknown[] {
  return OBJECT_KEYS.map((k) => {
    if (k === 'audio.url') return isRecord(o.audio) ? o.audio.url : undefined;
    return o[k];
  });
}

/** Every place the reference lists, in its order (unparsed values). */
function candidates(task: Task): unknown[] {
  const out: unknown[] = [];
  if (Array.isArray(task.results)) out.push(task.results[0]);
  const rd = task.result_data;
  if (isRecord(rd)) out.push(...candidatesOf(rd));
  else if (Array.isArray(rd) && isRecord(rd[0])) out.push(...candidatesOf(rd[0]));
  return out;
}

/**
 * The first value that parses as an absolute https or http URL (an http link is fetched over https first:
 * EvolinkClient.downloadAudio), from, in order:
 * `results[0]`; `result_data.{audio_url, audio (string), audio.url, preview_audio_url, url}`; the same
 * keys on `result_data[0]`. Undefined when none does (the caller reports "completed without audio").
 */
export function findAudioUrl(task: Task): string | undefined {
  for (const c of candidates(task)) {
    const u = asUrl(c);
    if (u) return u;
  }
  return undefined;
}
