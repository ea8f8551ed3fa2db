// Makes sure the heavy harness (Node 24, code-server, Debian's chromium) is installed; installs on first use.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { CHROMIUM, CODE_SERVER_ENTRY, INSTALL_SCRIPT, NODE24 } from './paths';

/** Installs what is missing. `browser: false` (the demo) does not require Debian's chromium. */
export function ensureTools({ browser = true } = {}): void {
  const r = spawnSync('bash', [INSTALL_SCRIPT, ...(browser ? [] : ['--no-browser'])], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`harness install failed (${INSTALL_SCRIPT}, exit ${r.status ?? r.signal})`);
  for (const f of [NODE24, CODE_SERVER_ENTRY, ...(browser ? [CHROMIUM] : [])]) {
    if (!fs.existsSync(f)) throw new Error(`missing after install: ${f}`);
  }
}
