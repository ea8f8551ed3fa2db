// Behind a proxy: a real forwarding proxy on loopback (test/fixtures/recordingProxy.ts) records what passes
// through it, and the simulator records the client port of every request, so "through the proxy" means the
// request arrived on a connection the proxy opened. The simulator is plain http on 127.0.0.1; undici's agents
// proxy loopback like any other host unless NO_PROXY names it, so each case says what it expects.
// The simulator's control routes are used only while no refusing proxy is set: VS Code's own fetch (which the
// helpers use) may follow http.proxy too.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { NotificationRecord } from '../../src/publicApi';
import type { RequestRecord } from '../simulator/types';
import { closedPort, startRecordingProxy, type RecordingProxy } from '../fixtures/recordingProxy';
import { api, env, freshSentence, selectInNewDocument, sim, until, waitForRest, WRONG_KEY } from './helpers';

const PROXY_ENV = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const;

async function setHttp(key: 'proxy' | 'proxyAuthorization', value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('http').update(key, value, vscode.ConfigurationTarget.Global);
  await until(`http.${key} reads back`, () => (vscode.workspace.getConfiguration('http').get<string | null>(key) || undefined) === (value || undefined));
}

/** The requests that came on a connection the proxy opened, and those that did not. */
function split(requests: RequestRecord[], proxy: RecordingProxy): { via: RequestRecord[]; direct: RequestRecord[] } {
  const ports = new Set(proxy.records.filter((r) => r.status === 200).map((r) => r.upstreamPort));
  return { via: requests.filter((r) => ports.has(r.clientPort)), direct: requests.filter((r) => !ports.has(r.clientPort)) };
}

async function speak(tag: string): Promise<string> {
  const a = await api();
  await selectInNewDocument(freshSentence(tag));
  await vscode.commands.executeCommand(Commands.speakSelection);
  const end = await waitForRest(a, 45_000);
  return end.kind === 'failed' ? `failed: ${end.error.message}` : end.kind;
}

async function shownBy(run: () => Thenable<unknown>): Promise<{ result: unknown; shown: readonly NotificationRecord[] }> {
  const a = await api();
  const before = a.notifications().length;
  const result = await run();
  await until('a notification', () => a.notifications().length > before);
  return { result, shown: a.notifications().slice(before) };
}

