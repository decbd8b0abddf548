// Activation: it works, it is fast, and it loads no ONNX Runtime.
import * as assert from 'node:assert';
import { performance } from 'node:perf_hooks';
import { extension } from './extension';

describe('activation', () => {
  it('activates, and prints how long it took', async () => {
    const ext = extension();
    // Nothing in the fixture workspace triggers activation, so this is the first one.
    assert.strictEqual(ext.isActive, false, 'the extension was activated before the test could measure it');
    const start = performance.now();
    await ext.activate();
    const ms = performance.now() - start;
    console.log(`      activation time: ${ms.toFixed(1)} ms (includes loading dist/extension.js)`);
    assert.ok(ext.isActive);
  });

  it('loads no onnxruntime-node', () => {
    const loaded = Object.keys(require.cache).filter((m) => m.includes('onnxruntime'));
    assert.deepStrictEqual(loaded, []);
  });
});
