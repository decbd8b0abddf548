/**
 * Fuzzes what `import-run` reads from a cluster run's output folder (train.py's layout: latest,
 * metrics.jsonl, checkpoint-<step>/ with the model files and training/): each mutated file must
 * import or fail with one InputError line naming it, and a failure must leave --out untouched.
 * metrics.jsonl, training/ and latest are copied or only pattern-checked, so they always import.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/util/errors';
import { importRun } from '../../src/cluster/import-run';
import { describeReport, fuzz } from './fuzz-harness';
import { modelFixture } from './fixtures';
import { mutateBytes, mutateJsonFile, mutateJsonLines } from './mutate';
import { mutateSafetensors } from './safetensors-mutate';

const CHECKPOINT = 'checkpoint-3';
/** What train.py's save_checkpoint copies from the model folder (its MODEL_FILES, then the weights). */
const MODEL_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'model.safetensors'];

/** A cluster output folder as train.py leaves it after one checkpoint, from the reliability model fixture. */
async function clusterOutput(): Promise<Record<string, Uint8Array>> {
  const { files } = await modelFixture();
  const text = (s: string) => new TextEncoder().encode(s);
  const output: Record<string, Uint8Array> = {
    latest: text(`${CHECKPOINT}\n`),
    'metrics.jsonl': text('{"event":"start","step":3}\n{"event":"progress","step":4,"loss":4.4}\n{"event":"checkpoint","step":4}\n'),
    [`${CHECKPOINT}/training/optimizer.safetensors`]: files['training/optimizer.safetensors'],
    [`${CHECKPOINT}/training/metrics.jsonl`]: files['training/metrics.jsonl'],
    [`${CHECKPOINT}/training/cluster_state.json`]: text(JSON.stringify({ step: 3, tokensSeen: 96 }, null, 2) + '\n'),
  };
  for (const name of MODEL_FILES) if (files[name]) output[`${CHECKPOINT}/${name}`] = files[name];
  return output;
}

const CASES: [file: string, cases: number, mutate: typeof mutateJsonFile][] = [
  [`${CHECKPOINT}/config.json`, 45, mutateJsonFile],
  [`${CHECKPOINT}/tokenizer.json`, 25, mutateJsonFile],
  [`${CHECKPOINT}/model.safetensors`, 20, mutateSafetensors],
  [`${CHECKPOINT}/tokenizer_config.json`, 15, mutateJsonFile],
  [`${CHECKPOINT}/generation_config.json`, 10, mutateJsonFile],
  [`${CHECKPOINT}/training/metrics.jsonl`, 20, mutateJsonLines],
  [`${CHECKPOINT}/training/cluster_state.json`, 10, mutateJsonFile],
  ['metrics.jsonl', 10, mutateJsonLines],
  ['latest', 15, mutateBytes],
];

describe('reliability: fuzzing the cluster output import-run reads', () => {
  let outParent: string;
  beforeEach(() => (outParent = mkdtempSync(path.join(os.tmpdir(), 'pl-fuzz-import-'))));
  afterEach(() => rmSync(outParent, { recursive: true, force: true }));

  for (const [file, cases, mutate] of CASES) {
    it(`${file}: ${cases} mutated versions import or fail with one line, writing nothing to --out`, async () => {
      const report = await fuzz({
        folder: await clusterOutput(),
        file,
        mutate,
        load: async (dir) => {
          const out = path.join(outParent, 'imported');
          try {
            await importRun(dir, out);
          } catch (error) {
            const left = readdirSync(outParent);
            if (left.length > 0) throw new Error(`import-run failed but left ${left.join(', ')} beside --out`);
            if (error instanceof InputError && error.message.includes('\n')) throw new Error(`message spans lines: ${error.message.slice(0, 200)}`);
            throw error;
          }
          assert.ok(existsSync(path.join(out, 'config.json')), 'a successful import writes a model folder');
          rmSync(out, { recursive: true, force: true });
        },
        isOurError: (e) => e instanceof InputError,
        cases,
        seed: 11,
      });
      console.log(`      ${describeReport(file, report)}`);
      assert.equal(report.failureCount, 0, `${report.failureCount} broken cases:\n${report.failures.join('\n')}`);
    });
  }
});
