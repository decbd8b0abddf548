/**
 * Execution-provider choice. ORT's npm binary bundles only the CPU and WebGPU providers; CUDA
 * needs two extra libraries beside the binding, and asking for CUDA without them makes session
 * creation throw rather than fall back (DESIGN.md §1). WebGPU (Dawn, on Vulkan under Linux)
 * throws when it finds no adapter. So we fall back ourselves, and say why in one line instead of
 * leaving the user with ORT's native log. `auto` tries CUDA only: WebGPU is asked for by name.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ortNativeDir } from './ort';
import { readRegularFile } from '../util/regular-file';
import type { DeviceRequest } from './device-request';

export { DEVICE_REQUESTS, type DeviceRequest } from './device-request';
/** The providers we actually open sessions on. */
export type Provider = 'cpu' | 'cuda' | 'webgpu';

export interface ProviderChoice {
  requested: DeviceRequest;
  used: Provider;
  /** Why `used` differs from what was asked (or, for `auto`, why CUDA was not taken). */
  reason?: string;
}

export const CUDA_PROVIDER_LIBRARIES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'];

/**
 * Why CUDA certainly cannot load here, decided from files alone (no native call, so no ORT error
 * printed to stderr); undefined when it might load, which only trying can settle.
 */
export function cudaUnavailableReason(platform: string = process.platform, dir?: string): string | undefined {
  if (platform !== 'linux') return `CUDA is not available on ${platform} in onnxruntime-node`;
  const nativeDir = dir ?? ortNativeDir(platform);
  const missing = CUDA_PROVIDER_LIBRARIES.filter((f) => !existsSync(path.join(nativeDir, f)));
  if (missing.length === 0) return undefined;
  return (
    `CUDA provider library ${missing.join(' and ')} not found in ${nativeDir} ` +
    `(onnxruntime-node's install script fetches the CUDA providers on a connected machine)`
  );
}

/** Where the dynamic loader finds libraries by name: its cache lists every library ldconfig saw. */
const LOADER_CACHE = '/etc/ld.so.cache';
const VULKAN_LIBRARY = 'libvulkan.so.1';

/**
 * Why WebGPU certainly cannot start here, decided without asking ORT: on Linux its Dawn backend
 * runs on Vulkan, and without the Vulkan loader library Dawn prints a native warning with a
 * source-code "at" line to stderr before failing. Undefined when it might start.
 */
export function webGpuUnavailableReason(
  platform: string = process.platform,
  loaderCache: string = LOADER_CACHE,
  libraryPath: string = process.env.LD_LIBRARY_PATH ?? '',
): string | undefined {
  if (platform !== 'linux') return undefined;
  const inPath = libraryPath.split(':').some((dir) => dir !== '' && existsSync(path.join(dir, VULKAN_LIBRARY)));
  if (inPath) return undefined;
  let cache: string;
  try {
    cache = readRegularFile(loaderCache, { maxBytes: 64 * 1024 * 1024 }).toString('latin1');
  } catch {
    return undefined; // no cache to consult: let Dawn try
  }
  if (cache.includes(VULKAN_LIBRARY)) return undefined;
  return `WebGPU needs Vulkan on Linux and ${VULKAN_LIBRARY} is not installed (install your GPU's Vulkan driver, e.g. Debian's libvulkan1)`;
}

/**
 * Opens something (a session) on the requested provider, falling back to CPU when CUDA or WebGPU
 * is unavailable or fails to load. A failure on CPU is the model's fault and propagates as is.
 */
export async function openWithFallback<S>(
  requested: DeviceRequest,
  open: (provider: Provider) => Promise<S>,
  unavailable: () => string | undefined = cudaUnavailableReason,
  webGpuUnavailable: () => string | undefined = webGpuUnavailableReason,
): Promise<{ value: S; choice: ProviderChoice }> {
  if (requested === 'cpu') return { value: await open('cpu'), choice: { requested, used: 'cpu' } };
  if (requested === 'webgpu') {
    const missing = webGpuUnavailable();
    if (missing !== undefined) return { value: await open('cpu'), choice: { requested, used: 'cpu', reason: `${missing}; using CPU` } };
    try {
      return { value: await open('webgpu'), choice: { requested, used: 'webgpu' } };
    } catch (err) {
      return { value: await open('cpu'), choice: { requested, used: 'cpu', reason: `WebGPU execution provider failed to start: ${webGpuProblem(err)}; using CPU` } };
    }
  }
  let reason = unavailable();
  if (reason === undefined) {
    try {
      return { value: await open('cuda'), choice: { requested, used: 'cuda' } };
    } catch (err) {
      reason = `CUDA execution provider failed to load: ${firstLine(err)}`;
    }
  }
  return { value: await open('cpu'), choice: { requested, used: 'cpu', reason: `${reason}; using CPU` } };
}

/** ORT's WebGPU errors lead with a source path and an assertion; the user needs the sentence after it. */
function webGpuProblem(err: unknown): string {
  const line = firstLine(err);
  return /(Failed to [^]*)$/.exec(line)?.[1] ?? line;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0].trim();
}
