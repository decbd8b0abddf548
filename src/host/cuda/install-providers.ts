// Getting the CUDA provider libraries where ONNX Runtime looks for them. ORT opens them by
// absolute path from the folder of its own binding (src/runtime/provider-files.ts), so they are
// kept in a folder of the user's choosing and linked into that folder: both ORT and
// cudaUnavailableReason (src/runtime/execution-provider.ts) then find them without any setting.
// Where links are not allowed, they are copied. Free of vscode: unit-tested.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

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
