/** Tiny BERT configurations for tests (a few thousand parameters, runs in milliseconds), and a tiny masked-LM run. */
import { MaskedLmBatches } from '../../src/data/batch-masked';
import type { TensorData } from '../../src/graph';
import { bertParamSpecs } from '../../src/models/bert/param-layout';
import { BERT_DEFAULTS, type BertConfig, type ModelConfig } from '../../src/models/configs';
import { exportBertOnnx } from '../../src/models/bert/export-onnx';
import { saveModelFolder } from '../../src/models/model-folder';
import { initialWeights } from '../../src/nn/params';
import { type PipelineTokenizer, trainTokenizer } from '../../src/tokenizer';
import { MLM_METRICS, maskedLmForward } from '../../src/train/forward-mlm';
import { buildStepGraph } from '../../src/train/step/step-graph';
import { StepSession, type TrainState, freshTrainState } from '../../src/train/step/step-session';
import { Rng } from '../../src/util/rng';

export function tinyBertConfig(overrides: Partial<BertConfig> = {}): BertConfig {
  return {
    ...BERT_DEFAULTS,
    architectures: ['BertForMaskedLM'],
    vocab_size: 13,
    hidden_size: 8,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 16,
    max_position_embeddings: 16,
    hidden_dropout_prob: 0,
    attention_probs_dropout_prob: 0,
    ...overrides,
  };
}

/**
 * Sentences from a small grammar in which context decides most words (each animal has its
 * prey and its home), so a tiny masked LM can learn more than word frequencies quickly.
 */
export function toyCorpus(sentences: number, seed = 1): string[] {
  const rng = new Rng(seed);
  const animals = ['cat', 'dog', 'bird', 'horse', 'mouse', 'fox'];
  const prey = ['mouse', 'cat', 'worm', 'apple', 'cheese', 'bird'];
  const homes = ['house', 'garden', 'tree', 'field', 'hole', 'forest'];
  return Array.from({ length: sentences }, () => {
    const a = rng.int(animals.length);
    return rng.next() < 0.5 ? `the ${animals[a]} chases the ${prey[a]} .` : `a ${animals[a]} sleeps in the ${homes[a]} .`;
  });
}

export interface TinyMlmRun {
  cfg: BertConfig;
  tokenizer: PipelineTokenizer;
  state: TrainState;
  losses: number[];
  /** Masked-token accuracy over the last 10 steps. */
  accuracy: number;
}

/** Trains a tiny BERT masked LM on `texts` with a WordPiece tokenizer trained on them. */
export async function trainTinyMlm(texts: string[], steps: number, overrides: Partial<BertConfig> = {}, peakLr = 3e-3): Promise<TinyMlmRun> {
  const tokenizer = trainTokenizer('wordpiece', texts, { vocabSize: 100 });
  const [B, T] = [16, 24];
  const cfg = tinyBertConfig({ vocab_size: tokenizer.vocabSize, hidden_size: 32, num_attention_heads: 4, intermediate_size: 64, max_position_embeddings: T, ...overrides });
  return { ...(await trainMlm(cfg, tokenizer, texts, steps, { B, T, peakLr })), cfg };
}

/** Trains any masked LM (`cfg`'s family) on `texts` with dynamic masking, B rows of T tokens per step. */
export async function trainMlm<C extends ModelConfig>(cfg: C, tokenizer: PipelineTokenizer, texts: string[], steps: number, { B, T, peakLr }: { B: number; T: number; peakLr: number }): Promise<Omit<TinyMlmRun, 'cfg'> & { cfg: C }> {
  const batches = new MaskedLmBatches(texts.map((t) => tokenizer.encode(t)), tokenizer, { batchSize: B, contextLength: T, seed: 3 });
  const step = buildStepGraph(maskedLmForward(cfg, B, T), { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 });
  const session = await StepSession.create(step, freshTrainState(step.params, initialWeights(step.params, 7)), { intraOpNumThreads: 1 });
  const rng = new Rng(9);
  const losses: number[] = [];
  let [correct, counted] = [0, 0];
  for (let i = 0; i < steps; i++) {
    const { inputIds, labels, attentionMask } = batches.next();
    const tensor = (t: { data: Int32Array }): TensorData => ({ dtype: 'int32', shape: [B, T], data: t.data });
    const lr = peakLr * Math.min(1, (i + 1) / 10);
    const result = await session.run({ input_ids: tensor(inputIds), labels: tensor(labels), attention_mask: tensor(attentionMask!) }, lr, rng);
    losses.push(result.loss);
    if (i >= steps - 10) {
      correct += result.metrics[MLM_METRICS.correct];
      counted += result.metrics[MLM_METRICS.count];
    }
  }
  await session.release();
  return { cfg, tokenizer, state: session.state, losses, accuracy: correct / counted };
}

/** Saves a trained run as a complete HF folder: config, tokenizer files, safetensors, onnx/model.onnx. */
export async function saveTinyBertFolder(dir: string, run: TinyMlmRun): Promise<void> {
  const specs = bertParamSpecs(run.cfg, 'masked-lm');
  const params = new Map(specs.map((s) => [s.name, run.state.params.get(s.name) as Float32Array]));
  await saveModelFolder(dir, {
    config: run.cfg,
    weights: new Map(specs.map((s) => [s.name, { shape: s.shape, data: params.get(s.name)! }])),
    tokenizer: run.tokenizer,
    onnx: { 'onnx/model.onnx': exportBertOnnx(run.cfg, params, 'masked-lm') },
  });
}

/**
 * An untrained BERT masked LM of the attention benchmark's size (4 layers × 4 heads × 128, 512
 * positions) with a WordPiece tokenizer trained on `texts`, saved as a complete folder: for
 * measuring the attention explorer on long texts (the bundled BERT reads only 64 positions).
 */
export async function saveRandomBertFolder(dir: string, texts: string[]): Promise<void> {
  const tokenizer = trainTokenizer('wordpiece', texts, { vocabSize: 1024 });
  const cfg: BertConfig = { ...BERT_DEFAULTS, architectures: ['BertForMaskedLM'], vocab_size: tokenizer.vocabSize, hidden_size: 128, num_hidden_layers: 4, num_attention_heads: 4, intermediate_size: 512, max_position_embeddings: 512 };
  const specs = bertParamSpecs(cfg, 'masked-lm');
  const params = initialWeights(specs, 1) as Map<string, Float32Array>;
  await saveModelFolder(dir, {
    config: cfg,
    weights: new Map(specs.map((s) => [s.name, { shape: s.shape, data: params.get(s.name)! }])),
    tokenizer,
    onnx: { 'onnx/model.onnx': exportBertOnnx(cfg, params, 'masked-lm') },
  });
}
