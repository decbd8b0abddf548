/**
 * A gradient rule turns the gradients of a node's outputs into gradients of its inputs by
 * emitting new nodes. Rules are registered per op in `rules/`; derived ops (compositions of
 * primitives, like RMS norm or GELU written with Erf) need no rule of their own.
 */
import type { GraphBuilder, Node, Value } from '../graph';
import { Registry } from '../util/registry';

export interface GradContext {
  g: GraphBuilder;
  node: Node;
  /** Gradient of the loss with respect to each output; undefined where none flows. */
  outputGrads: (Value | undefined)[];
  /** Which inputs need a gradient (others may be skipped by the rule). */
  wantsGrad: boolean[];
}

/** Returns one gradient per input, in input order; undefined for inputs with no gradient. */
export type GradRule = (ctx: GradContext) => (Value | undefined)[];

/** Registers the rules of an op family; the rule of an op; every op with a rule, sorted. */
export const { add: registerGradients, get: gradientRule, names: registeredGradientOps } = new Registry<GradRule>();

/** Shorthand used by the rules: the node's i-th input, which must be present. */
export function inputOf(ctx: GradContext, i: number): Value {
  const v = ctx.node.inputs[i];
  if (!v) throw new Error(`${ctx.node.name}: input ${i} is missing`);
  return v;
}

/** The gradient of the node's single output (rules for single-output ops). */
export function dY(ctx: GradContext): Value {
  const d = ctx.outputGrads[0];
  if (!d) throw new Error(`${ctx.node.name}: no gradient reached its output`);
  return d;
}
