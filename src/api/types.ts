// Evolink API shapes, as docs/evolink-api.md documents them. Only `id` is required of a creation
// response; every other field is optional and unknown fields are ignored (the client must be tolerant).

export const SPEECH_MODEL = 'qwen3-tts-vd';
export const VOICE_DESIGN_MODEL = 'qwen-voice-design';
/** The only target model Evolink serves for qwen3-tts-vd (documented). */
export const VOICE_TARGET_MODEL = 'qwen3-tts-vd-2026-01-26';
export const MAX_PROMPT_CHARS = 600;

export const LANGUAGE_TYPES = [
  'Auto', 'Chinese', 'English', 'Japanese', 'Korean', 'French', 'German', 'Spanish', 'Italian', 'Russian', 'Portuguese',
] as const;
export type LanguageType = (typeof LANGUAGE_TYPES)[number];

export const VOICE_LANGUAGES = ['zh', 'en', 'ja', 'ko', 'de', 'fr', 'it', 'ru', 'pt', 'es'] as const;
export type VoiceLanguage = (typeof VOICE_LANGUAGES)[number];

export type TaskStatusName = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface SpeechRequest {
  prompt: string;
  voice: string;
  /** Omitted (or `Auto`) = auto-detect. */
  languageType?: LanguageType;
}

export interface VoiceDesignRequest {
  voicePrompt: string;
  previewText: string;
  preferredName: string;
  language?: VoiceLanguage;
  sampleRate?: 8000 | 16000 | 24000 | 48000;
  responseFormat?: 'pcm' | 'wav' | 'mp3' | 'opus';
  /** Default VOICE_TARGET_MODEL (the only one Evolink serves for qwen3-tts-vd). */
  targetModel?: string;
}

export interface TaskInfo {
  can_cancel?: boolean;
  estimated_time?: number;
  audio_type?: string;
}

export interface TaskUsage {
  credits_reserved?: number;
  credits_used?: number;
  billing_rule?: string;
  user_group?: string;
  [k: string]: unknown;
}

export interface TaskError {
  code?: string;
  message?: string;
  type?: string;
  /** The request field the failure is about (e.g. "voice"), when the task reports one. */
  param?: string;
  suggestion?: string;
}

/** A task as returned by POST /v1/audios/generations and GET /v1/tasks/{id}. */
export interface Task {
  id: string;
  object?: string;
  created?: number;
  model?: string;
  type?: string;
  /** Normally a TaskStatusName; unknown values are kept as they came (and polled on). */
  status?: string;
  progress?: number;
  task_info?: TaskInfo;
  usage?: TaskUsage;
  results?: unknown[];
  result_data?: unknown;
  error?: TaskError | null;
  /** The `x-request-id` / `x-oneapi-request-id` of the response that produced this object. */
  requestId?: string;
}

export interface Credits {
  user?: { remaining_credits?: number; used_credits?: number };
  token?: { remaining_credits?: number; used_credits?: number; unlimited_credits?: boolean };
}

export type { AudioData, AudioFormat } from '../audio/types';
