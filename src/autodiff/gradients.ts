/**
 * Reverse-mode differentiation over the IR. Walks the nodes between `wrt` and `loss` in
 * reverse build order (build order is topological), asks each node's rule for its input
 * gradients, and sums contributions where a value fans out.
 */
import type { GraphBuilder, Node, Value } from '../graph';
import { isFloat } from '../graph/dtype';
import { formatShape } from '../graph/shape';
import { zerosLike } from './broadcast';
import { gradientRule } from './rule';
import './rules';

export class MissingGradientError extends Error {}

export interface GradientOptions {
  /** Gradient of the final output; defaults to 1 (loss must then be a scalar). */
  seed?: Value;
}

/**
 * Emits nodes computing d loss / d x for every x in `wrt`; returns them in the same order.
 * Inputs that do not reach the loss get zeros of their own shape.
 */
export function gradients(g: GraphBuilder, loss: Value, wrt: Value[], options: GradientOptions = {}): Value[] {
  if (!options.seed && loss.shape.length !== 0) {
    throw new Error(`gradients: loss ${loss.name} must be a scalar, got shape ${formatShape(loss.shape)}`);
  }
  const onPath = nodesBetween(g.graph.nodes, new Set(wrt), loss);
  const contributions = new Map<Value, Value[]>();
  const add = (v: Value, grad: Value) => {
    const list = contributions.get(v);
    if (list) list.push(grad);
    else contributions.set(v, [grad]);
  };
  add(loss, options.seed ?? g.scalar(1, loss.dtype));

  const needsGrad = (v: Value | undefined): boolean => !!v && isFloat(v.dtype) && (wrt.includes(v) || (!!v.producer && onPath.has(v.producer)));
  const total = (v: Value): Value | undefined => {
    const list = contributions.get(v);
    if (!list) return undefined;
    // Fan-out: every use contributed a term; sum them once, then remember the sum.
    const sum = list.reduce((acc, x) => g.add(acc, x));
    contributions.set(v, [sum]);
    return sum;
  };

  const ordered = g.graph.nodes.filter((n) => onPath.has(n));
  for (let i = ordered.length - 1; i >= 0; i--) {
    const node = ordered[i];
    const outputGrads = node.outputs.map(total);
    if (outputGrads.every((d) => d === undefined)) continue;
    const rule = gradientRule(node.op);
    if (!rule) throw new MissingGradientError(`no gradient rule for op '${node.op}' (node ${node.name})`);
    const wantsGrad = node.inputs.map(needsGrad);
    const inputGrads = g.scope(`grad/${node.name}`, () => rule({ g, node, outputGrads, wantsGrad }));
    node.inputs.forEach((input, k) => {
      const d = inputGrads[k];
      if (input && d && wantsGrad[k]) add(input, checkShape(node, input, d));
    });
  }
  return wrt.map((x) => total(x) ?? zerosLike(g, x));
}

function checkShape(node: Node, input: Value, grad: Value): Value {
  const same = grad.shape.length === input.shape.length && grad.shape.every((d, i) => d === input.shape[i] || typeof d === 'string' || typeof input.shape[i] === 'string');
  if (!same) {
    throw new Error(`gradient rule for ${node.op} (node ${node.name}) gave ${formatShape(grad.shape)} for input ${input.name} ${formatShape(input.shape)}`);
  }
  return grad;
}

/** Nodes that depend on some `sources` value and that `target` depends on. */
function nodesBetween(nodes: Node[], sources: Set<Value>, target: Value): Set<Node> {
  const fromSources = new Set<Node>();
  const reached = new Set<Value>(sources);
  for (const node of nodes) {
    if (node.inputs.some((v) => v && reached.has(v))) {
      fromSources.add(node);
      for (const o of node.outputs) reached.add(o);
    }
  }
  const between = new Set<Node>();
  const needed = new Set<Value>([target]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!fromSources.has(node) || !node.outputs.some((o) => needed.has(o))) continue;
    between.add(node);
    for (const v of node.inputs) if (v) needed.add(v);
  }
  return between;
}
