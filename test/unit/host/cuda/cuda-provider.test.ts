import * as assert from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { ChecksumError, verifyFile } from '../../../../src/host/cuda/checksum';
import type { FetchLike } from '../../../../src/host/cuda/download';
import { fetchCudaProvider, MANIFEST, OfflineError } from '../../../../src/host/cuda/fetch-provider';
import { isOfflineError } from '../../../../src/host/cuda/network-errors';
import { CUDA_PACKAGE_FILES, NUGET_INDEX } from '../../../../src/host/cuda/nuget';
import { crc32, extractEntry, listZip } from '../../../../src/host/cuda/zip-extract';
import { cudaUnavailableReason } from '../../../../src/runtime/execution-provider';
import { nativeDirIn } from '../../../../src/runtime/provider-files';

/** A classic zip with deflated entries, written the way NuGet packs a .nupkg. */
function makeZip(entries: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A fetch that serves NuGet's three JSON documents and the package from memory. */
function fakeNuget(nupkg: Buffer, sha512: string): { fetch: FetchLike; urls: string[] } {
  const urls: string[] = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  const fetchImpl: FetchLike = async (url) => {
    urls.push(url);
    if (url === NUGET_INDEX) {
      return json({ resources: [
        { '@id': 'https://nuget.test/flat/', '@type': 'PackageBaseAddress/3.0.0' },
        { '@id': 'https://nuget.test/reg/', '@type': 'RegistrationsBaseUrl/3.6.0' },
      ] });
    }
    if (url === 'https://nuget.test/reg/microsoft.ml.onnxruntime.gpu.linux/1.30.0.json') return json({ catalogEntry: 'https://nuget.test/catalog/gpu.json' });
    if (url === 'https://nuget.test/catalog/gpu.json') return json({ packageHash: sha512, packageHashAlgorithm: 'SHA512', packageSize: nupkg.length });
    if (url.startsWith('https://nuget.test/flat/')) return new Response(nupkg, { headers: { 'content-length': String(nupkg.length) } });
    return new Response('not found', { status: 404 });
  };
  return { fetch: fetchImpl, urls };
}

describe('CUDA provider download', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-cuda-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('verifies a local file against SHA-256 and SHA-512 digests, hex or base64', async () => {
    const file = path.join(dir, 'lib.so');
    await fs.writeFile(file, 'provider bytes');
    const sha256 = createHash('sha256').update('provider bytes').digest();
    const sha512 = createHash('sha512').update('provider bytes').digest();
    await verifyFile(file, { algorithm: 'sha256', value: sha256.toString('hex').toUpperCase() });
    await verifyFile(file, { algorithm: 'sha512', value: sha512.toString('base64') });
    await assert.rejects(verifyFile(file, { algorithm: 'sha256', value: createHash('sha256').update('other').digest('hex') }), ChecksumError);
    await assert.rejects(verifyFile(file, { algorithm: 'sha256', value: 'abc' }), /not a SHA256 digest/);
  });

  it('extracts zip entries by streaming, and refuses a corrupted one', async () => {
    const data = Buffer.from('x'.repeat(100_000) + 'end');
    const zip = path.join(dir, 'p.zip');
    await fs.writeFile(zip, makeZip({ 'a/b.so': data, 'c.txt': Buffer.from('c') }));
    const entries = await listZip(zip);
    assert.deepStrictEqual(entries.map((e) => e.name), ['a/b.so', 'c.txt']);
    await extractEntry(zip, entries, 'a/b.so', path.join(dir, 'b.so'));
    assert.ok((await fs.readFile(path.join(dir, 'b.so'))).equals(data));
    await assert.rejects(extractEntry(zip, entries, 'missing.so', path.join(dir, 'm.so')), /has no missing\.so/);
    const corrupted = entries.map((e) => (e.name === 'c.txt' ? { ...e, crc32: e.crc32 ^ 1 } : e));
    await assert.rejects(extractEntry(zip, corrupted, 'c.txt', path.join(dir, 'c.txt')), /corrupt/);
    assert.ok(!existsSync(path.join(dir, 'c.txt')), 'a corrupt entry is not left behind');
    assert.strictEqual(crc32(Buffer.from('123456789')), 0xcbf43926); // the standard check value
  });

  it('says plainly that it is offline when NuGet cannot be reached, and downloads nothing', async () => {
    const ortPackage = await fakeOrtPackage(dir);
    const offline: FetchLike = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.nuget.org'), { code: 'ENOTFOUND' }) });
    };
    const error = await fetchCudaProvider({ ortPackage, folder: path.join(dir, 'store'), fetchImpl: offline }).catch((e: unknown) => e);
    assert.ok(error instanceof OfflineError, String(error));
    assert.match(error.message, /^Cannot reach api\.nuget\.org: this machine looks offline/);
    assert.ok(isOfflineError({ code: 'EAI_AGAIN' }));
    assert.ok(!isOfflineError(new Error('HTTP 500')));
    assert.match(cudaUnavailableReason('linux', nativeDirIn(ortPackage, 'linux', 'x64'))!, /not found/);
  });

  it('downloads, verifies, extracts and links the libraries so that CUDA is no longer unavailable', async () => {
    const ortPackage = await fakeOrtPackage(dir);
    const libraries = Object.fromEntries(CUDA_PACKAGE_FILES.map((f) => [f.entry, Buffer.from(`ELF ${f.name}`)]));
    const nupkg = makeZip({ ...libraries, 'Microsoft.ML.OnnxRuntime.Gpu.Linux.nuspec': Buffer.from('<package/>') });
    const { fetch, urls } = fakeNuget(nupkg, createHash('sha512').update(nupkg).digest('base64'));
    const stages: string[] = [];
    const install = await fetchCudaProvider({ ortPackage, folder: path.join(dir, 'store'), fetchImpl: fetch, onStage: (s) => stages.push(s) });
    assert.strictEqual(urls.at(-1), 'https://nuget.test/flat/microsoft.ml.onnxruntime.gpu.linux/1.30.0/microsoft.ml.onnxruntime.gpu.linux.1.30.0.nupkg');
    assert.deepStrictEqual([...new Set(stages)], ['resolving', 'downloading', 'verifying', 'extracting', 'installing']);
    assert.strictEqual(install.version, '1.30.0');
    assert.deepStrictEqual(install.files.map((f) => f.sha256), CUDA_PACKAGE_FILES.map((f) => createHash('sha256').update(`ELF ${f.name}`).digest('hex')));
    assert.deepStrictEqual((await fs.readdir(install.folder)).sort(), [MANIFEST, ...CUDA_PACKAGE_FILES.map((f) => f.name)].sort(), 'the package itself is deleted');
    const native = nativeDirIn(ortPackage, 'linux', 'x64');
    assert.strictEqual(cudaUnavailableReason('linux', native), undefined);
    assert.strictEqual(await fs.readFile(path.join(native, CUDA_PACKAGE_FILES[1].name), 'utf8'), `ELF ${CUDA_PACKAGE_FILES[1].name}`);
  });

  it('refuses a package whose SHA-512 differs from NuGet’s, and installs nothing', async () => {
    const ortPackage = await fakeOrtPackage(dir);
    const nupkg = makeZip(Object.fromEntries(CUDA_PACKAGE_FILES.map((f) => [f.entry, Buffer.from('tampered')])));
    const { fetch } = fakeNuget(nupkg, createHash('sha512').update('the real package').digest('base64'));
    await assert.rejects(fetchCudaProvider({ ortPackage, folder: path.join(dir, 'store'), fetchImpl: fetch }), ChecksumError);
    assert.deepStrictEqual(await fs.readdir(path.join(dir, 'store', 'onnxruntime-1.30.0')), []);
    assert.match(cudaUnavailableReason('linux', nativeDirIn(ortPackage, 'linux', 'x64'))!, /not found/);
  });
});

/** An onnxruntime-node 1.30.0 package folder (its package.json and an empty native folder). */
async function fakeOrtPackage(dir: string): Promise<string> {
  const ortPackage = path.join(dir, 'ext', 'node_modules', 'onnxruntime-node');
  await fs.mkdir(nativeDirIn(ortPackage, 'linux', 'x64'), { recursive: true });
  await fs.writeFile(path.join(ortPackage, 'package.json'), JSON.stringify({ version: '1.30.0' }));
  return ortPackage;
}
