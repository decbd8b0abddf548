/**
 * Every platform VSIX holds exactly its own ONNX Runtime binding and libraries, the bundles and the
 * bundled models, nothing of another platform, and stays under 60 MB. Packing all five takes
 * minutes, so this test reads the VSIXes that `npm run package -- --all` left in the repository
 * (or in PRETRAIN_LAB_VSIX_DIR); .ci/run and the GitHub workflow build them first and set
 * PRETRAIN_LAB_VSIX_REQUIRED=1, which turns a missing VSIX from a skip into a failure.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { extractEntry, listZip } from '../../src/host/cuda/zip-extract';
import { tempDir } from './cli-helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const { name, version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const VSIX_DIR = process.env.PRETRAIN_LAB_VSIX_DIR ?? ROOT;
const REQUIRED = process.env.PRETRAIN_LAB_VSIX_REQUIRED === '1';
const MAX_BYTES = 60 * 1000 * 1000;
const ORT = 'extension/node_modules/onnxruntime-node/';
const ORT_BIN = `${ORT}bin/napi-v6/`;

/** Written out by hand (not read from scripts/vsix-targets.mjs), so the test checks the script. */
const EXPECTED_BINARIES: Record<string, string[]> = {
  'linux-x64': ['linux/x64/onnxruntime_binding.node', 'linux/x64/libonnxruntime.so.1'],
  'linux-arm64': ['linux/arm64/onnxruntime_binding.node', 'linux/arm64/libonnxruntime.so.1'],
  'darwin-arm64': ['darwin/arm64/onnxruntime_binding.node', 'darwin/arm64/libonnxruntime.1.dylib'],
  'win32-x64': ['win32/x64/onnxruntime_binding.node', 'win32/x64/onnxruntime.dll', 'win32/x64/DirectML.dll', 'win32/x64/dxcompiler.dll', 'win32/x64/dxil.dll'],
  'win32-arm64': ['win32/arm64/onnxruntime_binding.node', 'win32/arm64/onnxruntime.dll', 'win32/arm64/DirectML.dll', 'win32/arm64/dxcompiler.dll', 'win32/arm64/dxil.dll'],
};

const MUST_HOLD = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/worker.js',
  'extension/media/dist/attention.js',
  `${ORT}package.json`,
  `${ORT}dist/index.js`,
  'extension/node_modules/onnxruntime-common/dist/cjs/index.js',
  'extension/models/tiny-shakespeare-gpt2/config.json',
  'extension/models/tiny-shakespeare-gpt2/onnx/model.onnx',
  'extension/models/tiny-shakespeare-bert/onnx/model.onnx',
];

/** What must never ship: sources, tests, maps, the CLI bundle, the demo corpus, other modules. */
function unwanted(entry: string): boolean {
  return (
    /^extension\/(src|test|bench|scripts|bin|data|\.ci|\.cache)\//.test(entry) ||
    entry.endsWith('.map') ||
    entry.endsWith('.ts') ||
    entry === 'extension/dist/cli.js' ||
    entry.startsWith('extension/models/corpus/') ||
    /^extension\/node_modules\/(?!onnxruntime-node\/|onnxruntime-common\/)/.test(entry)
  );
}

describe('VSIX contents per platform', () => {
  for (const [target, binaries] of Object.entries(EXPECTED_BINARIES)) {
    it(`${target}: its own ONNX Runtime files only, the bundles and models, under 60 MB`, async function () {
      const vsix = path.join(VSIX_DIR, `${name}-${version}@${target}.vsix`);
      if (!existsSync(vsix)) {
        assert.ok(!REQUIRED, `${vsix} is missing: run npm run package -- --all first`);
        console.log(`      (skipped: no ${path.basename(vsix)}; npm run package -- --all builds every VSIX, .ci/run does it)`);
        this.skip();
      }
      const size = statSync(vsix).size;
      assert.ok(size < MAX_BYTES, `${path.basename(vsix)} is ${(size / 1e6).toFixed(1)} MB`);

      const entries = await listZip(vsix);
      const names = entries.map((entry) => entry.name);
      const runtime = names.filter((n) => n.startsWith(ORT_BIN)).map((n) => n.slice(ORT_BIN.length)).sort();
      assert.deepEqual(runtime, [...binaries].sort());
      for (const file of MUST_HOLD) assert.ok(names.includes(file), `${target} lacks ${file}`);
      assert.deepEqual(names.filter(unwanted), []);
      const manifest = path.join(tempDir('pl-vsix-'), 'extension.vsixmanifest');
      await extractEntry(vsix, entries, 'extension.vsixmanifest', manifest);
      assert.match(readFileSync(manifest, 'utf8'), new RegExp(`TargetPlatform="${target}"`));
    });
  }
});
