/**
 * What the cluster tests share: PyTorch found (or a clear failure: these tests are never skipped),
 * a tiny run pretrained and exported through the real CLI, torchrun launched on CPU (gloo, one
 * thread per rank), and the events train.py wrote.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, runCli, tempDir, tinyCorpus, type CliResult } from './cli-helpers';

export const PYTHON = '/usr/bin/python3';

/** Debian's torch links the generic BLAS; OpenBLAS keeps it fast. One thread per rank: the machine is shared. */
export const TORCH_ENV = { ...process.env, LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-openmp', OMP_NUM_THREADS: '1' };

/** Throws (the suite fails, it is not skipped) when PyTorch is missing. */
export function requireTorch(): void {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { env: TORCH_ENV, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`PyTorch is not installed for ${PYTHON}: apt-get install python3-torch python3-numpy libopenblas0-openmp (.ci/run does this) — ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
  }
}

/**
 * torchrun, or the module it runs where it is not on PATH. `--redirects 1 --tee 1`: torch 1.13's
 * launcher cannot parse its own default "0" under Python 3.11 (an IntFlag change), so the tests
 * name a value it parses: each rank's stdout is teed to the console.
 */
function torchrunCommand(): string[] {
  const onPath = spawnSync('sh', ['-c', 'command -v torchrun'], { encoding: 'utf8' }).stdout.trim();
  return [...(onPath ? [onPath] : [PYTHON, '-m', 'torch.distributed.run']), '--redirects', '1', '--tee', '1'];
}

export interface Launch {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** `torchrun --standalone --nproc_per_node 2 <bundle>/train.py …` on CPU. */
export function launchTorchrun(bundle: string, args: string[]): Launch {
  const [command, ...launcher] = torchrunCommand();
  const child = spawn(command, [...launcher, '--standalone', '--nproc_per_node', '2', '--monitor_interval', '1', path.join(bundle, 'train.py'), ...args], {
    env: TORCH_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runTrainPy(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(PYTHON, args, { env: TORCH_ENV, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export type Event = Record<string, unknown> & { event: string };

/** The JSON lines of a train.py metrics.jsonl. */
export function readEvents(file: string): Event[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Event);
}

/** A 1-layer, width-16 character-level model of `arch`, pretrained by the CLI far enough that its loss is well below a fresh model's. */
export async function pretrainTiny(dir: string, arch: 'gpt2' | 'bert', extra: string[] = []): Promise<{ modelDir: string; corpus: string; losses: number[] }> {
  const corpus = tinyCorpus(dir);
  const modelDir = path.join(dir, `${arch}-model`);
  const r = await runCli([
    'pretrain', corpus, '--out', modelDir, '--arch', arch, '--tokenizer', 'char', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16',
    '--batch', '8', '--steps', '40', '--warmup', '2', '--lr', '0.01', '--min-lr', '0.005', '--eval-batches', '2', '--threads', '1', '--json', ...extra,
  ]);
  if (r.code !== 0) throw new Error(`pretrain failed: ${r.stderr}`);
  const losses = r.stdout.split('\n').filter((l) => l.includes('"progress"')).map((l) => (JSON.parse(l) as { loss: number }).loss);
  return { modelDir, corpus, losses };
}

export interface TinyRun {
  /** The suite's temp folder, which holds the corpus and the model folder. */
  dir: string;
  modelDir: string;
  corpus: string;
  losses: number[];
}

/**
 * For the suite it is called in: before its tests, builds the CLI and pretrains a tiny `arch` model
 * (pretrainTiny) in a fresh temp folder; after them, removes the folder. The fields are filled in
 * by that hook: read them in the suite's later hooks and its tests.
 */
export function tinyRunForSuite(prefix: string, arch: 'gpt2' | 'bert'): TinyRun {
  const run = {} as TinyRun;
  before(async () => {
    buildCliOnce();
    run.dir = tempDir(prefix);
    Object.assign(run, await pretrainTiny(run.dir, arch));
  });
  after(() => run.dir && rmSync(run.dir, { recursive: true, force: true }));
  return run;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
