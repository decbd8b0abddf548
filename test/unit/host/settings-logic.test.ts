import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cudaProviderInstalled, isExecutionProvider } from '../../../src/host/execution-provider';
import { resolveModelsFolder } from '../../../src/host/models-folder';
import { nativeDirIn } from '../../../src/runtime/provider-files';

describe('extension settings logic', () => {
  const ctx = { storageFolder: '/store', workspaceFolder: '/ws', home: '/home/u' };

  it('resolves the models folder setting', () => {
    assert.strictEqual(resolveModelsFolder('', ctx), '/store/models');
    assert.strictEqual(resolveModelsFolder('  ', ctx), '/store/models');
    assert.strictEqual(resolveModelsFolder('~', ctx), '/home/u');
    assert.strictEqual(resolveModelsFolder('~/models', ctx), '/home/u/models');
    assert.strictEqual(resolveModelsFolder('/abs/m/../models', ctx), '/abs/models');
    assert.strictEqual(resolveModelsFolder('models', ctx), '/ws/models');
    assert.strictEqual(resolveModelsFolder('models', { ...ctx, workspaceFolder: undefined }), '/store/models');
  });

  it('knows the execution providers', () => {
    assert.ok(['auto', 'cpu', 'cuda'].every(isExecutionProvider));
    assert.ok(![undefined, 'CPU', 'tpu', 1].some(isExecutionProvider));
  });

  it('sees CUDA only when both provider libraries sit next to the binding', async () => {
    const ext = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-ext-'));
    try {
      const dir = nativeDirIn(path.join(ext, 'node_modules', 'onnxruntime-node'), 'linux', 'x64');
      await fs.mkdir(dir, { recursive: true });
      assert.strictEqual(cudaProviderInstalled('linux', dir), false);
      await fs.writeFile(path.join(dir, 'libonnxruntime_providers_shared.so'), '');
      assert.strictEqual(cudaProviderInstalled('linux', dir), false);
      await fs.writeFile(path.join(dir, 'libonnxruntime_providers_cuda.so'), '');
      assert.strictEqual(cudaProviderInstalled('linux', dir), true);
      assert.strictEqual(cudaProviderInstalled('darwin', dir), false);
    } finally {
      await fs.rm(ext, { recursive: true, force: true });
    }
  });
});
