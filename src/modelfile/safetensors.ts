/**
 * Our own reader and writer of the safetensors format (the weights file of a Hugging Face model
 * folder). Entry point re-exporting the pieces: dtypes, header validation, reader, writer.
 */
export { DTYPES, bytesPerElement, elementCount } from './dtypes';
export type { Dtype, DtypeArrays, Tensor } from './dtypes';
export { SafetensorsError } from './safetensors-error';
export { MAX_HEADER_BYTES } from './safetensors-header';
export type { SafetensorsHeader, TensorEntry } from './safetensors-header';
export type { ReadOptions, SafetensorsContents } from './safetensors-reader';
export { halfToFloat32, parseSafetensors, readSafetensors, readSafetensorsHeader } from './safetensors-reader';
export type { TensorsToWrite } from './safetensors-writer';
export { encodeSafetensors, serializeSafetensors, writeSafetensors } from './safetensors-writer';
export {
  bfloat16ArrayToFloat32,
  float16ArrayToFloat32,
  float32ArrayToBfloat16,
  float32ArrayToFloat16,
} from './half';
