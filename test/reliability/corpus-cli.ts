/**
 * For the corpus reliability tests: a tiny `pretrain` run of the real CLI that is killed (with
 * its job worker) when it outlives a generous bound, so a hang fails the test instead of the suite;
 * optionally under a lowered open-file limit.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, type CliResult } from '../integration/cli-helpers';

const BIN = path.join(ROOT, 'bin', 'pretrain-lab.js');

/** A 1-layer, width-16 character-level GPT: the repro flags of issue #20. */
export const TINY_PRETRAIN = ['--layers', '1', '--heads', '1', '--dim', '16', '--context', '16', '--batch', '4', '--steps', '5', '--tokenizer', 'char', '--threads', '1', '--eval-batches', '1'];

export interface BoundedResult extends CliResult {
  /** True when the run was killed for outliving `withinMs`. */
  hung: boolean;
}

/** Runs `pretrain-lab …args`; kills the whole process group after `withinMs`. */
export function runCliWithin(args: string[], withinMs: number, options: { openFileLimit?: number } = {}): Promise<BoundedResult> {
  const command = options.openFileLimit === undefined ? process.execPath : 'bash';
  const argv = options.openFileLimit === undefined
    ? [BIN, ...args]
    : ['-c', `ulimit -n ${options.openFileLimit} && exec "$0" "$@"`, process.execPath, BIN, ...args];
  const child = spawn(command, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let hung = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  // Bounded: a defect that floods stderr must not exhaust the test's memory.
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(0, 1_000_000)));
  const timer = setTimeout(() => {
    hung = true;
    // The job worker runs in a process group of its own: kill it by pid, found before its parent dies.
    for (const pid of [...descendantsOf(child.pid!), -child.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, withinMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, hung });
    });
  });
}

/** Every process below `pid` (Linux: read from /proc). */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the name before it may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const visit = (p: number) => (children.get(p) ?? []).forEach((c) => (found.push(c), visit(c)));
  visit(pid);
  return found;
}

/** A few lines of distinct text, enough characters for the tiny run's batches. */
export function proseFile(seed: number): string {
  const words = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'a', 'lazy', 'dog', 'while', 'rain', 'falls'];
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) lines.push(`${seed}: ${words.map((w, j) => words[(j * 7 + i + seed) % words.length] + (j === i % words.length ? '' : w.slice(0, 1))).join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** Writes `files` (relative path → text) under `root`. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
