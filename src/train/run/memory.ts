/**
 * A rough upper estimate of a run's memory, checked before anything is built so that a
 * configuration that cannot fit is refused with numbers instead of dying to the OS killer.
 * Counts float32 tensors: parameters, AdamW moments, gradients and the step's outputs (ORT
 * allocates fresh outputs every run), plus the activations a backward pass keeps alive.
 */
import os from 'node:os';
import { InputError } from '../../util/errors';
import { formatBytes } from '../../util/format';

export interface MemoryShape {
  layers: number;
  heads: number;
  dim: number;
  context: number;
  batch: number;
  vocabSize: number;
  /** Batches drawn up front and kept for the whole run (validation, or what eval scores). */
  heldBatches?: number;
}

const BYTES = 4;
/**
 * Parameter-sized float32 vectors a training step holds at its peak, measured as peak RSS over
 * steps: 20.6 × N for GPT-2's shape cut to 2 layers at 32 tokens (activations negligible), and
 * bench/results/real-sizes.md for GPT-2 small and BERT-base (1.01 × and 0.92 × this estimate).
 * They are params, m and v in JavaScript, packed into flat vectors on the first step; in ORT
 * the split parameters, the per-tensor and concatenated gradients, the clipped gradient and
 * AdamW's temporaries; params', m', v' in ORT's arena and copied out to JavaScript, and the last
 * step's state until the garbage collector frees it. The old count of 9 was half the truth.
 */
const STATE_VECTORS = 20;
/** Headroom for ORT's arena, the JS heap and the graph itself. */
const OVERHEAD_BYTES = 300 * 2 ** 20;

export function parameterCount(s: MemoryShape): number {
  const perLayer = 12 * s.dim * s.dim + 13 * s.dim; // attention + 4× MLP + norms and biases
  return s.vocabSize * s.dim + s.context * s.dim + s.layers * perLayer + 2 * s.dim;
}

export function estimateTrainingBytes(s: MemoryShape): number {
  const params = parameterCount(s);
  const state = STATE_VECTORS * params * BYTES;
  const tokens = s.batch * s.context;
  // Per layer: ~16 width-sized saved tensors (norms, qkv, MLP at 4×) and 3 attention maps,
  // once forward and once more as their gradients.
  const perLayer = tokens * 16 * s.dim + 3 * s.batch * s.heads * s.context * s.context;
  const logits = 3 * tokens * s.vocabSize; // logits, softmax, their gradient
  const activations = 2 * (s.layers * perLayer + logits) * BYTES;
  return state + activations + heldBatchBytes(s) + OVERHEAD_BYTES;
}

/**
 * Scoring only (eval): the weights twice (ours and ORT's copy of the inputs) and one forward
 * pass's activations, none kept for a backward pass.
 */
export function estimateEvalBytes(s: MemoryShape): number {
  const tokens = s.batch * s.context;
  const perLayer = tokens * 16 * s.dim + 3 * s.batch * s.heads * s.context * s.context;
  const logits = 2 * tokens * s.vocabSize;
  return 2 * parameterCount(s) * BYTES + (s.layers * perLayer + logits) * BYTES + heldBatchBytes(s) + OVERHEAD_BYTES;
}

/** Up to four int32 (B, T) tensors per batch: ids, labels, attention mask, decoder ids. */
function heldBatchBytes(s: MemoryShape): number {
  return (s.heldBatches ?? 0) * 4 * s.batch * s.context * BYTES;
}

/** What a run may use: 80% of the machine's memory (the rest is the OS's and the user's). */
export function memoryLimitBytes(): number {
  return Math.floor(os.totalmem() * 0.8);
}

/** Throws an InputError with the estimate and the limit when the run would not fit. */
export function assertFitsInMemory(s: MemoryShape, limit = memoryLimitBytes()): number {
  return checkEstimate(estimateTrainingBytes(s), limit, 'to train', 'use fewer --layers, a smaller --dim, --context, --batch, --vocab-size or --eval-batches');
}

/** The same for scoring a model (eval): the model's sizes are given, so only --batch, --batches and --context can change. */
export function assertEvalFitsInMemory(s: MemoryShape, limit = memoryLimitBytes()): number {
  return checkEstimate(estimateEvalBytes(s), limit, 'to evaluate', 'use a smaller --batch, --batches or --context');
}

function checkEstimate(estimate: number, limit: number, what: string, advice: string): number {
  if (estimate > limit) {
    throw new InputError(`this configuration needs about ${formatBytes(estimate)} of memory ${what} but the limit is ${formatBytes(limit)} (80% of this machine's); ${advice}`);
  }
  return estimate;
}
