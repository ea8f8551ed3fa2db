// Controls while reading: previous / next / repeat sentence, and the playback speed (faster, slower, or a
// pick from a list). The speed is the evolinkTts.playbackRate user setting; changing it applies at once.
import * as vscode from 'vscode';
import { Config } from '../config';
import { clampRate } from '../settings';
import type { Services } from './services';

/** The speeds Faster and Slower step through. */
export const RATE_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4] as const;

export const previousSentence = ({ reader }: Services) => (): void => reader.previousSentence();
export const nextSentence = ({ reader }: Services) => (): void => reader.nextSentence();
export const repeatSentence = ({ reader }: Services) => (): void => reader.repeatSentence();

/** Sets the speed now (player and status bar) and stores it in the user settings. */
async function setRate({ player, log }: Services, rate: number): Promise<void> {
  const r = clampRate(rate);
  player.setRate(r);
  log.info(`playback speed ${r}×`);
  await Config.update('playbackRate', r);
}

export const faster = (s: Services) => (): Promise<void> =>
  setRate(s, RATE_STEPS.find((r) => r > s.player.rate + 1e-9) ?? RATE_STEPS[RATE_STEPS.length - 1]);

export const slower = (s: Services) => (): Promise<void> =>
  setRate(s, [...RATE_STEPS].reverse().find((r) => r < s.player.rate - 1e-9) ?? RATE_STEPS[0]);

/** Quick pick of speeds; with a number argument (automation, tests) sets that speed directly. */
export const playbackSpeed = (s: Services) => async (rate?: unknown): Promise<void> => {
  if (typeof rate === 'number') return setRate(s, rate);
  const now = s.player.rate;
  const pick = await vscode.window.showQuickPick(
    RATE_STEPS.map((r) => ({ label: `${r}×`, description: r === 1 ? vscode.l10n.t('normal') : undefined, picked: r === now, rate: r })),
    { title: vscode.l10n.t('Evolink TTS: Playback Speed'), placeHolder: vscode.l10n.t('Now {0}× (the pitch stays natural)', now) },
  );
  if (pick) await setRate(s, pick.rate);
};
