// Starts VS Code's server build (code-server 4.139.1) on Node 24 in its own process group, with every
// file it writes inside one temp dir. How the pieces fit: test/harness/README.md.
import * as crypto from 'crypto';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CODE_SERVER_ENTRY, NODE24 } from './paths';
import { killGroup } from './processGroup';

/** User settings that cut log noise and first-run UI. */
export const QUIET_USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
};

export interface CodeServerOptions {
  /** The temp dir that holds everything this server writes. */
  dir: string;
  /** Merged over QUIET_USER_SETTINGS into user-data/User/settings.json. */
  userSettings?: Record<string, unknown>;
  /** .vsix files to install before starting (offline, `--install-extension`). */
  vsix?: string | string[];
  /** Extra environment for the server (and so for the extension host, which inherits it). */
  env?: Record<string, string>;
  /** Called with every line the server prints (for verbose runs). */
  onOutput?: (line: string) => void;
  /** Fixed port; default: any free one. */
  port?: number;
  startTimeoutMs?: number;
  /** Keep workspace trust on (a folder nobody trusted opens in Restricted Mode); default: --disable-workspace-trust. */
  workspaceTrust?: boolean;
  /**
   * Test tiers only: `--vscode-option enable-smoke-test-driver`. A built workbench reads the integration
   * tier's `payload` (extension under development, test entry) only with it; it also drops every notification
   * toast and skips dialogs, so the demo (the product as a user meets it) leaves it off. Default: off.
   */
  smokeTestDriver?: boolean;
  /** Start in this display language (for example `zh-cn`) with the language pack .vsix that provides it. */
  displayLanguage?: { locale: string; pack: string };
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  userDataDir: string;
  extensionsDir: string;
  process: ChildProcess;
  /** Stops the whole process group (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

export function codeServerPaths(dir: string) {
  return {
    config: path.join(dir, 'config.yaml'),
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    tmpDir: path.join(dir, 't'),
  };
}

function baseArgs(dir: string): string[] {
  const p = codeServerPaths(dir);
  return [CODE_SERVER_ENTRY, '--config', p.config, '--user-data-dir', p.userDataDir, '--extensions-dir', p.extensionsDir];
}

function serverEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, EXTENSIONS_GALLERY: '{}', TMPDIR: codeServerPaths(dir).tmpDir, ...extra };
}

/** Installs a packaged extension into the server's extensions dir (works offline, under a second). */
export function installVsix(dir: string, vsix: string): void {
  const r = spawnSync(NODE24, [...baseArgs(dir), '--install-extension', vsix], { env: serverEnv(dir), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`--install-extension ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/**
 * Installs a language pack and records it where the server looks for language packs (user-data's
 * languagepacks.json). The editor writes that record itself when a pack is installed from its UI; the
 * command-line install leaves it out, so the server would fall back to English. The record is the editor's
 * own: the pack's id and version, their md5, and the path of each translation file.
 */
function installLanguagePack(dir: string, locale: string, vsix: string): void {
  installVsix(dir, vsix);
  const p = codeServerPaths(dir);
  const installed = JSON.parse(fs.readFileSync(path.join(p.extensionsDir, 'extensions.json'), 'utf8')) as {
    identifier: { id: string; uuid?: string }; version: string; relativeLocation: string;
  }[];
  const packs: Record<string, unknown> = {};
  for (const e of installed) {
    const root = path.join(p.extensionsDir, e.relativeLocation);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes?: { localizations?: { languageId: string; localizedLanguageName?: string; languageName: string; translations: { id: string; path: string }[] }[] };
    };
    for (const l of manifest.contributes?.localizations ?? []) {
      if (l.languageId !== locale) continue;
      const hash = crypto.createHash('md5').update(e.identifier.uuid ?? e.identifier.id).update(e.version).digest('hex');
      packs[locale] = {
        hash,
        extensions: [{ extensionIdentifier: e.identifier, version: e.version }],
        translations: Object.fromEntries(l.translations.map((t) => [t.id, path.join(root, t.path)])),
        label: l.localizedLanguageName ?? l.languageName,
      };
    }
  }
  if (!packs[locale]) throw new Error(`${vsix} provides no ${locale} language pack`);
  fs.writeFileSync(path.join(p.userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}

export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  const p = codeServerPaths(o.dir);
  for (const d of [p.userDataDir, p.extensionsDir, p.tmpDir, path.join(p.userDataDir, 'User')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(p.config, 'auth: none\ncert: false\n');
  fs.writeFileSync(
    path.join(p.userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_USER_SETTINGS, ...o.userSettings }, null, 2),
  );
  for (const vsix of [o.vsix ?? []].flat()) installVsix(o.dir, vsix);
  if (o.displayLanguage) installLanguagePack(o.dir, o.displayLanguage.locale, o.displayLanguage.pack);

  const args = [
    ...baseArgs(o.dir),
    '--bind-addr', `127.0.0.1:${o.port ?? 0}`,
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
    ...(o.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(o.displayLanguage ? ['--locale', o.displayLanguage.locale] : []),
  ];
  const child = spawn(NODE24, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(o.dir, o.env) });
  const stop = () => killGroup(child);

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('code-server did not start listening in time')), o.startTimeoutMs ?? 60_000);
      let buffered = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        buffered += text;
        for (const line of text.split('\n')) if (line.trim()) o.onOutput?.(line);
        const m = /HTTP server listening on https?:\/\/[^:\s]+:(\d+)/.exec(buffered);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited before listening (${code ?? signal}):\n${buffered.slice(-2000)}`));
      });
    });
    // Keep draining its output so the pipe never fills.
    child.stdout!.removeAllListeners('data');
    child.stderr!.removeAllListeners('data');
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) o.onOutput?.(line);
    };
    child.stdout!.on('data', forward);
    child.stderr!.on('data', forward);
    child.removeAllListeners('exit');
    return { port, origin: `http://127.0.0.1:${port}`, userDataDir: p.userDataDir, extensionsDir: p.extensionsDir, process: child, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
