import assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { WorkerHost } from '../../../src/jobs/worker-host';
import type { TestJobs } from './fixtures/test-jobs';
import { hostContract, TEST_WORKER } from './host-contract';

describe('WorkerHost', function () {
  hostContract((script) => WorkerHost.start<TestJobs>(script));

  it('runs a job on another thread of this process', async () => {
    const host = WorkerHost.start<TestJobs>(TEST_WORKER);
    try {
      const r = await host.call('echo', { text: 'hi' });
      assert.equal(r.text, 'hi');
      assert.notEqual(r.threadId, threadId);
      assert.equal(r.pid, process.pid);
    } finally {
      await host.terminate();
    }
  });
});
