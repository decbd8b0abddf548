/**
 * Tensors across the ORT boundary. Feeds and results are the graph IR's `TensorData`
 * ({dtype, shape, data}), so callers never touch ORT types. Our dtype names are ORT's too
 * (bool travels as a Uint8Array of 0/1, float16 as raw Uint16Array bits).
 */
import type { Tensor } from 'onnxruntime-node';
import { allocTyped, type DType, type TensorData, type TypedArray } from '../graph';
import type { Ort } from './ort';

const DTYPES: ReadonlySet<string> = new Set<DType>(['float32', 'float64', 'float16', 'int64', 'int32', 'int8', 'uint8', 'bool']);

/** The JS storage type of each dtype, looked up once (a run wraps a dozen tensors per token). */
const STORAGE = new Map<DType, unknown>([...DTYPES].map((d) => [d as DType, allocTyped(d as DType, 0).constructor]));

/** Wraps `t` without copying its data (ORT copies it into native memory when it runs). */
export function toOrtTensor(ort: Ort, name: string, t: TensorData): Tensor {
  const count = t.shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== count) {
    throw new Error(`input '${name}': ${t.data.length} elements do not fill shape [${t.shape.join(', ')}] (${count})`);
  }
  const expected = (STORAGE.get(t.dtype) ?? allocTyped(t.dtype, 0).constructor) as { name: string };
  if (t.data.constructor !== expected) {
    throw new Error(`input '${name}': a ${t.dtype} tensor needs a ${expected.name}, got a ${t.data.constructor.name}`);
  }
  // ORT's constructor is overloaded per dtype; the checks above stand in for that typing.
  return new ort.Tensor(t.dtype, t.data as never, t.shape);
}

/** ORT hands back a fresh buffer per output, so taking its data without a copy is safe. */
export function fromOrtTensor(name: string, t: Tensor): TensorData {
  if (!DTYPES.has(t.type)) throw new Error(`output '${name}' has element type ${t.type}, which Pretrain Lab does not read`);
  return { dtype: t.type as DType, shape: t.dims.map(Number), data: t.data as TypedArray };
}
