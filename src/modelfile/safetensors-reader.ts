/**
 * Reads safetensors files into typed arrays. The whole file is read into one buffer and each
 * tensor becomes a view of it when its bytes sit at an offset aligned for its element type
 * (always the case for files from our writer and from the reference one); an unaligned tensor
 * is copied, because typed arrays cannot start at an unaligned offset. A view keeps the whole
 * file buffer alive for as long as any tensor of it is referenced.
 */
import { open } from 'node:fs/promises';
import { Tensor, arrayTypeOf, bytesPerElement, elementCount } from './dtypes';
import { bfloat16ArrayToFloat32, float16ArrayToFloat32 } from './half';
import { assertLittleEndianHost } from './endianness';
import { HEADER_LENGTH_BYTES, SafetensorsHeader, TensorEntry, parseHeader, readHeaderLength } from './safetensors-header';
import { SafetensorsError } from './safetensors-error';

export interface ReadOptions {
  /** Return F16 and BF16 tensors as F32 (Float32Array), as most checkpoints from the Hub need. */
  halfToFloat32?: boolean;
}

export interface SafetensorsContents {
  /** In the order the tensors are stored in the file. */
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/** Parses safetensors bytes already in memory; `file` names the source in error messages. */
export function parseSafetensors(bytes: Uint8Array, file: string, options: ReadOptions = {}): SafetensorsContents {
  assertLittleEndianHost();
  const headerLength = readHeaderLength(bytes, bytes.length, file);
  const header = parseHeader(bytes.subarray(HEADER_LENGTH_BYTES, HEADER_LENGTH_BYTES + headerLength), bytes.length, file);
  const tensors = new Map<string, Tensor>();
  for (const entry of header.entries) {
    const tensor = tensorFromBytes(entry, bytes, header.dataStart);
    tensors.set(entry.name, options.halfToFloat32 ? halfToFloat32(tensor) : tensor);
  }
  return { tensors, metadata: header.metadata };
}

export async function readSafetensors(path: string, options: ReadOptions = {}): Promise<SafetensorsContents> {
  return parseSafetensors(await readWholeFile(path), path, options);
}

/** Reads only the header: names, dtypes, shapes and metadata, without the weights. */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const handle = await openForReading(path);
  try {
    const fileSize = (await handle.stat()).size;
    const prefix = await readExactly(handle, 0, Math.min(HEADER_LENGTH_BYTES, fileSize));
    const headerLength = readHeaderLength(prefix, fileSize, path);
    const headerBytes = await readExactly(handle, HEADER_LENGTH_BYTES, headerLength);
    return parseHeader(headerBytes, fileSize, path);
  } finally {
    await handle.close();
  }
}

/** F16 and BF16 widened to F32; every other tensor returned as it is. */
export function halfToFloat32(tensor: Tensor): Tensor {
  if (tensor.dtype === 'F16') return { dtype: 'F32', shape: tensor.shape, data: float16ArrayToFloat32(tensor.data) };
  if (tensor.dtype === 'BF16') return { dtype: 'F32', shape: tensor.shape, data: bfloat16ArrayToFloat32(tensor.data) };
  return tensor;
}

function tensorFromBytes(entry: TensorEntry, bytes: Uint8Array, dataStart: number): Tensor {
  const ArrayType = arrayTypeOf(entry.dtype);
  const length = elementCount(entry.shape);
  const byteOffset = bytes.byteOffset + dataStart + entry.begin;
  let data;
  if (byteOffset % bytesPerElement(entry.dtype) === 0) {
    data = new ArrayType(bytes.buffer, byteOffset, length);
  } else {
    data = new ArrayType(length);
    new Uint8Array(data.buffer).set(bytes.subarray(dataStart + entry.begin, dataStart + entry.end));
  }
  return { dtype: entry.dtype, shape: entry.shape, data } as Tensor;
}

async function openForReading(path: string) {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SafetensorsError(path, 'the file does not exist', 'Check the model folder path.');
    if (code === 'EISDIR') throw new SafetensorsError(path, 'it is a folder, not a file', 'Point to the .safetensors file inside it.');
    throw error;
  }
}

/**
 * One exactly sized, unpooled buffer (byteOffset 0, so aligned views are possible), filled in
 * chunks: fs.readFile refuses files over 2 GiB.
 */
async function readWholeFile(path: string): Promise<Uint8Array> {
  const handle = await openForReading(path);
  try {
    return await readExactly(handle, 0, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

const READ_CHUNK_BYTES = 1 << 30;

async function readExactly(handle: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Uint8Array> {
  const buffer = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, Math.min(READ_CHUNK_BYTES, length - done), position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  // The file shrank between stat and read (another process rewrote it): report what we saw.
  if (done < length) return buffer.subarray(0, done);
  return buffer;
}
