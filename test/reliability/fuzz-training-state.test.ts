/**
 * Fuzzes what `--resume` reads from `training/`: state.json and hyperparams.json (JSON-aware
 * and byte mutations), the optimizer moments and the checkpoint's weights (safetensors-aware),
 * through `readCheckpoint` and `readCheckpointHyperparams`, the loaders resume calls.
 */
import assert from 'node:assert/strict';
import { InputError } from '../../src/cli/errors';
import { readCheckpoint, readCheckpointHyperparams } from '../../src/train/checkpoint/checkpoint';
import { describeReport, fuzz } from './fuzz-harness';
import { modelFixture } from './fixtures';
import { mutateJsonFile, mutateJsonLines } from './mutate';
import { mutateSafetensors } from './safetensors-mutate';

const CASES: [file: string, cases: number, mutate: typeof mutateJsonFile][] = [
  ['training/state.json', 1000, mutateJsonFile],
  ['training/hyperparams.json', 300, mutateJsonFile],
  ['training/optimizer.safetensors', 1000, mutateSafetensors],
  ['training/model.safetensors', 300, mutateSafetensors],
  ['training/metrics.jsonl', 300, mutateJsonLines],
];

describe('reliability: fuzzing training state files', () => {
  for (const [file, cases, mutate] of CASES) {
    it(`${file}: ${cases} mutated versions load or fail with a clear error`, async () => {
      const { files, specs } = await modelFixture();
      const report = await fuzz({
        folder: files,
        file,
        mutate,
        load: async (dir) => {
          await readCheckpointHyperparams(dir);
          await readCheckpoint(dir, specs);
        },
        isOurError: (e) => e instanceof InputError,
        cases,
        seed: 8,
      });
      console.log(`      ${describeReport(file, report)}`);
      assert.equal(report.failureCount, 0, `${report.failureCount} broken cases:\n${report.failures.join('\n')}`);
      assert.ok(report.rejected > cases / 10, 'the mutations must actually break the file most of the time');
    });
  }
});
