/**
 * The contrastive code ↔ text objective for the step graph, CLIP-style with WenLan/MoCo's
 * memory. One encoder embeds both sides (code and text towers share weights, as the
 * CodeSearchNet / UniXcoder bi-encoders do): one pass over (2B, T) rows, code rows first, then
 * the text rows (the same as two passes: nothing in an encoder mixes rows). Embeddings are mean
 * pooled and L2-normalised; logits = exp(logit_scale) · cosine, logit_scale learned, initialised
 * to ln(1/0.07) and clamped at ln(100) as CLIP does; the loss is symmetric InfoNCE (code→text and
 * text→code cross-entropy, averaged). With a queue (K > 0) each direction also scores K
 * negatives from earlier batches, made by a momentum encoder (an EMA of this one, updated before
 * it embeds, as MoCo does): queue and momentum weights are carried state (step-graph.ts) fed into
 * the step graph; the graph gives back the queue with this batch's momentum embeddings in front
 * (FIFO), and the EMA runs in place before each step.
 * Legend: B pairs, T tokens, C width, K queue length, N encoder parameters.
 */
import type { GraphBuilder, Value } from '../graph';
import { numElements } from '../graph';
import type { ModelConfig } from '../models/configs';
import { TRAINING_HEAD_PREFIX, type HiddenStatesGraph } from '../models/family';
import { hiddenStatesOf, sentenceEmbeddings } from '../models/sentence-embedding';
import { familyOf } from '../models/registry';
import { type Dropout, noDropout } from '../nn/dropout';
import type { Init, ParamSource } from '../nn/params';
import { Rng } from '../util/rng';
import { predictionCounts } from './step/losses';
import type { CarriedTensor, ForwardBuilder } from './step/step-graph';

/** CLIP's learned temperature: its parameter (kept under training/, not in the saved encoder), start and clamp. */
export const LOGIT_SCALE = `${TRAINING_HEAD_PREFIX}logit_scale`;
export const LOGIT_SCALE_INIT = Math.log(1 / 0.07);
export const LOGIT_SCALE_MAX = Math.log(100);

/** Carried tensors: the two queues (K, C) and the momentum encoder's weights (N,), flat in the encoder's parameter order. */
export const CONTRASTIVE_STATE = { queueCode: 'contrastive.queue_code', queueText: 'contrastive.queue_text', queueIds: 'contrastive.queue_ids', momentum: 'contrastive.momentum' } as const;

/** A queued entry of the same pair as a query's is not its negative: its logit becomes this. */
const MASKED_LOGIT = -1e9;

/** Metric outputs, summed over batches: retrieval hits in each direction among the batch and the queue. */
export const CONTRASTIVE_METRICS = {
  codeToText: 'contrastive_code_to_text_correct',
  textToCode: 'contrastive_text_to_code_correct',
  pairs: 'contrastive_pairs',
  logitScale: 'contrastive_logit_scale_sum',
  batches: 'contrastive_batches',
} as const;

export interface ContrastiveOptions {
  /** K: negatives kept from earlier batches; 0 = in-batch negatives only (plain CLIP, no momentum encoder). */
  queueSize: number;
  /** EMA rate of the momentum encoder. */
  momentum: number;
  /** Seeds the queue's initial random unit vectors. */
  seed: number;
}

export interface ContrastiveEmbeddings {
  code: Value; // (B, C) unit rows
  text: Value; // (B, C) unit rows
  /** (1,) the raw parameter, before exp and clamp. */
  logitScale: Value;
  /** (K, C) momentum embeddings of earlier batches' code and text. */
  queueCode?: Value;
  queueText?: Value;
  /** (B, K) true where a queued entry is of the same pair as the row's (an earlier embedding of the positive itself). */
  queueSamePair?: Value;
}

/** Symmetric InfoNCE and its metrics: code i's positive is text i, against the batch's other texts and the queued ones, and the other way round. */
export function contrastiveLoss(g: GraphBuilder, e: ContrastiveEmbeddings): { loss: Value; metrics: Record<string, Value> } {
  const B = e.code.shape[0] as number;
  const scale = g.exp(g.min(e.logitScale, LOGIT_SCALE_MAX)); // (1,)
  const scores = (query: Value, keys: Value) => g.mul(g.matmul(query, g.transpose(keys, [1, 0])), scale);
  const against = (query: Value, keys: Value, queue: Value | undefined) => {
    if (!queue) return scores(query, keys); // (B, B)
    const queued = scores(query, queue); // (B, K)
    return g.concat([scores(query, keys), e.queueSamePair ? g.where(e.queueSamePair, MASKED_LOGIT, queued) : queued], 1); // (B, B+K)
  };
  const codeToText = against(e.code, e.text, e.queueText);
  const textToCode = against(e.text, e.code, e.queueCode);
  const targets = g.ints([...Array(B).keys()]); // (B,) the diagonal
  const loss = g.mul(g.add(g.softmaxCrossEntropy(codeToText, targets), g.softmaxCrossEntropy(textToCode, targets)), 0.5);
  const count = (x: Value) => predictionCounts(g, x, targets);
  const c2t = count(codeToText);
  return {
    loss,
    metrics: {
      [CONTRASTIVE_METRICS.codeToText]: c2t.correct,
      [CONTRASTIVE_METRICS.textToCode]: count(textToCode).correct,
      [CONTRASTIVE_METRICS.pairs]: c2t.counted,
      [CONTRASTIVE_METRICS.logitScale]: g.reduceSum(g.identity(e.logitScale), undefined, false),
      [CONTRASTIVE_METRICS.batches]: g.identity(g.scalar(1, e.code.dtype)),
    },
  };
}