describe('Behind a proxy', function () {
  this.timeout(60_000);
  let proxy: RecordingProxy;
  const savedEnv: Partial<Record<(typeof PROXY_ENV)[number], string>> = {};

  before(async () => {
    for (const k of PROXY_ENV) {
      savedEnv[k] = process.env[k];
      delete process.env[k];
    }
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
  });
  beforeEach(async () => {
    proxy = await startRecordingProxy();
  });
  afterEach(async () => {
    for (const k of PROXY_ENV) delete process.env[k];
    await setHttp('proxy', undefined);
    await setHttp('proxyAuthorization', undefined);
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    await proxy.close();
  });
  after(() => {
    for (const k of PROXY_ENV) if (savedEnv[k] !== undefined) process.env[k] = savedEnv[k];
  });

  it('with http.proxy set, every request of a Speak Selection goes through it; the proxy never sees the key', async () => {
    await sim.reset();
    await setHttp('proxy', proxy.url);
    assert.strictEqual(await speak('proxy on'), 'done');
    const requests = await sim.requests();
    const { via, direct } = split(requests, proxy);
    assert.ok(via.some((r) => r.method === 'POST') && via.some((r) => r.path.startsWith('/v1/tasks/')) && via.some((r) => r.origin === 'media'),
      `create, poll and audio download went through: ${JSON.stringify(via.map((r) => `${r.method} ${r.path}`))}`);
    assert.deepStrictEqual(direct.map((r) => `${r.method} ${r.path}`), [], 'nothing went around the proxy');
    const simHost = new URL(env.simUrl).host;
    assert.ok(proxy.records.some((r) => r.kind === 'connect' && r.target === simHost), 'tunnels to the simulator');
    for (const r of proxy.records) assert.ok(!JSON.stringify(r).includes(env.key), `the proxy did not see the key: ${r.kind} ${r.target}`);
  });

  it('with NO_PROXY covering the host, nothing goes through the proxy', async () => {
    await sim.reset();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = new URL(env.simUrl).hostname;
    await setHttp('proxy', proxy.url);
    assert.strictEqual(await speak('no proxy'), 'done');
    const { via, direct } = split(await sim.requests(), proxy);
    assert.deepStrictEqual(via, []);
    assert.ok(direct.length >= 3, `the reading went direct (${direct.length} requests)`);
  });

  it('with HTTP_PROXY in the environment and no setting, requests go through it; with neither, direct', async () => {
    await sim.reset();
    process.env.HTTP_PROXY = proxy.url;
    assert.strictEqual(await speak('env proxy'), 'done');
    let s = split(await sim.requests(), proxy);
    assert.ok(s.via.length >= 3 && s.direct.length === 0, `via ${s.via.length}, direct ${s.direct.length}`);

    delete process.env.HTTP_PROXY;
    proxy.records.length = 0;
    await sim.reset();
    assert.strictEqual(await speak('no env proxy'), 'done');
    s = split(await sim.requests(), proxy);
    assert.ok(s.via.length === 0 && s.direct.length >= 3, `via ${s.via.length}, direct ${s.direct.length}`);
  });

  it('a proxy that is not there: one clear message naming the proxy and the setting to fix', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    await sim.reset();
    await setHttp('proxy', dead);
    const a = await api();
    const before = a.notifications().length;
    assert.match(await speak('dead proxy'), /^failed/);
    await until('the error is shown', () => a.notifications().length > before);
    const errors = a.notifications().slice(before).filter((n) => n.severity === 'error');
    assert.strictEqual(errors.length, 1, JSON.stringify(errors));
    assert.ok(errors[0].message.includes(`proxy ${dead} (from the http.proxy setting)`), errors[0].message);
    assert.match(errors[0].message, /Correct the http\.proxy setting, or clear it/);
    assert.ok(errors[0].actions.includes('Open Proxy Settings'), JSON.stringify(errors[0].actions));
    await setHttp('proxy', undefined);
    assert.deepStrictEqual(await sim.requests(), [], 'nothing reached Evolink');
  });

  it('a proxy that wants credentials (407): the message says so and names http.proxyAuthorization; with it set, the reading works', async () => {
    await proxy.close();
    proxy = await startRecordingProxy({ requireAuth: 'Basic dGVzdDp0ZXN0' });
    await sim.reset();
    process.env.HTTP_PROXY = proxy.url;
    const a = await api();
    const before = a.notifications().length;
    assert.match(await speak('proxy 407'), /^failed/);
    await until('the error is shown', () => a.notifications().length > before);
    const errors = a.notifications().slice(before).filter((n) => n.severity === 'error');
    assert.strictEqual(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].message, /HTTP 407/);
    assert.ok(errors[0].message.includes(`${proxy.url} (from the HTTP_PROXY environment variable)`), errors[0].message);
    assert.match(errors[0].message, /http\.proxyAuthorization/);

    await setHttp('proxyAuthorization', 'Basic dGVzdDp0ZXN0');
    assert.strictEqual(await speak('proxy 407 with credentials'), 'done');
    delete process.env.HTTP_PROXY;
    const { via, direct } = split(await sim.requests(), proxy);
    assert.ok(via.length >= 3 && direct.length === 0, `via ${via.length}, direct ${direct.length}`);
  });
});

