/** Reading an ONNX file of a model folder through the regular-file checks (a FIFO or a device there is refused, never waited on). */
import { readRegularFile } from '../util/regular-file';
import { insideFolder } from './layout';

/** Protocol Buffers cannot encode a message of 2 GiB or more, so no valid ONNX file is larger. */
export const MAX_ONNX_BYTES = 2 ** 31 - 1;

/** The bytes of `relative` (e.g. `onnx/encoder_model.onnx`) inside the model folder `dir`. */
export function readModelOnnx(dir: string, relative: string): Uint8Array {
  return readRegularFile(insideFolder(dir, relative), { maxBytes: MAX_ONNX_BYTES });
}
