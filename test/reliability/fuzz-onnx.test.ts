/**
 * Fuzzes ONNX model files: our reader (readOnnx, for models users bring) on 1,000 mutated
 * exports of a tiny GPT-2. readOnnx takes bytes, so its messages say where in the model the
 * fault is (ModelProto → graph → node #3 …) rather than a file name.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OnnxReadError, readOnnx } from '../../src/graph/onnx-reader';
import { describeReport, fuzz } from './fuzz-harness';
import { modelFixture } from './fixtures';
import { mutateBytes } from './mutate';

describe('reliability: fuzzing ONNX files', () => {
  it('onnx/model.onnx: 1000 mutated versions read or fail with a clear OnnxReadError', async () => {
    const { files } = await modelFixture();
    const report = await fuzz({
      folder: files,
      file: 'onnx/model.onnx',
      mutate: mutateBytes,
      load: async (dir) => readOnnx(await readFile(path.join(dir, 'onnx', 'model.onnx'))),
      isOurError: (e) => e instanceof OnnxReadError,
      namesFile: false,
      cases: 1000,
      seed: 8,
    });
    console.log(`      ${describeReport('onnx/model.onnx (readOnnx)', report)}`);
    assert.equal(report.failureCount, 0, `${report.failureCount} broken cases:\n${report.failures.join('\n')}`);
    assert.ok(report.rejected > 100, 'the mutations must break the file often');
  });
});
