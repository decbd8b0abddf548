// Getting the CUDA provider libraries where ONNX Runtime looks for them. ORT opens them by
// absolute path from the folder of its own binary (the binding's native folder), so they are
// kept in a folder of the user's choosing and linked into that folder: both ORT and
// cudaUnavailableReason (src/runtime/execution-provider.ts) then find them without any setting.
// Where links are not allowed, they are copied. Free of vscode: unit-tested.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The native folder of onnxruntime-node's binding inside an extension (or repo) folder. */
export function ortNativeFolder(root: string, platform = process.platform, arch = process.arch): string {
  return path.join(root, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', platform, arch);
}

/** The installed onnxruntime-node's version, read from its package.json (ORT is not loaded). */
export async function ortVersion(root: string): Promise<string> {
  const pkg = JSON.parse(await fs.readFile(path.join(root, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('onnxruntime-node has no version in its package.json');
  return pkg.version;
}

/** Links (or copies) each file of `source` named in `names` into `nativeFolder`; returns how. */
export async function installIntoNativeFolder(source: string, nativeFolder: string, names: readonly string[]): Promise<'linked' | 'copied'> {
  let how: 'linked' | 'copied' = 'linked';
  for (const name of names) {
    const target = path.join(nativeFolder, name);
    await fs.rm(target, { force: true });
    try {
      await fs.symlink(path.join(source, name), target);
    } catch {
      await fs.copyFile(path.join(source, name), target);
      how = 'copied';
    }
  }
  return how;
}
