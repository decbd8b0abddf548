/**
 * Fuzzes the files of a model folder through `loadModelFolder`, the one entry point that
 * prompting, evaluation and the extension's model list use: config.json, tokenizer.json,
 * tokenizer_config.json and model.safetensors, 1,000 seeded cases each (300 for the optional
 * tokenizer_config.json). See fuzz-harness.ts for the contract checked on every case.
 */
import assert from 'node:assert/strict';
import { InputError } from '../../src/cli/errors';
import { loadModelFolder } from '../../src/models/model-folder';
import { describeReport, fuzz } from './fuzz-harness';
import { modelFixture } from './fixtures';
import { mutateJsonFile } from './mutate';
import { mutateSafetensors } from './safetensors-mutate';

const CASES: [file: string, cases: number, mutate: typeof mutateJsonFile][] = [
  ['config.json', 1000, mutateJsonFile],
  ['tokenizer.json', 1000, mutateJsonFile],
  ['tokenizer_config.json', 300, mutateJsonFile],
  ['model.safetensors', 1000, mutateSafetensors],
];

describe('reliability: fuzzing model folder files', () => {
  for (const [file, cases, mutate] of CASES) {
    it(`${file}: ${cases} mutated versions load or fail with a clear error`, async () => {
      const { files } = await modelFixture();
      const report = await fuzz({
        folder: files,
        file,
        mutate,
        load: (dir) => loadModelFolder(dir),
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