/** A ParamSource that passes every request on and records what the encoder asked for, in order. */
class RecordingParams implements ParamSource {
  readonly used: { name: string; shape: number[]; value: Value }[] = [];
  constructor(private readonly inner: ParamSource) {}
  param(name: string, shape: number[], init: Init): Value {
    const value = this.inner.param(name, shape, init);
    if (!this.used.some((u) => u.name === name)) this.used.push({ name, shape, value });
    return value;
  }
}

/** The encoder's weights as the given values, by name. */
class NamedParams implements ParamSource {
  constructor(private readonly byName: Map<string, Value>) {}
  param(name: string): Value {
    const v = this.byName.get(name);
    if (!v) throw new Error(`the momentum encoder asked for '${name}', which the online encoder did not use`);
    return v;
  }
}

export interface ContrastiveInputs {
  inputIds: Value; // (2B, T) code rows, then text rows
  attentionMask: Value; // (2B, T)
  /** LayoutLM: each token's box (2B, T, 4), as TokenBoxBatches computes it. */
  bbox?: Value;
  /** (2B, 1) each row's pair id (its index among the run's pairs), which the queue keeps beside each embedding; needed with a queue. */
  pairIds?: Value;
}

/**
 * The whole objective on `g`: online embeddings, the loss against the batch and the queue, and
 * (K > 0) the momentum encoder's update and the queue's next contents as carried tensors.
 */
export function contrastiveGraph(g: GraphBuilder, params: ParamSource, cfg: ModelConfig, hiddenStates: HiddenStatesGraph, inputs: ContrastiveInputs, options: ContrastiveOptions & { dropout?: Dropout; dtype?: 'float32' | 'float64' }) {
  const dtype = options.dtype ?? 'float32';
  const B = (inputs.inputIds.shape[0] as number) / 2;
  const K = options.queueSize;
  const recording = new RecordingParams(params);
  const embed = (source: ParamSource, dropout: Dropout) => sentenceEmbeddings(g, hiddenStates, source, cfg, inputs, { dropout, dtype }); // (2B, C)
  const halves = (x: Value) => g.split(x, [B, B], 0); // code (B, C), text (B, C)
  const [code, text] = halves(embed(recording, options.dropout ?? noDropout));
  const logitScale = params.param(LOGIT_SCALE, [1], { kind: 'constant', value: LOGIT_SCALE_INIT });
  if (K === 0) return { ...contrastiveLoss(g, { code, text, logitScale }), carried: [] as CarriedTensor[] };

  const C = code.shape[1] as number;
  const queueCode = g.input(CONTRASTIVE_STATE.queueCode, dtype, [K, C]);
  const queueText = g.input(CONTRASTIVE_STATE.queueText, dtype, [K, C]);
  // With few pairs the queue holds earlier embeddings of this batch's own pairs: masked, they are no false negatives.
  if (!inputs.pairIds) throw new Error('a contrastive queue needs the pair id of each row');
  const ids = g.cast(g.reshape(g.slice(inputs.pairIds, [0], [B], [0]), [B]), dtype); // (B,) exact as floats below 2^24
  const queueIds = g.input(CONTRASTIVE_STATE.queueIds, dtype, [K]); // (K,) -1 = no pair yet
  const queueSamePair = g.equal(g.unsqueeze(ids, [1]), g.unsqueeze(queueIds, [0])); // (B, K)
  const { loss, metrics } = contrastiveLoss(g, { code, text, logitScale, queueCode, queueText, queueSamePair });

  // MoCo's order: the momentum encoder takes this step's (pre-update) weights into its average, then embeds.
  const used = recording.used;
  const sizes = used.map((u) => numElements(u.shape));
  const momentumIn = g.input(CONTRASTIVE_STATE.momentum, dtype, [sizes.reduce((a, b) => a + b, 0)]); // (N,)
  // The EMA itself runs in JavaScript before the feed (emaInPlace): one pass over N floats in place
  // is cheaper than split + multiply-add + concat and a fresh N-vector output (bench/contrastive.bench.ts).
  const slices = used.length === 1 ? [momentumIn] : g.split(momentumIn, sizes, 0); // (n_i,)
  const momentumParams = new NamedParams(new Map(used.map((u, i) => [u.name, u.shape.length === 1 ? slices[i] : g.reshape(slices[i], u.shape)])));
  const [keysCode, keysText] = halves(embed(momentumParams, noDropout));
  // FIFO, newest first: this batch's keys, then the queue without its oldest B rows.
  const enqueue = (queue: Value, keys: Value) => (K <= B ? g.slice(keys, [0], [K], [0]) : g.concat([keys, g.slice(queue, [0], [K - B], [0])], 0)); // (K, C)

  const names = used.map((u) => u.name);
  const seed = options.seed;
  const carried: CarriedTensor[] = [
    { input: queueCode, next: enqueue(queueCode, keysCode), initial: () => randomUnitRows(K, C, seed, dtype) },
    { input: queueText, next: enqueue(queueText, keysText), initial: () => randomUnitRows(K, C, seed + 1, dtype) },
    { input: queueIds, next: enqueue(queueIds, ids), initial: () => (dtype === 'float32' ? new Float32Array(K) : new Float64Array(K)).fill(-1) },
    { input: momentumIn, beforeStep: (momentum, p) => emaInPlace(momentum, names, p, options.momentum), initial: (p) => concatenated(names, p, dtype) },
  ];
  return { loss, metrics, carried };
}

