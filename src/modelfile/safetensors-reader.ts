/**
 * Reads safetensors files into typed arrays, header first: the 8-byte length and the header are
 * read and checked against the file's size before a byte of tensor data is, so a corrupted or
 * hostile file costs nothing to refuse; then each tensor is read into its own buffer (no copy
 * of the whole file in memory). Reads go through the regular-file checks (a FIFO or a device
 * in place of the file is refused, never waited on).
 */
import { constants as bufferConstants } from 'node:buffer';
import { openRegularFile, readExactly, type OpenRegularFile } from '../util/regular-file';
import { formatBytes } from '../util/format';
import { Tensor, arrayTypeOf, bytesPerElement, elementCount } from './dtypes';
import { bfloat16ArrayToFloat32, float16ArrayToFloat32 } from './half';
import { assertLittleEndianHost } from './endianness';
import { HEADER_LENGTH_BYTES, SafetensorsHeader, TensorEntry, parseHeader, readHeaderLength } from './safetensors-header';
import { InputError } from '../util/errors';

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
    const tensor = tensorFromBytes(entry, bytes.subarray(header.dataStart + entry.begin, header.dataStart + entry.end));
    tensors.set(entry.name, options.halfToFloat32 ? halfToFloat32(tensor) : tensor);
  }
  return { tensors, metadata: header.metadata };
}

export async function readSafetensors(path: string, options: ReadOptions = {}): Promise<SafetensorsContents> {
  assertLittleEndianHost();
  return withSafetensorsFile(path, (file) => {
    checkLoadableSize(file, path);
    const header = readHeaderOf(file, path);
    const tensors = new Map<string, Tensor>();
    for (const entry of header.entries) {
      const tensor = tensorFromBytes(entry, readExactly(file, path, header.dataStart + entry.begin, entry.end - entry.begin));
      tensors.set(entry.name, options.halfToFloat32 ? halfToFloat32(tensor) : tensor);
    }
    return { tensors, metadata: header.metadata };
  });
}

/** Reads only the header: names, dtypes, shapes and metadata, without the weights. */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  return withSafetensorsFile(path, (file) => readHeaderOf(file, path));
}

/**
 * The largest weights file read: Node.js buffers hold at most this many bytes (4 GiB on 64-bit
 * Node 20), so no tensor of a larger file could be guaranteed to fit one.
 */
export const MAX_SAFETENSORS_BYTES = bufferConstants.MAX_LENGTH;

function withSafetensorsFile<T>(path: string, use: (file: OpenRegularFile) => T): T {
  const file = openRegularFile(path);
  try {
    return use(file);
  } finally {
    file.close();
  }
}

function checkLoadableSize(file: OpenRegularFile, path: string): void {
  if (file.size > MAX_SAFETENSORS_BYTES) {
    throw new InputError(
      `${path} is ${formatBytes(file.size)}, more than the ${formatBytes(MAX_SAFETENSORS_BYTES)} of weights Pretrain Lab can load (the Node.js buffer limit); use a smaller model`,
    );
  }
}

function readHeaderOf(file: OpenRegularFile, path: string): SafetensorsHeader {
  const prefix = readExactly(file, path, 0, Math.min(HEADER_LENGTH_BYTES, file.size));
  const headerLength = readHeaderLength(prefix, file.size, path);
  return parseHeader(readExactly(file, path, HEADER_LENGTH_BYTES, headerLength), file.size, path);
}

/** F16 and BF16 widened to F32; every other tensor returned as it is. */
export function halfToFloat32(tensor: Tensor): Tensor {
  if (tensor.dtype === 'F16') return { dtype: 'F32', shape: tensor.shape, data: float16ArrayToFloat32(tensor.data) };
  if (tensor.dtype === 'BF16') return { dtype: 'F32', shape: tensor.shape, data: bfloat16ArrayToFloat32(tensor.data) };
  return tensor;
}

/**
 * A tensor over its own bytes: a view when they start at an offset aligned for its element
 * type (typed arrays cannot start elsewhere), a copy otherwise. A view keeps the buffer it
 * looks into alive for as long as the tensor is referenced.
 */
function tensorFromBytes(entry: TensorEntry, bytes: Uint8Array): Tensor {
  const ArrayType = arrayTypeOf(entry.dtype);
  const length = elementCount(entry.shape);
  let data;
  if (bytes.byteOffset % bytesPerElement(entry.dtype) === 0) {
    data = new ArrayType(bytes.buffer, bytes.byteOffset, length);
  } else {
    data = new ArrayType(length);
    new Uint8Array(data.buffer).set(bytes);
  }
  return { dtype: entry.dtype, shape: entry.shape, data } as Tensor;
}
