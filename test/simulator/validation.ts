// Field rules of POST /v1/audios/generations for both models (docs/evolink-api.md §2, §3, §6).
import { isIP } from 'node:net';
import { errors } from './errors';

export const SPEECH_MODEL = 'qwen3-tts-vd';
export const DESIGN_MODEL = 'qwen-voice-design';
export const MODELS = [SPEECH_MODEL, DESIGN_MODEL];
export const DEFAULT_TARGET_MODEL = 'qwen3-tts-vd-2026-01-26';
export const TARGET_MODELS = [DEFAULT_TARGET_MODEL, 'qwen3-tts-vd-realtime-2026-01-15', 'qwen3-tts-vd-realtime-2025-12-16'];
export const LANGUAGE_TYPES = [
  'Auto', 'Chinese', 'English', 'Japanese', 'Korean', 'French', 'German', 'Spanish', 'Italian', 'Russian', 'Portuguese',
];
export const VOICE_LANGUAGES = ['zh', 'en', 'ja', 'ko', 'de', 'fr', 'it', 'ru', 'pt', 'es'];
export const SAMPLE_RATES = [8000, 16000, 24000, 48000];
export const RESPONSE_FORMATS = ['pcm', 'wav', 'mp3', 'opus'];
export const MAX_PROMPT = 600;
export const MAX_VOICE_PROMPT = 2048;
export const MAX_PREVIEW_TEXT = 1024;
export const MAX_PREFERRED_NAME = 16;

export interface SpeechParams {
  model: typeof SPEECH_MODEL;
  prompt: string;
  voice: string;
  languageType?: string;
  callbackUrl?: string;
}

export interface DesignParams {
  model: typeof DESIGN_MODEL;
  voicePrompt: string;
  previewText: string;
  preferredName: string;
  language: string;
  sampleRate: number;
  responseFormat: string;
  targetModel: string;
  callbackUrl?: string;
}

/** Length in Unicode code points (an astral character counts once). */
export function codePoints(s: string): number {
  return Array.from(s).length;
}

/**
 * The prompt's length as the service counts it toward 600: a Han, kana or Hangul character or a fullwidth
 * form counts 2 ("billing characters"), every other code point 1. Written apart from the client's count.
 */
export function billingCharacters(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\uFF01-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return n;
}

type Body = Record<string, unknown>;

/** Step 2 of the check order: the body must be a JSON object naming a known model. */
export function parseModel(raw: string): { body: Body; model: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw errors.invalidParameter('model', 'Request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw errors.invalidParameter('model', 'Request body must be a JSON object');
  }
  const model = (body as Body).model;
  if (model === undefined || model === null || model === '') {
    throw errors.invalidParameter('model', 'Missing required parameter: model');
  }
  if (typeof model !== 'string' || !MODELS.includes(model)) {
    throw errors.invalidParameter('model', `Unsupported model: ${String(model)}`);
  }
  return { body: body as Body, model };
}

const absent = (v: unknown): boolean => v === undefined || v === null;

function optionalEnum(body: Body, name: string, allowed: readonly (string | number)[]): string | number | undefined {
  const v = body[name];
  if (absent(v)) return undefined;
  if ((typeof v !== 'string' && typeof v !== 'number') || !allowed.includes(v)) {
    throw errors.invalidParameter(name, `${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(v)}`);
  }
  return v;
}

export function validateSpeech(body: Body, allowLoopbackCallbacks: boolean, maxPrompt = MAX_PROMPT): SpeechParams {
  const { prompt, input } = body;
  for (const [name, v] of [['prompt', prompt], ['input', input]] as const) {
    if (!absent(v) && typeof v !== 'string') throw errors.invalidParameter(name, `${name} must be a string`);
  }
  if (typeof prompt === 'string' && typeof input === 'string' && prompt !== input) throw errors.parameterConflict();
  const text = (typeof prompt === 'string' ? prompt : undefined) ?? (typeof input === 'string' ? input : undefined);
  if (text === undefined || text.trim() === '') throw errors.missingText();
  const n = billingCharacters(text);
  if (n > maxPrompt) throw errors.promptTooLong(n, maxPrompt);
  const voice = body.voice;
  if (absent(voice) || voice === '') throw errors.invalidParameter('voice', 'Missing required parameter: voice');
  if (typeof voice !== 'string') throw errors.invalidParameter('voice', 'voice must be a string');
  const languageType = optionalEnum(body, 'language_type', LANGUAGE_TYPES) as string | undefined;
  const callbackUrl = validateCallbackUrl(body.callback_url, allowLoopbackCallbacks);
  return { model: SPEECH_MODEL, prompt: text, voice, languageType, callbackUrl };
}

