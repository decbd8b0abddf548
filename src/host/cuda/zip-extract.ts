// Extracts named entries from a zip file (a .nupkg is one) by streaming them out of it: the
// CUDA provider package is hundreds of MB, too big to load into memory the way zip libraries
// do. Reads the central directory, then inflates each wanted entry to its own file, checking
// its size and CRC-32. Classic zip only (no zip64): NuGet packages under 4 GB are written so.
// Free of vscode: unit-tested on a zip built in the test.
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end-of-central-directory record is 22 bytes plus a comment of up to 65535. */
const EOCD_MAX_SEARCH = 22 + 0xffff;

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

export async function listZip(file: string): Promise<ZipEntry[]> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailStart = Math.max(0, size - EOCD_MAX_SEARCH);
    const tail = await readAt(handle, tailStart, size - tailStart);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
    const count = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || directoryOffset === 0xffffffff) throw new Error(`${file} is a zip64 archive, which is not supported`);
    const directory = await readAt(handle, directoryOffset, directorySize);
    const entries: ZipEntry[] = [];
    for (let p = 0, i = 0; i < count; i++) {
      if (directory.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new Error(`${file}: corrupt central directory`);
      const nameLength = directory.readUInt16LE(p + 28);
      const extraLength = directory.readUInt16LE(p + 30);
      const commentLength = directory.readUInt16LE(p + 32);
      entries.push({
        method: directory.readUInt16LE(p + 10),
        crc32: directory.readUInt32LE(p + 16),
        compressedSize: directory.readUInt32LE(p + 20),
        size: directory.readUInt32LE(p + 24),
        localHeaderOffset: directory.readUInt32LE(p + 42),
        name: directory.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** CRC-32 (IEEE 802.3), the checksum zip stores per entry; table-driven. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Passes bytes through while computing their CRC-32 and count. */
class Crc32Counter extends Transform {
  crc = 0;
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error: Error | null, data: Buffer) => void): void {
    this.crc = crc32(chunk, this.crc);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** Writes entry `name` of the zip to `dest`; throws when it is missing or does not check out. */
export async function extractEntry(file: string, entries: readonly ZipEntry[], name: string, dest: string, signal?: AbortSignal): Promise<void> {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`${file} has no ${name}`);
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`${name} uses zip compression method ${entry.method}, which is not supported`);
  const handle = await fs.open(file, 'r');
  let dataStart: number;
  try {
    const local = await readAt(handle, entry.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error(`${file}: corrupt local header for ${name}`);
    dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  const counter = new Crc32Counter();
  const source = createReadStream(file, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = entry.method === 8 ? [source, zlib.createInflateRaw(), counter] : [source, counter];
  await pipeline([...stages, createWriteStream(dest)], { signal });
  if (counter.bytes !== entry.size || counter.crc !== entry.crc32) {
    await fs.rm(dest, { force: true });
    throw new Error(`${name} in ${file} is corrupt (size or CRC-32 does not match)`);
  }
}
