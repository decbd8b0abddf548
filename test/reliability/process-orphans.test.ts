/**
 * Processes: a job process never outlives the CLI that started it, and Ctrl-C cancels a job in
 * any phase. When the CLI is killed (SIGKILL, `timeout`, a second Ctrl-C) its job process must
 * end within about a second even while busy in JavaScript (corpus scan, tokenizer training) —
 * an orphan kept spinning and kept the model folder's lock — and a single Ctrl-C during a phase
 * with nothing to save must end the run promptly rather than after the phase.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { childrenOf, isRunning, waitFor } from './process-tree';
import { buildCliOnce, jsonEvents, ROOT, runCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';

const BIN = path.join(ROOT, 'bin', 'pretrain-lab.js');
/** Generous: the watchdog polls every 200 ms; a loaded CI machine may be slow to schedule. */
const GONE_WITHIN_MS = 5_000;

/** A corpus whose scan and BPE tokenizer training keep the job busy in JavaScript for seconds. */
function bigCorpus(dir: string, files = 30): string {
  const text = readFileSync(path.join(ROOT, 'models', 'corpus', 'tinyshakespeare.txt'), 'utf8');
  const folder = path.join(dir, 'corpus');
  mkdirSync(folder);
  // Each file different (identical files are skipped as duplicates).
  for (let i = 0; i < files; i++) writeFileSync(path.join(folder, `part-${i}.txt`), `part ${i}\n${text}`);
  return folder;
}

/** The CLI in its own process group (as a terminal runs it), its stdout lines collected. */
function startCli(args: string[]): { cli: ChildProcess; lines: string[]; stderr: () => string; closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const cli = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  let stderr = '';
  let pending = '';
  cli.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop()!;
    lines.push(...parts);
  });
  cli.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => cli.on('close', (code, signal) => resolve({ code, signal })));
  return { cli, lines, stderr: () => stderr, closed };
}

/** Job processes the tests started, killed after each test should one outlive its check. */
const jobs: number[] = [];

async function jobProcessOf(cli: ChildProcess): Promise<number> {
  let job: number | undefined;
  assert.ok(await waitFor(() => (job = childrenOf(cli.pid!, /worker\.js/)[0]) !== undefined, 30_000), 'the CLI started a job process');
  jobs.push(job!);
  return job!;
}

const started = (lines: string[]) => lines.some((l) => l.includes('"event":"start"'));

/**
 * Waits until the corpus is scanned and the job is training its tokenizer: a synchronous,
 * seconds-long phase that reads no messages, with nothing to save yet.
 */
async function inTokenizerTraining(run: { lines: string[] }): Promise<void> {
  assert.ok(await waitFor(() => run.lines.some((l) => l.includes('"event":"scan"')), 60_000), 'the corpus was scanned');
  await new Promise((r) => setTimeout(r, 1000));
  assert.ok(!started(run.lines), 'still before training: the tokenizer takes seconds to train');
}

describe('reliability: job processes and the CLI that started them', function () {
  this.timeout(180_000);
  before(function () {
    if (process.platform !== 'linux') this.skip();
    buildCliOnce();
  });
  afterEach(() => {
    for (const pid of jobs.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  });

  it('SIGKILL of the CLI while the job is busy in JavaScript ends the job; the folder is not left locked', async () => {
    const dir = tempDir('pl-orphan-');
    const out = path.join(dir, 'model');
    const run = startCli(['pretrain', bigCorpus(dir), '--out', out, '--layers', '1', '--heads', '1', '--dim', '16', '--context', '16', '--steps', '5', '--json']);
    const job = await jobProcessOf(run.cli);
    await inTokenizerTraining(run);
    run.cli.kill('SIGKILL');
    await run.closed;
    assert.ok(await waitFor(() => !isRunning(job), GONE_WITHIN_MS), `job process ${job} outlived the CLI`);
    const next = await runCli(['pretrain', tinyCorpus(dir), '--out', out, ...TINY_RUN, '--steps', '2']);
    assert.doesNotMatch(next.stderr, /being written by/);
    assert.equal(next.code, 0, next.stderr);
  });

  it('SIGKILL of the CLI during training ends the job; --resume then continues the run', async () => {
    const dir = tempDir('pl-orphan-');
    const out = path.join(dir, 'model');
    const corpus = tinyCorpus(dir);
    const run = startCli(['pretrain', corpus, '--out', out, ...TINY_RUN, '--steps', '100000', '--checkpoint-every', '5', '--json']);
    const job = await jobProcessOf(run.cli);
    assert.ok(await waitFor(() => run.lines.some((l) => l.includes('"event":"checkpoint"') && !l.includes('"step":0')), 60_000), 'a checkpoint after step 0');
    run.cli.kill('SIGKILL');
    await run.closed;
    assert.ok(await waitFor(() => !isRunning(job), GONE_WITHIN_MS), `job process ${job} outlived the CLI`);
    const resumed = await runCli(['pretrain', corpus, '--out', out, '--resume', '--steps', '1', '--json']);
    assert.doesNotMatch(resumed.stderr, /being written by/);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(jsonEvents(resumed.stdout).find((e) => e.event === 'start')?.resumed, true);
  });

  it('one Ctrl-C while the tokenizer is being trained ends the run promptly with exit 130', async () => {
    const dir = tempDir('pl-orphan-');
    const run = startCli(['pretrain', bigCorpus(dir), '--out', path.join(dir, 'model'), '--layers', '1', '--heads', '1', '--dim', '16', '--context', '16', '--steps', '5', '--json']);
    const job = await jobProcessOf(run.cli);
    await inTokenizerTraining(run);
    // What a terminal does on Ctrl-C: SIGINT to the foreground process group.
    process.kill(-run.cli.pid!, 'SIGINT');
    const timer = setTimeout(() => process.kill(-run.cli.pid!, 'SIGKILL'), 5_000);
    const end = await run.closed;
    clearTimeout(timer);
    assert.equal(end.signal, null, 'the CLI ended by itself, within 5 s');
    assert.equal(end.code, 130, run.stderr());
    assert.match(run.stderr(), /cancelled/);
    assert.deepEqual(jsonEvents(run.lines.join('\n')).at(-1), { event: 'cancelled' });
    assert.ok(await waitFor(() => !isRunning(job), GONE_WITHIN_MS), `job process ${job} outlived the run`);
  });
});
