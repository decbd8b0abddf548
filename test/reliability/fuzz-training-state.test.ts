/**
 * Fuzzes what `--resume` reads from `training/`: state.json and hyperparams.json (JSON-aware
 * and byte mutations), the optimizer moments and the checkpoint's weights (safetensors-aware),
 * through `readCheckpoint` and `readCheckpointHyperparams`, the loaders resume calls.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { InputError } from '../../src/cli/errors';
import { GraphBuilder } from '../../src/graph';
import { loadModelFolder } from '../../src/models/model-folder';
import { noDropout } from '../../src/nn/dropout';
import { InputParams } from '../../src/nn/params';
import { readCheckpoint, readCheckpointHyperparams } from '../../src/train/checkpoint/checkpoint';
import { trainFamily } from '../../src/train/families';
import { carriedSpecs } from '../../src/train/step/step-graph';
import { initCarried } from '../../src/train/step/step-session';
import { buildCliOnce, runCli, tempDir, TINY_RUN } from '../integration/cli-helpers';
import { describeReport, fuzz, type FuzzTarget } from './fuzz-harness';
import { modelFixture, readTree } from './fixtures';
import { mutateJsonFile, mutateJsonLines } from './mutate';
import { pairCorpus } from './pair-corpus';
import { mutateSafetensors } from './safetensors-mutate';

const CASES: [file: string, cases: number, mutate: typeof mutateJsonFile][] = [
  ['training/state.json', 1000, mutateJsonFile],
  ['training/hyperparams.json', 300, mutateJsonFile],
  ['training/optimizer.safetensors', 1000, mutateSafetensors],
  ['training/model.safetensors', 300, mutateSafetensors],
  ['training/metrics.jsonl', 300, mutateJsonLines],
];

/** Fuzzes one file of a checkpoint folder and asserts the loader's contract held. */
async function fuzzCheckpointFile(target: Omit<FuzzTarget, 'isOurError' | 'seed'>): Promise<void> {
  const report = await fuzz({ ...target, isOurError: (e) => e instanceof InputError, seed: 8 });
  console.log(`      ${describeReport(target.file, report)}`);
  assert.equal(report.failureCount, 0, `${report.failureCount} broken cases:\n${report.failures.join('\n')}`);
  assert.ok(report.rejected > target.cases / 10, 'the mutations must actually break the file most of the time');
}

describe('reliability: fuzzing training state files', () => {
  for (const [file, cases, mutate] of CASES) {
    it(`${file}: ${cases} mutated versions load or fail with a clear error`, async () => {
      const { files, specs } = await modelFixture();
      await fuzzCheckpointFile({
        folder: files,
        file,
        mutate,
        load: async (dir) => {
          await readCheckpointHyperparams(dir);
          await readCheckpoint(dir, specs);
        },
        cases,
      });
    });
  }

  // The contrastive objective's queue of negatives and momentum encoder, carried between steps:
  // read by resume (readCheckpoint), their lengths checked against the step graph's (initCarried).
  it('training/carried.safetensors of a contrastive run: 300 mutated versions resume or fail with a clear error', async function () {
    this.timeout(120_000);
    buildCliOnce();
    const dir = tempDir('pl-fuzz-carried-');
    const out = path.join(dir, 'model');
    const run = await runCli(['pretrain', pairCorpus(dir), '--out', out, '--arch', 'bert', '--objective', 'contrastive', '--queue-size', '32', ...TINY_RUN, '--steps', '2']);
    assert.equal(run.code, 0, run.stderr);
    const { config } = await loadModelFolder(out);
    const { hyperparams } = (await readCheckpointHyperparams(out))!;
    const { queueSize, momentum } = hyperparams;
    assert.ok(queueSize !== undefined && momentum !== undefined, 'the checkpoint records the queue');
    const forward = trainFamily('bert', 'contrastive').forward(config, { batch: hyperparams.batch, context: hyperparams.context, contrastive: { queueSize, momentum, seed: hyperparams.seed } });
    const g = new GraphBuilder('layout');
    const params = new InputParams(g);
    const carried = carriedSpecs(forward(g, params, noDropout).carried);
    assert.ok(carried.length > 0, 'a contrastive run with a queue carries tensors');
    await fuzzCheckpointFile({
      folder: readTree(out),
      file: 'training/carried.safetensors',
      mutate: mutateSafetensors,
      load: async (d) => initCarried((await readCheckpoint(d, params.specs)).state, carried),
      cases: 300,
    });
  });
});
