/** Gradient rules for gathers: scatter-add the gradient back to the rows that were read. */
import type { GraphBuilder, Value } from '../../graph';
import { zerosLike } from '../broadcast';
import { type GradContext, dY, inputOf, registerGradients } from '../rule';

function asInt64(g: GraphBuilder, indices: Value): Value {
  return g.cast(indices, 'int64');
}

registerGradients({
  // Embedding lookup: rows read several times accumulate (ScatterND with reduction=add).
  Gather: (ctx: GradContext) => {
    const { g, node } = ctx;
    const data = inputOf(ctx, 0);
    const axis = typeof node.attrs.axis === 'number' ? node.attrs.axis : 0;
    if (axis !== 0 && axis !== -data.shape.length) {
      throw new Error(`${node.name}: Gather gradient supports axis 0 (embedding rows) only, got axis ${axis}`);
    }
    const indices = g.unsqueeze(asInt64(g, inputOf(ctx, 1)), [-1]); // (…, 1)
    return [g.scatterND(zerosLike(g, data), indices, dY(ctx), 'add'), undefined];
  },
  GatherElements: (ctx: GradContext) => {
    const { g, node } = ctx;
    const data = inputOf(ctx, 0);
    const axis = typeof node.attrs.axis === 'number' ? node.attrs.axis : 0;
    const indices = asInt64(g, inputOf(ctx, 1));
    return [g.scatterElements(zerosLike(g, data), indices, dY(ctx), axis, 'add'), undefined];
  },
});
