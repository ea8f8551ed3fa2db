// Makes sure the heavy harness (Node 24, code-server, Debian's chromium) is installed; installs on first use.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { CHROMIUM, CODE_SERVER_ENTRY, INSTALL_SCRIPT, NODE24 } from './paths';

export function ensureTools(): void {
  const r = spawnSync('bash', [INSTALL_SCRIPT], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`harness install failed (${INSTALL_SCRIPT}, exit ${r.status ?? r.signal})`);
  for (const f of [NODE24, CODE_SERVER_ENTRY, CHROMIUM]) {
    if (!fs.existsSync(f)) throw new Error(`missing after install: ${f}`);
  }
}
