// The settings this extension reads, as plain data: the one interface that mirrors
// `contributes.configuration` in package.json. No vscode import, so the unit test that checks the two
// cannot drift (test/unit/packageJson.test.ts) runs in plain Node. src/config.ts reads them.
import { checkBaseUrl as clientCheckBaseUrl } from './api/client';
import { LANGUAGE_TYPES, type LanguageType } from './api/types';
import type { SpokenLanguage } from './speech/languageDetect';
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
}

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
  const t = typeof raw.requestTimeoutSeconds === 'number' && Number.isFinite(raw.requestTimeoutSeconds)
    ? raw.requestTimeoutSeconds
    : d.requestTimeoutSeconds.default;
  const requestTimeoutSeconds = Math.min(d.requestTimeoutSeconds.maximum!, Math.max(d.requestTimeoutSeconds.minimum!, t));
  return { voice, voicesByLanguage, languageType, baseUrl, requestTimeoutSeconds };
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
