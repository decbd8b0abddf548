/**
 * `import-run`: a cluster run's newest complete checkpoint (train.py's output folder) back as a
 * normal model folder of ours: config.json, model.safetensors, tokenizer files, the ONNX graphs our
 * generate / fill-mask / attention run, and training/metrics.jsonl with the whole loss history
 * (our part, then the cluster's) so the dashboard draws one run. Written atomically into a fresh
 * folder; a folder without a checkpoint is refused before anything is written.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../util/errors';
import { readOptionalText, JSON_FILE_LIMITS } from '../modelfile/json-file';
import { modelPaths, TRAINING_FILES } from '../modelfile/layout';
import { flatWeights, loadModelFolder, saveModelFolder } from '../models/model-folder';
import { CLUSTER_OUTPUT } from './bundle-layout';
import { checkFreshFolder, writeFreshFolder } from './fresh-folder';

export interface ImportRunSummary {
  modelDir: string;
  checkpoint: string;
  step: number;
  modelType: string;
}

export async function importRun(runOutput: string, out: string): Promise<ImportRunSummary> {
  const source = path.resolve(runOutput);
  const target = path.resolve(out);
  if (!existsSync(source) || !statSync(source).isDirectory()) throw new InputError(`cluster run output ${source} is not a folder; give the output folder of the bundle's train.py (e.g. <bundle>/output)`);
  checkFreshFolder(target, '--out');
  const checkpoint = newestCheckpoint(source);
  const step = Number(path.basename(checkpoint).slice(CLUSTER_OUTPUT.checkpointPrefix.length));
  const loaded = await loadModelFolder(checkpoint);
  if (!loaded.tokenizer) throw new InputError(`checkpoint ${checkpoint} has no tokenizer.json; it is not a complete checkpoint of train.py`);
  const history = readOptionalText(path.join(checkpoint, 'training', TRAINING_FILES.metrics), JSON_FILE_LIMITS.metrics) ?? '';
  await writeFreshFolder(target, async (staging) => {
    const onnx = loaded.family.exportOnnx(loaded.config, flatWeights(loaded.weights));
    await saveModelFolder(staging, { config: loaded.config, weights: loaded.weights, tokenizer: loaded.tokenizer, onnx });
    const paths = modelPaths(staging);
    await mkdir(paths.trainingDir);
    await writeFile(paths.training.metrics, history);
    const state = path.join(checkpoint, 'training', 'cluster_state.json');
    if (existsSync(state)) await copyFile(state, path.join(paths.trainingDir, 'cluster_state.json'));
  });
  return { modelDir: target, checkpoint, step, modelType: loaded.config.model_type };
}

/**
 * The checkpoint `latest` names, else the highest-numbered complete `checkpoint-<step>/` (train.py
 * renames a checkpoint into place only when it is whole; `.tmp-` folders are ignored).
 */
function newestCheckpoint(runOutput: string): string {
  const latest = readOptionalText(path.join(runOutput, CLUSTER_OUTPUT.latest), { maxBytes: 4096 })?.trim();
  if (latest && /^[\w.-]+$/.test(latest) && existsSync(path.join(runOutput, latest, 'model.safetensors'))) return path.join(runOutput, latest);
  const pattern = new RegExp(`^${CLUSTER_OUTPUT.checkpointPrefix}(\\d+)$`);
  const steps = readdirSync(runOutput)
    .map((name) => pattern.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && existsSync(path.join(runOutput, m[0], 'model.safetensors')))
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  if (steps.length === 0) {
    throw new InputError(`cluster run output ${runOutput} has no checkpoint (no ${CLUSTER_OUTPUT.latest} file, no complete ${CLUSTER_OUTPUT.checkpointPrefix}<step>/ folder); let train.py reach its first checkpoint, then import`);
  }
  return path.join(runOutput, steps[0][0]);
}
