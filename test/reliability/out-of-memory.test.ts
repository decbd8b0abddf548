/**
 * Resources: a configuration that cannot fit is refused before anything starts, with the
 * estimate and the limit (CLI, exit 2); a training worker that runs out of memory anyway is
 * reported as exactly that, not as "worker exited unexpectedly".
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { JobManager } from '../../src/jobs/job-manager';
import { WorkerOutOfMemoryError } from '../../src/jobs/worker-host';
import { buildCliOnce, runCli, tempDir, tinyCorpus } from '../integration/cli-helpers';

describe('reliability: memory', function () {
  this.timeout(60_000);
  before(buildCliOnce);

  it('refuses a run that would not fit, with the estimate and the limit, before training', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'model');
    const run = await runCli(['pretrain', tinyCorpus(dir), '--out', out, '--layers', '48', '--dim', '4096', '--heads', '32', '--context', '4096', '--batch', '64']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^error: this configuration needs about [\d.]+ (GiB|MiB) of memory to train but the limit is [\d.]+ (GiB|MiB) \(80% of this machine's\); use fewer --layers/);
  });

  it('reports a training worker killed at its memory limit as "ran out of memory"', async () => {
    // A tiny heap limit makes the worker die the way a real run dies of a too-big batch.
    const jobs = new JobManager(path.join(__dirname, 'fixtures-workers', 'oom-worker.ts'), { resourceLimits: { maxOldGenerationSizeMb: 64 } });
    try {
      const job = jobs.start('pretrain', {} as never);
      const error = await job.result.then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof WorkerOutOfMemoryError, `got ${String(error)}`);
      assert.match(error.message, /^the training process ran out of memory \(.*memory limit.*\); use a smaller --batch/);
    } finally {
      await jobs.dispose();
    }
  });
});