/** The step graph's forward pass for `cfg`'s encoder on B pairs of T tokens a side. */
export function contrastiveForward(cfg: ModelConfig, batchSize: number, context: number, options: ContrastiveOptions): ForwardBuilder {
  const { hiddenStates } = hiddenStatesOf(cfg, `--arch ${cfg.model_type}`, '--objective contrastive');
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [2 * batchSize, context]); // (2B, T) code rows, then text rows
    const attentionMask = g.input('attention_mask', 'int32', [2 * batchSize, context]); // (2B, T)
    const bbox = familyOf(cfg).tokenBoxes ? g.input('bbox', 'int32', [2 * batchSize, context, 4]) : undefined; // (2B, T, 4)
    const pairIds = options.queueSize > 0 ? g.input('labels', 'int32', [2 * batchSize, 1]) : undefined; // (2B, 1) the batch's `labels`: each row's pair id
    return contrastiveGraph(g, params, cfg, hiddenStates, { inputIds, attentionMask, bbox, pairIds }, { ...options, dropout });
  };
}

/** K random unit vectors of width C: MoCo's initial queue (near-orthogonal to everything, so weak negatives until real keys replace them). */
export function randomUnitRows(K: number, C: number, seed: number, dtype: 'float32' | 'float64' = 'float32'): Float32Array | Float64Array {
  const rng = new Rng(seed);
  const rows = dtype === 'float32' ? new Float32Array(K * C) : new Float64Array(K * C);
  for (let k = 0; k < K; k++) {
    let norm = 0;
    for (let c = 0; c < C; c++) norm += (rows[k * C + c] = rng.normal()) ** 2;
    for (let c = 0; c < C; c++) rows[k * C + c] /= Math.sqrt(norm);
  }
  return rows;
}

/** MoCo's momentum update, momentum ← m · momentum + (1 − m) · online, over the flat vector in the encoder's parameter order. */
function emaInPlace(momentum: Float32Array | Float64Array, names: readonly string[], params: ReadonlyMap<string, Float32Array | Float64Array>, m: number): void {
  let at = 0;
  for (const name of names) {
    const p = params.get(name)!;
    for (let i = 0; i < p.length; i++) momentum[at + i] = m * momentum[at + i] + (1 - m) * p[i];
    at += p.length;
  }
}

function concatenated(names: readonly string[], params: ReadonlyMap<string, Float32Array | Float64Array>, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  const parts = names.map((n) => params.get(n)!);
  const out = dtype === 'float32' ? new Float32Array(parts.reduce((n, p) => n + p.length, 0)) : new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The reported form of summed contrastive metrics; undefined for other objectives. */
export function summarizeContrastiveMetrics(sums: Record<string, number>): Record<string, number> | undefined {
  const pairs = sums[CONTRASTIVE_METRICS.pairs];
  if (pairs === undefined) return undefined;
  const batches = sums[CONTRASTIVE_METRICS.batches] || 1;
  return {
    codeToTextAccuracy: pairs > 0 ? sums[CONTRASTIVE_METRICS.codeToText] / pairs : 0,
    textToCodeAccuracy: pairs > 0 ? sums[CONTRASTIVE_METRICS.textToCode] / pairs : 0,
    temperature: 1 / Math.exp(Math.min(sums[CONTRASTIVE_METRICS.logitScale] / batches, LOGIT_SCALE_MAX)),
  };
}
