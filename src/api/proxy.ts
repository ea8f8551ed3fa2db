// How requests leave this machine: directly, or through an HTTP(S) proxy, chosen from plain inputs (VS Code's
// http.* settings as values, the environment as a record) so that it is testable without an editor. The
// dispatcher is undici's own EnvHttpProxyAgent, given every value explicitly (it never reads process.env
// itself here), with the extension pool's keep-alive limits. `routeFor` names the proxy a URL goes through,
// by the same NO_PROXY rules the agent applies, so that a message can say where a request went.
//
// The API key is only ever an `Authorization` header on the request inside the tunnel: ProxyAgent opens a
// CONNECT tunnel for http and https targets alike, and Proxy-Authorization comes only from
// http.proxyAuthorization or the proxy URL's own user info.
import * as tls from 'node:tls';
import type { Dispatcher } from 'undici';
import { ApiError } from './errors';
import { KEEP_ALIVE_MS } from './client';
import { undici } from './http';

/** Where a proxy address came from: VS Code's setting or one of the environment variables. */
export type ProxySource = 'http.proxy' | 'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy';

export interface ProxyInputs {
  /** VS Code's `http.proxy` ('' or undefined: not set). */
  proxy?: string;
  /** VS Code's `http.proxyAuthorization`: the whole Proxy-Authorization header value. */
  proxyAuthorization?: string | null;
  /** VS Code's `http.proxyStrictSSL` (default true): verify certificates on connections through a proxy. */
  proxyStrictSSL?: boolean;
  /** VS Code's `http.noProxy`: hosts reached directly, added to NO_PROXY. */
  noProxy?: readonly string[];
  /** VS Code's `http.proxySupport`: 'off' turns proxies off for extensions. */
  proxySupport?: string;
  /** VS Code's `http.systemCertificates` (default true): also trust the operating system's certificates. */
  systemCertificates?: boolean;
  /** The environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY and their lower-case forms). */
  env: Readonly<Record<string, string | undefined>>;
}

/** A proxy as shown to the user: scheme, host and port only (never user info), and where it was set. */
export interface ProxyRoute {
  url: string;
  source: ProxySource;
}

export interface ConnectionPlan {
  /** The proxy for http targets and for https targets; undefined = direct. */
  http?: ProxyRoute & { uri: string };
  https?: ProxyRoute & { uri: string };
  /** NO_PROXY entries (comma-separated), as the agent reads them. */
  noProxy: string;
  proxyAuthorization?: string;
  strictSSL: boolean;
  /** Certificates to trust in place of Node's defaults (its own plus the system's); undefined = Node's defaults. */
  ca?: readonly string[];
  /** A fingerprint of everything above: equal plans make equal dispatchers. */
  key: string;
}

type CertificateReader = (kind: 'default' | 'system') => string[];

/** Node's `tls.getCACertificates` (Node 22.15 and 23.10 on); undefined where the runtime lacks it. */
export function runtimeCertificateReader(): CertificateReader | undefined {
  const f = (tls as { getCACertificates?: unknown }).getCACertificates;
  return typeof f === 'function' ? (kind) => (f as CertificateReader).call(tls, kind) : undefined;
}

/**
 * Node's default certificates plus the operating system's (deduplicated), from `reader`. Undefined when there
 * is no reader, the system store is empty, or reading it fails: Node's defaults then apply unchanged.
 */
export function readTrust(reader: CertificateReader | undefined): readonly string[] | undefined {
  if (!reader) return undefined;
  try {
    const system = reader('system');
    return system.length ? [...new Set([...reader('default'), ...system])] : undefined;
  } catch {
    return undefined;
  }
}

let cachedTrust: { value: readonly string[] | undefined } | undefined;

/** readTrust of this runtime, read once per process (reading the system store can take a moment). */
export function systemTrust(): readonly string[] | undefined {
  cachedTrust ??= { value: readTrust(runtimeCertificateReader()) };
  return cachedTrust.value;
}

/** Reads `http.proxy`-style text as a URL: a bare `host:port` means http. Throws ApiError 'config' if unusable. */
export function parseProxyUrl(raw: string, source: ProxySource): { uri: string; route: ProxyRoute } {
  const text = raw.trim();
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw proxyConfigError(`The proxy address in ${where(source)} is not a valid URL.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw proxyConfigError(`The proxy address in ${where(source)} must start with http:// or https:// (got ${u.protocol}//).`);
  }
  const route: ProxyRoute = { url: `${u.protocol}//${u.host}`, source };
  return { uri: u.href, route };
}

/** "the http.proxy setting" or "the HTTPS_PROXY environment variable". */
export function where(source: ProxySource): string {
  return source === 'http.proxy' ? 'the http.proxy setting' : `the ${source} environment variable`;
}

function proxyConfigError(message: string): ApiError {
  return new ApiError({ kind: 'config', message, requestSent: 'no', param: 'http.proxy' });
}

function firstSet(env: ProxyInputs['env'], names: readonly ('https_proxy' | 'HTTPS_PROXY' | 'http_proxy' | 'HTTP_PROXY')[]): { value: string; name: ProxySource } | undefined {
  // Lower case first, as undici and curl read them; an empty value counts as not set.
  for (const name of names) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return { value: v, name };
  }
  return undefined;
}

