// The pieces every real-editor run needs, started together and stopped together: the local Evolink
// simulator (in-process), a temp dir, the fixture workspace with the simulator's voice, and code-server
// with user settings pointing the extension at the simulator.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server';
import { startCodeServer, type CodeServer } from './codeServer';
import { prepareWorkspace } from './workspace';

export interface StackOptions {
  /** Temp dir name prefix. */
  name: string;
  /** The simulator's clock factor; the extension gets the same through EVOLINK_TTS_TIME_SCALE. */
  timeScale: number;
  key: string;
  /** Install these .vsix files into the server (end-to-end, demo); otherwise the payload loads the dev path. */
  vsix?: string | string[];
  /** Extra environment for the server and its extension host, given the workspace path. */
  serverEnv?: (workspace: string) => Record<string, string>;
  simulatorPort?: number;
  /**
   * The simulator's profile: 'upstream' (default: the live service's habits, so every editor and fault test
   * runs against them) or 'friendly' (the plain documented service).
   */
  profile?: SimulatorOptions['profile'];
  codeServerPort?: number;
  verbose?: boolean;
  /** Keep the temp dir's parent elsewhere than os.tmpdir(). */
  tmpRoot?: string;
  /** More user settings, merged over the simulator's base URL. */
  userSettings?: Record<string, unknown>;
  /** Leave workspace trust on (code-server's default; the harness normally disables it). */
  workspaceTrust?: boolean;
  /** Test tiers only: start the workbench with its smoke-test driver (no notification toasts); see CodeServerOptions. */
  smokeTestDriver?: boolean;
  /** Start the editor in this display language with its language pack (see CodeServerOptions). */
  displayLanguage?: { locale: string; pack: string };
}

export interface Stack {
  dir: string;
  sim: Simulator;
  voice: string;
  workspace: string;
  server: CodeServer;
  /** Stops the server's process group, the simulator, then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(o.tmpRoot ?? os.tmpdir(), `evolink-${o.name}-`));
  let sim: Simulator | undefined;
  let server: CodeServer | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      try {
        await server?.stop();
        await sim?.close().catch((e: unknown) => console.error(`[harness] closing the simulator: ${String(e)}`));
      } finally {
        // Last: with the server gone no file watcher recreates parts of the dir.
        fs.rmSync(dir, { recursive: true, force: true });
      }
    })());
  try {
    sim = await startSimulator({ keys: [o.key], timeScale: o.timeScale, port: o.simulatorPort, profile: o.profile ?? 'upstream' });
    const voice = sim.designVoice({ preferredName: 'fixture' });
    const workspace = prepareWorkspace(path.join(dir, 'workspace'), voice);
    // The media port's self-signed certificate, trusted by the server and its extension host (Node reads
    // NODE_EXTRA_CA_CERTS at start), as a real storage host's certificate is: http links are then fetched over https.
    const caEnv: Record<string, string> = {};
    if (sim.mediaCa) {
      caEnv.NODE_EXTRA_CA_CERTS = path.join(dir, 'simulator-media-ca.pem');
      fs.writeFileSync(caEnv.NODE_EXTRA_CA_CERTS, sim.mediaCa);
    }
    server = await startCodeServer({
      dir,
      port: o.codeServerPort,
      vsix: o.vsix,
      userSettings: { 'evolinkTts.baseUrl': sim.baseUrl, ...o.userSettings },
      workspaceTrust: o.workspaceTrust,
      smokeTestDriver: o.smokeTestDriver,
      displayLanguage: o.displayLanguage,
      // The extension host inherits the server's environment.
      env: { EVOLINK_TTS_TIME_SCALE: String(o.timeScale), ...caEnv, ...o.serverEnv?.(workspace) },
      onOutput: o.verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
    });
    return { dir, sim, voice, workspace, server, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Runs `cleanup` once on SIGINT/SIGTERM, then exits 130; returns a function that removes the handlers. */
export function onInterrupt(cleanup: () => Promise<unknown>): () => void {
  // Output piped into a reader that quits early (`| head`) must not kill us before the cleanup.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const handler = (sig: NodeJS.Signals) => {
    console.error(`\n${sig}: stopping everything…`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.removeListener('SIGINT', handler);
    process.removeListener('SIGTERM', handler);
  };
}
