/** Opening model folders for the prompting commands, with input errors a user can act on. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';
import { CONFIG_FILE } from '../../modelfile/layout';
import { checkModelFolder } from '../../modelfile/model-dir';
import type { DeviceRequest } from '../../runtime';

export function requireModelDir(dir: string | undefined): string {
  if (!dir) throw new InputError(`give a model folder (a folder with ${CONFIG_FILE})`);
  checkModelFolder(dir);
  if (!existsSync(path.join(dir, CONFIG_FILE))) {
    throw new InputError(`${dir} is not a model folder: it has no ${CONFIG_FILE}`);
  }
  return dir;
}

/** Loads the inference modules lazily: they pull in ONNX Runtime. */
export async function openCausalLm(dir: string | undefined, options: { device?: DeviceRequest; threads?: number }) {
  const modelDir = requireModelDir(dir);
  const [{ CausalLm }, { generate }] = await Promise.all([import('../../infer/causal-lm'), import('../../infer/generate')]);
  try {
    const lm = await CausalLm.open(modelDir, { device: options.device, intraOpNumThreads: options.threads });
    if (lm.provider.reason) process.stderr.write(`${lm.provider.reason}\n`);
    return { lm, generate };
  } catch (err) {
    const message = (err as Error).message;
    // Most errors already name the file in the folder; prefix the folder only when they do not.
    throw new InputError(message.includes(modelDir) ? message : `${modelDir}: ${message}`);
  }
}
