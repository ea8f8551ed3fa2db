// Choosing direct or proxied connections (src/api/proxy.ts) from plain inputs, and what actually happens on the
// wire: the client against the simulator through a real recording proxy on loopback.
import * as assert from 'node:assert/strict';
import { EvolinkClient } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import { createDispatcher, planConnection, readTrust, routeFor, type ConnectionPlan, type Network, type ProxyInputs } from '../../src/api/proxy';
import { describeError } from '../../src/errorMessages';
import { findAudioUrl } from '../../src/speech/audioLocation';
import { pollTask } from '../../src/speech/poller';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { closedPort, startRecordingProxy, type RecordingProxy } from '../fixtures/recordingProxy';
import { TEST_CERT, TEST_CERT_KEY } from '../fixtures/selfSignedTls';
import { startSimulator, type Simulator } from '../simulator/server';

const SCALE = 0.01;
const noTrust = () => undefined;
const plan = (i: Partial<ProxyInputs>) => planConnection({ env: {}, ...i }, noTrust);

describe('proxy: choosing the route', () => {
  it('connects directly when nothing is set', () => {
    const p = plan({});
    assert.equal(p.http, undefined);
    assert.equal(p.https, undefined);
    assert.equal(routeFor(p, 'https://api.evolink.ai/v1/credits'), undefined);
  });

  it('uses http.proxy for http and https targets, over the environment', () => {
    const p = plan({ proxy: 'http://proxy.corp:3128', env: { HTTPS_PROXY: 'http://other:8080' } });
    assert.deepEqual(routeFor(p, 'https://api.evolink.ai/v1/credits'), { url: 'http://proxy.corp:3128', source: 'http.proxy' });
    assert.deepEqual(routeFor(p, 'http://media.example/a.wav'), { url: 'http://proxy.corp:3128', source: 'http.proxy' });
  });

  it('reads a bare host:port as an http proxy', () => {
    assert.equal(plan({ proxy: 'proxy.corp:3128' }).https?.uri, 'http://proxy.corp:3128/');
  });

  it('takes HTTPS_PROXY for https, HTTP_PROXY for http (and for https when HTTPS_PROXY is unset); lower case first', () => {
    const both = plan({ env: { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://h:2' } });
    assert.deepEqual(routeFor(both, 'https://x.example/'), { url: 'http://s:1', source: 'HTTPS_PROXY' });
    assert.deepEqual(routeFor(both, 'http://x.example/'), { url: 'http://h:2', source: 'HTTP_PROXY' });
    const httpOnly = plan({ env: { HTTP_PROXY: 'http://h:2' } });
    assert.deepEqual(routeFor(httpOnly, 'https://x.example/'), { url: 'http://h:2', source: 'HTTP_PROXY' });
    const lower = plan({ env: { https_proxy: 'http://lower:3', HTTPS_PROXY: 'http://upper:4' } });
    assert.deepEqual(routeFor(lower, 'https://x.example/'), { url: 'http://lower:3', source: 'https_proxy' });
  });

  it('goes direct for hosts in NO_PROXY or http.noProxy (suffixes, ports, "*")', () => {
    const p = plan({ proxy: 'http://p:1', noProxy: ['internal.example'], env: { NO_PROXY: '.evolink.ai, 127.0.0.1:9000' } });
    assert.equal(routeFor(p, 'https://api.evolink.ai/'), undefined);
    assert.equal(routeFor(p, 'https://files.internal.example/'), undefined);
    assert.equal(routeFor(p, 'http://127.0.0.1:9000/'), undefined);
    assert.ok(routeFor(p, 'http://127.0.0.1:9001/'), 'another port still goes through the proxy');
    assert.ok(routeFor(p, 'https://notevolink.ai/'), 'a name that merely ends alike is not a subdomain');
    assert.equal(routeFor(plan({ proxy: 'http://p:1', env: { no_proxy: '*' } }), 'https://api.evolink.ai/'), undefined);
  });

  it('turns proxies off with http.proxySupport "off"', () => {
    const p = plan({ proxy: 'http://p:1', proxySupport: 'off', env: { HTTPS_PROXY: 'http://s:1' } });
    assert.equal(routeFor(p, 'https://api.evolink.ai/'), undefined);
  });

  it('never shows the proxy’s user name or password', () => {
    const p = plan({ proxy: 'http://alice:s3cret@proxy.corp:3128' });
    assert.deepEqual(routeFor(p, 'https://api.evolink.ai/'), { url: 'http://proxy.corp:3128', source: 'http.proxy' });
    assert.ok(!JSON.stringify(routeFor(p, 'https://api.evolink.ai/')).includes('s3cret'));
  });

  it('refuses a proxy URL it cannot use, naming the setting', () => {
    assert.throws(() => plan({ proxy: 'ftp://proxy.corp:21' }), (e: unknown) =>
      e instanceof ApiError && e.kind === 'config' && e.param === 'http.proxy' && /http\.proxy setting/.test(e.message));
    assert.throws(() => plan({ env: { HTTPS_PROXY: 'http://[bad' } }), (e: unknown) =>
      e instanceof ApiError && e.kind === 'config' && /HTTPS_PROXY environment variable/.test(e.message));
    const m = describeError(captured(() => plan({ proxy: 'ftp://x:1' })));
    assert.deepEqual(m?.actions.map((a) => a.title), ['Open Proxy Settings']);
  });

  it('sends http.proxyAuthorization only when there is a proxy', () => {
    assert.equal(plan({ proxyAuthorization: 'Basic abc' }).proxyAuthorization, undefined);
    assert.equal(plan({ proxy: 'http://p:1', proxyAuthorization: 'Basic abc' }).proxyAuthorization, 'Basic abc');
  });

  it('trusts the system’s certificates along with Node’s own, where the runtime can read them', () => {
    const reader = (kind: 'default' | 'system') => (kind === 'system' ? ['SYS', 'BUNDLED'] : ['BUNDLED']);
    assert.deepEqual(readTrust(reader), ['BUNDLED', 'SYS']);
    assert.equal(readTrust(undefined), undefined, 'no reader (an older runtime): Node’s defaults');
    assert.equal(readTrust(() => []), undefined, 'an empty system store: Node’s defaults');
    assert.equal(readTrust(() => { throw new Error('no store'); }), undefined);
    assert.deepEqual(planConnection({ env: {} }, () => ['A']).ca, ['A']);
    assert.equal(planConnection({ env: {}, systemCertificates: false }, () => ['A']).ca, undefined);
  });

  it('gives equal plans equal keys and different inputs different keys', () => {
    assert.equal(plan({ proxy: 'http://p:1' }).key, plan({ proxy: 'http://p:1' }).key);
    assert.notEqual(plan({ proxy: 'http://p:1' }).key, plan({ proxy: 'http://p:2' }).key);
    assert.notEqual(plan({ proxy: 'http://p:1' }).key, plan({ proxy: 'http://p:1', proxyStrictSSL: false }).key);
    assert.notEqual(plan({ env: { NO_PROXY: 'a' } }).key, plan({ env: { NO_PROXY: 'b' } }).key);
  });
});

function captured(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('proxy: on the wire (simulator behind a recording proxy)', function () {
  let sim: Simulator;
  let voice: string;
  let proxy: RecordingProxy;
  const open: { close(): Promise<void> }[] = [];

  function network(p: ConnectionPlan): Network {
    const dispatcher = createDispatcher(p);
    open.push(dispatcher);
    return { dispatcher, routeFor: (u) => routeFor(p, u) };
  }
  const client = (net: Network, key?: string) => new EvolinkClient({
    baseUrl: sim.baseUrl, getApiKey: async () => key ?? sim.keys[0], timeScale: SCALE, network: net,
  });

  before(async () => {
    sim = await startSimulator({ timeScale: SCALE });
    voice = sim.designVoice({ preferredName: 'announcer' });
  });
  after(async () => { await sim.close(); });
  beforeEach(async () => {
    sim.reset();
    proxy = await startRecordingProxy();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close().catch(() => undefined)));
    await proxy.close();
  });

  it('sends every request of a reading (create, polls, audio from the media host) through http.proxy, the key only inside the tunnel', async () => {
    const c = client(network(plan({ proxy: proxy.url })));
    const task = await c.createSpeechTask({ prompt: 'Through the proxy, please.', voice, languageType: 'English' });
    const done = await pollTask((id, s) => c.getTask(id, s), task.id, { estimatedTimeSec: task.task_info?.estimated_time, timeScale: SCALE });
    const url = findAudioUrl(done) ?? '';
    assert.ok(url.startsWith(sim.mediaBaseUrl), url);
    await c.downloadAudio(url);
    const seen = sim.requests;
    assert.ok(seen.some((r) => r.origin === 'media') && seen.some((r) => r.method === 'POST'), 'the simulator saw the reading');
    const viaProxy = new Set(proxy.records.filter((r) => r.status === 200).map((r) => r.upstreamPort));
    for (const r of seen) assert.ok(viaProxy.has(r.clientPort), `${r.method} ${r.path} (${r.origin}) came through the proxy`);
    const targets = new Set(proxy.records.map((r) => r.target));
    assert.deepEqual([...targets].sort(), [new URL(sim.baseUrl).host, new URL(sim.mediaBaseUrl).host].sort());
    for (const r of proxy.records) {
      assert.equal(r.kind, 'connect', 'plain-http targets are tunnelled too (no request line the proxy could read)');
      assert.ok(!JSON.stringify(r.headers).includes(sim.keys[0]), 'the key is not in what the proxy sees');
      assert.equal(r.proxyAuthorization, undefined);
    }
  });

  it('keeps connections alive through the proxy and closes them when the dispatcher is closed', async () => {
    const net = network(plan({ proxy: proxy.url }));
    const c = client(net);
    for (let i = 0; i < 4; i++) await c.getCredits();
    assert.ok(proxy.records.length < 4, `tunnels are reused: ${proxy.records.length} for 4 requests`);
    assert.ok(proxy.openSockets() > 0);
    await net.dispatcher.close();
    const deadline = Date.now() + 2000;
    while (proxy.openSockets() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(proxy.openSockets(), 0, 'no socket left open after close()');
  });

  it('goes direct when NO_PROXY covers the host, and routeFor says so', async () => {
    const host = new URL(sim.baseUrl).hostname;
    const p = plan({ proxy: proxy.url, env: { NO_PROXY: host } });
    assert.equal(routeFor(p, sim.baseUrl), undefined);
    await client(network(p)).getCredits();
    assert.equal(proxy.records.length, 0);
    assert.equal(sim.requests.length, 1);
  });

  it('routeFor agrees with where requests really go', async () => {
    const port = new URL(sim.baseUrl).port;
    for (const noProxy of ['', '127.0.0.1', `127.0.0.1:${port}`, '127.0.0.1:1', 'localhost', '*', '.0.0.1']) {
      proxy.records.length = 0;
      const p = plan({ env: { HTTP_PROXY: proxy.url, NO_PROXY: noProxy } });
      await client(network(p)).getCredits();
      assert.equal(proxy.records.length > 0, routeFor(p, sim.baseUrl) !== undefined, `NO_PROXY=${JSON.stringify(noProxy)}`);
    }
  });

  it('a proxy that is not there: kind "proxy", nothing sent, the message names the proxy and the setting', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const err = await captureAsync(client(network(plan({ proxy: dead }))).getCredits());
    assert.ok(err instanceof ApiError && err.kind === 'proxy', String(err));
    assert.equal(err.requestSent, 'no');
    assert.equal(err.code, 'ECONNREFUSED');
    assert.deepEqual(err.proxy, { url: dead, source: 'http.proxy' });
    const m = describeError(err);
    assert.match(m!.message, new RegExp(`proxy ${dead.replace(/\./g, '\\.')} \\(from the http\\.proxy setting\\)`));
    assert.match(m!.message, /Correct the http\.proxy setting/);
    assert.ok(m!.actions.some((a) => a.kind === 'openProxySettings' && a.setting === 'http.proxy'));
    assert.equal(sim.requests.length, 0);
  });

  it('a proxy asking for credentials (407): its own message; http.proxyAuthorization then gets through, and only it reaches the proxy', async () => {
    await proxy.close();
    proxy = await startRecordingProxy({ requireAuth: 'Basic dXNlcjpwYXNz' });
    const err = await captureAsync(client(network(plan({ env: { HTTP_PROXY: proxy.url } }))).getCredits());
    assert.ok(err instanceof ApiError && err.kind === 'proxy' && err.status === 407, String(err));
    const m = describeError(err)!;
    assert.match(m.message, /HTTP 407/);
    assert.match(m.message, /HTTP_PROXY environment variable/);
    assert.match(m.message, /http\.proxyAuthorization/);
    assert.equal(sim.requests.length, 0);

    proxy.records.length = 0;
    await client(network(plan({ env: { HTTP_PROXY: proxy.url }, proxyAuthorization: 'Basic dXNlcjpwYXNz' }))).getCredits();
    assert.deepEqual(proxy.records.map((r) => [r.status, r.proxyAuthorization]), [[200, 'Basic dXNlcjpwYXNz']]);
    assert.equal(sim.requests.length, 1);
  });

  it('credentials in the proxy URL reach the proxy as Basic, never in a message', async () => {
    await proxy.close();
    proxy = await startRecordingProxy({ requireAuth: `Basic ${Buffer.from('user:pass').toString('base64')}` });
    const withCreds = proxy.url.replace('http://', 'http://user:pass@');
    await client(network(plan({ proxy: withCreds }))).getCredits();
    assert.equal(proxy.records[0].status, 200);
    const wrong = proxy.url.replace('http://', 'http://user:wrong@');
    const err = await captureAsync(client(network(plan({ proxy: wrong }))).getCredits());
    assert.ok(err instanceof ApiError && err.kind === 'proxy');
    assert.ok(!describeError(err)!.message.includes('wrong') && !err.message.includes('wrong'));
  });

  it('a proxy that cannot reach the host: kind "proxy" with its status', async () => {
    const c = new EvolinkClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}`, getApiKey: async () => sim.keys[0], network: network(plan({ proxy: proxy.url })),
    });
    const err = await captureAsync(c.getCredits());
    assert.ok(err instanceof ApiError && err.kind === 'proxy' && err.status === 502, String(err));
    assert.match(describeError(err)!.message, /refused to connect to Evolink \(HTTP 502\)/);
  });
});

async function captureAsync(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

describe('proxy: certificates (an https server with a self-signed certificate)', function () {
  let server: https.Server;
  let base: string;
  let proxy: RecordingProxy;
  const open: { close(): Promise<void> }[] = [];
  const credits = (p: ConnectionPlan) => {
    const dispatcher = createDispatcher(p);
    open.push(dispatcher);
    return new EvolinkClient({ baseUrl: base, getApiKey: async () => 'sk-test-key-for-tls', network: { dispatcher, routeFor: (u) => routeFor(p, u) } }).getCredits();
  };

  before(async () => {
    server = https.createServer({ cert: TEST_CERT, key: TEST_CERT_KEY }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, data: { user: { remaining_credits: 7 } } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    proxy = await startRecordingProxy();
  });
  after(async () => {
    await Promise.all(open.splice(0).map((d) => d.close().catch(() => undefined)));
    await proxy.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('an untrusted certificate: kind "tls", nothing sent, a message pointing at the system store', async () => {
    const err = await captureAsync(credits(plan({})));
    assert.ok(err instanceof ApiError && err.kind === 'tls', String(err));
    assert.equal(err.requestSent, 'no');
    const m = describeError(err)!;
    assert.match(m.message, /operating system's certificate store/);
    assert.ok(!m.message.includes('proxyStrictSSL') && !m.actions.some((a) => a.kind === 'openProxySettings'));
  });

  it('a certificate in the trusted set (as the system store adds it) is accepted', async () => {
    const p = planConnection({ env: {} }, () => [TEST_CERT]);
    assert.equal((await credits(p)).user?.remaining_credits, 7);
  });

  it('through a proxy, http.proxyStrictSSL decides: checked by default, skipped when off; never skipped on a direct connection', async () => {
    const err = await captureAsync(credits(plan({ proxy: proxy.url })));
    assert.ok(err instanceof ApiError && err.kind === 'tls', String(err));
    const m = describeError(err)!;
    assert.match(m.message, /http\.proxyStrictSSL/);
    assert.ok(m.actions.some((a) => a.kind === 'openProxySettings' && a.setting === 'http.proxyStrictSSL'));
    assert.equal((await credits(plan({ proxy: proxy.url, proxyStrictSSL: false }))).user?.remaining_credits, 7);
    assert.ok(proxy.records.every((r) => r.kind === 'connect'));
    const direct = await captureAsync(credits(plan({ proxyStrictSSL: false })));
    assert.ok(direct instanceof ApiError && direct.kind === 'tls', 'a direct connection is still checked');
  });
});
