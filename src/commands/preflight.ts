// The checks every command makes before it may send anything to Evolink: a base URL the key may go to,
// and a stored key. One place, so the same problem gets the same words and buttons in every command
// (the words themselves are in errorMessages.ts).
import { describeSetupProblem, type SetupJob, type SetupProblem } from '../errorMessages';
import { checkBaseUrl, type Settings } from '../settings';
import type { ReadRequest } from '../reading/readAloud';
import { voiceFor } from '../speech/voiceChoice';
import type { Services } from './services';

/**
 * The normalised base URL when the command may go on; otherwise undefined after saying what is missing.
 * `again` runs the command again once the user has stored a key from the message's "Set API Key".
 */
export async function preflight(s: Pick<Services, 'secrets' | 'notifier'>, settings: Pick<Settings, 'baseUrl'>, job: SetupJob,
  again?: () => unknown): Promise<string | undefined> {
  const base = checkBaseUrl(settings.baseUrl);
  if (!base.ok) {
    showSetupProblem(s, { kind: 'baseUrl', reason: base.reason }, job);
    return undefined;
  }
  if (!(await s.secrets.get())) {
    showSetupProblem(s, { kind: 'noKey' }, job, again);
    return undefined;
  }
  return base.url;
}

export function showSetupProblem(s: Pick<Services, 'notifier'>, problem: SetupProblem, job: SetupJob, again?: () => unknown): void {
  s.notifier.showMessage(describeSetupProblem(problem, job), again);
}

/** What a reading takes from the settings, besides its text and voice (Speak and Speak Notebook alike). */
export function fromSettings(settings: Settings): Pick<ReadRequest, 'voiceFor' | 'languageType' | 'timeoutMs' | 'maxParallel' | 'cacheMaxBytes'> {
  return {
    voiceFor: (t) => voiceFor(t, settings),
    languageType: settings.languageType,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    maxParallel: settings.maxParallelTasks,
    cacheMaxBytes: settings.cacheMaxMegabytes * 1024 * 1024,
  };
}
