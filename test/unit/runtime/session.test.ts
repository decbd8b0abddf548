import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { typedFrom, type TensorData } from '../../../src/graph';
import { RuntimeSession } from '../../../src/runtime';
import { ALL_DTYPES, identityModel, matmulModel } from './models';

const sample: Record<string, number[]> = {
  float32: [1.5, -2.25, 3e-8, 1e30, -0, 7],
  float64: [Math.PI, -1e-300, 1e300, 0.1, 2 ** 53, -5],
  float16: [0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x3555], // raw bits: 1, -2, max, tiny, -0, ~1/3
  int64: [0, -1, 2 ** 40, -(2 ** 40), 123, 9],
  int32: [0, -1, 2 ** 31 - 1, -(2 ** 31), 42, 7],
  int8: [0, -1, 127, -128, 5, 6],
  uint8: [0, 1, 255, 128, 5, 6],
  bool: [1, 0, 0, 1, 1, 0],
};

describe('runtime/session', function () {
  it('round-trips every dtype through Identity with its shape and array type', async () => {
    const s = await RuntimeSession.create(identityModel());
    const feeds: Record<string, TensorData> = {};
    for (const dtype of ALL_DTYPES) feeds[`in_${dtype}`] = { dtype, shape: [2, 3], data: typedFrom(dtype, sample[dtype]) };
    const out = await s.run(feeds);
    for (const dtype of ALL_DTYPES) {
      const got = out[`out_${dtype}`];
      const sent = feeds[`in_${dtype}`];
      assert.equal(got.dtype, dtype);
      assert.deepEqual(got.shape, [2, 3]);
      assert.equal(got.data.constructor, sent.data.constructor, dtype);
      assert.deepEqual([...got.data], [...sent.data], dtype);
    }
    await s.release();
  });

  it('opens a model from a file path, with thread and optimisation options', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'session-'));
    const file = path.join(dir, 'm.onnx');
    fs.writeFileSync(file, matmulModel());
    try {
      const s = await RuntimeSession.create(file, { intraOpNumThreads: 1, graphOptimizationLevel: 'disabled', enableCpuMemArena: false });
      assert.deepEqual(s.inputNames, ['x', 'w']);
      assert.deepEqual(s.outputNames, ['y']);
      const r = await s.run({
        x: { dtype: 'float32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
        w: { dtype: 'float32', shape: [3, 2], data: new Float32Array([1, 0, 0, 1, 0, 0]) },
      });
      assert.deepEqual(r.y.shape, [2, 2]);
      assert.deepEqual([...r.y.data], [1, 2, 4, 5]);
      await s.release();
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('feeds an array again by its current contents and shape, and refuses it once detached', async () => {
    // The session reuses its ORT wrapper for an array fed before (a decoder's cache buffers).
    const s = await RuntimeSession.create(matmulModel());
    const x = new Float32Array([1, 2, 3]);
    const w: TensorData = { dtype: 'float32', shape: [3, 2], data: new Float32Array([1, 0, 0, 1, 1, 1]) };
    assert.deepEqual([...(await s.run({ x: { dtype: 'float32', shape: [1, 3], data: x }, w })).y.data], [4, 5]);
    x.set([10, 20, 30]);
    assert.deepEqual([...(await s.run({ x: { dtype: 'float32', shape: [1, 3], data: x }, w })).y.data], [40, 50]);
    const both = new Float32Array([1, 2, 3, 4, 5, 6]);
    assert.deepEqual([...(await s.run({ x: { dtype: 'float32', shape: [2, 3], data: both }, w })).y.data], [4, 5, 10, 11]);
    assert.deepEqual([...(await s.run({ x: { dtype: 'float32', shape: [1, 3], data: both.subarray(3) }, w })).y.data], [10, 11]);
    structuredClone(x.buffer, { transfer: [x.buffer] }); // detaches x: length 0 now
    await assert.rejects(s.run({ x: { dtype: 'float32', shape: [1, 3], data: x }, w }), /input 'x': 0 elements do not fill shape \[1, 3\]/);
    await s.release();
  });

  it('returns only the outputs asked for', async () => {
    const s = await RuntimeSession.create(identityModel(['float32', 'int64']));
    const out = await s.run(
      {
        in_float32: { dtype: 'float32', shape: [2, 1], data: new Float32Array([1, 2]) },
        in_int64: { dtype: 'int64', shape: [2, 1], data: new BigInt64Array([3n, 4n]) },
      },
      ['out_int64'],
    );
    assert.deepEqual(Object.keys(out), ['out_int64']);
  });

  it('names missing and unknown inputs, and what the graph takes', async () => {
    const s = await RuntimeSession.create(matmulModel());
    const x = { dtype: 'float32' as const, shape: [1, 3], data: new Float32Array(3) };
    await assert.rejects(s.run({ x, v: x }), /missing 'w'; unknown 'v' \(the graph takes x, w\)/);
  });

  it('rejects data of the wrong array type or length before ORT sees it', async () => {
    const s = await RuntimeSession.create(matmulModel());
    const w = { dtype: 'float32' as const, shape: [3, 2], data: new Float32Array(6) };
    await assert.rejects(s.run({ x: { dtype: 'float32', shape: [1, 3], data: new Float64Array(3) }, w }), /'x': a float32 tensor needs a Float32Array, got a Float64Array/);
    await assert.rejects(s.run({ x: { dtype: 'float32', shape: [2, 3], data: new Float32Array(3) }, w }), /'x': 3 elements do not fill shape \[2, 3\] \(6\)/);
  });

  it('loading the runtime and the worker host does not load onnxruntime-node until first use', () => {
    const root = path.resolve(__dirname, '../../..');
    const script = `
      require('./src/runtime'); require('./src/jobs/worker-host');
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('onnxruntime-node'));
      const before = loaded(); require('./src/runtime').loadOrt();
      console.log(JSON.stringify([before, loaded()]));`;
    const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: root, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out.trim()), [false, true]);
  });
});
