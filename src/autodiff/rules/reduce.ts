/** Gradient rules for reductions: spread the output gradient back over the reduced axes. */
import type { Value } from '../../graph';
import { constInts } from '../../graph/ops/schema';
import { type GradContext, dY, inputOf, registerGradients } from '../rule';

function reducedAxes(ctx: GradContext): number[] {
  const x = inputOf(ctx, 0);
  const rank = x.shape.length;
  const axes = constInts(ctx.node.inputs[1]);
  if (!axes || axes.length === 0) return [...Array(rank).keys()];
  return axes.map((a) => (a < 0 ? a + rank : a)).sort((p, q) => p - q);
}

/** dY broadcast back to the input's shape (re-inserting axes dropped by keepdims=0). */
function spread(ctx: GradContext, grad: Value): Value {
  const { g, node } = ctx;
  const x = inputOf(ctx, 0);
  const kept = node.attrs.keepdims === undefined || node.attrs.keepdims === 1;
  const withAxes = kept ? grad : g.unsqueeze(grad, reducedAxes(ctx));
  return g.expand(withAxes, g.shapeOf(x));
}

registerGradients({
  ReduceSum: (ctx) => [spread(ctx, dY(ctx))],
  ReduceMean: (ctx) => {
    const { g } = ctx;
    const x = inputOf(ctx, 0);
    const dims = reducedAxes(ctx).map((a) => x.shape[a]);
    if (dims.some((d) => typeof d !== 'number')) {
      throw new Error(`${ctx.node.name}: ReduceMean gradient needs static sizes on the reduced axes`);
    }
    const count = (dims as number[]).reduce((p, q) => p * q, 1);
    return [spread(ctx, g.mul(dY(ctx), 1 / count))];
  },
});
