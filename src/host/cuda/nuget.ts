// Where ONNX Runtime's CUDA provider libraries come from: the NuGet package onnxruntime-node's
// own install script downloads them from (node_modules/onnxruntime-node/script/install-metadata.js:
// Microsoft.ML.OnnxRuntime.Gpu.Linux, same version as the binding, files under
// runtimes/linux-x64/native/). NuGet's catalog publishes each package's SHA-512, which the
// download is checked against. Free of vscode; the fetch is injected so tests run offline.
import { CUDA_PROVIDER_LIBRARIES } from '../../runtime/execution-provider';

export const NUGET_INDEX = 'https://api.nuget.org/v3/index.json';
export const CUDA_PACKAGE_ID = 'Microsoft.ML.OnnxRuntime.Gpu.Linux';
/** The libraries ORT loads for the CUDA provider (the runtime's list), and where the package keeps them. */
export const CUDA_PACKAGE_FILES = CUDA_PROVIDER_LIBRARIES.map((name) => ({
  name,
  entry: `runtimes/linux-x64/native/${name}`,
}));

export type FetchJson = (url: string, signal?: AbortSignal) => Promise<unknown>;

export interface NugetPackage {
  url: string;
  /** NuGet's packageHash: base64 SHA-512 of the .nupkg. */
  sha512: string;
  /** Bytes, when the catalog says. */
  size?: number;
}

interface ServiceIndex {
  resources?: { '@id'?: string; '@type'?: string }[];
}

function resource(index: ServiceIndex, typePrefix: string): string {
  const found = index.resources?.find((r) => typeof r['@type'] === 'string' && r['@type'].startsWith(typePrefix) && typeof r['@id'] === 'string');
  if (!found) throw new Error(`NuGet's service index lists no ${typePrefix} resource`);
  const id = found['@id'] as string;
  return id.endsWith('/') ? id : `${id}/`;
}

export async function resolveNugetPackage(fetchJson: FetchJson, id: string, version: string, signal?: AbortSignal): Promise<NugetPackage> {
  const lower = id.toLowerCase();
  const index = (await fetchJson(NUGET_INDEX, signal)) as ServiceIndex;
  const packages = resource(index, 'PackageBaseAddress/3.0.0');
  const registrations = resource(index, 'RegistrationsBaseUrl/3.6.0');
  const leaf = (await fetchJson(`${registrations}${lower}/${version}.json`, signal)) as { catalogEntry?: unknown };
  if (typeof leaf.catalogEntry !== 'string') throw new Error(`NuGet has no ${id} ${version}`);
  const entry = (await fetchJson(leaf.catalogEntry, signal)) as { packageHash?: unknown; packageHashAlgorithm?: unknown; packageSize?: unknown };
  if (typeof entry.packageHash !== 'string' || String(entry.packageHashAlgorithm).toUpperCase() !== 'SHA512') {
    throw new Error(`NuGet's catalog gives no SHA-512 for ${id} ${version}; not downloading an unverifiable package`);
  }
  return {
    url: `${packages}${lower}/${version}/${lower}.${version}.nupkg`,
    sha512: entry.packageHash,
    ...(typeof entry.packageSize === 'number' ? { size: entry.packageSize } : {}),
  };
}
