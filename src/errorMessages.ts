// Turns every failure into one sentence a user can act on, plus the buttons that act on it. No vscode
// import: src/notify.ts shows the result, test/unit can check every ApiError kind. The words go through
// @vscode/l10n, which the host configures with the editor's bundle (English when it is not configured).
// Button titles stay English identifiers here; src/notify.ts shows them localised (buttonTitle).
import * as l10n from '@vscode/l10n';
import { ApiError, isAbort, type ApiErrorKind } from './api/errors';
import type { SettingKey } from './settings';

export const BILLING_URL = 'https://evolink.ai/dashboard/billing';
export const KEYS_URL = 'https://evolink.ai/dashboard/keys';

export type ErrorAction =
  /** `thenRetry`: once a key is stored, the command that asked for it runs again. */
  | { title: 'Set API Key'; kind: 'setApiKey'; thenRetry?: boolean }
  | { title: 'Open Settings'; kind: 'openSettings'; setting: SettingKey }
  | { title: 'Show Log'; kind: 'showLog' }
  | { title: 'Retry'; kind: 'retry' }
  | { title: 'Top Up'; kind: 'openUrl'; url: typeof BILLING_URL }
  | { title: 'Open API Keys'; kind: 'openUrl'; url: typeof KEYS_URL }
  | { title: 'Design a Voice'; kind: 'designVoice' }
  | { title: 'Select Voice'; kind: 'selectVoice' }
  | { title: 'Open Proxy Settings'; kind: 'openProxySettings'; setting: ProxySetting };

/** VS Code's own settings that decide how the extension reaches Evolink. */
export type ProxySetting = 'http.proxy' | 'http.proxyAuthorization' | 'http.proxyStrictSSL';

/** A notification the extension showed, with the titles of the buttons it offered. */
export interface NotificationRecord {
  severity: 'info' | 'warning' | 'error';
  message: string;
  actions: string[];
}

export interface ErrorMessage {
  severity: 'warning' | 'error';
  message: string;
  actions: ErrorAction[];
}

const setKey: ErrorAction = { title: 'Set API Key', kind: 'setApiKey' };
const showLog: ErrorAction = { title: 'Show Log', kind: 'showLog' };
const retry: ErrorAction = { title: 'Retry', kind: 'retry' };
const topUp: ErrorAction = { title: 'Top Up', kind: 'openUrl', url: BILLING_URL };
const openKeys: ErrorAction = { title: 'Open API Keys', kind: 'openUrl', url: KEYS_URL };
const settings = (setting: SettingKey): ErrorAction => ({ title: 'Open Settings', kind: 'openSettings', setting });
const proxySettings = (setting: ProxySetting): ErrorAction => ({ title: 'Open Proxy Settings', kind: 'openProxySettings', setting });

/** "the http.proxy setting" or "the HTTPS_PROXY environment variable". */
export function proxySource(source: string): string {
  return source === 'http.proxy' ? l10n.t('the http.proxy setting') : l10n.t('the {0} environment variable', source);
}

/** How to change the proxy that was used: the setting, or the variable (which http.proxy overrides). */
function proxyFix(source: string): string {
  return source === 'http.proxy' ? l10n.t('Correct the http.proxy setting, or clear it to connect directly')
    : l10n.t('Correct the {0} environment variable, or set the http.proxy setting (it wins over the variable)', source);
}

const UNREACHABLE: Readonly<Record<string, () => string>> = {
  ECONNREFUSED: () => l10n.t('nothing answers at that address (connection refused)'),
  ENOTFOUND: () => l10n.t('its host name was not found'),
  EAI_AGAIN: () => l10n.t('its host name could not be looked up'),
  UND_ERR_CONNECT_TIMEOUT: () => l10n.t('the connection timed out'),
};
/** What a missing or rejected voice offers: design one, or pick one already designed. */
export const VOICE_ACTIONS: readonly ErrorAction[] = [
  { title: 'Design a Voice', kind: 'designVoice' },
  { title: 'Select Voice', kind: 'selectVoice' },
];