describe('Check Connection', function () {
  this.timeout(30_000);
  let proxy: RecordingProxy | undefined;

  afterEach(async () => {
    await setHttp('proxy', undefined);
    await vscode.workspace.getConfiguration('evolinkTts').update('baseUrl', env.simUrl, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    await proxy?.close();
    proxy = undefined;
  });

  it('is offered after Set API Key; says: reached directly, key accepted, the credits it can spend, the base URL', async () => {
    const a = await api();
    const before = a.notifications().length;
    await vscode.commands.executeCommand(Commands.setApiKey, env.key);
    const index = a.notifications().findIndex((n, i) => i >= before && n.actions.includes('Check Connection'));
    assert.ok(index >= 0, `Set API Key offers Check Connection: ${JSON.stringify(a.notifications().slice(before))}`);
    await sim.reset();
    const { result, shown } = await shownBy(async () => a.runNotificationAction(index, 'Check Connection'));
    assert.strictEqual(result, true);
    assert.strictEqual(shown.length, 1, JSON.stringify(shown));
    assert.strictEqual(shown[0].severity, 'info');
    assert.match(shown[0].message, new RegExp(`^Connected to Evolink at ${env.simUrl.replace(/[.:/]/g, '\\$&')} directly\\. The API key is accepted; it can spend [\\d,.]+ credits\\.$`));
    const requests = await sim.requests();
    assert.deepStrictEqual(requests.map((r) => `${r.method} ${r.path} ${r.status} ${r.authorization}`), ['GET /v1/credits 200 matched'], 'one free credits call');
  });

  it('through a proxy: names it, never its password', async () => {
    proxy = await startRecordingProxy();
    const withPassword = proxy.url.replace('http://', 'http://alice:pa55word@');
    await setHttp('proxy', withPassword);
    const { result, shown } = await shownBy(() => vscode.commands.executeCommand(Commands.checkConnection));
    assert.strictEqual(result, true, JSON.stringify(shown));
    assert.ok(shown[0].message.includes(`through the proxy ${proxy.url} (from the http.proxy setting)`), shown[0].message);
    assert.ok(!shown[0].message.includes('pa55word') && !shown[0].message.includes('alice'), shown[0].message);
    assert.ok(proxy.records.some((r) => r.kind === 'connect' && r.status === 200 && r.proxyAuthorization?.startsWith('Basic ')));
  });

  it('a key Evolink refuses (401): its own message and Set API Key', async () => {
    await vscode.commands.executeCommand(Commands.setApiKey, WRONG_KEY);
    const { result, shown } = await shownBy(() => vscode.commands.executeCommand(Commands.checkConnection));
    assert.strictEqual(result, false);
    const error = shown.find((n) => n.severity === 'error');
    assert.ok(error, JSON.stringify(shown));
    assert.match(error.message, /did not accept the API key/);
    assert.ok(error.actions.includes('Set API Key'));
  });

  it('no key: says so and offers Set API Key, sends nothing', async () => {
    await vscode.commands.executeCommand(Commands.clearApiKey);
    await sim.reset();
    const { result, shown } = await shownBy(() => vscode.commands.executeCommand(Commands.checkConnection));
    assert.strictEqual(result, false);
    assert.strictEqual(shown[0].message, 'Set your Evolink API key to check the connection.');
    assert.deepStrictEqual(shown[0].actions, ['Set API Key']);
    assert.deepStrictEqual(await sim.requests(), []);
  });

  it('a proxy that refuses: names the proxy and the setting', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    await setHttp('proxy', dead);
    const { result, shown } = await shownBy(() => vscode.commands.executeCommand(Commands.checkConnection));
    assert.strictEqual(result, false);
    assert.ok(shown[0].message.includes(`Could not connect to the proxy ${dead} (from the http.proxy setting)`), shown[0].message);
    assert.ok(shown[0].actions.includes('Open Proxy Settings'));
  });

  it('a base URL it cannot use: says why and offers the setting', async () => {
    await vscode.workspace.getConfiguration('evolinkTts').update('baseUrl', 'http://api.example.com', vscode.ConfigurationTarget.Global);
    const { result, shown } = await shownBy(() => vscode.commands.executeCommand(Commands.checkConnection));
    assert.strictEqual(result, false);
    const mine = shown.find((n) => /Change evolinkTts\.baseUrl in your user settings/.test(n.message));
    assert.ok(mine, JSON.stringify(shown));
    assert.match(mine.message, /must use https/);
    assert.deepStrictEqual(mine.actions, ['Open Settings']);
  });
});
