// The documented limits of a qwen-voice-design request (docs/evolink-api.md §3) as input checks: each
// returns the sentence to show under the input box, or undefined when the value is fine. No vscode import.
import * as l10n from '@vscode/l10n';
import { VOICE_LANGUAGES, VOICE_TARGET_MODEL, type VoiceLanguage } from '../api/types';
import { countScripts, detectLanguage } from '../speech/languageDetect';

export const VOICE_LIMITS = {
  descriptionMaxChars: 2048,
  previewMaxChars: 1024,
  /** Evolink's own client requires this much preview text (seen in practice). */
  previewMinChars: 5,
  nameMaxChars: 16,
} as const;

export const PREFERRED_NAME_PATTERN = /^[a-zA-Z0-9_]+$/;

/** Every target model the docs name; Evolink serves only the first for qwen3-tts-vd. */
export const TARGET_MODELS = [
  { id: VOICE_TARGET_MODEL, served: true },
  { id: 'qwen3-tts-vd-realtime-2026-01-15', served: false },
  { id: 'qwen3-tts-vd-realtime-2025-12-16', served: false },
] as const;

/** The 10 `language` codes with their names (the languageType word they correspond to). */
export const VOICE_LANGUAGE_NAMES: Record<VoiceLanguage, string> = {
  zh: 'Chinese', en: 'English', ja: 'Japanese', ko: 'Korean', de: 'German',
  fr: 'French', it: 'Italian', ru: 'Russian', pt: 'Portuguese', es: 'Spanish',
};

/** Characters as the API counts them (code points). */
export function charCount(s: string): number {
  return [...s].length;
}

export function validateDescription(value: string): string | undefined {
  if (!value.trim()) {
    return l10n.t('Describe the voice: for example gender, age, pitch, pace, emotion, timbre and what it is for.');
  }
  const n = charCount(value);
  if (n > VOICE_LIMITS.descriptionMaxChars) {
    return l10n.t('At most {0} characters (this is {1}).', VOICE_LIMITS.descriptionMaxChars, n);
  }
  const s = countScripts(value);
  if (s.kana + s.hangul + s.cyrillic + s.other > 0) {
    return l10n.t('Write the description in Chinese or English (Evolink accepts only those two).');
  }
  return undefined;
}

export function validatePreviewText(value: string): string | undefined {
  if (!value.trim()) return l10n.t('Enter the sentence the preview will speak.');
  const n = charCount(value.trim());
  if (n < VOICE_LIMITS.previewMinChars) return l10n.t('At least {0} characters.', VOICE_LIMITS.previewMinChars);
  const total = charCount(value);
  if (total > VOICE_LIMITS.previewMaxChars) return l10n.t('At most {0} characters (this is {1}).', VOICE_LIMITS.previewMaxChars, total);
  return undefined;
}

export function validatePreferredName(value: string): string | undefined {
  if (!value) return l10n.t('Enter a short name: letters, digits or underscores.');
  const n = charCount(value);
  if (n > VOICE_LIMITS.nameMaxChars) return l10n.t('At most {0} characters (this is {1}).', VOICE_LIMITS.nameMaxChars, n);
  if (!PREFERRED_NAME_PATTERN.test(value)) return l10n.t('Only letters a–z, A–Z, digits 0–9 and underscores (no spaces or hyphens).');
  return undefined;
}

export function isVoiceLanguage(v: unknown): v is VoiceLanguage {
  return (VOICE_LANGUAGES as readonly unknown[]).includes(v);
}

/** The `language` code the preview text is most likely in: from its script, else English. */
export function suggestLanguage(previewText: string): VoiceLanguage {
  switch (detectLanguage(previewText)) {
    case 'Chinese': return 'zh';
    case 'Japanese': return 'ja';
    case 'Korean': return 'ko';
    case 'Russian': return 'ru';
    default: return 'en';
  }
}

/** A preferred name made from the description's first words (valid, possibly empty). */
export function suggestName(description: string): string {
  const words = description.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const skip = new Set(['a', 'an', 'the', 'and', 'with', 'of', 'for', 'in', 'to', 'voice', 'very']);
  let name = '';
  for (const w of words.filter((x) => !skip.has(x))) {
    const next = name ? `${name}_${w}` : w;
    if (next.length > VOICE_LIMITS.nameMaxChars) break;
    name = next;
  }
  return name;
}

/** Why a hand-entered voice name cannot be one, or undefined. */
export function validateVoiceName(value: string): string | undefined {
  if (!value) return l10n.t('Enter the full voice name a voice design returned (qwen-tts-vd-…).');
  if (/\s/.test(value)) return l10n.t('A voice name has no spaces.');
  return undefined;
}

export interface VoiceDesignInput {
  description: string;
  previewText: string;
  preferredName: string;
  language: VoiceLanguage;
  targetModel: string;
}

/** Every problem of a complete request (for the command's argument form), one sentence per field. */
export function validateDesignInput(v: Partial<Record<keyof VoiceDesignInput, unknown>>): string[] {
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  const problems: string[] = [];
  const add = (field: string, p: string | undefined) => { if (p) problems.push(`${field}: ${p}`); };
  add('description', validateDescription(str(v.description)));
  add('previewText', validatePreviewText(str(v.previewText)));
  add('preferredName', validatePreferredName(str(v.preferredName)));
  if (v.language !== undefined && !isVoiceLanguage(v.language)) {
    problems.push(`language: one of ${VOICE_LANGUAGES.join(', ')}.`);
  }
  if (v.targetModel !== undefined && !TARGET_MODELS.some((t) => t.served && t.id === v.targetModel)) {
    problems.push(`targetModel: only ${VOICE_TARGET_MODEL} is served for qwen3-tts-vd.`);
  }
  return problems;
}
