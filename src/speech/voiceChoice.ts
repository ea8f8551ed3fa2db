// Which voice reads a chunk: the voice set for the chunk's language in evolinkTts.voicesByLanguage when the
// language is known (named by evolinkTts.languageType, or detected from the chunk's script), otherwise the
// default evolinkTts.voice. Pure, so the read-aloud pipeline can call it per chunk.
import type { LanguageType } from '../api/types';
import { detectLanguage, type SpokenLanguage } from './languageDetect';

/** Language → designed voice name (the languageType words: English, Chinese, …). */
export type VoicesByLanguage = Partial<Record<SpokenLanguage, string>>;

export interface VoiceSettings {
  /** The default voice; '' when none is set. */
  voice: string;
  languageType: LanguageType;
  voicesByLanguage: VoicesByLanguage;
}

export interface VoiceChoice {
  /** The voice to send; '' when neither a language voice nor a default is set. */
  voice: string;
  /** The language the choice was made for, if one was known. */
  language?: SpokenLanguage;
  /** Where the voice came from. */
  source: 'language' | 'default';
  /** How the language became known. */
  languageFrom?: 'setting' | 'detected';
}

/** The voice for `chunkText`, with the reason (for the log). */
export function chooseVoice(chunkText: string, settings: VoiceSettings): VoiceChoice {
  const languageFrom = settings.languageType !== 'Auto' ? 'setting' : undefined;
  const language = settings.languageType !== 'Auto' ? settings.languageType : detectLanguage(chunkText);
  const byLanguage = language ? settings.voicesByLanguage[language]?.trim() : undefined;
  if (language && byLanguage) {
    return { voice: byLanguage, language, source: 'language', languageFrom: languageFrom ?? 'detected' };
  }
  return {
    voice: settings.voice.trim(),
    source: 'default',
    ...(language ? { language, languageFrom: languageFrom ?? 'detected' } : {}),
  };
}

/** The voice for `chunkText`: the language's voice when the language is known and has one, else the default. */
export function voiceFor(chunkText: string, settings: VoiceSettings): string {
  return chooseVoice(chunkText, settings).voice;
}
