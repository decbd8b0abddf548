import { InputError } from '../util/errors';

/** A safetensors file that cannot be read as one; the message names the file and the fault. */
export class SafetensorsError extends InputError {
  constructor(
    readonly file: string,
    problem: string,
    remedy = 'Re-save the model, or download the file again if it came from elsewhere.',
  ) {
    super(`${file} is not a valid safetensors file: ${problem}. ${remedy}`);
  }
}
