/**
 * Writes safetensors files laid out as the reference implementation (huggingface/safetensors)
 * lays them out: compact JSON header with "__metadata__" first, padded with spaces to a
 * multiple of 8 bytes; tensors ordered by dtype (widest first, in the reference's dtype order)
 * and then by name, packed contiguously. The same tensors therefore give the same bytes here
 * and in Python, and every tensor starts at an offset aligned for its element size.
 */
import { Dtype, Tensor, elementCount, matchesDtype } from './dtypes';
import { assertLittleEndianHost } from './endianness';
import { HEADER_LENGTH_BYTES, METADATA_KEY } from './safetensors-header';
import { AtomicOptions, writeFileAtomic } from '../util/atomic-write';

export type TensorsToWrite = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

const HEADER_ALIGNMENT = 8;

// The reference sorts by its Dtype enum in descending order; this is that enum's order.
const REFERENCE_DTYPE_ORDER: Dtype[] = ['BOOL', 'U8', 'I8', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'];

/**
 * The file's bytes as a list of chunks (header, then each tensor's bytes without copying), for
 * writing large checkpoints without assembling them in one buffer.
 */
export function encodeSafetensors(tensors: TensorsToWrite, metadata: Record<string, string> = {}): Uint8Array[] {
  assertLittleEndianHost();
  const named = (tensors instanceof Map ? [...tensors] : Object.entries(tensors)) as [string, Tensor][];
  named.forEach(([name, tensor]) => checkTensor(name, tensor));
  checkMetadata(metadata);
  named.sort(([nameA, a], [nameB, b]) => dtypeRank(b.dtype) - dtypeRank(a.dtype) || Buffer.compare(Buffer.from(nameA), Buffer.from(nameB)));

  const header: Record<string, unknown> = {};
  // Metadata keeps its insertion order, as the reference keeps a Python dict's order.
  if (Object.keys(metadata).length > 0) header[METADATA_KEY] = metadata;
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const [name, tensor] of named) {
    const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
    header[name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    chunks.push(bytes);
  }
  return [encodeHeader(header), ...chunks];
}

/** The whole file in one buffer. */
export function serializeSafetensors(tensors: TensorsToWrite, metadata: Record<string, string> = {}): Buffer {
  return Buffer.concat(encodeSafetensors(tensors, metadata));
}

/** Writes the file atomically: a crash leaves the previous file or the new one, never half. */
export async function writeSafetensors(
  path: string,
  tensors: TensorsToWrite,
  metadata: Record<string, string> = {},
  options: AtomicOptions = {},
): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata), options);
}

function encodeHeader(header: Record<string, unknown>): Uint8Array {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / HEADER_ALIGNMENT) * HEADER_ALIGNMENT;
  const out = Buffer.alloc(HEADER_LENGTH_BYTES + padded, 0x20);
  out.writeBigUInt64LE(BigInt(padded), 0);
  json.copy(out, HEADER_LENGTH_BYTES);
  return out;
}

function dtypeRank(dtype: Dtype): number {
  return REFERENCE_DTYPE_ORDER.indexOf(dtype);
}

// These are checks on our own callers (a wrong tensor is a bug, not bad user input), so they
// throw plain Errors that say which tensor is wrong.
function checkTensor(name: string, tensor: Tensor): void {
  if (name.length === 0 || name === METADATA_KEY) throw new Error(`safetensors: invalid tensor name ${JSON.stringify(name)}`);
  if (dtypeRank(tensor.dtype) < 0) throw new Error(`safetensors: tensor "${name}" has unknown dtype ${JSON.stringify(tensor.dtype)}`);
  if (!tensor.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new Error(`safetensors: tensor "${name}" has invalid shape ${JSON.stringify(tensor.shape)}`);
  }
  if (!matchesDtype(tensor.dtype, tensor.data)) {
    throw new Error(`safetensors: tensor "${name}" is ${tensor.dtype} but its data is a ${tensor.data.constructor.name}`);
  }
  const expected = elementCount(tensor.shape);
  if (tensor.data.length !== expected) {
    throw new Error(
      `safetensors: tensor "${name}" has shape [${tensor.shape.join(', ')}] (${expected} elements) but ${tensor.data.length} values`,
    );
  }
  if (tensor.dtype === 'BOOL' && tensor.data.some((v) => v > 1)) {
    throw new Error(`safetensors: BOOL tensor "${name}" holds values other than 0 and 1`);
  }
}

function checkMetadata(metadata: Record<string, string>): void {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new Error(`safetensors: metadata "${key}" must be a string, not ${typeof value}`);
  }
}
