/**
 * `pretrain-lab eval --corpus`: a model folder's loss and perplexity on a corpus, with its
 * family's objective. Batches are drawn from the whole corpus by the family's batch source with
 * the fixed validation seed, so the figure is repeatable and comparable between models.
 */
import { isSentenceEncoder } from '../../models/sentence-encoder-folder';
import { InputError } from '../../util/errors';
import { addPretrainingSubfolders } from '../../models/pretraining-subfolders';
import { drawValidationBatches } from '../../data/batch';
import { loadModelFolder } from '../../models/model-folder';
import { openModelFolder } from '../../models/open-model';
import { dimensionsOf } from '../../models/configs';
import type { SessionConfig } from '../../runtime';
import { readCheckpointHyperparams } from '../checkpoint/checkpoint';
import { corpusTexts, scanCorpusOrFail } from './corpus-data';
import { batchFeeds, batchShapeOf, trainFamily } from '../families';
import { assertEvalFitsInMemory } from './memory';
import { MetricSums } from '../step/metric-values';
import { LossSession } from '../step/stepper';
import { summarizeMetrics } from './trainer';
import { perplexityOf } from '../forward-rtd';

export interface EvaluateRequest {
  model: string;
  corpus: string;
  /** Rows per batch and batches; tokens scored = batches × batch × context. */
  batch?: number;
  batches?: number;
  /** Tokens per row; default: the context the model was trained with, else its position table. */
  context?: number;
  /** Which windows are drawn; default: the same fixed draw as training's validation batches. */
  seed?: number;
  session?: SessionConfig;
}

export interface EvaluateResult {
  loss: number;
  perplexity: number;
  tokens: number;
  batches: number;
  context: number;
  metrics?: Record<string, number>;
}

export async function evaluateCorpus(req: EvaluateRequest, signal?: AbortSignal): Promise<EvaluateResult> {
  // Before the weights are read: a classifier has no language-model head to score text with.
  const model = await openModelFolder(req.model);
  const { config } = model;
  if (config.id2label !== undefined && (config.architectures ?? []).some((a) => a.endsWith('ForSequenceClassification'))) {
    throw new InputError(`${req.model} is a classifier (${config.architectures!.join(', ')}), which has no language-model head to score a corpus; evaluate it on labelled data with --data <file>`);
  }
  if (isSentenceEncoder(config)) {
    throw new InputError(`${req.model} is a sentence encoder (${config.architectures!.join(', ')}) from contrastive training, which has no language-model head to score a corpus; its validation retrieval accuracies are in training/metrics.jsonl`);
  }
  const folder = await loadModelFolder(model);
  await addPretrainingSubfolders(req.model, config, folder.weights, true); // ELECTRA: its generator/
  if (!folder.tokenizer) throw new InputError(`${req.model} has no tokenizer.json: eval needs the model's tokenizer`);
  const tokenizer = folder.tokenizer;
  const family = trainFamily(folder.config.model_type);
  const trained = await readCheckpointHyperparams(req.model).catch(() => undefined);
  const maxPositions = dimensionsOf(folder.config).maxPositions;
  const context = req.context ?? trained?.hyperparams.context ?? Math.min(maxPositions ?? 512, 512);
  if (maxPositions !== undefined && context > maxPositions) throw new InputError(`--context ${context} is longer than the model's ${maxPositions} positions`);
  const options = { batchSize: req.batch ?? 8, context, seed: 0 };
  const batches = req.batches ?? 20;
  const dims = dimensionsOf(folder.config);
  assertEvalFitsInMemory({ layers: dims.layers, heads: dims.heads, dim: dims.width, context, batch: options.batchSize, vocabSize: dims.vocabSize, heldBatches: batches });

  const scan = await scanCorpusOrFail(req.corpus, signal);
  const documents = (await corpusTexts(scan)).map((text) => tokenizer.encode(text));
  let data;
  try {
    data = drawValidationBatches((seed) => family.batches(documents, tokenizer, { ...options, seed }), batches, req.seed);
  } catch (error) {
    throw new InputError(`corpus ${req.corpus} is too small to evaluate with --context ${context}: ${(error as Error).message}`);
  }
  const shape = batchShapeOf(family.batches(documents, tokenizer, options), options);
  const evaluator = await LossSession.create(family.forward(folder.config, shape), req.session ?? {});
  try {
    const params = new Map([...folder.weights].map(([name, t]) => [name, t.data]));
    let total = 0;
    const sums = new MetricSums();
    for (const batch of data) {
      signal?.throwIfAborted();
      const { loss, vectors } = await evaluator.run(batchFeeds(batch, evaluator.batchInputs), params);
      total += loss;
      sums.add(vectors);
    }
    const loss = total / batches;
    const metrics = summarizeMetrics(sums.values());
    return { loss, perplexity: perplexityOf(loss, metrics), tokens: batches * options.batchSize * context, batches, context, ...(metrics ? { metrics } : {}) };
  } finally {
    await evaluator.release();
  }
}