/** Chooses direct or proxied connections from plain inputs. Throws ApiError 'config' for an unusable proxy URL. */
export function planConnection(inputs: ProxyInputs, trust: () => readonly string[] | undefined = systemTrust): ConnectionPlan {
  const env = inputs.env;
  const off = inputs.proxySupport === 'off';
  const noProxy = [
    ...(inputs.noProxy ?? []),
    ...(env.no_proxy ?? env.NO_PROXY ?? '').split(/[,\s]/),
  ].map((s) => s.trim()).filter((s) => s !== '').join(',');
  let http: ConnectionPlan['http'];
  let https: ConnectionPlan['https'];
  if (!off && inputs.proxy && inputs.proxy.trim() !== '') {
    const p = parseProxyUrl(inputs.proxy, 'http.proxy');
    http = https = { ...p.route, uri: p.uri };
  } else if (!off) {
    const h = firstSet(env, ['http_proxy', 'HTTP_PROXY']);
    if (h) {
      const p = parseProxyUrl(h.value, h.name);
      http = { ...p.route, uri: p.uri };
    }
    const s = firstSet(env, ['https_proxy', 'HTTPS_PROXY']);
    if (s) {
      const p = parseProxyUrl(s.value, s.name);
      https = { ...p.route, uri: p.uri };
    } else {
      https = http;
    }
  }
  const proxyAuthorization = http || https ? inputs.proxyAuthorization?.trim() || undefined : undefined;
  const strictSSL = inputs.proxyStrictSSL ?? true;
  const ca = inputs.systemCertificates === false ? undefined : trust();
  const key = JSON.stringify([http?.uri, https?.uri, noProxy, proxyAuthorization, strictSSL, ca?.length ?? 0]);
  return { http, https, noProxy, proxyAuthorization, strictSSL, ca, key };
}

interface NoProxyEntry { hostname: string; port: number }

function noProxyEntries(noProxy: string): NoProxyEntry[] {
  return noProxy.split(/[,\s]/).filter((e) => e !== '').map((entry) => {
    const m = /^(.+):(\d+)$/.exec(entry);
    return { hostname: (m ? m[1] : entry).replace(/^\*?\./, '').toLowerCase(), port: m ? Number(m[2]) : 0 };
  });
}

/** The proxy `url` goes through under `plan` (undefined: directly), by the rules EnvHttpProxyAgent applies. */
export function routeFor(plan: ConnectionPlan, url: URL | string): ProxyRoute | undefined {
  const u = typeof url === 'string' ? new URL(url) : url;
  const proxy = u.protocol === 'https:' ? plan.https : plan.http;
  if (!proxy) return undefined;
  const hostname = u.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  const entries = noProxyEntries(plan.noProxy);
  if (entries.some((e) => e.hostname === '*')) return undefined;
  for (const e of entries) {
    if (e.port && e.port !== port) continue;
    if (hostname === e.hostname || hostname.endsWith(`.${e.hostname}`)) return undefined;
  }
  return { url: proxy.url, source: proxy.source };
}

const contexts = new WeakMap<readonly string[], tls.SecureContext>();

/**
 * One TLS context per certificate list, made once: building it parses every certificate (tens of milliseconds
 * for a system store), which a `ca` option would repeat on every new connection.
 */
function trustedContext(ca: readonly string[]): tls.SecureContext {
  let c = contexts.get(ca);
  if (!c) {
    c = tls.createSecureContext({ ca: [...ca] });
    contexts.set(ca, c);
  }
  return c;
}

/**
 * The dispatcher for `plan`: undici's EnvHttpProxyAgent with every value given (an empty proxy = direct), the
 * pool's keep-alive limits, the plan's certificates, and certificate checks through a proxy as strictSSL says.
 * Close it (`close()`) when it is replaced: idle sockets go at once, requests in flight finish first.
 */
export function createDispatcher(plan: ConnectionPlan): Dispatcher {
  const secureContext = plan.ca ? trustedContext(plan.ca) : undefined;
  const throughProxy = { ...(secureContext ? { secureContext } : {}), rejectUnauthorized: plan.strictSSL };
  return new (undici().EnvHttpProxyAgent)({
    httpProxy: plan.http?.uri ?? '',
    httpsProxy: plan.https?.uri ?? '',
    noProxy: plan.noProxy,
    // Always a CONNECT tunnel, for http targets too: a forwarded plain-http request would show the proxy the key.
    proxyTunnel: true,
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS,
    ...(secureContext ? { connect: { secureContext } } : {}),
    // Through a proxy: the tunnelled TLS to the target, and TLS to an https proxy.
    requestTls: throughProxy,
    proxyTls: throughProxy,
    ...(plan.proxyAuthorization ? { token: plan.proxyAuthorization } : {}),
  });
}

/** What a client needs to know about the network: the dispatcher now, and the route of a URL. */
export interface Network {
  readonly dispatcher: Dispatcher;
  routeFor(url: URL | string): ProxyRoute | undefined;
}
