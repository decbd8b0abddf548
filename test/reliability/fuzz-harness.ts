/**
 * Runs a loader over many mutated versions of one file of a folder and checks the contract
 * every loader of user files must keep (issue 8): it either loads, or throws one of our error
 * classes whose message names the file and says what is wrong — never a raw TypeError from
 * deep inside — within a bounded time, without crashing the process and without writing
 * anything (a loader that "repairs" a file could destroy the user's only copy).
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Rng, type Mutation } from './mutate';

export interface FuzzTarget {
  /** The intact folder: path relative to it → content. */
  folder: Record<string, Uint8Array>;
  /** The file (relative) that each case replaces with a mutated version. */
  file: string;
  mutate(bytes: Uint8Array, rng: Rng): Mutation;
  load(dir: string): Promise<unknown>;
  /** Our error classes for this loader. */
  isOurError(error: unknown): boolean;
  /** Whether the message must name the file; false for APIs given bytes, not a path. */
  namesFile?: boolean;
  cases: number;
  seed: number;
}

export interface FuzzReport {
  cases: number;
  loaded: number;
  rejected: number;
  maxMs: number;
  /** One line per broken case (capped), for the assertion message. */
  failures: string[];
  failureCount: number;
}

/** Far above the few milliseconds a case takes; a loop or a quadratic blow-up crosses it. */
export const MAX_CASE_MS = 2000;

/** Messages that betray an unchecked field rather than a reasoned refusal. */
const RAW_MESSAGE = /Cannot read propert|Cannot set propert|is not a function|is not iterable|of undefined|of null|Maximum call stack|Invalid typed array length|Invalid array length|out of bounds/i;

export function writeFolder(contents: Record<string, Uint8Array>): string {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'pl-fuzz-'));
  const dir = path.join(parent, 'model');
  for (const [relative, bytes] of Object.entries(contents)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), bytes);
  }
  return dir;
}

/** Names, kinds, sizes and mtimes of everything under `root`: any write changes it. */
function snapshot(root: string): string {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const s = lstatSync(p);
      lines.push(`${path.relative(root, p)} ${s.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`);
      if (s.isDirectory()) walk(p);
    }
  };
  walk(root);
  return lines.join('\n');
}

function problemWith(error: unknown, target: FuzzTarget, file: string): string | undefined {
  if (!target.isOurError(error)) {
    const e = error as Error;
    return `not our error class: ${e?.name}: ${e?.message?.slice(0, 160)}`;
  }
  const message = (error as Error).message;
  if (RAW_MESSAGE.test(message)) return `raw message: ${message.slice(0, 200)}`;
  if (target.namesFile !== false && !message.includes(path.basename(file))) return `message does not name ${path.basename(file)}: ${message.slice(0, 200)}`;
  return undefined;
}

export async function fuzz(target: FuzzTarget): Promise<FuzzReport> {
  const dir = writeFolder(target.folder);
  // The parent too: a lock file or a swap sibling beside the folder is a write as well.
  const parent = path.dirname(dir);
  const file = path.join(dir, target.file);
  // A plain Uint8Array: Buffer.slice would share memory, and mutations would pile up.
  const original = new Uint8Array(target.folder[target.file]);
  const report: FuzzReport = { cases: 0, loaded: 0, rejected: 0, maxMs: 0, failures: [], failureCount: 0 };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    for (let i = 0; i < target.cases; i++) {
      const rng = new Rng(target.seed * 100_003 + i);
      const mutation = target.mutate(original, rng);
      writeFileSync(file, mutation.bytes);
      const before = snapshot(parent);
      const started = performance.now();
      let problem: string | undefined;
      try {
        await target.load(dir);
        report.loaded++;
      } catch (error) {
        report.rejected++;
        problem = problemWith(error, target, file);
      }
      const ms = performance.now() - started;
      report.maxMs = Math.max(report.maxMs, ms);
      report.cases++;
      if (ms > MAX_CASE_MS) problem ??= `took ${ms.toFixed(0)} ms`;
      if (snapshot(parent) !== before) problem ??= 'the loader wrote to the folder';
      if (unhandled.length > 0) problem ??= `unhandled rejection: ${String(unhandled.splice(0)[0])}`;
      if (problem) {
        report.failureCount++;
        if (report.failures.length < 12) report.failures.push(`case ${i} (${mutation.what}): ${problem}`);
      }
    }
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return report;
}

export function describeReport(name: string, r: FuzzReport): string {
  return `${name}: ${r.cases} cases, ${r.loaded} loaded, ${r.rejected} rejected with a clear error, slowest ${r.maxMs.toFixed(0)} ms`;
}
