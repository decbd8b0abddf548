/**
 * What every JobHost promises its callers, whatever carries the messages (a worker thread or a
 * child process): typed results, ordered events, per-call failures, cancellation, and death
 * reported as rejected calls. Run once per transport by worker-host.test.ts and
 * test/unit/jobs/process-host.test.ts, against the same fixture worker script.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { JobHost } from '../../../src/jobs/job-host';
import { JobCancelledError, JobFailedError, WorkerCrashedError } from '../../../src/jobs/rpc';
import type { TestJobs } from './fixtures/test-jobs';

export const TEST_WORKER = path.join(__dirname, 'fixtures', 'test-worker.ts');

export function hostContract(start: (script: string) => JobHost<TestJobs>): void {
  let host: JobHost<TestJobs>;
  beforeEach(() => {
    host = start(TEST_WORKER);
  });
  afterEach(() => host.terminate());

  it('delivers progress events before the result, in order', async () => {
    const seen: number[] = [];
    const sum = await host.call('count', { count: 5 }, { onEvent: (e) => seen.push(e.i) });
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
    assert.equal(sum, 10);
  });

  it('carries typed arrays both ways intact', async () => {
    const r = await host.call('double', { values: new Float32Array([1.5, -2, 3e-8]), ids: new BigInt64Array([7n, -1n]) });
    assert.ok(r.values instanceof Float32Array && r.ids instanceof BigInt64Array);
    assert.deepEqual([...r.values], [3, -4, Math.fround(3e-8) * 2]);
    assert.deepEqual([...r.ids], [14n, -2n]);
  });

  it('fails only the call whose handler throws; the worker keeps serving', async () => {
    await assert.rejects(host.call('fail', { message: 'bad batch' }), (e: Error) => e instanceof JobFailedError && e.message === 'bad batch');
    assert.equal((await host.call('echo', { text: 'still here' })).text, 'still here');
  });

  it('fails a call whose params or result cannot be cloned, without killing the worker', async () => {
    await assert.rejects(host.call('echo', { text: (() => 'x') as unknown as string }), /cannot send 'echo'/);
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
    const broken = start(path.join(__dirname, 'fixtures', 'no-such-worker.js'));
    await assert.rejects(broken.call('echo', { text: 'x' }), (e: Error) => e instanceof WorkerCrashedError && /Cannot find module/.test(e.message));
    await broken.terminate();
  });
}
