// Ticks off the Get Started walkthrough's steps that are already done (API key stored, voice set), so the
// walkthrough does not ask for what the user did in an earlier session or outside it.
//
// Why not `onContext:` completion events: VS Code 1.139 registers extension walkthroughs lazily (when the
// Welcome page is first used, after waiting up to 5 s for its experiment service), and an `onContext:`
// expression that is already true when the step registers counts as seen but never ticks it. An extension
// that was active before the walkthrough opened (after any command, or in `npm run demo`) sets its context
// first, so its steps would never tick in that session. `welcome.markStepComplete` (the command behind the
// walkthrough's own "Mark Done") records the step as done whenever it runs; the Welcome page reads that record
// when it draws the step. It is a workbench command, not API: where it is missing the walkthrough simply
// stays unticked.
import * as vscode from 'vscode';
import { EXTENSION_ID, WALKTHROUGH_ID } from './constants';

export type WalkthroughStep = 'setApiKey' | 'designVoice' | 'speakSelection';

/** The id VS Code gives a contributed step: `publisher.name#walkthrough#step`. */
export const walkthroughStepId = (step: WalkthroughStep): string => `${EXTENSION_ID}#${WALKTHROUGH_ID}#${step}`;

/** Marks `step` done in the walkthrough. Never throws; `onError` hears why it did not work. */
export async function markStepDone(step: WalkthroughStep, onError: (e: unknown) => void): Promise<void> {
  try {
    await vscode.commands.executeCommand('welcome.markStepComplete', walkthroughStepId(step));
  } catch (e) {
    onError(e);
  }
}

/**
 * Ticks off the steps already done now and whenever they become done: a key stored (`keyStored` is told each
 * time the key changes) and a voice set.
 */
export function tickDoneSteps(hasKey: () => Promise<boolean>, hasVoice: () => boolean, log: (line: string) => void): {
  keyChanged(): void; voiceChanged(): void;
} {
  const notMarked = (e: unknown) => log(`welcome.markStepComplete: ${e instanceof Error ? e.message : String(e)}`);
  const ticks = {
    keyChanged: () => void hasKey().then((k) => (k ? markStepDone('setApiKey', notMarked) : undefined), notMarked),
    voiceChanged: () => { if (hasVoice()) void markStepDone('designVoice', notMarked); },
  };
  ticks.keyChanged();
  ticks.voiceChanged();
  return ticks;
}
