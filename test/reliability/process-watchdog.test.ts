/**
 * Processes: a job process dies with its parent and stops on cancel in every phase — also when
 * its main thread never returns to the event loop (busy in JavaScript, blocked in a system call:
 * the IPC channel's 'disconnect' and a cancel message then go unread). Deterministic stand-ins
 * for a corpus scan or a tokenizer training that does not yield: jobs that never return.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { JobManager } from '../../src/jobs/job-manager';
import { JobCancelledError } from '../../src/jobs/rpc';
import { isRunning, waitFor } from './process-tree';
import { tempDir } from '../integration/cli-helpers';

const FIXTURES = path.join(__dirname, 'fixtures-workers');
/** Generous: the watchdog polls every 200 ms. */
const GONE_WITHIN_MS = 5_000;

const leftovers: number[] = [];

/** Starts job-parent.ts with a stuck job; resolves with both pids once the job is stuck. */
function startParent(method: string, fifo?: string): Promise<{ parent: number; job: number }> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(FIXTURES, 'job-parent.ts'), method, ...(fifo ? [fifo] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      const pid = /stuck (\d+)/.exec(text)?.[1];
      if (!pid) return;
      leftovers.push(Number(pid), child.pid!);
      // The job sends its pid 100 ms before it gets stuck; until then its event loop is free.
      setTimeout(() => resolve({ parent: child.pid!, job: Number(pid) }), 1000);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`job-parent exited (${code}) before its job got stuck`)));
  });
}

describe('reliability: job process watchdog and cancel', function () {
  this.timeout(60_000);
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });
  afterEach(() => {
    for (const pid of leftovers.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  });

  it('a job busy in JavaScript dies within seconds of its parent', async () => {
    const { parent, job } = await startParent('spin');
    process.kill(parent, 'SIGKILL');
    assert.ok(await waitFor(() => !isRunning(job), GONE_WITHIN_MS), `job process ${job} outlived its parent`);
  });

  it('a job blocked reading a named pipe dies within seconds of its parent', async () => {
    const fifo = path.join(tempDir('pl-watchdog-'), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const { parent, job } = await startParent('block', fifo);
    process.kill(parent, 'SIGKILL');
    assert.ok(await waitFor(() => !isRunning(job), GONE_WITHIN_MS), `job process ${job} outlived its parent`);
  });

  it('cancelling a training job before its training loop stops it at once, as cancelled', async () => {
    const manager = new JobManager(path.join(FIXTURES, 'stuck-worker.ts'));
    try {
      let job: number | undefined;
      const run = manager.start('pretrain', {} as never, (event) => {
        job = (event as unknown as { pid?: number }).pid;
      });
      assert.ok(await waitFor(() => job !== undefined, 30_000), 'the job got stuck');
      leftovers.push(job!);
      await new Promise((r) => setTimeout(r, 1000));
      run.cancel();
      const outcome = await Promise.race([run.result.then(() => 'finished', (e: unknown) => e), new Promise((r) => setTimeout(() => r('still running'), GONE_WITHIN_MS))]);
      assert.ok(outcome instanceof JobCancelledError, `the job ended as: ${String(outcome)}`);
      assert.ok(await waitFor(() => !isRunning(job!), GONE_WITHIN_MS), `job process ${job} still runs`);
    } finally {
      await manager.dispose();
    }
  });
});
