// The one place EvolinkClients are made: from the current settings, the key in SecretStorage, and the
// dispatcher that honours VS Code's proxy settings (http.proxy, http.proxyAuthorization, http.proxyStrictSSL,
// http.noProxy, http.proxySupport, http.systemCertificates) or else HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
// The choice itself is src/api/proxy.ts (no vscode); this file reads the inputs and keeps one dispatcher,
// rebuilt when they change (the old one is closed: its idle sockets go, requests in flight finish).
import * as vscode from 'vscode';
import { EvolinkClient, type EvolinkClientOptions } from './api/client';
import { ApiError } from './api/errors';
import { createDispatcher, planConnection, routeFor, type ConnectionPlan, type Network, type ProxyInputs, type ProxyRoute } from './api/proxy';
import type { Dispatcher } from 'undici';
import type { Config } from './config';
import type { Log } from './log';
import type { Secrets } from './secrets';

/** Builds a client; `baseUrl` and `timeoutMs` default to the current settings. */
export type ClientFactory = (over?: Partial<Pick<EvolinkClientOptions, 'baseUrl' | 'timeoutMs'>>) => EvolinkClient;

/** VS Code's http.* settings (and the environment) as plain proxy inputs. */
export function proxyInputs(env: NodeJS.ProcessEnv = process.env): ProxyInputs {
  const h = vscode.workspace.getConfiguration('http');
  const noProxy = h.get<unknown>('noProxy');
  return {
    proxy: h.get<string>('proxy') ?? '',
    proxyAuthorization: h.get<string | null>('proxyAuthorization') ?? undefined,
    proxyStrictSSL: h.get<boolean>('proxyStrictSSL') ?? true,
    noProxy: Array.isArray(noProxy) ? noProxy.filter((x): x is string => typeof x === 'string') : [],
    proxySupport: h.get<string>('proxySupport'),
    systemCertificates: h.get<boolean>('systemCertificates') ?? true,
    env,
  };
}

export class Connection implements Network, vscode.Disposable {
  private plan: ConnectionPlan | undefined;
  private current: Dispatcher | undefined;
  private problem: unknown;
  private disposed = false;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly config: Config,
    private readonly secrets: Secrets,
    private readonly log: Log,
    private readonly timeScale: number,
    private readonly inputs: () => ProxyInputs = () => proxyInputs(),
  ) {
    // Only a connection already made is rebuilt: before the first request nothing is loaded (the HTTP library
    // loads on first use), and the first request reads the settings as they are then.
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('http') && (this.current !== undefined || this.problem !== undefined)) this.refresh();
    });
  }

  /** The dispatcher for the current inputs (rebuilt if they changed). Throws ApiError 'config' for a bad proxy URL. */
  get dispatcher(): Dispatcher {
    if (this.disposed) throw new ApiError({ kind: 'aborted', message: 'Stopped.', requestSent: 'no' });
    this.refresh();
    if (!this.current) throw this.problem;
    return this.current;
  }

  /** The proxy `url` goes through now, or undefined for a direct connection. */
  routeFor(url: URL | string): ProxyRoute | undefined {
    this.refresh();
    return this.plan ? routeFor(this.plan, url) : undefined;
  }

  /** A new client on this connection. */
  readonly client: ClientFactory = (over = {}) => {
    const s = this.config.read();
    return new EvolinkClient({
      baseUrl: over.baseUrl ?? s.baseUrl,
      timeoutMs: over.timeoutMs ?? s.requestTimeoutSeconds * 1000,
      getApiKey: () => this.secrets.get(),
      network: this,
      timeScale: this.timeScale,
      log: (line) => this.log.info(line),
    });
  };

  /** Re-reads the inputs; builds a new dispatcher (and closes the old one) when they changed. */
  refresh(): void {
    if (this.disposed) return;
    let plan: ConnectionPlan;
    try {
      plan = planConnection(this.inputs());
    } catch (e) {
      if (this.problem === undefined) this.log.warn(`proxy: ${e instanceof Error ? e.message : String(e)}`);
      this.problem = e;
      this.replace(undefined, undefined);
      return;
    }
    this.problem = undefined;
    if (this.plan?.key === plan.key && this.current) return;
    const proxies = [...new Set([plan.https, plan.http].filter((p) => p !== undefined).map((p) => `${p.url} (${p.source})`))];
    this.log.info(`connections: ${proxies.length ? `through ${proxies.join(' and ')}${plan.noProxy ? `, except ${plan.noProxy}` : ''}` : 'direct'}`
      + `${plan.ca ? `, trusting the system's certificates (${plan.ca.length} in all)` : ''}${plan.strictSSL ? '' : ', proxy certificates not checked'}`);
    this.replace(plan, createDispatcher(plan));
  }

  private replace(plan: ConnectionPlan | undefined, next: Dispatcher | undefined): void {
    const old = this.current;
    this.plan = plan;
    this.current = next;
    if (old && old !== next) void old.close().catch(() => undefined);
  }

  dispose(): void {
    this.disposed = true;
    this.sub.dispose();
    const old = this.current;
    this.current = undefined;
    this.plan = undefined;
    if (old) void old.destroy().catch(() => undefined);
  }
}
