// The settings this extension reads, as plain data: the one interface that mirrors
// `contributes.configuration` in package.json. No vscode import, so the unit test that checks the two
// cannot drift (test/unit/packageJson.test.ts) runs in plain Node. src/config.ts reads them.
import { LANGUAGE_TYPES, type LanguageType } from './api/types';

export interface Settings {
  /** The designed voice to read with (`qwen-tts-vd-…`); empty until the user sets one. */
  voice: string;
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
  languageType: { default: 'Auto', scope: 'resource', enum: LANGUAGE_TYPES },
  baseUrl: { default: 'https://api.evolink.ai', scope: 'application' },
  requestTimeoutSeconds: { default: 30, scope: 'application', minimum: 5, maximum: 300 },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks a base URL: https anywhere, plain http only on a loopback host (the local simulator).
 * Returns the normalised URL (no trailing slash) or a sentence saying what is wrong.
 */
export function checkBaseUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `"${raw}" is not a URL.` };
  }
  if (u.username || u.password) return { ok: false, reason: 'The base URL must not contain a user name or password.' };
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.test(u.hostname))) {
    return { ok: false, reason: `"${raw}" must use https (plain http is allowed only for localhost / 127.0.0.1).` };
  }
  return { ok: true, url: u.toString().replace(/\/+$/, '') };
}

/** Clamps and types raw configuration values; anything unusable falls back to the default. */
export function normalizeSettings(raw: { [K in SettingKey]?: unknown }): Settings {
  const d = SETTINGS;
  const voice = typeof raw.voice === 'string' ? raw.voice.trim() : d.voice.default;
  const languageType = (LANGUAGE_TYPES as readonly unknown[]).includes(raw.languageType)
    ? (raw.languageType as LanguageType)
    : d.languageType.default;
  const baseUrl = typeof raw.baseUrl === 'string' && raw.baseUrl.trim() ? raw.baseUrl.trim() : d.baseUrl.default;
  const t = typeof raw.requestTimeoutSeconds === 'number' && Number.isFinite(raw.requestTimeoutSeconds)
    ? raw.requestTimeoutSeconds
    : d.requestTimeoutSeconds.default;
  const requestTimeoutSeconds = Math.min(d.requestTimeoutSeconds.maximum!, Math.max(d.requestTimeoutSeconds.minimum!, t));
  return { voice, languageType, baseUrl, requestTimeoutSeconds };
}
