/**
 * Lazy access to onnxruntime-node. Requiring the package loads its native library at once, so
 * nothing may import it at module level: the extension must activate (and the CLI print its
 * help) without paying for, or failing on, the native load. Other modules import ORT's *types*
 * only (`import type`), which compile away.
 */
import * as path from 'node:path';

export type Ort = typeof import('onnxruntime-node');

let loaded: Ort | undefined;

/** onnxruntime-node, required on first use. */
export function loadOrt(): Ort {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('onnxruntime-node') as Ort;
  return loaded;
}

/**
 * The folder holding ORT's native binding, where it also looks for optional execution-provider
 * libraries. Resolved from the package location so that asking does not load ORT.
 */
export function ortNativeDir(platform: string = process.platform, arch: string = process.arch): string {
  const packageDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
  return path.join(packageDir, 'bin', 'napi-v6', platform, arch);
}