export interface ErrorContext {
  voice?: string;
  /** 1-based chunk the failure happened in, when the run had more than one. */
  chunk?: number;
  total?: number;
  /** What failed: reading aloud (default), designing a voice, or Check Connection. */
  job?: 'speech' | 'voiceDesign' | 'connection';
}

/** The message for a failure, or undefined for a Stop (aborts are never shown). */
export function describeError(err: unknown, ctx: ErrorContext = {}): ErrorMessage | undefined {
  if (isAbort(err)) return undefined;
  const where = ctx.total && ctx.total > 1 && ctx.chunk ? l10n.t(' (part {0} of {1})', ctx.chunk, ctx.total) : '';
  const design = ctx.job === 'voiceDesign';
  const failed = design ? l10n.t('Designing the voice failed') : ctx.job === 'connection' ? l10n.t('Checking the connection failed') : l10n.t('Reading aloud failed');
  const task = design ? l10n.t('voice-design task') : l10n.t('speech task');
  if (!(err instanceof ApiError)) {
    const m = err instanceof Error ? err.message : String(err);
    return { severity: 'error', message: l10n.t('{0}{1}: {2}', failed, where, sentence(m)), actions: [retry, showLog] };
  }
  const detail = sentence(err.message);
  /** The detail inside a sentence of ours: no full stop of its own before our punctuation. */
  const inner = detail.replace(/[.!?]+$/, '');
  const code = typeof err.code === 'string' ? err.code : undefined;
  const table: { [K in Exclude<ApiErrorKind, 'aborted'>]: () => ErrorMessage } = {
    auth: () => ({
      severity: 'error',
      message:
        code === 'key_disabled' ? l10n.t('Your Evolink API key is disabled. Set a key that is enabled.')
        : code === 'key_expired' ? l10n.t('Your Evolink API key has expired. Set a new key.')
        : code === 'user_disabled' ? l10n.t('Your Evolink account is disabled. Contact Evolink, or set a key of another account.')
        : l10n.t('Evolink did not accept the API key ({0}). Set a valid key.', inner),
      actions: [setKey],
    }),
    credits: () => ({
      severity: 'error',
      message:
        code === 'token_daily_quota_exceeded' ? l10n.t('This API key has used up its daily credit limit. Raise the limit or top up, then try again.')
        : code === 'insufficient_token_quota' ? l10n.t('This API key has reached its own credit limit. Raise the key’s limit or top up, then try again.')
        : design ? l10n.t('Your Evolink account does not have enough credits to design a voice. Top up, then try again.')
        : l10n.t('Your Evolink account does not have enough credits to read this aloud. Top up, then try again.'),
      actions: [topUp, retry],
    }),
    modelAccess: () => ({
      severity: 'error',
      message: l10n.t('This API key may not use the {0}. Allow the model for this key in the Evolink dashboard (API Keys), or set another key.', design ? l10n.t('qwen-voice-design model') : l10n.t('qwen3-tts-vd speech model')),
      actions: [openKeys, setKey],
    }),
    permission: () => ({
      severity: 'error',
      message: l10n.t('The {0} is not visible with this API key (it belongs to another key or account). Set the key that created it, or try again.', task),
      actions: [setKey, retry],
    }),
    voice: () => ({
      severity: 'error',
      message: code === 'voice_expired'
        ? l10n.t('The voice {0}has expired on Evolink. Design a voice, or select another one you designed.', ctx.voice ? `"${ctx.voice}" ` : '')
        : l10n.t('Evolink does not know the voice {0}(it was not designed with this account, or it expired). Design a voice, or select another one you designed.', ctx.voice ? `"${ctx.voice}" ` : ''),
      actions: [...VOICE_ACTIONS, showLog],
    }),
    badRequest: () => ({
      severity: 'error',
      message: err.param ? l10n.t('Evolink refused the request{0}: {1} (parameter "{2}").', where, inner, err.param) : l10n.t('Evolink refused the request{0}: {1}', where, detail),
      actions: err.param === 'voice' ? [...VOICE_ACTIONS, showLog]
        : err.param === 'language_type' ? [settings('languageType'), showLog]
        : [showLog],
    }),
    taskNotFound: () => ({
      severity: 'error',
      message: l10n.t('Evolink no longer knows the {0} (it expired or never existed). Try again.', task),
      actions: [retry, showLog],
    }),
    rateLimited: () => ({
      severity: 'warning',
      message: l10n.t('Evolink is limiting how fast requests may be sent{0}. Wait a moment, then try again.', retryIn(err.retryAfterMs)),
      actions: [retry],
    }),
    server: () => ({
      severity: 'error',
      message: l10n.t('Evolink had a server problem{0}{1}. Try again in a moment.', err.status ? ` (HTTP ${err.status})` : '', where)
        + (err.requestSent === 'no' ? '' : l10n.t(' A task may have been created and charged.')),
      actions: [retry, showLog],
    }),
    network: () => ({
      severity: 'error',
      message: l10n.t('Could not reach Evolink{0}: {1} Check your connection, proxy, or the evolinkTts.baseUrl setting.', where, detail),
      actions: [retry, showLog, settings('baseUrl')],
    }),
    timeout: () => ({
      severity: 'error',
      message: l10n.t('Evolink did not answer in time{0}. Try again, or raise evolinkTts.requestTimeoutSeconds on a slow connection.', where),
      actions: [retry, showLog, settings('requestTimeoutSeconds')],
    }),
    malformed: () => ({
      severity: 'error',
      message: l10n.t('Evolink sent an answer the extension could not read{0}. Try again; the log has the details.', where),
      actions: [retry, showLog],
    }),
    taskFailed: () => ({
      severity: 'error',
      message:
        code === 'content_policy_violation' ? l10n.t('Evolink’s safety filters blocked the text{0}. Edit the text and try again.', where)
        : design ? l10n.t('Evolink could not design the voice{0}: {1}', where, detail)
        : l10n.t('Evolink could not synthesize the speech{0}: {1}', where, detail),
      actions: err.retryable ? [retry, showLog] : [showLog],
    }),
    taskCancelled: () => ({
      severity: 'warning',
      message: l10n.t('The {0} was cancelled on Evolink{1}. Try again.', task, where),
      actions: [retry],
    }),
    taskStuck: () => ({
      severity: 'error',
      message: l10n.t('The {0} did not finish in time{1}; it may still be charged. Try again later.', task, where),
      actions: [retry, showLog],
    }),
    audioUnavailable: () => ({
      severity: 'error',
      message: l10n.t('The audio could not be downloaded{0} (the link expired or the file was incomplete). Try again.', where),
      actions: [retry, showLog],
    }),
    noAudio: () => ({
      severity: 'error',
      message: l10n.t('Evolink finished the task but sent no audio{0}. Try again; the log has the task id.', where),
      actions: [retry, showLog],
    }),
    config: () => ({
      severity: 'error',
      message: l10n.t('The extension is not set up to reach Evolink: {0}', detail),
      actions: err.param === 'http.proxy' ? [proxySettings('http.proxy')] : /key/i.test(err.message) ? [setKey] : [settings('baseUrl')],
    }),
    proxy: () => {
      const p = err.proxy ?? { url: '', source: 'http.proxy' };
      const named = (start: boolean): string => (start ? l10n.t('The proxy {0}(from {1})', p.url ? `${p.url} ` : '', proxySource(p.source))
        : l10n.t('the proxy {0}(from {1})', p.url ? `${p.url} ` : '', proxySource(p.source)));
      if (err.status === 407) {
        return {
          severity: 'error',
          message: l10n.t('{0} asks for a user name and password (HTTP 407). Put them in the http.proxyAuthorization setting (or in the proxy address), then try again.', named(true)),
          actions: [proxySettings('http.proxyAuthorization'), showLog],
        };
      }
      if (err.status !== undefined) {
        return {
          severity: 'error',
          message: l10n.t('{0} refused to connect to Evolink (HTTP {1}). Ask whoever runs the proxy to allow the Evolink host, or check {2}.', named(true), err.status, proxySource(p.source)),
          actions: [proxySettings('http.proxy'), showLog],
        };
      }
      const why = UNREACHABLE[typeof err.code === 'string' ? err.code : '']?.() ?? l10n.t('it could not be reached');
      return {
        severity: 'error',
        message: l10n.t('Could not connect to {0}: {1}. {2}, then try again.', named(false), why, proxyFix(p.source)),
        actions: [proxySettings('http.proxy'), retry, showLog],
      };
    },
    tls: () => ({
      severity: 'error',
      message: err.proxy
        ? l10n.t('Could not connect to Evolink securely: {0} If your network inspects HTTPS traffic, add its root certificate to the operating system\'s certificate store (the extension trusts that store while http.systemCertificates is on), or turn off http.proxyStrictSSL to skip certificate checks through the proxy {1}.', detail, err.proxy.url)
        : l10n.t('Could not connect to Evolink securely: {0} If your network inspects HTTPS traffic, add its root certificate to the operating system\'s certificate store (the extension trusts that store while http.systemCertificates is on).', detail),
      actions: err.proxy ? [proxySettings('http.proxyStrictSSL'), showLog] : [showLog],
    }),
  };
  return table[err.kind as Exclude<ApiErrorKind, 'aborted'>]?.() ?? {
    severity: 'error',
    message: l10n.t('{0}{1}: {2}', failed, where, detail),
    actions: [showLog],
  };
}

