/**
 * Numerical faults through the real ONNX Runtime step graph (the unit tests in
 * test/unit/train/trainer.test.ts use a scripted stepper): a learning rate that makes a tiny
 * model's loss explode, and a NaN weight that makes the loss NaN. Both runs must stop with a
 * one-line message naming the fault and the last good checkpoint, and that checkpoint must be
 * on disk, loadable and untouched by the faulty step.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSafetensors, writeSafetensors } from '../../src/modelfile/safetensors';
import { loadModelFolder } from '../../src/models/model-folder';
import type { Gpt2Config } from '../../src/models/configs';
import { readCheckpoint } from '../../src/train/checkpoint/checkpoint';
import { causalLmForward } from '../../src/train/forward-clm';
import { paramSpecsOf } from '../../src/train/step/param-specs';
import { buildCliOnce, runCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';

const RUN = [...TINY_RUN, '--checkpoint-every', '1', '--eval-every', '0', '--json'];

async function checkpointStep(out: string): Promise<number> {
  const folder = await loadModelFolder(out);
  return (await readCheckpoint(out, paramSpecsOf(causalLmForward(folder.config as Gpt2Config, 1, 16)))).state.step;
}

describe('reliability: numerical faults through ONNX Runtime', function () {
  this.timeout(60_000);
  before(buildCliOnce);

  it('detects a learning rate that makes the loss explode, keeping the last checkpoint', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'model');
    const hot = RUN.map((arg, i) => (RUN[i - 1] === '--lr' ? '9.9' : RUN[i - 1] === '--warmup' ? '0' : arg));
    const run = await runCli(['pretrain', tinyCorpus(dir), '--out', out, ...hot, '--clip', '0', '--steps', '100']);
    assert.equal(run.code, 1, run.stderr);
    const match = /^error: training stopped: the loss exploded at step (\d+) .*The last good checkpoint \(step (\d+)\) is kept/.exec(run.stderr);
    assert.ok(match, run.stderr);
    assert.ok(Number(match[1]) < 100, 'stopped early');
    assert.equal(await checkpointStep(out), Number(match[2]));
  });

  it('stops on a NaN loss from a poisoned weight and leaves the checkpoint as it was', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'model');
    const corpus = tinyCorpus(dir);
    const first = await runCli(['pretrain', corpus, '--out', out, ...RUN, '--steps', '3']);
    assert.equal(first.code, 0, first.stderr);
    // Poison the final layer norm's gain: every position's logits become NaN.
    const weightsFile = path.join(out, 'training', 'model.safetensors');
    const { tensors } = await readSafetensors(weightsFile);
    (tensors.get('transformer.ln_f.weight')!.data as Float32Array)[0] = NaN;
    await writeSafetensors(weightsFile, tensors, { format: 'pt' });
    const poisoned = readFileSync(weightsFile);

    const resumed = await runCli(['pretrain', corpus, '--out', out, '--resume', '--steps', '10', '--json']);
    assert.equal(resumed.code, 1, resumed.stderr);
    assert.match(resumed.stderr, /^error: training stopped: the loss became NaN at step 4\. The last good checkpoint \(step 3\) is kept/);
    assert.equal(resumed.stderr.trim().split('\n').length, 1);
    assert.equal(await checkpointStep(out), 3);
    assert.deepEqual(readFileSync(weightsFile), poisoned, 'no checkpoint was written after the fault');
  });
});
