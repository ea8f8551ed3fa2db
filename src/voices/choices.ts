// What Select Voice lists, in order, as plain data (no vscode import, unit-tested): the voices of the list
// newest first with the one in use marked, the configured voice even when it was never designed here, and
// the voices Evolink refused at the bottom, flagged, so the first choice is never a voice known not to work.
import * as l10n from '@vscode/l10n';
import { VOICE_LANGUAGE_NAMES } from './validation';
import type { VoiceRecord } from './types';

export interface VoiceChoice {
  name: string;
  label: string;
  description?: string;
  detail: string;
  /** The voice evolinkTts.voice holds here. */
  inUse: boolean;
  /** When Evolink last refused it (unknown or expired). */
  rejected?: string;
  /** Its entry in the list; absent for a configured voice the list does not hold. */
  record?: VoiceRecord;
}

export function voiceChoices(list: readonly VoiceRecord[], current: string, today = new Date()): VoiceChoice[] {
  const date = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toDateString() === today.toDateString() ? l10n.t('today') : d.toLocaleDateString();
  };
  const out: VoiceChoice[] = list.map((v) => ({
    name: v.name,
    label: `${v.rejected ? '$(warning) ' : v.name === current ? '$(check) ' : ''}${v.preferredName ?? v.name}`,
    description: [v.name === current ? l10n.t('in use') : undefined, v.preferredName ? v.name : v.origin === 'entered' ? l10n.t('entered by name') : undefined]
      .filter(Boolean).join(' · ') || undefined,
    detail: [
      v.rejected ? l10n.t('Evolink refused this voice {0} (unknown or expired): remove it with the bin button', date(v.rejected)) : undefined,
      v.description ?? (v.origin === 'entered' ? l10n.t('Entered by name') : undefined),
      l10n.t('created {0}', date(v.created)),
      v.language ? VOICE_LANGUAGE_NAMES[v.language] : undefined,
    ].filter(Boolean).join(' · '),
    inUse: v.name === current,
    rejected: v.rejected,
    record: v,
  }));
  if (current && !list.some((v) => v.name === current)) {
    out.unshift({ name: current, label: `$(check) ${current}`, description: l10n.t('in use'), detail: l10n.t('Set in your settings; not designed or entered here'), inUse: true });
  }
  // Refused voices last; otherwise the list's own order (newest first).
  return [...out.filter((c) => !c.rejected), ...out.filter((c) => c.rejected)];
}