/** What a command needs before it may send anything, and finds missing. */
export type SetupProblem =
  | { kind: 'baseUrl'; reason: string }
  | { kind: 'noKey' }
  /** `language`: the text's language had no voice of its own in evolinkTts.voicesByLanguage. */
  | { kind: 'noVoice'; language?: string };

/** What the command was about to do, in the words of "Set your Evolink API key to …". */
export type SetupJob = 'speech' | 'saveAudio' | 'voiceDesign' | 'connection';

const NO_KEY: Record<SetupJob, () => string> = {
  speech: () => l10n.t('Set your Evolink API key to read aloud.'),
  saveAudio: () => l10n.t('Set your Evolink API key to save audio.'),
  voiceDesign: () => l10n.t('Set your Evolink API key to design a voice.'),
  connection: () => l10n.t('Set your Evolink API key to check the connection.'),
};

/**
 * The one message for a setup problem, the same words and buttons whichever command met it (only the
 * job's name changes). Every command's preflight (src/commands/preflight.ts) shows these.
 */
export function describeSetupProblem(p: SetupProblem, job: SetupJob): ErrorMessage {
  switch (p.kind) {
    case 'baseUrl':
      return {
        severity: 'error',
        message: l10n.t('{0} Change evolinkTts.baseUrl in your user settings: the API key is sent only to https addresses or to this machine.', sentence(p.reason)),
        actions: [settings('baseUrl')],
      };
    case 'noKey':
      return { severity: 'warning', message: NO_KEY[job](), actions: [{ title: 'Set API Key', kind: 'setApiKey', thenRetry: true }] };
    case 'noVoice':
      return {
        severity: 'warning',
        message: l10n.t('Choose a voice first: Evolink reads only with a voice you designed. Design one (about 2 credits), or select one you already have.')
          + (p.language ? l10n.t(' (No voice is set for {0} text, and evolinkTts.voice is empty.)', p.language) : ''),
        actions: [...VOICE_ACTIONS],
      };
  }
}

function sentence(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ') || l10n.t('unknown error');
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function retryIn(ms?: number): string {
  if (!ms || ms <= 0) return '';
  const s = Math.ceil(ms / 1000);
  return l10n.t(' (retry in {0} s)', s);
}
