// The execution-provider choices, and whether CUDA can actually be used. Kept free
// of vscode and of ONNX Runtime: answering "is CUDA installed?" must not load it.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ortNativeFolder } from './cuda/install-providers';
import { CUDA_PACKAGE_FILES } from './cuda/nuget';

export const EXECUTION_PROVIDERS = ['auto', 'cpu', 'cuda'] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

export function isExecutionProvider(value: unknown): value is ExecutionProvider {
  return typeof value === 'string' && (EXECUTION_PROVIDERS as readonly string[]).includes(value);
}

/** ORT's npm binary asks for these next to its binding when CUDA is requested;
 *  only a separate download (Download CUDA Provider for ONNX Runtime) puts them there, so their presence is
 *  the honest answer to "will cuda work?". Linux only: other platforms' CUDA
 *  builds are not shipped by onnxruntime-node. */
export function cudaProviderInstalled(extensionPath: string, platform = process.platform, arch = process.arch): boolean {
  if (platform !== 'linux') return false;
  const dir = ortNativeFolder(extensionPath, platform, arch);
  return CUDA_PACKAGE_FILES.every((f) => existsSync(path.join(dir, f.name)));
}
