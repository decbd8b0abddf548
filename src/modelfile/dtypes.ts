/**
 * Element types of safetensors tensors and the JavaScript typed array that holds each.
 * Half-precision types (F16, BF16) have no typed array in Node 20, so their raw 16-bit
 * patterns travel in a Uint16Array; `half.ts` converts them to and from Float32Array.
 */

/** The typed array carrying each dtype's elements, bit for bit, in little-endian order. */
export interface DtypeArrays {
  F64: Float64Array;
  F32: Float32Array;
  F16: Uint16Array;
  BF16: Uint16Array;
  I64: BigInt64Array;
  I32: Int32Array;
  I16: Int16Array;
  I8: Int8Array;
  U64: BigUint64Array;
  U32: Uint32Array;
  U16: Uint16Array;
  U8: Uint8Array;
  /** One byte per element, 0 or 1. */
  BOOL: Uint8Array;
}

export type Dtype = keyof DtypeArrays;

/** A tensor whose `data` type follows from its `dtype` (a discriminated union). */
export type Tensor<D extends Dtype = Dtype> = {
  [K in D]: { dtype: K; shape: number[]; data: DtypeArrays[K] };
}[D];

export type AnyTypedArray = DtypeArrays[Dtype];

interface TypedArrayConstructor<A> {
  new (length: number): A;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): A;
  readonly BYTES_PER_ELEMENT: number;
}

const ARRAY_TYPES: { [D in Dtype]: TypedArrayConstructor<DtypeArrays[D]> } = {
  F64: Float64Array,
  F32: Float32Array,
  F16: Uint16Array,
  BF16: Uint16Array,
  I64: BigInt64Array,
  I32: Int32Array,
  I16: Int16Array,
  I8: Int8Array,
  U64: BigUint64Array,
  U32: Uint32Array,
  U16: Uint16Array,
  U8: Uint8Array,
  BOOL: Uint8Array,
};

export const DTYPES = Object.keys(ARRAY_TYPES) as Dtype[];

export function isDtype(value: unknown): value is Dtype {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ARRAY_TYPES, value);
}

export function bytesPerElement(dtype: Dtype): number {
  return ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;
}

export function arrayTypeOf<D extends Dtype>(dtype: D): TypedArrayConstructor<DtypeArrays[D]> {
  return ARRAY_TYPES[dtype];
}

/** Product of the dimensions; 1 for a scalar (shape []). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/**
 * Whether `data` is the typed array that `dtype` requires. Uint16Array is shared by F16, BF16
 * and U16 and Uint8Array by U8 and BOOL, so those pairs cannot be told apart by the array alone.
 */
export function matchesDtype(dtype: Dtype, data: AnyTypedArray): boolean {
  return data.constructor === ARRAY_TYPES[dtype];
}
