// Starts and stops code-server (real VS Code in a browser) the way DESIGN.md §5
// measured to work: Node 24, no auth, a free loopback port, and every directory
// it writes to (user data, extensions, XDG config/data/cache) in a temp folder,
// so a run neither reads nor changes the machine's own VS Code state.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CODE_SERVER_ENTRY, NODE24 } from './paths';

export interface CodeServerDirs {
  root: string;
  userData: string;
  extensions: string;
  log: string;
}

export interface CodeServer {
  url: string;
  port: number;
  dirs: CodeServerDirs;
  /** Stops the whole process group and waits for every child to go. */
  stop(): Promise<void>;
}

/** A plain workbench: no welcome page, chat or update checks competing with the
 *  extension under test for focus, screen space and log lines. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
};

export async function makeDirs(): Promise<CodeServerDirs> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pretrain-lab-code-server-'));
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    log: path.join(root, 'code-server.log'),
  };
  for (const d of [dirs.userData, dirs.extensions, ...Object.values(xdgDirs(root))]) await fs.mkdir(d, { recursive: true });
  await fs.mkdir(path.join(dirs.userData, 'User'));
  await fs.writeFile(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
  return dirs;
}

function xdgDirs(root: string): Record<string, string> {
  return {
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
  };
}

function env(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  return { ...process.env, ...xdgDirs(dirs.root), PATH: `${path.dirname(NODE24)}:${process.env.PATH}` };
}

function baseArgs(dirs: CodeServerDirs): string[] {
  return [CODE_SERVER_ENTRY, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** `code-server --install-extension`, into these dirs only. */
export async function installExtension(dirs: CodeServerDirs, vsix: string): Promise<void> {
  await promisify(execFile)(NODE24, [...baseArgs(dirs), '--install-extension', vsix], {
    env: env(dirs),
    timeout: 120_000,
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  // code-server's children (extension host, file watcher, pty host) leave over a
  // few seconds; wait for the whole group, then force what is left.
  for (let waited = 0; waited < 10_000 && groupAlive(pid); waited += 200) await sleep(200);
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // raced with the last child's exit
    }
  }
}

async function waitUntilServing(url: string, child: ChildProcess, dirs: CodeServerDirs, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  const log = await fs.readFile(dirs.log, 'utf8').catch(() => '');
  throw new Error(`code-server did not start within ${timeoutMs} ms (exit code ${child.exitCode}).\n${log.slice(-4000)}`);
}

/**
 * `workspaceTrust: true` keeps VS Code's Workspace Trust on (the trust test); every other
 * test runs with it off, as DESIGN.md §5 starts code-server.
 */
export async function startCodeServer(dirs: CodeServerDirs, opts: { timeoutMs?: number; workspaceTrust?: boolean } = {}): Promise<CodeServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(dirs.log);
  const child = spawn(
    NODE24,
    [
      ...baseArgs(dirs),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    // Its own process group, so stop() reaches the children it spawns.
    { detached: true, env: env(dirs), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const stop = () => stopGroup(child);
  try {
    await waitUntilServing(url, child, dirs, opts.timeoutMs ?? 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, dirs, stop };
}