function requiredText(body: Body, name: string, max: number): string {
  const v = body[name];
  if (typeof v !== 'string') throw errors.invalidParameter(name, `${name} must be a string`);
  if (v.trim() === '') throw errors.invalidParameter(name, `${name} must not be blank`);
  const n = codePoints(v);
  if (n > max) throw errors.invalidParameter(name, `${name} must be at most ${max} characters, got ${n}`);
  return v;
}

export function validateDesign(body: Body, allowLoopbackCallbacks: boolean): DesignParams {
  const missing = (v: unknown) => absent(v) || v === '';
  if (missing(body.voice_prompt) || missing(body.preview_text)) throw errors.missingDesignText();
  const voicePrompt = requiredText(body, 'voice_prompt', MAX_VOICE_PROMPT);
  const previewText = requiredText(body, 'preview_text', MAX_PREVIEW_TEXT);
  const name = body.preferred_name;
  if (missing(name)) throw errors.invalidParameter('preferred_name', 'Missing required parameter: preferred_name');
  if (typeof name !== 'string' || name.length > MAX_PREFERRED_NAME || !/^[a-zA-Z0-9_]+$/.test(name)) {
    throw errors.invalidParameter(
      'preferred_name',
      `preferred_name must be 1 to ${MAX_PREFERRED_NAME} characters matching ^[a-zA-Z0-9_]+$`,
    );
  }
  const language = (optionalEnum(body, 'language', VOICE_LANGUAGES) as string | undefined) ?? 'zh';
  const sampleRate = body.sample_rate;
  if (!absent(sampleRate) && (typeof sampleRate !== 'number' || !SAMPLE_RATES.includes(sampleRate))) {
    throw errors.invalidParameter('sample_rate', `sample_rate must be one of ${SAMPLE_RATES.join(', ')}`);
  }
  const responseFormat = (optionalEnum(body, 'response_format', RESPONSE_FORMATS) as string | undefined) ?? 'wav';
  const targetModel = (optionalEnum(body, 'target_model', TARGET_MODELS) as string | undefined) ?? DEFAULT_TARGET_MODEL;
  const callbackUrl = validateCallbackUrl(body.callback_url, allowLoopbackCallbacks);
  return {
    model: DESIGN_MODEL, voicePrompt, previewText, preferredName: name, language,
    sampleRate: (sampleRate as number | undefined) ?? 24000, responseFormat, targetModel, callbackUrl,
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function isPrivate(host: string): boolean {
  if (isLoopback(host) || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 0 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)
      || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(host) === 6) return /^(fc|fd|fe80|::$|::ffff:)/i.test(host);
  return false;
}

/** §6: https only, ≤ 2048 chars, no internal targets (loopback allowed by the test switch). */
export function validateCallbackUrl(v: unknown, allowLoopback: boolean): string | undefined {
  if (absent(v)) return undefined;
  const bad = (why: string) => errors.invalidParameter('callback_url', `callback_url ${why}`);
  if (typeof v !== 'string' || v === '') throw bad('must be a non-empty string');
  if (v.length > 2048) throw bad('must be at most 2048 characters');
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw bad('must be an absolute URL');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopbackOk = allowLoopback && isLoopback(host);
  if (url.protocol !== 'https:' && !(loopbackOk && url.protocol === 'http:')) throw bad('must use https');
  if (isPrivate(host) && !loopbackOk) throw bad('must not point to an internal address');
  return v;
}
