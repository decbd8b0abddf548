/** Element types of graph values and their ONNX TensorProto codes and JS storage. */
export type DType = 'float32' | 'float64' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

export type TypedArray =
  | Float32Array
  | Float64Array
  | Uint16Array
  | BigInt64Array
  | Int32Array
  | Int8Array
  | Uint8Array;

/** TensorProto.DataType numbers from onnx.proto. */
export const ONNX_DTYPE_CODE: Record<DType, number> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
};

const CODE_TO_DTYPE = new Map<number, DType>(
  Object.entries(ONNX_DTYPE_CODE).map(([k, v]) => [v, k as DType]),
);

export function dtypeFromOnnxCode(code: number): DType {
  const dtype = CODE_TO_DTYPE.get(code);
  if (!dtype) throw new Error(`ONNX element type ${code} is not supported by Pretrain Lab`);
  return dtype;
}

export const BYTES_PER_ELEMENT: Record<DType, number> = {
  float32: 4,
  float64: 8,
  float16: 2,
  int64: 8,
  int32: 4,
  int8: 1,
  uint8: 1,
  bool: 1,
};

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16';
}

/** The JS array a dtype is stored in, made zero-filled from a length or over a buffer's bytes. */
export interface StorageArray {
  new (length: number): TypedArray;
  new (buffer: ArrayBuffer): TypedArray;
}

/** Each dtype's JS storage: float16 is kept as raw uint16 bits, bool as bytes of 0 or 1. */
export const STORAGE_ARRAY: Record<DType, StorageArray> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int64: BigInt64Array,
  int32: Int32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
};

/** Allocates zero-filled storage of the right JS type (float16 is kept as raw uint16 bits). */
export function allocTyped(dtype: DType, length: number): TypedArray {
  return new STORAGE_ARRAY[dtype](length);
}

/** Fills storage of `dtype` from plain numbers (int64 values become BigInts). */
export function typedFrom(dtype: DType, values: ArrayLike<number>): TypedArray {
  const out = allocTyped(dtype, values.length);
  if (out instanceof BigInt64Array) {
    for (let i = 0; i < values.length; i++) out[i] = BigInt(Math.trunc(values[i]));
  } else {
    (out as Float32Array).set(values);
  }
  return out;
}
