/**
 * A minimal protocol-buffers encoder and decoder: just what ONNX files need. Messages are
 * built as lists of byte chunks so large tensors are copied once, when the file is joined.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

export class MessageWriter {
  private chunks: Uint8Array[] = [];
  private scratch: number[] = [];
  private length = 0;

  get byteLength(): number {
    return this.length + this.scratch.length;
  }

  private flushScratch(): void {
    if (this.scratch.length) {
      this.chunks.push(Uint8Array.from(this.scratch));
      this.length += this.scratch.length;
      this.scratch = [];
    }
  }

  private pushBytes(bytes: Uint8Array): void {
    this.flushScratch();
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  /** Unsigned or signed 64-bit varint; negatives take ten bytes (two's complement), as int64 must. */
  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    if (v < 0x80n && typeof value === 'number' && value >= 0) {
      this.scratch.push(Number(v));
      return;
    }
    while (v >= 0x80n) {
      this.scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.scratch.push(...b);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, WIRE_BYTES);
    this.varint(data.length);
    this.pushBytes(data);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  message(field: number, sub: MessageWriter): this {
    this.tag(field, WIRE_BYTES);
    this.varint(sub.byteLength);
    sub.flushScratch();
    for (const c of sub.chunks) this.pushBytes(c);
    return this;
  }

  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const inner = new MessageWriter();
    for (const v of values) inner.varint(v);
    return this.message(field, inner);
  }

  packedFloats(field: number, values: readonly number[]): this {
    const b = new Uint8Array(values.length * 4);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return this.bytes(field, b);
  }

  finish(): Uint8Array {
    this.flushScratch();
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

/** One decoded field: varints as bigint, fixed as raw numbers, length-delimited as a view. */
export interface Field {
  field: number;
  wire: number;
  varint?: bigint;
  fixed32?: number;
  fixed64?: bigint;
  bytes?: Uint8Array;
  /** Byte range of the whole field (tag included) inside the decoded buffer. */
  start: number;
  end: number;
}

export class ProtobufError extends Error {}

/** Reads a varint at `cursor.pos`, advancing it. */
function readVarint(buf: Uint8Array, cursor: { pos: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (cursor.pos >= buf.length) throw new ProtobufError('truncated varint');
    const b = buf[cursor.pos++];
    result |= BigInt(b & 0x7f) << shift;
    if (!(b & 0x80)) return result;
    shift += 7n;
    if (shift > 63n) throw new ProtobufError('varint longer than 10 bytes');
  }
}

/** Where a value of `length` bytes at `cursor.pos` starts, advancing past it; `truncated` says why
 *  when the buffer ends first (a message built only then: reading stays cheap). */
function readValue(buf: Uint8Array, cursor: { pos: number }, length: number, truncated: () => string): number {
  if (cursor.pos + length > buf.length) throw new ProtobufError(truncated());
  const at = cursor.pos;
  cursor.pos += length;
  return at;
}

/** Decodes the top-level fields of one message. Views share the input buffer (no copies). */
export function decodeFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const cursor = { pos: 0 };
  while (cursor.pos < buf.length) {
    const start = cursor.pos;
    const key = readVarint(buf, cursor);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new ProtobufError(`invalid field number 0 at byte ${start}`);
    const f: Field = { field, wire, start, end: 0 };
    switch (wire) {
      case WIRE_VARINT:
        f.varint = readVarint(buf, cursor);
        break;
      case WIRE_FIXED64:
        f.fixed64 = view.getBigUint64(readValue(buf, cursor, 8, () => 'truncated fixed64'), true);
        break;
      case WIRE_BYTES: {
        const len = Number(readVarint(buf, cursor));
        const at = readValue(buf, cursor, len, () => `field ${field} claims ${len} bytes but only ${buf.length - cursor.pos} remain`);
        f.bytes = buf.subarray(at, at + len);
        break;
      }
      case WIRE_FIXED32:
        f.fixed32 = view.getFloat32(readValue(buf, cursor, 4, () => 'truncated fixed32'), true);
        break;
      default:
        throw new ProtobufError(`unsupported wire type ${wire} at byte ${start}`);
    }
    f.end = cursor.pos;
    fields.push(f);
  }
  return fields;
}

/** Signed interpretation of a decoded int64 varint. */
export function asInt64(v: bigint | undefined): number {
  return Number(BigInt.asIntN(64, v ?? 0n));
}

export function decodePackedVarints(bytes: Uint8Array): bigint[] {
  const out: bigint[] = [];
  const cursor = { pos: 0 };
  while (cursor.pos < bytes.length) out.push(readVarint(bytes, cursor));
  return out;
}

const textDecoder = new TextDecoder();
export function decodeString(bytes: Uint8Array | undefined): string {
  return bytes ? textDecoder.decode(bytes) : '';
}
