/** Sharded safetensors (model.safetensors.index.json) and half-precision weights read as one float32 map; broken indexes refused in one line. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelPaths, WEIGHTS_INDEX_FILE } from '../../../src/modelfile/layout';
import { readModelWeights } from '../../../src/modelfile/model-weights';
import { float32ArrayToBfloat16, float32ArrayToFloat16, writeSafetensors, type Tensor } from '../../../src/modelfile/safetensors';
import { InputError } from '../../../src/util/errors';

const f32 = (...values: number[]): Tensor => ({ dtype: 'F32', shape: [values.length], data: Float32Array.from(values) });

describe('readModelWeights', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-weights-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeIndex = (weightMap: unknown) => writeFileSync(join(dir, WEIGHTS_INDEX_FILE), JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }));
  const refused = async (pattern: RegExp) => {
    await assert.rejects(readModelWeights(modelPaths(dir)), (error: Error) => {
      assert.ok(error instanceof InputError, error.message);
      assert.match(error.message, pattern);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  };

  it('merges the shards the index lists, widening float16 and bfloat16 to float32', async () => {
    await writeSafetensors(join(dir, 'model-00001-of-00002.safetensors'), new Map([['a', f32(1, 2)], ['h', { dtype: 'F16', shape: [2], data: float32ArrayToFloat16([0.5, -3]) } as Tensor]]));
    await writeSafetensors(join(dir, 'model-00002-of-00002.safetensors'), new Map([['b', { dtype: 'BF16', shape: [1], data: float32ArrayToBfloat16([1.5]) } as Tensor]]));
    writeIndex({ a: 'model-00001-of-00002.safetensors', h: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' });
    const tensors = await readModelWeights(modelPaths(dir));
    assert.deepEqual([...tensors.keys()].sort(), ['a', 'b', 'h']);
    for (const t of tensors.values()) assert.equal(t.dtype, 'F32');
    assert.deepEqual([...tensors.get('h')!.data as Float32Array], [0.5, -3]);
    assert.deepEqual([...tensors.get('b')!.data as Float32Array], [1.5]);
  });

  it('prefers model.safetensors when both layouts are present', async () => {
    await writeSafetensors(join(dir, 'model.safetensors'), new Map([['a', f32(7)]]));
    writeIndex({ a: 'missing.safetensors' });
    assert.deepEqual([...(await readModelWeights(modelPaths(dir))).get('a')!.data as Float32Array], [7]);
  });

  it('refuses a missing shard, naming it', async () => {
    writeIndex({ a: 'model-00001-of-00002.safetensors' });
    await refused(/lists the shard model-00001-of-00002\.safetensors, which is not in/);
  });

  it('refuses a shard that lacks a tensor the index puts in it', async () => {
    await writeSafetensors(join(dir, 's.safetensors'), new Map([['a', f32(1)]]));
    writeIndex({ a: 's.safetensors', b: 's.safetensors' });
    await refused(/puts tensor 'b' in s\.safetensors, which does not hold it/);
  });

  it('refuses shard paths outside the folder and indexes without a weight_map', async () => {
    writeIndex({ a: '../elsewhere.safetensors' });
    await refused(/not a \.safetensors file name beside the index/);
    writeFileSync(join(dir, WEIGHTS_INDEX_FILE), '{"metadata": {}}');
    await refused(/has no "weight_map" object/);
    writeIndex({});
    await refused(/lists no tensors/);
  });

  it('refuses a folder with neither layout in one line', async () => {
    await assert.rejects(readModelWeights(modelPaths(dir)), (error: Error) => error instanceof InputError && !/\n/.test(error.message));
  });
});
