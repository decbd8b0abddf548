/**
 * The no-pretraining baseline's starting folder: what a new BERT-MLM run of the comparison would
 * start from — its tokenizer trained on the corpus, its config at the same sizes, its seeded
 * random weights — saved as a model folder without training a step, so that finetuning it
 * measures what the architecture and the tokenizer give without pretraining. Written into a
 * staging folder and moved into place whole, so a kill leaves either no folder or a complete one.
 */
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_MARKER } from '../util/atomic-write';
import { acquireModelLock } from '../util/folder-lock';
import { buildConfig } from '../models/config-builder';
import { CONFIG_FILE } from '../modelfile/layout';
import { familyOf } from '../models/registry';
import { saveModelFolder } from '../models/model-folder';
import { initialWeights, type ParamSpec } from '../nn/params';
import { specialTokenIdsOf, trainTokenizer } from '../tokenizer';
import { trainFamily } from '../train/families';
import { corpusTexts, scanCorpusOrFail } from '../train/run/corpus-data';
import type { TrainEvent } from '../train/run/events';
import { paramSpecsOf } from '../train/step/param-specs';
import type { CompareRequest } from './protocol';
import { pretrainedArchitecture } from './row-model';
import { BASELINE_ROW } from './rows';

/** Whether `dir` already holds the finished baseline folder. */
export function baselineWritten(dir: string): boolean {
  return existsSync(path.join(dir, CONFIG_FILE));
}

/** Writes the baseline's random model folder to `dir` for `seed`. */
export async function writeBaselineModel(dir: string, req: Pick<CompareRequest, 'corpus' | 'model'>, seed: number, emit: (e: TrainEvent) => void, signal?: AbortSignal): Promise<void> {
  const lock = acquireModelLock(dir, { command: 'compare' });
  const staging = `${dir}${TEMP_MARKER}${process.pid}`;
  try {
    const { arch, objective } = pretrainedArchitecture(BASELINE_ROW);
    const family = trainFamily(arch, objective);
    const warn = (message: string) => emit({ event: 'log', level: 'warn', message });
    const scan = await scanCorpusOrFail(req.corpus, signal, { modelFolder: dir, warn });
    const { model } = req;
    const tokenizer = trainTokenizer(family.defaultTokenizer, await corpusTexts(scan, warn), { family: family.tokenizerFamily, vocabSize: model.vocabSize });
    const config = buildConfig({ arch, vocabSize: tokenizer.vocabSize, layers: model.layers, heads: model.heads, dim: model.dim, context: model.context, dropout: 0, tokenIds: specialTokenIdsOf(tokenizer) });
    const specs: ParamSpec[] = paramSpecsOf(family.forward(config, { batch: model.batch, context: model.context }));
    const flat = initialWeights(specs, seed);
    const weights = new Map(specs.map((s) => [s.name, { shape: s.shape, data: Float32Array.from(flat.get(s.name)!) }]));
    await removeStagingLeftovers(dir);
    await saveModelFolder(staging, { config, weights, tokenizer, onnx: familyOf(config).exportOnnx(config, flat) });
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    emit({ event: 'log', level: 'info', message: `No pretraining: a BERT with random weights (seed ${seed}) and the corpus's tokenizer (${tokenizer.vocabSize} tokens) in ${dir}` });
  } finally {
    await rm(staging, { recursive: true, force: true });
    lock.release();
  }
}

/** Staging folders of earlier writes of `dir` that a kill interrupted. */
async function removeStagingLeftovers(dir: string): Promise<void> {
  const prefix = `${path.basename(dir)}${TEMP_MARKER}`;
  const siblings = await readdir(path.dirname(dir)).catch(() => [] as string[]);
  for (const name of siblings.filter((n) => n.startsWith(prefix))) await rm(path.join(path.dirname(dir), name), { recursive: true, force: true });
}
