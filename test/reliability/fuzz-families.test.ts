/**
 * The fuzzing of fuzz-model-folder.test.ts for the families added after GPT-2: each family's own
 * config.json fields (ALBERT's groups, ELECTRA's embedding projection, NEZHA's relative positions,
 * RoBERTa's position offset, XLM's languages, LayoutLM's 2-D positions) and its own parameter
 * names in model.safetensors, mutated and loaded through `loadModelFolder`. Folders come from the
 * real CLI, so they are what users get.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { InputError } from '../../src/cli/errors';
import { loadModelFolder } from '../../src/models/model-folder';
import { buildCliOnce, runCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';
import { describeReport, fuzz } from './fuzz-harness';
import { readTree } from './fixtures';
import { mutateJsonFile } from './mutate';
import { mutateSafetensors } from './safetensors-mutate';

const CASES_PER_FILE = 300;
// ELECTRA's generator is a model folder of its own inside the discriminator's; XLM adds its
// language embeddings and fields (n_langs, lang2id…), LayoutLM its 2-D position tables.
const FOLDERS: [arch: string, subfolder: string][] = [['roberta', ''], ['albert', ''], ['electra', ''], ['electra', 'generator'], ['nezha', ''], ['xlm', ''], ['layoutlm', '']];

describe('reliability: fuzzing the model folders of every family', function () {
  this.timeout(300_000);
  before(buildCliOnce);

  for (const [arch, subfolder] of FOLDERS) {
    const name = subfolder ? `${arch} ${subfolder}/` : arch;
    it(`${name}: ${CASES_PER_FILE} mutated config.json and model.safetensors each load or fail with a clear error`, async () => {
      const dir = tempDir(`pl-fuzz-${arch}-`);
      const out = path.join(dir, 'model');
      const run = await runCli(['pretrain', tinyCorpus(dir), '--out', out, '--arch', arch, ...TINY_RUN, '--steps', '2']);
      assert.equal(run.code, 0, run.stderr);
      const files = readTree(path.join(out, subfolder));
      for (const [file, mutate] of [['config.json', mutateJsonFile], ['model.safetensors', mutateSafetensors]] as const) {
        const report = await fuzz({ folder: files, file, mutate, load: (d) => loadModelFolder(d), isOurError: (e) => e instanceof InputError, cases: CASES_PER_FILE, seed: 21 });
        console.log(`      ${name} ${describeReport(file, report)}`);
        assert.equal(report.failureCount, 0, `${report.failureCount} broken cases:\n${report.failures.join('\n')}`);
        assert.ok(report.rejected > CASES_PER_FILE / 10, 'the mutations must actually break the file most of the time');
      }
    });
  }
});
