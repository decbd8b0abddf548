/**
 * Runs the real CLI as users do: `node bin/pretrain-lab.js …` on the bundle that `npm run build`
 * makes (built once per mocha run, so the tests never see a stale dist/), in a spawned process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'pretrain-lab.js');
let built = false;

export function buildCliOnce(): void {
  if (built) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  built = true;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], cwd = ROOT): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runCli(args: string[], options: { cwd?: string; onStdoutLine?: (line: string, child: ChildProcess) => void } = {}): Promise<CliResult> {
  const child = startCli(args, options.cwd);
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) options.onStdoutLine?.(line, child);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The JSON lines of a --json run. */
export function jsonEvents(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function tempDir(prefix = 'pl-cli-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A small corpus: the start of the bundled Shakespeare, written to a temp file. */
export function tinyCorpus(dir: string, bytes = 20_000): string {
  const text = require('node:fs').readFileSync(path.join(ROOT, 'models', 'corpus', 'tinyshakespeare.txt'), 'utf8').slice(0, bytes);
  const file = path.join(dir, 'corpus.txt');
  writeFileSync(file, text);
  return file;
}

/** Flags of a run small enough for tests: a 1-layer, width-16 character-level GPT. */
export const TINY_RUN = ['--tokenizer', 'char', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16', '--batch', '4', '--eval-batches', '2', '--warmup', '2', '--lr', '0.01', '--threads', '1'];
