/**
 * Gradient rules for the fused neural-network ops. Each is cheaper as one rule than as the
 * gradient of its decomposition, and numerically steadier.
 */
import type { Value } from '../../graph';
import { reduceToShape } from '../broadcast';
import { type GradContext, dY, inputOf, registerGradients } from '../rule';

function axisOf(ctx: GradContext, rank: number): number {
  const a = typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : -1;
  return a < 0 ? a + rank : a;
}

registerGradients({
  // y = softmax(x):  dx = y · (dy - Σ dy·y)
  Softmax: (ctx) => {
    const { g } = ctx;
    const y = ctx.node.outputs[0];
    const axis = axisOf(ctx, y.shape.length);
    const dot = g.reduceSum(g.mul(dY(ctx), y), [axis], true);
    return [g.mul(y, g.sub(dY(ctx), dot))];
  },
  // y = log softmax(x):  dx = dy - softmax(x) · Σ dy
  LogSoftmax: (ctx) => {
    const { g } = ctx;
    const y = ctx.node.outputs[0];
    const axis = axisOf(ctx, y.shape.length);
    return [g.sub(dY(ctx), g.mul(g.exp(y), g.reduceSum(dY(ctx), [axis], true)))];
  },
  LayerNormalization: layerNormGrads,
  SoftmaxCrossEntropyLoss: crossEntropyGrads,
});

/**
 * y = x̂·γ + β with x̂ = (x - μ)·r, r = 1/√(σ² + ε), statistics over the axes from `axis` on.
 * dx = r · (dx̂ - mean(dx̂) - x̂ · mean(dx̂ · x̂)),  dx̂ = dy·γ.
 */
function layerNormGrads(ctx: GradContext): (Value | undefined)[] {
  const { g, node, wantsGrad } = ctx;
  const x = inputOf(ctx, 0);
  const scale = inputOf(ctx, 1);
  const bias = node.inputs[2];
  const dy = dY(ctx);
  const rank = x.shape.length;
  const axes = [...Array(rank).keys()].slice(axisOf(ctx, rank));
  const { mean, rstd } = layerNormStats(ctx, axes);
  const xhat = g.mul(g.sub(x, mean), rstd);
  let dx: Value | undefined;
  if (wantsGrad[0]) {
    const dxhat = g.mul(dy, scale);
    const meanDxhat = g.reduceMean(dxhat, axes, true);
    const meanDxhatXhat = g.reduceMean(g.mul(dxhat, xhat), axes, true);
    dx = g.mul(rstd, g.sub(g.sub(dxhat, meanDxhat), g.mul(xhat, meanDxhatXhat)));
  }
  const dScale = wantsGrad[1] ? reduceToShape(g, g.mul(dy, xhat), scale) : undefined;
  const dBias = bias && wantsGrad[2] ? reduceToShape(g, dy, bias) : undefined;
  return [dx, dScale, dBias];
}

/**
 * μ and r = 1/√(σ² + ε) of a LayerNormalization node. In float32 they are the forward node's own
 * Mean and InvStdDev outputs (ONNX computes them anyway; we add them to the node), which saves
 * six ops per norm; in float64 they are recomputed, since ONNX stashes them in float32 and the
 * float64 finite-difference checks need full precision.
 */
function layerNormStats(ctx: GradContext, axes: number[]): { mean: Value; rstd: Value } {
  const { g, node } = ctx;
  const x = inputOf(ctx, 0);
  const stashType = typeof node.attrs.stash_type === 'number' ? node.attrs.stash_type : 1;
  if (x.dtype === 'float32' && stashType === 1) {
    const stats = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    while (node.outputs.length < 3) {
      const v = g.graph.newValue('float32', stats, `${node.name}_${node.outputs.length === 1 ? 'mean' : 'inv_std'}`);
      v.producer = node;
      node.outputs.push(v);
    }
    return { mean: node.outputs[1], rstd: node.outputs[2] };
  }
  const eps = typeof node.attrs.epsilon === 'number' ? node.attrs.epsilon : 1e-5;
  const mean = g.reduceMean(x, axes, true);
  const centered = g.sub(x, mean);
  return { mean, rstd: g.reciprocal(g.sqrt(g.add(g.reduceMean(g.mul(centered, centered), axes, true), eps))) };
}

/**
 * Fused softmax cross-entropy over scores (N, C) and labels (N,):
 * d scores = (softmax(scores) - onehot(labels)) · keep / count · dloss, where `keep` drops
 * positions labelled ignore_index and `count` is the number kept (mean reduction).
 */
function crossEntropyGrads(ctx: GradContext): (Value | undefined)[] {
  const { g, node } = ctx;
  const scores = inputOf(ctx, 0);
  const labels = inputOf(ctx, 1);
  if (scores.shape.length !== 2) {
    throw new Error(`${node.name}: SoftmaxCrossEntropyLoss gradient expects scores (N, C); reshape first`);
  }
  if (node.inputs[2]) throw new Error(`${node.name}: class weights are not supported by the gradient rule`);
  const ignoreIndex = typeof node.attrs.ignore_index === 'number' ? node.attrs.ignore_index : undefined;
  const reduction = node.attrs.reduction ?? 'mean';
  const classes = scores.shape[1];
  if (typeof classes !== 'number') throw new Error(`${node.name}: the class count must be static`);
  const labels64 = g.cast(labels, 'int64');
  const classIds = g.ints([...Array(classes).keys()]); // (C,)
  const onehot = g.cast(g.equal(g.unsqueeze(labels64, [1]), classIds), scores.dtype); // (N, C)
  let keep = g.scalar(1, scores.dtype);
  if (ignoreIndex !== undefined) keep = g.cast(g.not(g.equal(labels64, ignoreIndex)), scores.dtype); // (N,)
  let weight = g.mul(g.expand(keep, g.shapeOf(labels)), reduction === 'none' ? dY(ctx) : g.expand(dY(ctx), g.shapeOf(labels)));
  if (reduction === 'mean') weight = g.div(weight, g.max(g.reduceSum(g.expand(keep, g.shapeOf(labels)), undefined, false), 1));
  const dScores = g.mul(g.sub(g.softmax(scores, 1), onehot), g.unsqueeze(weight, [1]));
  return [dScores, undefined];
}
