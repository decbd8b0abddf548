import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { JobFailedError } from '../../../src/jobs/rpc';
import { defaultWorkerScript, WorkerHost } from '../../../src/jobs/worker-host';
import type { WorkerJobs } from '../../../src/jobs/worker-jobs';
import { matmulModel } from './models';

const feeds = {
  x: { dtype: 'float32' as const, shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
  w: { dtype: 'float32' as const, shape: [3, 2], data: new Float32Array([1, 0, 0, 1, 1, 1]) },
};

async function runMatmulIn(host: WorkerHost<WorkerJobs>): Promise<void> {
  const opened = await host.call('openSession', { model: matmulModel(), config: { device: 'auto', intraOpNumThreads: 1 } });
  assert.deepEqual(opened.inputNames, ['x', 'w']);
  assert.equal(opened.provider.used, 'cpu');
  const r = await host.call('runSession', { sessionId: opened.sessionId, feeds });
  assert.ok(r.y.data instanceof Float32Array, 'typed arrays survive the thread boundary');
  assert.deepEqual([...r.y.data], [4, 5, 10, 11]);
  await host.call('closeSession', { sessionId: opened.sessionId });
  await assert.rejects(host.call('runSession', { sessionId: opened.sessionId, feeds }), /no open session/);
}

describe('runtime in the job worker', function () {
  it('finds the worker entry beside the running code', () => {
    assert.equal(defaultWorkerScript(), path.resolve(__dirname, '../../../src/jobs/worker.ts'));
  });

  it('runs a graph in a worker started from TypeScript sources', async () => {
    const host = WorkerHost.start<WorkerJobs>(defaultWorkerScript());
    try {
      await runMatmulIn(host);
      // A bad feed fails that call with ORT-side detail, not the worker.
      const { sessionId } = await host.call('openSession', { model: matmulModel() });
      await assert.rejects(host.call('runSession', { sessionId, feeds: { x: feeds.x } }), (e: Error) => e instanceof JobFailedError && /missing 'w'/.test(e.message));
    } finally {
      await host.terminate();
    }
  });

  it('runs a graph in the esbuild-bundled worker, as production does', async () => {
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
    const host = WorkerHost.start<WorkerJobs>(outfile);
    try {
      await runMatmulIn(host);
    } finally {
      await host.terminate();
      fs.rmSync(path.dirname(outfile), { recursive: true, force: true });
    }
  });
});
