/** Reading the process tree from /proc (Linux), for tests that kill CLIs and watch their job processes. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Children of `pid` whose command line matches `pattern`. */
export function childrenOf(pid: number, pattern: RegExp): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Field 4 of stat is the parent pid; the command name (field 2) may hold spaces, so split after it.
        const ppid = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        return ppid === pid && pattern.test(readFileSync(`/proc/${name}/cmdline`, 'utf8'));
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Whether `pid` is a live process (a zombie, dead and not yet reaped, counts as gone). */
export function isRunning(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls until `done()` or `timeoutMs`; returns whether it came true. */
export async function waitFor(done: () => boolean, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return done();
}
