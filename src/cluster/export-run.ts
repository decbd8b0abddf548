/**
 * `export-run`: a pretraining run of ours, packed for PyTorch's distributed engine (torchrun,
 * accelerate): the model folder at our last checkpoint, the corpus as token shards split as ours
 * was, the hyperparameters mapped across, and train.py with its launch files. Reads the model
 * folder under its lock (no checkpoint may land half-way), reuses its token cache (a copy of it
 * is brought up to date with the corpus, so only changed files are tokenized) and writes the
 * bundle atomically into a fresh folder.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../util/errors';
import { acquireModelLock } from '../util/folder-lock';
import { recoverDirectorySwap } from '../util/atomic-write';
import { buildTokenCache } from '../data/token-cache';
import { readIndex } from '../data/token-cache-index';
import type { TokenDtype } from '../data/token-array';
import { modelPaths, TOKEN_CACHE_DIR, TRAINING_DIR, WEIGHTS_FILE } from '../modelfile/layout';
import { readSafetensors, writeSafetensors } from '../modelfile/safetensors';
import { TRAINING_HEAD_PREFIX } from '../models/family';
import { openModelFolder } from '../models/open-model';
import { readTokenizerFiles } from '../tokenizer';
import { readCheckpointHyperparams } from '../train/checkpoint/checkpoint';
import { scanCorpusOrFail, type Warn } from '../train/run/corpus-data';
import { BUNDLE } from './bundle-layout';
import { CLUSTER_OBJECTIVES, clusterHyperparams, separatorFor, type ClusterHyperparams } from './cluster-hyperparams';
import { checkFreshFolder, writeFreshFolder } from './fresh-folder';
import { copyTemplates } from './templates';
import { shardDtypeFor, writeTokenShards, type ShardIndex } from './token-shard-export';

export interface ExportRunRequest {
  modelDir: string;
  corpus: string;
  out: string;
  /** Token shard type; default by vocabulary size. */
  dtype?: TokenDtype;
  warn?: Warn;
}

export interface ExportRunSummary {
  bundle: string;
  step: number;
  modelType: string;
  objective: string;
  dtype: TokenDtype;
  trainTokens: number;
  valTokens: number;
  /** Documents tokenized now (new or changed since the cache was built); the rest came from the cache. */
  tokenized: number;
}

