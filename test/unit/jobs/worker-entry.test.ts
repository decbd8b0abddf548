// The production job worker (src/jobs/worker.ts, bundled to dist/worker.js) behind the one job
// front-end: the editor's inference jobs on a worker thread, run from TypeScript sources and
// from an esbuild bundle as production does; a failing or cancelled job leaves the worker serving.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { InferenceJobs } from '../../../src/jobs/inference-jobs';
import { JobManager } from '../../../src/jobs/job-manager';
import { JobCancelledError, JobFailedError } from '../../../src/jobs/rpc';
import { defaultWorkerScript } from '../../../src/jobs/worker-host';

const MODEL = path.resolve(__dirname, '../../../models/tiny-shakespeare-gpt2');
const session = { device: 'cpu' as const, intraOpNumThreads: 1 };

/** A generation streamed over the thread: one event per token, the last one the whole text. */
async function generateIn(jobs: JobManager<InferenceJobs>): Promise<void> {
  const texts: string[] = [];
  const result = await jobs.start('generate', { dir: MODEL, prompt: 'ROMEO:', options: { maxNewTokens: 4, seed: 1, stopAtEos: false }, session }, (e) => texts.push(e.text)).result;
  assert.equal(result.ids.length, 4);
  assert.equal(texts.length, 4);
  assert.equal(texts.at(-1), result.text);
}

describe('the job worker on a thread', function () {
  this.timeout(60_000);

  it('finds the worker entry beside the running code', () => {
    assert.equal(defaultWorkerScript(), path.resolve(__dirname, '../../../src/jobs/worker.ts'));
  });

  it('runs inference jobs in a worker started from TypeScript sources; a failing or cancelled job leaves it serving', async () => {
    const jobs = new JobManager<InferenceJobs>(defaultWorkerScript(), { host: 'thread' });
    try {
      await generateIn(jobs);
      await assert.rejects(jobs.start('fillMask', { dir: '/nonexistent/model', text: 'a [MASK]', topK: 1, session }).result, (e: Error) => e instanceof JobFailedError);
      // Cancelled at its first token: the worker stops it between two tokens.
      const long = jobs.start('generate', { dir: MODEL, prompt: 'ROMEO:', options: { maxNewTokens: 1000, stopAtEos: false }, session }, () => long.cancel());
      await assert.rejects(long.result, (e: Error) => e instanceof JobCancelledError);
      await generateIn(jobs);
    } finally {
      await jobs.dispose();
    }
  });

  it('runs inference jobs in the esbuild-bundled worker, as production does', async () => {
    // Under node_modules so the bundle's external require('onnxruntime-node') resolves as in dist/.
    const outfile = path.resolve(__dirname, '../../../node_modules/.cache/pretrain-lab-test/worker.js');
    await build({
      entryPoints: [path.resolve(__dirname, '../../../src/jobs/worker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['onnxruntime-node'],
      logLevel: 'silent',
    });
    const jobs = new JobManager<InferenceJobs>(outfile, { host: 'thread' });
    try {
      await generateIn(jobs);
    } finally {
      await jobs.dispose();
      fs.rmSync(path.dirname(outfile), { recursive: true, force: true });
    }
  });
});
