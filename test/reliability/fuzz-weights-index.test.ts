/**
 * The fuzzing of fuzz-model-folder.test.ts for model.safetensors.index.json, the index of sharded
 * weights (src/modelfile/model-weights.ts): mutated next to its intact shards, each case loads
 * or is refused in one line naming the index, never a raw TypeError.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modelPaths, WEIGHTS_INDEX_FILE } from '../../src/modelfile/layout';
import { readModelWeights } from '../../src/modelfile/model-weights';
import { writeSafetensors, type Tensor } from '../../src/modelfile/safetensors';
import { InputError } from '../../src/util/errors';
import { describeReport, fuzz } from './fuzz-harness';
import { readTree } from './fixtures';
import { mutateJsonFile } from './mutate';

const CASES = 100;
const SHARDS = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];

const f32 = (...values: number[]): Tensor => ({ dtype: 'F32', shape: [values.length], data: Float32Array.from(values) });

/** Two shards and the index that lists their tensors, as transformers writes them. */
async function shardedFolder(): Promise<Record<string, Uint8Array>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pl-fuzz-index-'));
  try {
    await writeSafetensors(path.join(dir, SHARDS[0]), new Map([['embeddings.weight', f32(1, 2, 3, 4)], ['layer.0.bias', f32(0.5, -0.5)]]));
    await writeSafetensors(path.join(dir, SHARDS[1]), new Map([['layer.1.weight', f32(1.5, 2.5)], ['head.bias', f32(0)]]));
    const weightMap = { 'embeddings.weight': SHARDS[0], 'layer.0.bias': SHARDS[0], 'layer.1.weight': SHARDS[1], 'head.bias': SHARDS[1] };
    writeFileSync(path.join(dir, WEIGHTS_INDEX_FILE), JSON.stringify({ metadata: { total_size: 36 }, weight_map: weightMap }, null, 2));
    return readTree(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('reliability: fuzzing model.safetensors.index.json', function () {
  this.timeout(120_000);

  it(`${CASES} mutated indexes beside intact shards each load or fail with one line naming the index`, async () => {
    const folder = await shardedFolder();
    const report = await fuzz({
      folder,
      file: WEIGHTS_INDEX_FILE,
      mutate: mutateJsonFile,
      load: (dir) => readModelWeights(modelPaths(dir)),
      isOurError: (e) => e instanceof InputError && !(e as Error).message.includes('\n'),
      cases: CASES,
      seed: 15,
    });
    console.log(`      ${describeReport(WEIGHTS_INDEX_FILE, report)}`);
    assert.equal(report.failureCount, 0, `${report.failureCount} broken cases:\n${report.failures.join('\n')}`);
    assert.ok(report.loaded > 0, 'some mutations must leave a loadable index (else the fixture itself is broken)');
    assert.ok(report.rejected > CASES / 10, 'the mutations must actually break the index most of the time');
  });
});
