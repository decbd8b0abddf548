/**
 * Optimisation pass: Gemms that read the same rows (BERT's query/key/value projections) become
 * one wider Gemm over concatenated weights, split afterwards:
 *   Gemm(x, W₁, b₁), Gemm(x, W₂, b₂), … → Split(Gemm(x, Concat(W₁, W₂, …), Concat(b₁, b₂, …)))
 * One (R, K)·(K, 3N) product runs nearer MLAS's peak than three (R, K)·(K, N) ones, and run
 * before autodiff the backward pass gets the same merge for free (Concat's gradient is a Split).
 * The Split produces the very values the old Gemms did, so their consumers are untouched.
 */
import type { GraphBuilder } from '../builder';
import type { Node, Value } from '../ir';

/** Merges sibling Gemms in `g`'s graph; returns how many groups were merged. */
export function mergeSiblingGemms(g: GraphBuilder): number {
  const graph = g.graph;
  const groups = new Map<string, Node[]>();
  for (const node of graph.nodes) {
    if (node.op !== 'Gemm' || node.attrs.transA === 1) continue;
    const a = node.inputs[0]!;
    const key = [rowsKey(a), node.attrs.transB ?? 0, node.attrs.alpha ?? 1, node.attrs.beta ?? 1, node.inputs[2] ? 'c' : '-'].join('|');
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  let merged = 0;
  for (const siblings of groups.values()) {
    if (siblings.length < 2 || !mergeable(graph.nodes, siblings)) continue;
    const [first] = siblings;
    const transB = first.attrs.transB === 1;
    const sizes = siblings.map((n) => n.outputs[0].shape[1] as number);
    const before = graph.nodes.length;
    const weight = g.concat(siblings.map((n) => n.inputs[1]!), transB ? 0 : 1); // (K, ΣN) or (ΣN, K)
    const bias = first.inputs[2] ? g.concat(siblings.map((n) => n.inputs[2]!), 0) : undefined; // (ΣN,)
    const wide = g.node('Gemm', [first.inputs[0], weight, bias], { ...first.attrs }, {})[0]; // (R, ΣN)
    const split = g.node('Split', [wide, g.ints(sizes)], { axis: 1 }, { numOutputs: sizes.length });
    // Hand the old outputs to the Split node, then move the new nodes to where the first Gemm was.
    const splitNode = split[0].producer!;
    splitNode.outputs = siblings.map((n) => n.outputs[0]);
    for (const v of splitNode.outputs) v.producer = splitNode;
    const added = graph.nodes.splice(before);
    const at = graph.nodes.indexOf(first); // every node before the first sibling stays before
    const kept = graph.nodes.filter((n) => !siblings.includes(n));
    kept.splice(at, 0, ...added);
    graph.nodes.splice(0, graph.nodes.length, ...kept);
    merged++;
  }
  return merged;
}

/**
 * Identity of the rows a Gemm reads: the value itself, or what a constant-shape Reshape reshapes
 * (linear() reshapes its input to rows once per projection).
 */
function rowsKey(a: Value): string {
  const p = a.producer;
  if (p?.op === 'Reshape' && p.inputs[1]?.constData) return `${p.inputs[0]!.id}:${Array.from(p.inputs[1].constData.data as BigInt64Array).join(',')}:${a.shape.join(',')}`;
  return String(a.id);
}

/** Safe to merge at the first sibling's place: every input the merged Gemm needs exists there. */
function mergeable(nodes: Node[], siblings: Node[]): boolean {
  const at = nodes.indexOf(siblings[0]);
  const producedBefore = (v: Value | undefined) => !v || !v.producer || nodes.indexOf(v.producer) < at;
  return siblings.every((n) => n.outputs.length === 1 && typeof n.outputs[0].shape[1] === 'number' && n.inputs.slice(1).every(producedBefore)) && producedBefore(siblings[0].inputs[0]);
}