export async function exportRun(request: ExportRunRequest): Promise<ExportRunSummary> {
  const modelDir = path.resolve(request.modelDir);
  const out = path.resolve(request.out);
  if (!existsSync(modelDir)) throw new InputError(`model folder ${modelDir} does not exist`);
  checkFreshFolder(out, '--out');
  if (out.startsWith(modelDir + path.sep)) throw new InputError(`--out ${out} is inside the model folder ${modelDir}; give a folder outside it`);
  const { config } = await openModelFolder(modelDir);
  const dtype = shardDtypeFor(config.vocab_size, request.dtype);
  const lock = acquireModelLock(modelDir, { command: 'pretrain-lab export-run' });
  try {
    const paths = modelPaths(modelDir);
    await recoverDirectorySwap(paths.trainingDir);
    const checkpoint = await readCheckpointHyperparams(modelDir);
    if (!checkpoint) throw new InputError(`model folder ${modelDir} has no checkpoint (${TRAINING_DIR}/state.json); pretrain it here first, then export the run`);
    const { hyperparams, progress } = checkpoint;
    if (CLUSTER_OBJECTIVES[hyperparams.arch] !== hyperparams.objective) {
      const supported = Object.entries(CLUSTER_OBJECTIVES).map(([arch, objective]) => `${arch} ${objective}`).join(', ');
      throw new InputError(`export-run continues ${supported} runs; ${modelDir} is a ${hyperparams.arch} ${hyperparams.objective} run`);
    }
    if (!(await readIndex(paths.tokenCacheDir))) {
      throw new InputError(`model folder ${modelDir} has no corpus cache (${TOKEN_CACHE_DIR}/index.json); export a folder that 'pretrain-lab pretrain' trained here`);
    }
    const tokenizer = await readTokenizerFiles(modelDir, { modelVocabSize: config.vocab_size });
    const scan = await scanCorpusOrFail(path.resolve(request.corpus), undefined, { modelFolder: modelDir, warn: request.warn });
    const plan = clusterHyperparams(hyperparams, progress, tokenizer);
    let summary: ExportRunSummary | undefined;
    await writeFreshFolder(out, async (staging) => {
      await copyModelFolder(modelDir, path.join(staging, BUNDLE.model));
      const work = path.join(staging, '.token-cache-work');
      await cp(paths.tokenCacheDir, work, { recursive: true });
      const { cache, stats } = await buildTokenCache(scan.files, tokenizer, { directory: work, maxFileBytes: scan.maxFileBytes }).catch((error: unknown) => {
        // An id past the vocabulary is the corpus/tokenizer pair's fault (the user's); a disk error is not.
        if (error instanceof Error && /outside its vocabulary/.test(error.message)) throw new InputError(`corpus ${request.corpus} cannot be tokenized by the model's tokenizer: ${error.message}`);
        throw error;
      });
      for (const { relativePath, detail } of stats.unreadable) request.warn?.(`${relativePath} could not be read (${detail}); left out of the bundle`);
      const split = cache.split({ valFraction: hyperparams.valFraction, seed: hyperparams.seed });
      await mkdir(path.join(staging, BUNDLE.data));
      const index = await writeTokenShards(path.join(staging, BUNDLE.data), split, { vocabSize: config.vocab_size, dtype, separatorId: separatorFor(hyperparams.objective, tokenizer) });
      await rm(work, { recursive: true, force: true });
      checkEnoughTokens(index, plan, request.corpus);
      await writeFile(path.join(staging, BUNDLE.hyperparams), JSON.stringify(plan, null, 2) + '\n');
      await copyTemplates(staging);
      await writeReadmeHeader(staging, modelDir, plan, index);
      summary = {
        bundle: out,
        step: progress.step,
        modelType: hyperparams.arch,
        objective: hyperparams.objective,
        dtype,
        trainTokens: index.splits.train.tokens,
        valTokens: index.splits.val.tokens,
        tokenized: stats.encoded,
      };
    });
    return summary!;
  } finally {
    lock.release();
  }
}

/**
 * The model folder with its weights taken from training/ (exactly what the optimizer held at the
 * last checkpoint; the top-level copy is written after it and may lag after a crash), without
 * training-only heads; training/ itself comes along so the optimizer moments continue too.
 */
async function copyModelFolder(modelDir: string, target: string): Promise<void> {
  await cp(modelDir, target, { recursive: true, filter: (source) => path.basename(source) !== TOKEN_CACHE_DIR });
  const { tensors } = await readSafetensors(modelPaths(modelDir).training.weights);
  const weights = new Map([...tensors].filter(([name]) => !name.startsWith(TRAINING_HEAD_PREFIX)));
  await writeSafetensors(path.join(target, WEIGHTS_FILE), weights, { format: 'pt' });
}

function checkEnoughTokens(index: ShardIndex, plan: ClusterHyperparams, corpus: string): void {
  const needed = plan.context + 1;
  for (const split of ['train', 'val'] as const) {
    if (index.splits[split].tokens < needed) {
      throw new InputError(`corpus ${corpus} gives ${index.splits[split].tokens} ${split === 'train' ? 'training' : 'validation'} tokens, fewer than one row of ${needed}; give a larger corpus`);
    }
  }
}

/** The template README, opened by what this bundle holds. */
async function writeReadmeHeader(bundle: string, modelDir: string, plan: ClusterHyperparams, index: ShardIndex): Promise<void> {
  const readme = path.join(bundle, BUNDLE.readme);
  const header = [
    `# Cluster run: ${path.basename(modelDir)} (${plan.modelType}, ${plan.objective}) from step ${plan.startStep}`,
    '',
    `Exported by \`pretrain-lab export-run\` from \`${modelDir}\`: ${index.splits.train.tokens.toLocaleString('en-US')} training and ` +
      `${index.splits.val.tokens.toLocaleString('en-US')} validation tokens (${index.dtype}), context ${plan.context}, ` +
      `batch ${plan.batch} × ${plan.gradAccum} accumulation, schedule to step ${plan.steps}` +
      (plan.ours.lastLoss !== null ? `, our last loss ${plan.ours.lastLoss.toFixed(4)}.` : '.'),
    '',
  ].join('\n');
  await writeFile(readme, header + (await readFile(readme, 'utf8')));
}
