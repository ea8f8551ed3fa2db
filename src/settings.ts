// The settings this extension reads, as plain data: the one interface that mirrors
// `contributes.configuration` in package.json. No vscode import, so the unit test that checks the two
// cannot drift (test/unit/packageJson.test.ts) runs in plain Node. src/config.ts reads them.
import { checkBaseUrl as clientCheckBaseUrl } from './api/client';
import { LANGUAGE_TYPES, type LanguageType } from './api/types';
import type { SpokenLanguage } from './speech/languageDetect';
import { URL_MODES, type Urls } from './speech/prose';
import type { VoicesByLanguage } from './speech/voiceChoice';

export interface Settings {
  /** The designed voice to read with (`qwen-tts-vd-…`); empty until the user sets one. */
  voice: string;
  /** Language → voice, used when the language is known (set, or detected per chunk from the script). */
  voicesByLanguage: VoicesByLanguage;
  languageType: LanguageType;
  /** Where requests (and the key) go. Read from the user (application) scope only. */
  baseUrl: string;
  requestTimeoutSeconds: number;
  /** How many speech tasks may be in flight at once while reading ahead (1–6). */
  maxParallelTasks: number;
  /** What happens to fenced and indented code blocks in Markdown. */
  codeBlocks: CodeBlocks;
  /** Mathematics (LaTeX, Markdown): spoken as words, announced as "formula", or skipped. */
  math: MathMode;
  /** LaTeX citations, cross-references and footnotes: announced (footnotes read) or skipped. */
  'latex.references': LatexReferences;
  /** What is read of a code file: its comments and docstrings, or all of it as it is. */
  codeFiles: CodeFiles;
  /** URLs in the text: "link to" and the host, skipped, or read as written. */
  urls: Urls;
  /** Word → spoken form, applied to whole words before the text is sent. */
  pronunciations: Record<string, string>;
  /** Upper bound of the on-disk audio cache, in MB. */
  cacheMaxMegabytes: number;
  /** Ask before reading more than this many characters (0: never ask). */
  confirmAboveCharacters: number;
  /** Playback speed, 0.5–4; pitch is preserved. */
  playbackRate: number;
  /** Dims the text outside the paragraph or sentence being read. */
  focus: FocusMode;
  /** What is highlighted while reading: sentence and word, sentence only, or nothing. */
  highlight: HighlightSetting;
  /** Subtitles Save Audio writes next to the WAV. */
  saveSubtitles: SaveSubtitles;
  /** Pause at the end of each sentence or paragraph (Pause/Resume goes on), or never. */
  pauseAfter: PauseAfter;
}

export const FOCUS_MODES = ['off', 'paragraph', 'sentence'] as const;
export type FocusMode = (typeof FOCUS_MODES)[number];

export const HIGHLIGHTS = ['word', 'sentence', 'off'] as const;
export type HighlightSetting = (typeof HIGHLIGHTS)[number];
export const SAVE_SUBTITLES = ['none', 'sentences', 'sentencesAndWords'] as const;
export type SaveSubtitles = (typeof SAVE_SUBTITLES)[number];

export const PAUSE_AFTER = ['none', 'sentence', 'paragraph'] as const;
export type PauseAfter = (typeof PAUSE_AFTER)[number];

export const CODE_BLOCKS = ['skip', 'announce', 'read'] as const;
export type CodeBlocks = (typeof CODE_BLOCKS)[number];
export const MATH_MODES = ['speak', 'announce', 'skip'] as const;
export type MathMode = (typeof MATH_MODES)[number];
export const LATEX_REFERENCES = ['announce', 'skip'] as const;
export type LatexReferences = (typeof LATEX_REFERENCES)[number];
export const CODE_FILES = ['comments', 'all'] as const;
export type CodeFiles = (typeof CODE_FILES)[number];

export type SettingKey = keyof Settings;

