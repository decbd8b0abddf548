/**
 * Where onnxruntime-node keeps its native binding, inside a given package folder: ORT opens its
 * optional execution-provider libraries from that same folder. Kept as paths under a package
 * folder so that the CUDA provider installer (src/host/cuda/) and the runtime's own checks agree,
 * and tests can point both at a fake package. Asking loads nothing.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The installed onnxruntime-node package folder, resolved without loading the package. */
export function ortPackageDir(): string {
  return path.dirname(require.resolve('onnxruntime-node/package.json'));
}

/** The binding's native folder inside an onnxruntime-node package folder. */
export function nativeDirIn(packageDir: string, platform: string = process.platform, arch: string = process.arch): string {
  return path.join(packageDir, 'bin', 'napi-v6', platform, arch);
}

/** The package's version, read from its package.json (ORT is not loaded). */
export async function ortPackageVersion(packageDir: string): Promise<string> {
  const pkg = JSON.parse(await fs.readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('onnxruntime-node has no version in its package.json');
  return pkg.version;
}
