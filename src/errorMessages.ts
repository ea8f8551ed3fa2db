// Turns every failure into one sentence a user can act on, plus the buttons that act on it. No vscode
// import: src/notify.ts shows the result, test/unit can check every ApiError kind.
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
  return source === 'http.proxy' ? 'the http.proxy setting' : `the ${source} environment variable`;
}

/** How to change the proxy that was used: the setting, or the variable (which http.proxy overrides). */
function proxyFix(source: string): string {
  return source === 'http.proxy' ? 'Correct the http.proxy setting, or clear it to connect directly'
    : `Correct the ${source} environment variable, or set the http.proxy setting (it wins over the variable)`;
}

const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing answers at that address (connection refused)',
  ENOTFOUND: 'its host name was not found',
  EAI_AGAIN: 'its host name could not be looked up',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
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
  const where = ctx.total && ctx.total > 1 && ctx.chunk ? ` (part ${ctx.chunk} of ${ctx.total})` : '';
  const design = ctx.job === 'voiceDesign';
  const failed = design ? 'Designing the voice failed' : ctx.job === 'connection' ? 'Checking the connection failed' : 'Reading aloud failed';
  const task = design ? 'voice-design task' : 'speech task';
  if (!(err instanceof ApiError)) {
    const m = err instanceof Error ? err.message : String(err);
    return { severity: 'error', message: `${failed}${where}: ${sentence(m)}`, actions: [retry, showLog] };
  }
  const detail = sentence(err.message);
  /** The detail inside a sentence of ours: no full stop of its own before our punctuation. */
  const inner = detail.replace(/[.!?]+$/, '');
  const code = typeof err.code === 'string' ? err.code : undefined;
  const table: { [K in Exclude<ApiErrorKind, 'aborted'>]: () => ErrorMessage } = {
    auth: () => ({
      severity: 'error',
      message:
        code === 'key_disabled' ? 'Your Evolink API key is disabled. Set a key that is enabled.'
        : code === 'key_expired' ? 'Your Evolink API key has expired. Set a new key.'
        : code === 'user_disabled' ? 'Your Evolink account is disabled. Contact Evolink, or set a key of another account.'
        : `Evolink did not accept the API key (${inner}). Set a valid key.`,
      actions: [setKey],
    }),
    credits: () => ({
      severity: 'error',
      message:
        code === 'token_daily_quota_exceeded' ? 'This API key has used up its daily credit limit. Raise the limit or top up, then try again.'
        : code === 'insufficient_token_quota' ? 'This API key has reached its own credit limit. Raise the key’s limit or top up, then try again.'
        : `Your Evolink account does not have enough credits to ${design ? 'design a voice' : 'read this aloud'}. Top up, then try again.`,
      actions: [topUp, retry],
    }),
    modelAccess: () => ({
      severity: 'error',
      message: `This API key may not use the ${design ? 'qwen-voice-design model' : 'qwen3-tts-vd speech model'}. Allow the model for this key in the Evolink dashboard (API Keys), or set another key.`,
      actions: [openKeys, setKey],
    }),
    permission: () => ({
      severity: 'error',
      message: `The ${task} is not visible with this API key (it belongs to another key or account). Set the key that created it, or try again.`,
      actions: [setKey, retry],
    }),
    voice: () => ({
      severity: 'error',
      message: `${code === 'voice_expired' ? `The voice ${ctx.voice ? `"${ctx.voice}" ` : ''}has expired on Evolink.` : `Evolink does not know the voice ${ctx.voice ? `"${ctx.voice}" ` : ''}(it was not designed with this account, or it expired).`}`
        + ' Design a voice, or select another one you designed.',
      actions: [...VOICE_ACTIONS, showLog],
    }),
    badRequest: () => ({
      severity: 'error',
      message: err.param ? `Evolink refused the request${where}: ${inner} (parameter "${err.param}").` : `Evolink refused the request${where}: ${detail}`,
      actions: err.param === 'voice' ? [...VOICE_ACTIONS, showLog]
        : err.param === 'language_type' ? [settings('languageType'), showLog]
        : [showLog],
    }),
    taskNotFound: () => ({
      severity: 'error',
      message: `Evolink no longer knows the ${task} (it expired or never existed). Try again.`,
      actions: [retry, showLog],
    }),
    rateLimited: () => ({
      severity: 'warning',
      message: `Evolink is limiting how fast requests may be sent${retryIn(err.retryAfterMs)}. Wait a moment, then try again.`,
      actions: [retry],
    }),
    server: () => ({
      severity: 'error',
      message: `Evolink had a server problem${err.status ? ` (HTTP ${err.status})` : ''}${where}. Try again in a moment.`
        + (err.requestSent === 'no' ? '' : ' A task may have been created and charged.'),
      actions: [retry, showLog],
    }),
    network: () => ({
      severity: 'error',
      message: `Could not reach Evolink${where}: ${detail} Check your connection, proxy, or the evolinkTts.baseUrl setting.`,
      actions: [retry, showLog, settings('baseUrl')],
    }),
    timeout: () => ({
      severity: 'error',
      message: `Evolink did not answer in time${where}. Try again, or raise evolinkTts.requestTimeoutSeconds on a slow connection.`,
      actions: [retry, showLog, settings('requestTimeoutSeconds')],
    }),
    malformed: () => ({
      severity: 'error',
      message: `Evolink sent an answer the extension could not read${where}. Try again; the log has the details.`,
      actions: [retry, showLog],
    }),
    taskFailed: () => ({
      severity: 'error',
      message:
        code === 'content_policy_violation' ? `Evolink’s safety filters blocked the text${where}. Edit the text and try again.`
        : `Evolink could not ${design ? 'design the voice' : 'synthesize the speech'}${where}: ${detail}`,
      actions: err.retryable ? [retry, showLog] : [showLog],
    }),
    taskCancelled: () => ({
      severity: 'warning',
      message: `The ${task} was cancelled on Evolink${where}. Try again.`,
      actions: [retry],
    }),
    taskStuck: () => ({
      severity: 'error',
      message: `The ${task} did not finish in time${where}; it may still be charged. Try again later.`,
      actions: [retry, showLog],
    }),
    audioUnavailable: () => ({
      severity: 'error',
      message: `The audio could not be downloaded${where} (the link expired or the file was incomplete). Try again.`,
      actions: [retry, showLog],
    }),
    noAudio: () => ({
      severity: 'error',
      message: `Evolink finished the task but sent no audio${where}. Try again; the log has the task id.`,
      actions: [retry, showLog],
    }),
    config: () => ({
      severity: 'error',
      message: `The extension is not set up to reach Evolink: ${detail}`,
      actions: err.param === 'http.proxy' ? [proxySettings('http.proxy')] : /key/i.test(err.message) ? [setKey] : [settings('baseUrl')],
    }),
    proxy: () => {
      const p = err.proxy ?? { url: '', source: 'http.proxy' };
      const named = `The proxy ${p.url ? `${p.url} ` : ''}(from ${proxySource(p.source)})`;
      if (err.status === 407) {
        return {
          severity: 'error',
          message: `${named} asks for a user name and password (HTTP 407). Put them in the http.proxyAuthorization setting (or in the proxy address), then try again.`,
          actions: [proxySettings('http.proxyAuthorization'), showLog],
        };
      }
      if (err.status !== undefined) {
        return {
          severity: 'error',
          message: `${named} refused to connect to Evolink (HTTP ${err.status}). Ask whoever runs the proxy to allow the Evolink host, or check ${proxySource(p.source)}.`,
          actions: [proxySettings('http.proxy'), showLog],
        };
      }
      const why = UNREACHABLE[typeof err.code === 'string' ? err.code : ''] ?? 'it could not be reached';
      return {
        severity: 'error',
        message: `Could not connect to ${named.charAt(0).toLowerCase()}${named.slice(1)}: ${why}. ${proxyFix(p.source)}, then try again.`,
        actions: [proxySettings('http.proxy'), retry, showLog],
      };
    },
    tls: () => ({
      severity: 'error',
      message: `Could not connect to Evolink securely: ${detail} If your network inspects HTTPS traffic, add its root certificate to the operating system's certificate store (the extension trusts that store while http.systemCertificates is on)`
        + (err.proxy ? `, or turn off http.proxyStrictSSL to skip certificate checks through the proxy ${err.proxy.url}.` : '.'),
      actions: err.proxy ? [proxySettings('http.proxyStrictSSL'), showLog] : [showLog],
    }),
  };
  return table[err.kind as Exclude<ApiErrorKind, 'aborted'>]?.() ?? {
    severity: 'error',
    message: `${failed}${where}: ${detail}`,
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

const JOB_WORDS: Record<SetupJob, string> = {
  speech: 'read aloud', saveAudio: 'save audio', voiceDesign: 'design a voice', connection: 'check the connection',
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
        message: `${sentence(p.reason)} Change evolinkTts.baseUrl in your user settings: the API key is sent only to https addresses or to this machine.`,
        actions: [settings('baseUrl')],
      };
    case 'noKey':
      return { severity: 'warning', message: `Set your Evolink API key to ${JOB_WORDS[job]}.`, actions: [{ title: 'Set API Key', kind: 'setApiKey', thenRetry: true }] };
    case 'noVoice':
      return {
        severity: 'warning',
        message: 'Choose a voice first: Evolink reads only with a voice you designed. Design one (about 2 credits), or select one you already have.'
          + (p.language ? ` (No voice is set for ${p.language} text, and evolinkTts.voice is empty.)` : ''),
        actions: [...VOICE_ACTIONS],
      };
  }
}

function sentence(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ') || 'unknown error';
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function retryIn(ms?: number): string {
  if (!ms || ms <= 0) return '';
  const s = Math.ceil(ms / 1000);
  return ` (retry in ${s} s)`;
}
