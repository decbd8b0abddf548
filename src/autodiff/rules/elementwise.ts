/**
 * Gradient rules for element-wise ops. Binary ops reduce each gradient back to its input's
 * shape, because the forward pass may have broadcast it.
 */
import type { Value } from '../../graph';
import { reduceToShape } from '../broadcast';
import { type GradContext, dY, inputOf, registerGradients } from '../rule';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function binaryGrads(ctx: GradContext, da: () => Value, db: () => Value): (Value | undefined)[] {
  const { g, wantsGrad } = ctx;
  return [
    wantsGrad[0] ? reduceToShape(g, da(), inputOf(ctx, 0)) : undefined,
    wantsGrad[1] ? reduceToShape(g, db(), inputOf(ctx, 1)) : undefined,
  ];
}

registerGradients({
  Add: (ctx) => binaryGrads(ctx, () => dY(ctx), () => dY(ctx)),
  Sub: (ctx) => binaryGrads(ctx, () => dY(ctx), () => ctx.g.neg(dY(ctx))),
  Mul: (ctx) => {
    const { g } = ctx;
    return binaryGrads(ctx, () => g.mul(dY(ctx), inputOf(ctx, 1)), () => g.mul(dY(ctx), inputOf(ctx, 0)));
  },
  // y = a / b:  da = dy / b,  db = -dy · y / b
  Div: (ctx) => {
    const { g, node } = ctx;
    const b = inputOf(ctx, 1);
    return binaryGrads(ctx, () => g.div(dY(ctx), b), () => g.neg(g.div(g.mul(dY(ctx), node.outputs[0]), b)));
  },
  // y = a^b:  da = dy · b · a^(b-1),  db = dy · y · ln a
  Pow: (ctx) => {
    const { g, node } = ctx;
    const [a, b] = [inputOf(ctx, 0), inputOf(ctx, 1)];
    const bAsA = g.cast(b, a.dtype);
    return binaryGrads(
      ctx,
      () => g.mul(dY(ctx), g.mul(bAsA, g.pow(a, g.sub(bAsA, 1)))),
      () => g.cast(g.mul(dY(ctx), g.mul(node.outputs[0], g.log(a))), b.dtype),
    );
  },
  Neg: (ctx) => [ctx.g.neg(dY(ctx))],
  Identity: (ctx) => [dY(ctx)],
  // y = √x:  dx = dy / (2y)
  Sqrt: (ctx) => [ctx.g.div(ctx.g.mul(dY(ctx), 0.5), ctx.node.outputs[0])],
  Exp: (ctx) => [ctx.g.mul(dY(ctx), ctx.node.outputs[0])],
  Log: (ctx) => [ctx.g.div(dY(ctx), inputOf(ctx, 0))],
  // y = 1/x:  dx = -dy · y²
  Reciprocal: (ctx) => {
    const y = ctx.node.outputs[0];
    return [ctx.g.neg(ctx.g.mul(dY(ctx), ctx.g.mul(y, y)))];
  },
  // dx = dy · (1 - y²)
  Tanh: (ctx) => {
    const { g } = ctx;
    const y = ctx.node.outputs[0];
    return [g.mul(dY(ctx), g.sub(1, g.mul(y, y)))];
  },
  // dx = dy · y · (1 - y)
  Sigmoid: (ctx) => {
    const { g } = ctx;
    const y = ctx.node.outputs[0];
    return [g.mul(dY(ctx), g.mul(y, g.sub(1, y)))];
  },
  // d erf(x)/dx = 2/√π · exp(-x²)
  Erf: (ctx) => {
    const { g } = ctx;
    const x = inputOf(ctx, 0);
    return [g.mul(dY(ctx), g.mul(g.exp(g.neg(g.mul(x, x))), TWO_OVER_SQRT_PI))];
  },
  Relu: (ctx) => {
    const { g } = ctx;
    const x = inputOf(ctx, 0);
    return [g.where(g.greater(x, 0), dY(ctx), 0)];
  },
  Gelu: (ctx) => {
    const { g } = ctx;
    const x = inputOf(ctx, 0);
    if (ctx.node.attrs.approximate === 'tanh') {
      // y = ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³). With z = 2u = x(a + b·x²) and
      // s = σ(z) = ½(1 + tanh u): y = x·s and dy/dx = s·(1 + x(1 - s)(a + 3b·x²)).
      // 13 element-wise ops instead of 18 for the tanh form: this is the step graph's largest
      // element-wise cost (bench/OPTIMISATIONS.md).
      const a = 2 * SQRT_2_OVER_PI;
      const b = a * 0.044715;
      const x2 = g.mul(x, x);
      const s = g.sigmoid(g.mul(x, g.add(g.mul(x2, b), a)));
      const dz = g.mul(x, g.add(g.mul(x2, 3 * b), a)); // x·dz/dx
      const slope = g.mul(s, g.add(g.mul(g.sub(1, s), dz), 1));
      return [g.mul(dY(ctx), slope)];
    }
    // y = x·Φ(x):  dy/dx = Φ(x) + x·φ(x)
    const cdf = g.mul(g.add(g.erf(g.mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = g.mul(g.exp(g.mul(g.mul(x, x), -0.5)), INV_SQRT_2PI);
    return [g.mul(dY(ctx), g.add(cdf, g.mul(x, pdf)))];
  },
  Abs: (ctx) => {
    const { g } = ctx;
    const x = inputOf(ctx, 0);
    return [g.where(g.less(x, 0), g.neg(dY(ctx)), dY(ctx))];
  },
  // Where(c, a, b): the gradient flows to whichever side was chosen.
  Where: (ctx) => {
    const { g, wantsGrad } = ctx;
    const cond = inputOf(ctx, 0);
    return [
      undefined,
      wantsGrad[1] ? reduceToShape(g, g.where(cond, dY(ctx), 0), inputOf(ctx, 1)) : undefined,
      wantsGrad[2] ? reduceToShape(g, g.where(cond, 0, dY(ctx)), inputOf(ctx, 2)) : undefined,
    ];
  },
  // Max/Min: ties send the gradient to the first operand.
  Max: (ctx) => {
    const { g } = ctx;
    const [a, b] = [inputOf(ctx, 0), inputOf(ctx, 1)];
    const pickA = g.not(g.less(a, b));
    return binaryGrads(ctx, () => g.where(pickA, dY(ctx), 0), () => g.where(pickA, 0, dY(ctx)));
  },
  Min: (ctx) => {
    const { g } = ctx;
    const [a, b] = [inputOf(ctx, 0), inputOf(ctx, 1)];
    const pickA = g.not(g.greater(a, b));
    return binaryGrads(ctx, () => g.where(pickA, dY(ctx), 0), () => g.where(pickA, 0, dY(ctx)));
  },
  Cast: (ctx) => {
    const x = inputOf(ctx, 0);
    const floatInput = x.dtype === 'float32' || x.dtype === 'float64' || x.dtype === 'float16';
    return [floatInput ? ctx.g.cast(dY(ctx), x.dtype) : undefined];
  },
});
