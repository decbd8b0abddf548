/**
 * AdamW and global-norm gradient clipping as graph ops, with PyTorch's exact formulation
 * (torch.optim.AdamW, torch.nn.utils.clip_grad_norm_), so our runs match reference recipes.
 */
import type { GraphBuilder, Value } from '../../graph';

export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Global gradient-norm limit; 0 turns clipping off. */
  clipNorm: number;
}

export const DEFAULT_ADAMW: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 };

export interface OptimizerTensors {
  param: Value;
  grad: Value;
  m: Value;
  v: Value;
  /**
   * Decoupled weight decay applies to this tensor; or, for a flat vector of many tensors, a
   * function giving the vector after decay by `factor` (1 - lr·λ) where it applies. Not a 0/1
   * mask: for GPT-2 small that is a 500 MB constant in the graph and another N-vector each step.
   */
  decay: boolean | ((factor: Value) => Value);
}

export interface OptimizerUpdate {
  param: Value;
  m: Value;
  v: Value;
}

/** √(Σ‖g‖²) over all gradients: the norm clipping compares against (and reports). */
export function globalNorm(g: GraphBuilder, grads: Value[]): Value {
  const squares = grads.map((d) => g.node('ReduceSumSquare', [d], { keepdims: 0 })[0]);
  return g.sqrt(squares.reduce((acc, s) => g.add(acc, s)));
}

/** Scale factor min(1, max_norm / (norm + 1e-6)), as clip_grad_norm_ computes it. */
export function clipCoefficient(g: GraphBuilder, norm: Value, maxNorm: number): Value {
  return g.min(g.div(g.scalar(maxNorm, norm.dtype), g.add(norm, 1e-6)), 1);
}

/**
 * One AdamW step for every tensor. `step` is the 1-based step number and `lr` the learning
 * rate, both scalar graph inputs so one graph serves the whole schedule.
 */
export function adamwUpdate(g: GraphBuilder, tensors: OptimizerTensors[], step: Value, lr: Value, cfg: AdamWConfig, gradScale?: Value): OptimizerUpdate[] {
  const { beta1, beta2, eps, weightDecay } = cfg;
  const biasCorrection1 = g.sub(1, g.pow(g.scalar(beta1, step.dtype), step));
  const biasCorrection2 = g.sub(1, g.pow(g.scalar(beta2, step.dtype), step));
  const stepSize = g.div(lr, biasCorrection1); // lr / (1 - β1ᵗ)
  const invSqrtBc2 = g.reciprocal(g.sqrt(biasCorrection2));
  const lrDecay = g.mul(lr, weightDecay);
  const decayFactor = g.sub(1, lrDecay); // 1 - lr·λ
  return tensors.map(({ param, grad, m, v, decay }) => {
    const d = gradScale ? g.mul(grad, gradScale) : grad;
    const m2 = g.add(g.mul(m, beta1), g.mul(d, 1 - beta1));
    const v2 = g.add(g.mul(v, beta2), g.mul(g.mul(d, d), 1 - beta2));
    const denom = g.add(g.mul(g.sqrt(v2), invSqrtBc2), eps);
    const decayed = !decay || weightDecay === 0 ? param : decay === true ? g.mul(param, decayFactor) : decay(decayFactor);
    const next = g.sub(decayed, g.mul(g.div(m2, denom), stepSize));
    return { param: next, m: m2, v: v2 };
  });
}
