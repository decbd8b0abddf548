import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CUDA_PROVIDER_LIBRARIES, cudaUnavailableReason, loadOrt, openWithFallback, ortNativeDir, RuntimeSession, webGpuUnavailableReason } from '../../../src/runtime';
import { matmulModel } from './models';

// This machine has the npm binary without the CUDA provider libraries (DESIGN.md §1).
const cudaLibsHere = CUDA_PROVIDER_LIBRARIES.every((f) => fs.existsSync(path.join(ortNativeDir(), f)));

describe('runtime/execution provider choice', function () {
  it('cpu opens on CPU with no reason to report', async () => {
    const s = await RuntimeSession.create(matmulModel(), { device: 'cpu' });
    assert.deepEqual(s.provider, { requested: 'cpu', used: 'cpu' });
    await s.release();
  });

  it('cuda without its provider libraries falls back to CPU, saying which library is missing', async function () {
    if (cudaLibsHere) this.skip();
    const s = await RuntimeSession.create(matmulModel(), { device: 'cuda' });
    assert.equal(s.provider.requested, 'cuda');
    assert.equal(s.provider.used, 'cpu');
    assert.match(s.provider.reason ?? '', /libonnxruntime_providers_shared\.so/);
    assert.match(s.provider.reason ?? '', /using CPU$/);
    assert.ok(!s.provider.reason?.includes('\n'), 'one line');
    // The fallback session really works.
    const r = await s.run({
      x: { dtype: 'float32', shape: [1, 3], data: new Float32Array([1, 2, 3]) },
      w: { dtype: 'float32', shape: [3, 2], data: new Float32Array([1, 0, 0, 1, 1, 1]) },
    });
    assert.deepEqual([...r.y.data], [4, 5]);
  });

  it('auto picks CPU here', async function () {
    if (cudaLibsHere) this.skip();
    const s = await RuntimeSession.create(matmulModel(), { device: 'auto' });
    assert.equal(s.provider.used, 'cpu');
    assert.ok(s.provider.reason);
  });

  it('falls back when ORT itself fails to load CUDA (files present but unusable)', async function () {
    if (cudaLibsHere) this.skip();
    // Skipping the file check makes ORT try, and throw, as it does when the libraries exist
    // but the driver or GPU is missing. (ORT prints its own error line to stderr here.)
    const ort = loadOrt();
    const { choice } = await openWithFallback(
      'cuda',
      (provider) => ort.InferenceSession.create(matmulModel(), { executionProviders: [provider] }),
      () => undefined,
    );
    assert.equal(choice.used, 'cpu');
    assert.match(choice.reason ?? '', /^CUDA execution provider failed to load: .*shared library.*; using CPU$/);
  });

  it('webgpu runs where an adapter exists, else falls back to CPU naming the problem in one line', async () => {
    // ORT's npm binary carries the WebGPU provider; on this GPU-less machine Dawn finds no adapter
    // (it prints its own Vulkan warning to stderr). Either way the session must compute the product.
    const s = await RuntimeSession.create(matmulModel(), { device: 'webgpu' });
    assert.equal(s.provider.requested, 'webgpu');
    if (s.provider.used === 'cpu') {
      assert.match(s.provider.reason ?? '', /^(WebGPU execution provider failed to start: .+|WebGPU needs Vulkan on Linux and libvulkan\.so\.1 is not installed .+); using CPU$/);
      assert.ok(!s.provider.reason?.includes('\n') && !s.provider.reason?.includes('.cc:'), s.provider.reason);
    } else {
      assert.equal(s.provider.used, 'webgpu');
    }
    const r = await s.run({
      x: { dtype: 'float32', shape: [1, 3], data: new Float32Array([1, 2, 3]) },
      w: { dtype: 'float32', shape: [3, 2], data: new Float32Array([1, 0, 0, 1, 1, 1]) },
    });
    assert.deepEqual([...r.y.data], [4, 5]);
    await s.release();
  });

  it('knows without asking Dawn whether Vulkan can be loaded on Linux (so Dawn prints nothing)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-vulkan-'));
    const cache = path.join(dir, 'ld.so.cache');
    fs.writeFileSync(cache, 'ld.so-1.7.0\0libc.so.6\0/lib/x86_64-linux-gnu/libc.so.6\0');
    assert.match(webGpuUnavailableReason('linux', cache, '') ?? '', /^WebGPU needs Vulkan on Linux and libvulkan\.so\.1 is not installed/);
    fs.writeFileSync(cache, 'ld.so-1.7.0\0libvulkan.so.1\0/usr/lib/x86_64-linux-gnu/libvulkan.so.1\0');
    assert.equal(webGpuUnavailableReason('linux', cache, ''), undefined);
    const libs = path.join(dir, 'libs');
    fs.mkdirSync(libs);
    fs.writeFileSync(path.join(libs, 'libvulkan.so.1'), '');
    fs.writeFileSync(cache, 'ld.so-1.7.0\0');
    assert.equal(webGpuUnavailableReason('linux', cache, `/nowhere:${libs}`), undefined, 'a library on LD_LIBRARY_PATH counts');
    assert.equal(webGpuUnavailableReason('darwin', cache, ''), undefined, 'other platforms do not use Vulkan through Dawn here');
  });

  it('falls back to CPU before asking ORT when Vulkan is missing', async () => {
    const asked: string[] = [];
    const { choice } = await openWithFallback('webgpu', async (p) => (asked.push(p), p), undefined, () => 'WebGPU needs Vulkan');
    assert.deepEqual(asked, ['cpu']);
    assert.deepEqual(choice, { requested: 'webgpu', used: 'cpu', reason: 'WebGPU needs Vulkan; using CPU' });
  });

  it('a model that fails on CPU too propagates its own error, not a CUDA one', async () => {
    await assert.rejects(RuntimeSession.create(new Uint8Array([1, 2, 3]), { device: 'cuda' }), (e: Error) => !/CUDA/.test(e.message));
  });

  it('names the platform where CUDA does not exist at all', () => {
    assert.match(cudaUnavailableReason('darwin') ?? '', /not available on darwin/);
  });

  it('says nothing is missing when both libraries are present', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ep-'));
    try {
      assert.match(cudaUnavailableReason('linux', dir) ?? '', /shared\.so and .*cuda\.so/);
      for (const f of CUDA_PROVIDER_LIBRARIES) fs.writeFileSync(path.join(dir, f), '');
      assert.equal(cudaUnavailableReason('linux', dir), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
