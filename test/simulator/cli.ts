// `npm run simulator -- --port N --key K [--time-scale S] [--seed-voice NAME]… [--wav-placeholder P]
// [--no-content-length] [--sample-rate HZ] [--progress MODEL] [--media-tls] [--profile friendly|upstream] [--chaos RATE[:SEED]]`: the
// simulator until Ctrl+C / SIGTERM. A flag given beside --profile wins over the profile's choice.
import { DEMO_KEY } from './engine';
import { PROFILE_NAMES, type ProfileName } from './profiles';
import { startSimulator } from './server';
import { PROGRESS_MODELS, WAV_PLACEHOLDERS, type ProgressModel, type WavPlaceholder } from './types';

interface CliArgs {
  port: number; key: string; timeScale: number; seedVoices: string[]; quiet: boolean;
  wavPlaceholder?: WavPlaceholder; audioContentLength?: boolean; speechSampleRate?: number; progress?: ProgressModel;
  mediaTls?: boolean; profile?: ProfileName; chaos?: { rate: number; seed: number };
}

function usage(): never {
  process.stderr.write(
    'usage: npm run simulator -- [--port N] [--key K] [--time-scale S] [--seed-voice NAME]... [--quiet]\n'
    + '         [--wav-placeholder 0xFFFFFFFF|0x7FFFFFFF|0] [--no-content-length] [--sample-rate HZ]\n'
    + `         [--progress ${PROGRESS_MODELS.join('|')}] [--media-tls] [--profile friendly|upstream]\n`
    + '         [--chaos RATE[:SEED]] (RATE 0–1 of requests, tasks and downloads get a random survivable fault)\n'
    + `  defaults: a free port, key ${DEMO_KEY}, time scale 1, one seeded voice "demo", true WAV sizes,\n`
    + '  downloads with Content-Length, 22050 Hz speech, progress linear with the work, plain-http media links\n'
    + '  --profile upstream: the live service\'s habits (24 kHz, WAV placeholder sizes per task, media port with TLS,\n'
    + '  usage reported on some tasks); flags given beside it win\n',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { port: 0, key: DEMO_KEY, timeScale: 1, seedVoices: [], quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i] ?? usage();
    switch (flag) {
      case '--port': args.port = Number(value()); break;
      case '--key': args.key = value(); break;
      case '--time-scale': args.timeScale = Number(value()); break;
      case '--seed-voice': args.seedVoices.push(value()); break;
      case '--quiet': args.quiet = true; break;
      case '--wav-placeholder': {
        const p = value();
        if (!Object.hasOwn(WAV_PLACEHOLDERS, p)) usage();
        args.wavPlaceholder = p as WavPlaceholder;
        break;
      }
      case '--no-content-length': args.audioContentLength = false; break;
      case '--sample-rate': args.speechSampleRate = Number(value()); break;
      case '--progress': {
        const m = value();
        if (!(PROGRESS_MODELS as readonly string[]).includes(m)) usage();
        args.progress = m as ProgressModel;
        break;
      }
      case '--media-tls': args.mediaTls = true; break;
      case '--chaos': {
        const [rate, seed] = value().split(':');
        args.chaos = { rate: Number(rate), seed: seed === undefined ? Date.now() % 1e9 : Number(seed) };
        if (!(args.chaos.rate >= 0 && args.chaos.rate <= 1) || !Number.isInteger(args.chaos.seed)) usage();
        break;
      }
      case '--profile': {
        const p = value();
        if (!(PROFILE_NAMES as readonly string[]).includes(p)) usage();
        args.profile = p as ProfileName;
        break;
      }
      case '--help': case '-h': usage(); break;
      default:
        process.stderr.write(`unknown argument ${argv[i]}\n`);
        usage();
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) usage();
  if (!(args.timeScale > 0)) usage();
  if (args.speechSampleRate !== undefined && !(Number.isInteger(args.speechSampleRate) && args.speechSampleRate >= 8000 && args.speechSampleRate <= 48000)) usage();
  if (args.key === '' || /\s/.test(args.key)) usage();
  if (args.seedVoices.length === 0) args.seedVoices.push('demo');
  for (const v of args.seedVoices) {
    if (!/^[a-zA-Z0-9_]{1,16}$/.test(v)) {
      process.stderr.write(`--seed-voice ${v}: 1 to 16 characters of [a-zA-Z0-9_]\n`);
      process.exit(2);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sim = await startSimulator({
    port: args.port,
    keys: [{ key: args.key, label: 'cli-key' }],
    timeScale: args.timeScale,
    wavPlaceholder: args.wavPlaceholder,
    audioContentLength: args.audioContentLength,
    speechSampleRate: args.speechSampleRate,
    progress: args.progress,
    chaos: args.chaos,
    mediaTls: args.mediaTls,
    profile: args.profile,
    log: args.quiet ? undefined : (line) => process.stderr.write(`[sim] ${line}\n`),
  });
  const out = process.stdout;
  out.write(`Evolink simulator: ${sim.baseUrl} key ${args.key}\n`);
  for (const preferredName of args.seedVoices) out.write(`voice ${sim.designVoice({ preferredName, language: 'en' })}\n`);
  if (args.profile) out.write(`profile ${args.profile}\n`);
  out.write(`media ${sim.mediaBaseUrl}${sim.mediaCa ? ' (also https, self-signed: clients that do not trust it fall back to http)' : ''}; control API ${sim.baseUrl}/__sim/ ; set evolinkTts.baseUrl to ${sim.baseUrl}; Ctrl+C stops\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[sim] ${signal}: closing\n`);
    sim.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`simulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