/** Each setting's default and constraints, exactly as package.json declares them. */
export const SETTINGS: {
  readonly [K in SettingKey]: {
    default: Settings[K];
    scope: 'application' | 'machine' | 'window' | 'resource';
    enum?: readonly string[];
    minimum?: number;
    maximum?: number;
  };
} = {
  voice: { default: '', scope: 'resource' },
  voicesByLanguage: { default: {}, scope: 'resource' },
  languageType: { default: 'Auto', scope: 'resource', enum: LANGUAGE_TYPES },
  baseUrl: { default: 'https://api.evolink.ai', scope: 'application' },
  requestTimeoutSeconds: { default: 30, scope: 'application', minimum: 5, maximum: 300 },
  maxParallelTasks: { default: 3, scope: 'application', minimum: 1, maximum: 6 },
  codeBlocks: { default: 'announce', scope: 'resource', enum: CODE_BLOCKS },
  math: { default: 'speak', scope: 'resource', enum: MATH_MODES },
  'latex.references': { default: 'announce', scope: 'resource', enum: LATEX_REFERENCES },
  codeFiles: { default: 'comments', scope: 'resource', enum: CODE_FILES },
  urls: { default: 'host', scope: 'resource', enum: URL_MODES },
  pronunciations: { default: {}, scope: 'resource' },
  cacheMaxMegabytes: { default: 200, scope: 'machine', minimum: 0, maximum: 10_000 },
  confirmAboveCharacters: { default: 3000, scope: 'application', minimum: 0 },
  playbackRate: { default: 1, scope: 'application', minimum: 0.5, maximum: 4 },
  focus: { default: 'off', scope: 'application', enum: FOCUS_MODES },
  highlight: { default: 'word', scope: 'application', enum: HIGHLIGHTS },
  saveSubtitles: { default: 'none', scope: 'application', enum: SAVE_SUBTITLES },
  pauseAfter: { default: 'none', scope: 'application', enum: PAUSE_AFTER },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/**
 * Checks a base URL with the client's own rule (https anywhere, plain http only on a loopback host such
 * as the local simulator). Returns the normalised URL or a sentence saying what is wrong.
 */
export function checkBaseUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  try {
    return { ok: true, url: clientCheckBaseUrl(raw).toString().replace(/\/+$/, '') };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Clamps and types raw configuration values; anything unusable falls back to the default. */
export function normalizeSettings(raw: { [K in SettingKey]?: unknown }): Settings {
  const d = SETTINGS;
  const voice = typeof raw.voice === 'string' ? raw.voice.trim() : d.voice.default;
  const voicesByLanguage = normalizeVoicesByLanguage(raw.voicesByLanguage);
  const languageType = (LANGUAGE_TYPES as readonly unknown[]).includes(raw.languageType)
    ? (raw.languageType as LanguageType)
    : d.languageType.default;
  const baseUrl = typeof raw.baseUrl === 'string' && raw.baseUrl.trim() ? raw.baseUrl.trim() : d.baseUrl.default;
  const requestTimeoutSeconds = clampNumber(raw.requestTimeoutSeconds, d.requestTimeoutSeconds);
  const maxParallelTasks = Math.round(clampNumber(raw.maxParallelTasks, d.maxParallelTasks));
  const codeBlocks = (CODE_BLOCKS as readonly unknown[]).includes(raw.codeBlocks) ? (raw.codeBlocks as CodeBlocks) : d.codeBlocks.default;
  const math = (MATH_MODES as readonly unknown[]).includes(raw.math) ? (raw.math as MathMode) : d.math.default;
  const latexReferences = (LATEX_REFERENCES as readonly unknown[]).includes(raw['latex.references'])
    ? (raw['latex.references'] as LatexReferences)
    : d['latex.references'].default;
  const codeFiles = (CODE_FILES as readonly unknown[]).includes(raw.codeFiles) ? (raw.codeFiles as CodeFiles) : d.codeFiles.default;
  const urls = (URL_MODES as readonly unknown[]).includes(raw.urls) ? (raw.urls as Urls) : d.urls.default;
  const pronunciations: Record<string, string> = {};
  if (typeof raw.pronunciations === 'object' && raw.pronunciations !== null && !Array.isArray(raw.pronunciations)) {
    for (const [word, spoken] of Object.entries(raw.pronunciations as Record<string, unknown>)) {
      if (word.trim() && typeof spoken === 'string') pronunciations[word.trim()] = spoken;
    }
  }
  const cacheMaxMegabytes = clampNumber(raw.cacheMaxMegabytes, d.cacheMaxMegabytes);
  const confirmAboveCharacters = Math.round(clampNumber(raw.confirmAboveCharacters, d.confirmAboveCharacters));
  const playbackRate = clampRate(typeof raw.playbackRate === 'number' ? raw.playbackRate : d.playbackRate.default);
  const focus = (FOCUS_MODES as readonly unknown[]).includes(raw.focus) ? (raw.focus as FocusMode) : d.focus.default;
  const highlight = (HIGHLIGHTS as readonly unknown[]).includes(raw.highlight) ? (raw.highlight as HighlightSetting) : d.highlight.default;
  const saveSubtitles = (SAVE_SUBTITLES as readonly unknown[]).includes(raw.saveSubtitles) ? (raw.saveSubtitles as SaveSubtitles) : d.saveSubtitles.default;
  const pauseAfter = (PAUSE_AFTER as readonly unknown[]).includes(raw.pauseAfter) ? (raw.pauseAfter as PauseAfter) : d.pauseAfter.default;
  return {
    voice, voicesByLanguage, languageType, baseUrl, requestTimeoutSeconds, maxParallelTasks, codeBlocks, pronunciations, cacheMaxMegabytes,
    confirmAboveCharacters, playbackRate, math, 'latex.references': latexReferences, focus, highlight, saveSubtitles, codeFiles, urls, pauseAfter,
  };
}

/** Keeps only language words other than Auto whose value is a voice name without spaces. */
export function normalizeVoicesByLanguage(raw: unknown): VoicesByLanguage {
  const out: VoicesByLanguage = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [lang, voice] of Object.entries(raw as Record<string, unknown>)) {
    if (lang === 'Auto' || !(LANGUAGE_TYPES as readonly string[]).includes(lang)) continue;
    if (typeof voice === 'string' && voice.trim() && !/\s/.test(voice.trim())) out[lang as SpokenLanguage] = voice.trim();
  }
  return out;
}

/** A finite number within the setting's bounds, else its default. */
function clampNumber(v: unknown, s: { default: number; minimum?: number; maximum?: number }): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? v : s.default;
  return Math.min(s.maximum ?? Infinity, Math.max(s.minimum ?? -Infinity, n));
}

/** Playback rates the player accepts: 0.5–4, in steps of 0.05 (NaN → 1). */
export function clampRate(rate: number): number {
  if (!Number.isFinite(rate)) return 1;
  return Math.round(Math.min(4, Math.max(0.5, rate)) * 20) / 20;
}
