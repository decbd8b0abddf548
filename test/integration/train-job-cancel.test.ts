/**
 * Cancelling a training job through the worker protocol (JobManager → WorkerHost → worker):
 * it ends within one step of the cancel and leaves a checkpoint that loads and resumes.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { JobManager } from '../../src/jobs/job-manager';
import { loadModelFolder } from '../../src/models/model-folder';
import { readCheckpointHyperparams } from '../../src/train/checkpoint/checkpoint';
import { tempDir, tinyCorpus } from './cli-helpers';

describe('training job: cancel through the protocol', () => {
  const manager = new JobManager(path.resolve(__dirname, '../../src/jobs/worker.ts'));
  after(() => manager.dispose());

  it('stops within one step and leaves a loadable, resumable checkpoint', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'model');
    let cancelledAfter: number | undefined;
    const job = manager.start(
      'pretrain',
      {
        corpus: tinyCorpus(dir),
        out,
        resume: false,
        settings: { device: 'cpu', threads: 1 },
        // Steps of several milliseconds, so that the event → cancel round trip fits inside one.
        hyperparams: { tokenizer: 'char', layers: 2, heads: 2, dim: 32, context: 32, batch: 8, steps: 100_000, evalEvery: 0, evalBatches: 1, checkpointEvery: 0 },
      },
      (e) => {
        if (e.event === 'progress' && e.step === 5 && cancelledAfter === undefined) {
          cancelledAfter = e.step;
          job.cancel();
        }
      },
    );
    const summary = await job.result;
    assert.equal(summary.stopReason, 'cancelled');
    assert.ok(cancelledAfter !== undefined);
    // The step in flight when the cancel arrived may finish; no further one starts.
    assert.ok(summary.step - cancelledAfter <= 1, `stopped at step ${summary.step}, cancelled after ${cancelledAfter}`);
    const saved = await readCheckpointHyperparams(out);
    assert.equal(saved?.progress.step, summary.step);
    const folder = await loadModelFolder(out);
    assert.ok(folder.weights.has('transformer.wte.weight'));
    assert.equal(manager.running.length, 0);
  });
});
