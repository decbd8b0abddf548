// The whole download of ONNX Runtime's CUDA provider for the running ORT version: resolve the
// NuGet package, download it, check its SHA-512 against NuGet's catalog, extract the two
// libraries (each checked against its zip CRC-32), record their SHA-256 in a manifest, and
// link them where ORT loads them from. Free of vscode; network access is injected.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileDigest, verifyFile } from './checksum';
import { downloadToFile, type FetchLike } from './download';
import { nativeDirIn, ortPackageVersion } from '../../runtime/provider-files';
import { installIntoNativeFolder } from './install-providers';
import { isOfflineError, offlineMessage } from './network-errors';
import { CUDA_PACKAGE_FILES, CUDA_PACKAGE_ID, NUGET_INDEX, resolveNugetPackage, type FetchJson } from './nuget';
import { extractEntry, listZip } from './zip-extract';

export class OfflineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfflineError';
  }
}

export type Stage = 'resolving' | 'downloading' | 'verifying' | 'extracting' | 'installing';

export interface FetchProviderOptions {
  /** The onnxruntime-node package folder (runtime's ortPackageDir()) whose binding gets the libraries. */
  ortPackage: string;
  /** Where the libraries are kept (a subfolder per ORT version is made). */
  folder: string;
  fetchImpl: FetchLike;
  signal?: AbortSignal;
  onStage?: (stage: Stage, detail?: { received: number; total?: number }) => void;
}

export interface ProviderInstall {
  version: string;
  folder: string;
  files: { name: string; sha256: string; bytes: number }[];
  how: 'linked' | 'copied';
}

export const MANIFEST = 'manifest.json';

function jsonFetcher(fetchImpl: FetchLike): FetchJson {
  return async (url, signal) => {
    const response = await fetchImpl(url, { signal, redirect: 'follow' });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    return response.json() as Promise<unknown>;
  };
}

/** Network failures that mean "no connection" become an OfflineError with a plain message. */
async function online<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isOfflineError(error)) throw new OfflineError(offlineMessage(new URL(NUGET_INDEX).host));
    throw error;
  }
}

export async function fetchCudaProvider(options: FetchProviderOptions): Promise<ProviderInstall> {
  const { ortPackage, fetchImpl, signal, onStage } = options;
  const version = await ortPackageVersion(ortPackage);
  const folder = path.join(options.folder, `onnxruntime-${version}`);
  await fs.mkdir(folder, { recursive: true });

  onStage?.('resolving');
  const pkg = await online(() => resolveNugetPackage(jsonFetcher(fetchImpl), CUDA_PACKAGE_ID, version, signal));
  const nupkg = path.join(folder, `${CUDA_PACKAGE_ID.toLowerCase()}.${version}.nupkg`);
  try {
    await online(() => downloadToFile(fetchImpl, pkg.url, nupkg, {
      signal,
      onProgress: (received, total) => onStage?.('downloading', { received, total: total ?? pkg.size }),
    }));
    onStage?.('verifying');
    await verifyFile(nupkg, { algorithm: 'sha512', value: pkg.sha512 });
    onStage?.('extracting');
    const entries = await listZip(nupkg);
    const files: ProviderInstall['files'] = [];
    for (const file of CUDA_PACKAGE_FILES) {
      const dest = path.join(folder, file.name);
      await extractEntry(nupkg, entries, file.entry, dest, signal);
      files.push({ name: file.name, sha256: (await fileDigest(dest, 'sha256')).toString('hex'), bytes: (await fs.stat(dest)).size });
    }
    await fs.writeFile(path.join(folder, MANIFEST), `${JSON.stringify({ package: CUDA_PACKAGE_ID, version, sha512: pkg.sha512, files }, null, 2)}\n`);
    onStage?.('installing');
    const how = await installIntoNativeFolder(folder, nativeDirIn(ortPackage), files.map((f) => f.name));
    return { version, folder, files, how };
  } finally {
    // The package is hundreds of MB; only the two libraries are kept.
    await fs.rm(nupkg, { force: true });
  }
}
