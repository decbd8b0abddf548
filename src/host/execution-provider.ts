// The execution-provider choices, and whether CUDA can actually be used. Kept free
// of vscode and of ONNX Runtime: answering "is CUDA installed?" must not load it.
import { cudaUnavailableReason } from '../runtime/execution-provider';

export const EXECUTION_PROVIDERS = ['auto', 'cpu', 'cuda'] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

export function isExecutionProvider(value: unknown): value is ExecutionProvider {
  return typeof value === 'string' && (EXECUTION_PROVIDERS as readonly string[]).includes(value);
}

/** ORT's npm binary asks for the CUDA provider libraries beside its binding when CUDA is
 *  requested; only a separate download (Download CUDA Provider for ONNX Runtime) puts them
 *  there, so their presence is the honest answer to "will cuda work?". The runtime decides
 *  (the same check its sessions make); `nativeDir` defaults to the installed ORT's. */
export function cudaProviderInstalled(platform: string = process.platform, nativeDir?: string): boolean {
  try {
    return cudaUnavailableReason(platform, nativeDir) === undefined;
  } catch {
    return false; // no onnxruntime-node to resolve: certainly no CUDA
  }
}
