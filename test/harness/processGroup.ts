// A child in its own process group, ended as a whole: SIGTERM, up to 5 s grace, then SIGKILL.
import type { ChildProcess } from 'child_process';

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ends the process group led by `child` (spawned with `detached: true`). Resolves once it is gone. */
export async function killGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || !groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pid)) return;
    await sleep(100);
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
}
