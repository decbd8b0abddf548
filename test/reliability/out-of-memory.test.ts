/**
 * Resources: a configuration that cannot fit is refused before anything starts, with the
 * estimate and the limit (CLI, exit 2); a training process whose JavaScript heap hits its limit
 * anyway is reported as exactly that, not as "exited unexpectedly". (Killed by the OS instead:
 * process-killed.test.ts.)
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough } from 'node:stream';
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
    assert.match(run.stderr, /^error: this configuration needs about [\d.]+ (TiB|GiB|MiB) of memory to train but the limit is [\d.]+ (GiB|MiB) \(80% of this machine's\); use fewer --layers/);
  });

  it('reports a training process killed at its heap limit as "ran out of memory"', async () => {
    // A tiny heap limit (--max-old-space-size in the job process) makes it die the way a real
    // run dies of a too-big batch.
    let stderr = '';
    const sink = new PassThrough().setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const jobs = new JobManager(path.join(__dirname, 'fixtures-workers', 'oom-worker.ts'), { resourceLimits: { maxOldGenerationSizeMb: 64 }, stderr: sink });
    try {
      const job = jobs.start('pretrain', {} as never);
      const error = await job.result.then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof WorkerOutOfMemoryError, `got ${String(error)}`);
      // V8's own dump (GC trace, native stack) is replaced by that sentence, not printed too.
      assert.equal(stderr, '');
      assert.equal(error.message, 'the training process ran out of memory (its JavaScript heap reached the memory limit of 64 MB); use a smaller --batch, --context or --dim, or fewer --layers');
    } finally {
      await jobs.dispose();
    }
  });
});
