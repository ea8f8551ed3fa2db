// The guided steps of "Design a Voice": description, preview text, name, language, and the target model
// when there is a choice (Evolink serves one today, so that step is skipped and the language step says which
// model the voice is for). Each step checks the documented limits as the user types; Back returns to the
// previous step with its value.
import * as vscode from 'vscode';
import { VOICE_LANGUAGES, type VoiceLanguage } from '../api/types';
import { BACK, inputStep, pickStep } from './quickInput';
import {
  TARGET_MODELS, VOICE_LANGUAGE_NAMES, VOICE_LIMITS, suggestLanguage, suggestName,
  validateDescription, validatePreferredName, validatePreviewText, type VoiceDesignInput,
} from './validation';

const TITLE = (): string => vscode.l10n.t('Evolink TTS: Design a Voice');

interface LanguageItem extends vscode.QuickPickItem { code: VoiceLanguage }
interface ModelItem extends vscode.QuickPickItem { model: string }

/** Asks for every field of a voice design; undefined when the user gave up. `start` pre-fills the steps. */
export async function askDesignInput(start: Partial<VoiceDesignInput> = {}): Promise<VoiceDesignInput | undefined> {
  const v: Partial<VoiceDesignInput> = { ...start };
  const served = TARGET_MODELS.filter((t) => t.served);
  // A step with one possible answer is not asked: the language step is the last, and says what was chosen.
  const only = served.length === 1 ? served[0].id : undefined;
  if (only) v.targetModel = only;
  const total = only ? 4 : 5;
  let step = 1;
  while (step <= total) {
    const pos = { title: TITLE(), step, totalSteps: total };
    let r: unknown;
    switch (step) {
      case 1:
        r = await inputStep({
          ...pos,
          prompt: vscode.l10n.t('Describe the voice in Chinese or English (up to {0} characters): gender, age, pitch, pace, emotion, timbre, what it is for.', VOICE_LIMITS.descriptionMaxChars),
          placeholder: vscode.l10n.t('A calm female narrator in her thirties, warm mid-low pitch, unhurried pace, for audiobooks'),
          value: v.description,
          validate: validateDescription,
        });
        if (typeof r === 'string') v.description = r.trim();
        break;
      case 2:
        r = await inputStep({
          ...pos,
          prompt: vscode.l10n.t('The sentence the preview will speak, in the voice\'s language ({0}–{1} characters).', VOICE_LIMITS.previewMinChars, VOICE_LIMITS.previewMaxChars),
          placeholder: vscode.l10n.t('Good evening. This is how I sound when I read your text aloud.'),
          value: v.previewText,
          validate: validatePreviewText,
        });
        if (typeof r === 'string') v.previewText = r.trim();
        break;
      case 3:
        r = await inputStep({
          ...pos,
          prompt: vscode.l10n.t('A short name, part of the voice\'s full name: up to {0} letters, digits or underscores.', VOICE_LIMITS.nameMaxChars),
          placeholder: vscode.l10n.t('narrator'),
          value: v.preferredName ?? suggestName(v.description ?? ''),
          validate: validatePreferredName,
        });
        if (typeof r === 'string') v.preferredName = r;
        break;
      case 4: {
        const items: LanguageItem[] = VOICE_LANGUAGES.map((code) => ({
          code, label: VOICE_LANGUAGE_NAMES[code], description: code,
        }));
        const want = v.language ?? suggestLanguage(v.previewText ?? '');
        r = await pickStep({
          ...pos,
          placeholder: only
            ? vscode.l10n.t('The language the voice speaks (as the preview text). Enter designs it for {0}, the model Evolink serves for reading (about 2 credits).', only)
            : vscode.l10n.t('The language the voice speaks (the preview text should be in it)'),
          items,
          active: items.find((i) => i.code === want),
        });
        if (r && r !== BACK) v.language = (r as LanguageItem).code;
        break;
      }
      case 5: {
        const items: ModelItem[] = served.map((t) => ({
          model: t.id,
          label: t.id,
          detail: vscode.l10n.t('A voice works only with the model it was designed for.'),
        }));
        r = await pickStep({ ...pos, placeholder: vscode.l10n.t('Target model: Enter designs the voice (Evolink reserves about 2 credits)'), items, active: items[0] });
        if (r && r !== BACK) v.targetModel = (r as ModelItem).model;
        break;
      }
    }
    if (r === undefined) return undefined;
    step += r === BACK ? -1 : 1;
    if (step < 1) step = 1;
  }
  return v as VoiceDesignInput;
}
