/**
 * The safetensors header: an 8-byte little-endian length N, then N bytes of JSON mapping each
 * tensor name to {dtype, shape, data_offsets: [begin, end]} (offsets relative to the byte
 * buffer that follows the header), plus an optional "__metadata__" map of strings.
 *
 * Validation follows the reference implementation (huggingface/safetensors): a header of at
 * most 100 MB, every tensor's byte span exactly shape × dtype size, and the spans, sorted by
 * offset, tiling the byte buffer from its first byte to its last with no overlap and no hole.
 */
import { Dtype, DTYPES, bytesPerElement, elementCount, isDtype } from './dtypes';
import { SafetensorsError } from './safetensors-error';

export const HEADER_LENGTH_BYTES = 8;
/** The reference implementation refuses larger headers; so do we, before allocating them. */
export const MAX_HEADER_BYTES = 100_000_000;
export const METADATA_KEY = '__metadata__';

export interface TensorEntry {
  name: string;
  dtype: Dtype;
  shape: number[];
  /** Byte offsets into the data section (which starts right after the header). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  file: string;
  /** Absolute file offset of the data section: 8 + header length. */
  dataStart: number;
  /** Ordered by position in the data section. */
  entries: TensorEntry[];
  metadata: Record<string, string>;
}

/** Reads and checks the header length from the first 8 bytes of a file of `fileSize` bytes. */
export function readHeaderLength(prefix: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < HEADER_LENGTH_BYTES) {
    throw new SafetensorsError(
      file,
      `it is only ${fileSize} bytes long, too short to hold the 8-byte header length (the file is empty or truncated)`,
    );
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, HEADER_LENGTH_BYTES);
  const length = view.getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(
      file,
      `its header length field says ${length} bytes, more than the 100 MB limit (the file is corrupted or not safetensors)`,
    );
  }
  const headerLength = Number(length);
  if (HEADER_LENGTH_BYTES + headerLength > fileSize) {
    throw new SafetensorsError(
      file,
      `its header length field says ${headerLength} bytes but only ${fileSize - HEADER_LENGTH_BYTES} bytes follow (the file is truncated or not safetensors)`,
    );
  }
  return headerLength;
}

/**
 * Parses the JSON header and checks every tensor against a data section of
 * `fileSize - 8 - headerBytes.length` bytes.
 */
export function parseHeader(headerBytes: Uint8Array, fileSize: number, file: string): SafetensorsHeader {
  const dataStart = HEADER_LENGTH_BYTES + headerBytes.length;
  const root = parseHeaderJson(headerBytes, file);
  let metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, value] of Object.entries(root)) {
    if (name === METADATA_KEY) metadata = parseMetadata(value, file);
    else entries.push(parseEntry(name, value, file));
  }
  checkTiling(entries, fileSize - dataStart, file);
  return { file, dataStart, entries, metadata };
}

function parseHeaderJson(headerBytes: Uint8Array, file: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new SafetensorsError(file, 'its header is not valid UTF-8 text');
  }
  if (!text.startsWith('{')) {
    throw new SafetensorsError(file, 'its header does not start with "{" (the file is corrupted or not safetensors)');
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(file, `its header is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(root)) throw new SafetensorsError(file, 'its header is not a JSON object');
  return root;
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (!isPlainObject(value)) {
    throw new SafetensorsError(file, `"${METADATA_KEY}" in its header is not an object of strings`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new SafetensorsError(file, `"${METADATA_KEY}" entry "${key}" is ${describeJson(item)}, not a string`);
    }
  }
  return value as Record<string, string>;
}

function parseEntry(name: string, value: unknown, file: string): TensorEntry {
  const where = `tensor "${name}"`;
  if (!isPlainObject(value)) throw new SafetensorsError(file, `${where} is ${describeJson(value)}, not an object`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (!isDtype(dtype)) {
    throw new SafetensorsError(
      file,
      `${where} has dtype ${JSON.stringify(dtype)}, which Pretrain Lab cannot read (supported: ${DTYPES.join(', ')})`,
      'Convert the checkpoint to one of the supported dtypes (float32 is always safe).',
    );
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw new SafetensorsError(file, `${where} has shape ${JSON.stringify(shape)}; a shape must be a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    throw new SafetensorsError(file, `${where} has data_offsets ${JSON.stringify(offsets)}; they must be two non-negative integers [begin, end]`);
  }
  const [begin, end] = offsets as number[];
  if (end < begin) throw new SafetensorsError(file, `${where} has data_offsets [${begin}, ${end}] that end before they begin`);
  const needed = elementCount(shape) * bytesPerElement(dtype);
  if (needed !== end - begin) {
    throw new SafetensorsError(
      file,
      `${where} has shape [${shape.join(', ')}] of ${dtype}, which needs ${needed} bytes, but its data_offsets [${begin}, ${end}] span ${end - begin} bytes`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function checkTiling(entries: TensorEntry[], dataLength: number, file: string): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: TensorEntry | undefined;
  for (const entry of entries) {
    if (entry.end > dataLength) {
      throw new SafetensorsError(
        file,
        `tensor "${entry.name}" ends at byte ${entry.end} of the data section but the data section has only ${dataLength} bytes (the file is truncated or its offsets are wrong)`,
      );
    }
    if (entry.begin < covered) {
      throw new SafetensorsError(
        file,
        `tensor "${entry.name}" (bytes ${entry.begin}–${entry.end}) overlaps tensor "${previous!.name}" (bytes ${previous!.begin}–${previous!.end})`,
      );
    }
    if (entry.begin > covered) {
      const after = previous ? `after tensor "${previous.name}"` : 'at the start of the data section';
      throw new SafetensorsError(
        file,
        `${entry.begin - covered} bytes ${after}, before tensor "${entry.name}", belong to no tensor (offsets must leave no gaps)`,
      );
    }
    covered = entry.end;
    previous = entry;
  }
  if (covered !== dataLength) {
    throw new SafetensorsError(
      file,
      `the last ${dataLength - covered} bytes of the data section belong to no tensor (extra bytes at the end, or a wrong header)`,
    );
  }
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
