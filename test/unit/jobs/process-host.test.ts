/**
 * ProcessHost: the JobHost contract over a child process, plus what only a process can show —
 * a death from outside (SIGKILL, as the OOM killer sends) reported with its signal, a heap limit
 * reported as out of memory, no orphan when the parent dies, Ctrl-C left to the parent.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { ProcessHost } from '../../../src/jobs/process-host';
import { ProcessExitedError, WorkerOutOfMemoryError } from '../../../src/jobs/rpc';
import type { TestJobs } from './fixtures/test-jobs';
import { hostContract, TEST_WORKER } from './host-contract';

/** Collects what a child writes to stderr, instead of cluttering the test output. */
function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (c: string) => (text += c));
  return { stream, text: () => text };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe('ProcessHost', function () {
  this.timeout(30_000);
  hostContract((script) => ProcessHost.start<TestJobs>(script, { stderr: sink().stream }));

  it('runs a job in another process', async () => {
    const host = ProcessHost.start<TestJobs>(TEST_WORKER);
    try {
      const r = await host.call('echo', { text: 'hi' });
      assert.equal(r.text, 'hi');
      assert.notEqual(r.pid, process.pid);
      assert.equal(r.pid, host.pid);
    } finally {
      await host.terminate();
    }
  });

  it('rejects the call in flight with the signal when the process is SIGKILLed from outside', async () => {
    const host = ProcessHost.start<TestJobs>(TEST_WORKER);
    const reported = new Promise<Error>((resolve) => host.onError(resolve));
    const call = host.call('untilCancelled', {}, { onEvent: (e) => e.tick === 2 && process.kill(host.pid!, 'SIGKILL') });
    const error = await call.then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ProcessExitedError, `got ${String(error)}`);
    assert.equal(error.signal, 'SIGKILL');
    assert.equal(error.message, 'job process was killed by SIGKILL');
    assert.equal(await reported, error);
  });

  it('reports a process that hits its heap limit as out of memory, without V8\'s dump on stderr', async () => {
    const err = sink();
    const host = ProcessHost.start<TestJobs>(TEST_WORKER, { maxOldGenerationSizeMb: 48, stderr: err.stream });
    const error = await host.call('hoard', {}).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof WorkerOutOfMemoryError, `got ${String(error)}`);
    assert.equal(error.message, 'the job process ran out of memory (its JavaScript heap reached the memory limit of 48 MB)');
    // Its own lines still reach us; V8's GC trace and native stack do not.
    assert.match(err.text(), /^hoarding memory$/m);
    assert.doesNotMatch(err.text(), /FATAL ERROR|Last few GCs/);
  });

  it('leaves Ctrl-C (SIGINT) to the parent: the job runs on and can still be cancelled', async () => {
    const host = ProcessHost.start<TestJobs>(TEST_WORKER);
    try {
      // A terminal's Ctrl-C goes to our process group only, not the child's (field 5 of stat)...
      const group = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2];
      if (process.platform === 'linux') assert.notEqual(group(host.pid!), group(process.pid));
      // ...and a SIGINT sent to it anyway does not stop the job.
      const controller = new AbortController();
      const call = host.call('untilCancelled', {}, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.tick === 1) process.kill(host.pid!, 'SIGINT');
          if (e.tick === 20) controller.abort();
        },
      });
      await assert.rejects(call, (e: Error) => e.name === 'JobCancelledError');
    } finally {
      await host.terminate();
    }
  });

  it('does not outlive its parent: a SIGKILLed CLI leaves no orphan training on', async () => {
    const parent = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), `${__dirname}/fixtures/orphan-parent.ts`], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout!.setEncoding('utf8').once('data', (line: string) => resolve(Number(line.trim())));
      parent.once('exit', () => reject(new Error('the parent exited before its job started')));
    });
    assert.ok(alive(childPid));
    parent.kill('SIGKILL');
    assert.ok(await waitUntil(() => !alive(childPid), 5000), `job process ${childPid} outlived its parent`);
  });
});
