/**
 * Serialises a Graph as an ONNX ModelProto. Field numbers follow onnx.proto; nodes that no
 * output depends on are dropped so graphs built speculatively (e.g. by autodiff) stay lean.
 */
import { type DType, ONNX_DTYPE_CODE } from './dtype';
import type { AttrValue, Graph, Node, TensorData, Value } from './ir';
import { MessageWriter } from './protobuf';
import type { Shape } from './shape';

/** Attribute names whose numbers are floats in ONNX (everything else numeric is an int). */
const FLOAT_ATTRIBUTES = new Set(['epsilon', 'alpha', 'beta', 'gamma', 'ratio', 'value_float', 'value_floats', 'lambd', 'bias', 'scale']);

/** ai.onnx opset → the IR version ORT expects with it. */
function irVersionFor(opset: number): number {
  if (opset <= 20) return 9;
  if (opset <= 22) return 10;
  return 11;
}

export interface WriteOptions {
  producerName?: string;
  docString?: string;
  /** Extra key/value metadata stored in the model. */
  metadata?: Record<string, string>;
}

export function writeOnnx(graph: Graph, options: WriteOptions = {}): Uint8Array {
  const model = new MessageWriter();
  model.int(1, irVersionFor(graph.opset));
  model.string(2, options.producerName ?? 'pretrain-lab');
  model.string(3, '0.1.0');
  if (options.docString) model.string(6, options.docString);
  model.message(7, encodeGraph(graph));
  model.message(8, new MessageWriter().string(1, '').int(2, graph.opset));
  for (const domain of customDomains(graph)) model.message(8, new MessageWriter().string(1, domain).int(2, 1));
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    model.message(14, new MessageWriter().string(1, key).string(2, value));
  }
  return model.finish();
}

function customDomains(graph: Graph): Set<string> {
  return new Set(graph.nodes.map((n) => n.domain).filter((d) => d !== ''));
}

/** Nodes in build order that some output needs, and the initializers they use. */
export function liveNodes(graph: Graph): { nodes: Node[]; initializers: Value[] } {
  const needed = new Set<Value>(graph.outputs);
  const keep = new Set<Node>();
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i];
    if (!node.outputs.some((o) => needed.has(o)) && !subgraphNeedsAll(node)) continue;
    keep.add(node);
    for (const v of node.inputs) if (v) needed.add(v);
  }
  return {
    nodes: graph.nodes.filter((n) => keep.has(n)),
    initializers: graph.initializers.filter((v) => needed.has(v) || usedBySubgraph(graph, v)),
  };
}

function subgraphNeedsAll(node: Node): boolean {
  return Object.values(node.attrs).some((a) => isGraph(a));
}

/** Subgraphs (Loop bodies) may read outer initializers by name. */
function usedBySubgraph(graph: Graph, v: Value): boolean {
  return graph.nodes.some((n) => Object.values(n.attrs).some((a) => isGraph(a) && a.nodes.some((m) => m.inputs.some((i) => i?.name === v.name))));
}

function isGraph(a: AttrValue): a is Graph {
  return typeof a === 'object' && a !== null && 'nodes' in a && 'initializers' in a;
}

function encodeGraph(graph: Graph): MessageWriter {
  const { nodes, initializers } = liveNodes(graph);
  const msg = new MessageWriter();
  for (const node of nodes) msg.message(1, encodeNode(node));
  msg.string(2, graph.name);
  for (const v of initializers) msg.message(5, encodeTensor(v.constData as TensorData, v.name));
  for (const v of graph.inputs) msg.message(11, encodeValueInfo(v));
  for (const v of graph.outputs) msg.message(12, encodeValueInfo(v));
  return msg;
}

function encodeNode(node: Node): MessageWriter {
  const msg = new MessageWriter();
  // Missing optional inputs are '' in the middle and left out at the end, as ONNX allows:
  // ORT 1.30 crashed (SIGSEGV, while optimising at level 'extended') on a LayerNormalization
  // whose absent bias was written as a trailing ''.
  let count = node.inputs.length;
  while (count > 0 && !node.inputs[count - 1]) count--;
  for (const v of node.inputs.slice(0, count)) msg.string(1, v ? v.name : '');
  for (const v of node.outputs) msg.string(2, v.name);
  msg.string(3, node.name);
  msg.string(4, node.op);
  for (const [name, value] of Object.entries(node.attrs)) msg.message(5, encodeAttribute(name, value));
  if (node.domain) msg.string(7, node.domain);
  return msg;
}

// AttributeProto.AttributeType values.
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_TENSOR = 4;
const ATTR_GRAPH = 5;
const ATTR_FLOATS = 6;
const ATTR_INTS = 7;
const ATTR_STRINGS = 8;

function encodeAttribute(name: string, value: AttrValue): MessageWriter {
  const msg = new MessageWriter().string(1, name);
  const isFloat = FLOAT_ATTRIBUTES.has(name);
  if (typeof value === 'number') {
    if (isFloat) msg.float(2, value).int(20, ATTR_FLOAT);
    else msg.int(3, value).int(20, ATTR_INT);
  } else if (typeof value === 'string') {
    msg.string(4, value).int(20, ATTR_STRING);
  } else if (Array.isArray(value)) {
    if (value.length > 0 && typeof value[0] === 'string') {
      for (const s of value as string[]) msg.string(9, s);
      msg.int(20, ATTR_STRINGS);
    } else if (isFloat) {
      msg.packedFloats(7, value as number[]).int(20, ATTR_FLOATS);
    } else {
      msg.packedInts(8, value as number[]).int(20, ATTR_INTS);
    }
  } else if (isGraph(value)) {
    msg.message(6, encodeGraph(value)).int(20, ATTR_GRAPH);
  } else {
    msg.message(5, encodeTensor(value, '')).int(20, ATTR_TENSOR);
  }
  return msg;
}

function encodeTensor(t: TensorData, name: string): MessageWriter {
  const msg = new MessageWriter();
  msg.packedInts(1, t.shape);
  msg.int(2, ONNX_DTYPE_CODE[t.dtype]);
  if (name) msg.string(8, name);
  // raw_data is little-endian; typed arrays on every platform Node supports here are too.
  msg.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return msg;
}

function encodeValueInfo(v: Value): MessageWriter {
  return valueInfoMessage(v.name, v.dtype, v.shape);
}

/** A tensor ValueInfoProto; without `shape` the rank is left unknown. Also used by `addOutputs`. */
export function valueInfoMessage(name: string, dtype: DType, shape?: Shape): MessageWriter {
  const tensorType = new MessageWriter().int(1, ONNX_DTYPE_CODE[dtype]);
  if (shape) {
    const dims = new MessageWriter();
    for (const d of shape) {
      dims.message(1, typeof d === 'number' ? new MessageWriter().int(1, d) : new MessageWriter().string(2, d));
    }
    tensorType.message(2, dims);
  }
  const type = new MessageWriter().message(1, tensorType);
  return new MessageWriter().string(1, name).message(2, type);
}
