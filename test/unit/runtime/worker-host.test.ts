import assert from 'node:assert/strict';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import { JobCancelledError, JobFailedError, WorkerCrashedError } from '../../../src/jobs/rpc';
import { WorkerHost } from '../../../src/jobs/worker-host';
import type { TestJobs } from './fixtures/test-jobs';

const script = path.join(__dirname, 'fixtures', 'test-worker.ts');

describe('WorkerHost', function () {
  let host: WorkerHost<TestJobs>;
  beforeEach(() => {
    host = WorkerHost.start<TestJobs>(script);
  });
  afterEach(() => host.terminate());

  it('runs a job on another thread and returns its typed result', async () => {
    const r = await host.call('echo', { text: 'hi' });
    assert.equal(r.text, 'hi');
    assert.notEqual(r.threadId, threadId);
  });

  it('delivers progress events before the result, in order', async () => {
    const seen: number[] = [];
    const sum = await host.call('count', { count: 5 }, { onEvent: (e) => seen.push(e.i) });
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
    assert.equal(sum, 10);
  });

  it('fails only the call whose handler throws; the worker keeps serving', async () => {
    await assert.rejects(host.call('fail', { message: 'bad batch' }), (e: Error) => e instanceof JobFailedError && e.message === 'bad batch');
    assert.equal((await host.call('echo', { text: 'still here' })).text, 'still here');
  });

  it('fails a call whose result cannot be cloned, without killing the worker', async () => {
    await assert.rejects(host.call('unclonable', {}), JobFailedError);
    assert.equal((await host.call('echo', { text: 'ok' })).text, 'ok');
  });

  it('cancels a job through an AbortSignal', async () => {
    const controller = new AbortController();
    const ticks: number[] = [];
    const call = host.call('untilCancelled', {}, {
      signal: controller.signal,
      onEvent: (e) => {
        ticks.push(e.tick);
        if (e.tick === 2) controller.abort();
      },
    });
    await assert.rejects(call, JobCancelledError);
    assert.ok(ticks.length >= 3);
  });

  it('reports an uncaught error in the worker as an error event and rejects pending calls', async () => {
    const reported = new Promise<Error>((resolve) => host.onError(resolve));
    const pending = assert.rejects(host.call('untilCancelled', {}), /boom in worker/);
    await host.call('crash', { message: 'boom in worker' }).catch(() => undefined);
    const err = await reported;
    assert.ok(err instanceof WorkerCrashedError);
    assert.match(err.message, /boom in worker/);
    await pending;
    await assert.rejects(host.call('echo', { text: 'x' }), WorkerCrashedError);
  });

  it('reports an unexpected exit with its code', async () => {
    const reported = new Promise<Error>((resolve) => host.onError(resolve));
    await assert.rejects(host.call('exit', { code: 3 }), /exited unexpectedly with code 3/);
    assert.match((await reported).message, /code 3/);
  });

  it('terminate() rejects pending calls and reports no error', async () => {
    let reported: Error | undefined;
    host.onError((e) => (reported = e));
    const pending = assert.rejects(host.call('untilCancelled', {}), /terminated/);
    await host.terminate();
    await pending;
    assert.equal(reported, undefined);
  });

  it('reports a worker script that cannot start as an error, not a crash', async () => {
    const broken = WorkerHost.start<TestJobs>(path.join(__dirname, 'fixtures', 'no-such-worker.js'));
    await assert.rejects(broken.call('echo', { text: 'x' }), (e: Error) => e instanceof WorkerCrashedError && /Cannot find module/.test(e.message));
  });
});
