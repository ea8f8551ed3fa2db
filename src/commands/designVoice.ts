// "Design a Voice": the guided steps (src/voices/designFlow.ts), then the voice-design task under a
// cancellable progress notification, the preview in the player view, and "Use as Default" / "Design Another".
// For automation the command takes every field as an argument object and resolves to the voice name.
import * as vscode from 'vscode';
import { VOICE_TARGET_MODEL } from '../api/types';
import { Config } from '../config';
import { askDesignInput } from '../voices/designFlow';
import { UnnamedVoiceError } from '../voices/designResult';
import { pickScope, refuseInRestrictedMode, scopeLabel, writeVoice, type VoiceScope } from '../voices/scope';
import { validateDesignInput, type VoiceDesignInput } from '../voices/validation';
import type { DesignResult } from '../voices/voices';
import { preflight } from './preflight';
import type { Services } from './services';

/** The argument form: every field of the design, and optionally where to make it the default. */
export interface DesignVoiceArgs {
  description: string;
  previewText: string;
  preferredName: string;
  /** One of the 10 `language` codes; default `en`. */
  language?: VoiceDesignInput['language'];
  /** Default (and only served value) qwen3-tts-vd-2026-01-26. */
  targetModel?: string;
  useAsDefault?: VoiceScope;
}

function isArgs(a: unknown): a is DesignVoiceArgs {
  return typeof a === 'object' && a !== null && 'description' in a;
}

export function designVoice(s: Services) {
  const { notifier, voices, log } = s;

  /** Checks the key and the base URL before anything is asked or sent; false after saying what is missing. */
  const ready = async (again: () => unknown): Promise<boolean> => Boolean(await preflight(s, s.config.read(), 'voiceDesign', again));

  const offer = (r: DesignResult, input: VoiceDesignInput) => {
    const v = r.voice;
    const actions = [
      {
        title: vscode.l10n.t('Use as Default'),
        run: async () => {
          const scope = await pickScope(v.name, vscode.l10n.t('Evolink TTS: Use as Default'));
          if (scope) await useAsDefault(v.name, scope);
        },
      },
      { title: vscode.l10n.t('Design Another'), run: () => run(undefined, { ...input, preferredName: undefined }) },
      ...(r.preview ? [{ title: vscode.l10n.t('Play Again'), run: () => voices.playCached(v.name) }] : []),
    ];
    const preview = r.preview ? vscode.l10n.t('Its preview is playing in the Read Aloud view.')
      : vscode.l10n.t('There is no preview ({0}).', r.previewProblem ?? vscode.l10n.t('none was sent'));
    notifier.show('info', vscode.l10n.t('Your voice “{0}” is ready: {1}. {2}', v.preferredName ?? v.name, v.name, preview), actions);
  };

  const useAsDefault = async (voice: string, scope: VoiceScope) => {
    if (refuseInRestrictedMode(scope, notifier)) return;
    const note = await writeVoice(voice, scope);
    log.info(`voice ${voice} is now the default in ${scopeLabel(scope)}`);
    notifier.show(note ? 'warning' : 'info', vscode.l10n.t('{0} is now the default voice in {1}.', voice, scopeLabel(scope)) + (note ? ` ${note}` : ''),
      note ? [{ title: vscode.l10n.t('Open Settings'), run: () => Config.open('voice') }] : []);
  };

  const designWith = async (input: VoiceDesignInput, scope?: VoiceScope): Promise<string | undefined> => {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Designing the voice “{0}”', input.preferredName), cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let shown = 0;
        try {
          const result = await voices.design(input, abort.signal, (message, percent) => {
            progress.report({ message, increment: Math.max(0, percent - shown) });
            shown = Math.max(shown, percent);
          });
          return { result };
        } catch (error) {
          return { error, cancelled: abort.signal.aborted };
        } finally {
          sub.dispose();
        }
      },
    );
    if ('error' in outcome) {
      if (outcome.cancelled) {
        log.info(`voice design "${input.preferredName}" cancelled`);
        notifier.show('warning', vscode.l10n.t('Designing “{0}” was cancelled. If Evolink had already received the task it may still finish it and charge its credits (about 2), but the voice will not be in your list.', input.preferredName),
          [{ title: vscode.l10n.t('Design Again'), run: () => designWith(input, scope) }, { title: vscode.l10n.t('Show Log'), run: () => log.show() }]);
      } else if (outcome.error instanceof UnnamedVoiceError) {
        // Paid for: no "Design Again" here, only the way to the log where the answer is.
        notifier.show('error', outcome.error.message, [{ title: vscode.l10n.t('Show Log'), run: () => log.show() }]);
      } else {
        log.error(`voice design "${input.preferredName}" failed`, outcome.error);
        notifier.showError(outcome.error, { job: 'voiceDesign' }, () => designWith(input, scope));
      }
      return undefined;
    }
    const r = outcome.result;
    if (r.preview) void voices.playPreview(r.voice.name, r.preview, r.voice.taskId);
    if (scope) await useAsDefault(r.voice.name, scope);
    else offer(r, input);
    return r.voice.name;
  };

  const run = async (arg?: unknown, start?: Partial<VoiceDesignInput>): Promise<string | undefined> => {
    if (isArgs(arg)) {
      const problems = validateDesignInput(arg);
      if (arg.useAsDefault !== undefined && arg.useAsDefault !== 'user' && arg.useAsDefault !== 'workspace') {
        problems.push('useAsDefault: "user" or "workspace".');
      }
      if (problems.length) {
        notifier.show('error', vscode.l10n.t('“Design a Voice” was given values it cannot send: {0}', problems.join(' ')));
        return undefined;
      }
      // Before anything is sent: a voice that cannot become the default here would cost credits for nothing asked.
      if (arg.useAsDefault && refuseInRestrictedMode(arg.useAsDefault, notifier)) return undefined;
      if (!(await ready(() => run(arg)))) return undefined;
      return designWith({
        description: arg.description.trim(),
        previewText: arg.previewText.trim(),
        preferredName: arg.preferredName,
        language: arg.language ?? 'en',
        targetModel: arg.targetModel ?? VOICE_TARGET_MODEL,
      }, arg.useAsDefault);
    }
    if (!(await ready(() => run(undefined, start)))) return undefined;
    const input = await askDesignInput(start);
    return input ? designWith(input) : undefined;
  };
  return (arg?: unknown) => run(arg);
}
