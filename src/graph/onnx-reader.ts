/**
 * Reads ONNX models that users bring: inputs, outputs, nodes, initializers, opsets. Field
 * numbers follow onnx.proto. `addOutputs` appends graph outputs without re-encoding anything
 * else, so a model we did not write survives byte for byte.
 */
import { type DType, STORAGE_ARRAY } from './dtype';
import { valueInfoMessage } from './onnx-writer';
import { type Field, MessageWriter, ProtobufError, decodeFields, decodePackedVarints, decodeString } from './protobuf';
import type { Dim } from './shape';

export class OnnxReadError extends Error {}

/** TensorProto.DataType names; ours where Pretrain Lab has the type. */
const ELEMENT_TYPES = [
  'undefined', 'float32', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool', 'float16',
  'float64', 'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16', 'float8e4m3fn', 'float8e4m3fnuz',
  'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4', 'float4e2m1',
];

export function elementTypeName(code: number): string {
  return ELEMENT_TYPES[code] ?? `type#${code}`;
}

export interface OnnxValueInfo {
  name: string;
  /** 'tensor' for plain tensors; other TypeProto kinds are named but not described further. */
  kind: 'tensor' | 'sparse_tensor' | 'sequence' | 'map' | 'optional' | 'unknown';
  dtype?: string;
  /** Absent when the rank is unknown; a dim is a size, a symbolic name (dim_param) or null. */
  dims?: (number | string | null)[];
}

export type OnnxTensorData = ArrayLike<number> | BigInt64Array | BigUint64Array | string[];

export interface OnnxTensorInfo {
  name: string;
  dtype: string;
  dims: number[];
  /** Where the values live: raw_data, a typed *_data field, an external file, or nowhere. */
  storage: 'raw' | 'typed' | 'external' | 'empty';
  /** Decoded values (raw bytes as Uint8Array for types without a JS array type); absent if external. */
  data?: OnnxTensorData;
  /** external_data entries (location, offset, length, checksum) when storage is 'external'. */
  external?: Record<string, string>;
}

export type OnnxAttributeValue =
  | number
  | number[]
  | string
  | string[]
  | OnnxTensorInfo
  | OnnxTensorInfo[]
  | OnnxGraphInfo
  | OnnxGraphInfo[]
  | undefined;

export interface OnnxAttributeInfo {
  name: string;
  type: string;
  /** Undefined for kinds we only name (sparse tensors, type protos) and for ref_attr_name ones. */
  value: OnnxAttributeValue;
  refAttrName?: string;
}

export interface OnnxNodeInfo {
  op: string;
  domain: string;
  name: string;
  /** '' marks an omitted optional input, as in the file. */
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttributeInfo[];
}

export interface OnnxGraphInfo {
  name: string;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
  nodes: OnnxNodeInfo[];
  initializers: OnnxTensorInfo[];
}

export interface OnnxModelInfo {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsetImports: { domain: string; version: number }[];
  metadata: Record<string, string>;
  graph: OnnxGraphInfo;
}

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'group start', 'group end', 'fixed32'];

/** One decoded message plus where it sits in the model, so every error can say where. */
class Msg {
  private constructor(
    readonly fields: Field[],
    readonly path: string,
  ) {}

  static parse(bytes: Uint8Array, path: string): Msg {
    try {
      return new Msg(decodeFields(bytes), path);
    } catch (err) {
      if (err instanceof ProtobufError) throw new OnnxReadError(`${path}: ${err.message}`);
      throw err;
    }
  }

  all(n: number): Field[] {
    return this.fields.filter((f) => f.field === n);
  }

  private expect(f: Field, wires: number[], what: string): void {
    if (!wires.includes(f.wire)) {
      throw new OnnxReadError(`${this.path}: field ${f.field} (${what}) is ${WIRE_NAMES[f.wire] ?? f.wire}, expected ${wires.map((w) => WIRE_NAMES[w]).join(' or ')}`);
    }
  }

  /** Last occurrence wins for singular fields, as in protobuf. */
  int(n: number, what: string): number | undefined {
    const f = this.all(n).at(-1);
    if (!f) return undefined;
    this.expect(f, [0], what);
    return Number(BigInt.asIntN(64, f.varint as bigint));
  }

  bytes(n: number, what: string): Uint8Array | undefined {
    const f = this.all(n).at(-1);
    if (!f) return undefined;
    this.expect(f, [2], what);
    return f.bytes;
  }

  string(n: number, what: string): string {
    return decodeString(this.bytes(n, what));
  }

  strings(n: number, what: string): string[] {
    return this.all(n).map((f) => (this.expect(f, [2], what), decodeString(f.bytes)));
  }

  messages(n: number, what: string): Msg[] {
    return this.all(n).map((f, i) => (this.expect(f, [2], what), Msg.parse(f.bytes as Uint8Array, `${this.path} → ${what} #${i}`)));
  }

  /** A repeated varint field, packed (one length-delimited run) or not; as signed int64. */
  varints(n: number, what: string): bigint[] {
    return this.all(n).flatMap((f) => {
      this.expect(f, [0, 2], what);
      if (f.wire === 0) return [BigInt.asIntN(64, f.varint as bigint)];
      try {
        return decodePackedVarints(f.bytes as Uint8Array).map((v) => BigInt.asIntN(64, v));
      } catch (err) {
        throw new OnnxReadError(`${this.path}: packed field ${n} (${what}): ${(err as Error).message}`);
      }
    });
  }

  /** A repeated float (fixed32) or double (fixed64) field, packed or not. */
  fixed(n: number, what: string, width: 4 | 8): number[] {
    const wire = width === 4 ? 5 : 1;
    return this.all(n).flatMap((f) => {
      this.expect(f, [wire, 2], what);
      if (f.wire === 5) return [f.fixed32 as number];
      if (f.wire === 1) return [bitsToDouble(f.fixed64 as bigint)];
      const b = f.bytes as Uint8Array;
      if (b.length % width) throw new OnnxReadError(`${this.path}: packed field ${n} (${what}) has ${b.length} bytes, not a multiple of ${width}`);
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      return Array.from({ length: b.length / width }, (_, i) => (width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true)));
    });
  }
}

const scratch = new DataView(new ArrayBuffer(8));
function bitsToDouble(bits: bigint): number {
  scratch.setBigUint64(0, bits, true);
  return scratch.getFloat64(0, true);
}

/** Lists a model's graph, opsets and metadata. Throws OnnxReadError saying what is wrong and where. */
export function readOnnx(bytes: Uint8Array): OnnxModelInfo {
  const model = parseModel(bytes);
  const graphs = model.messages(7, 'graph');
  if (graphs.length !== 1) throw new OnnxReadError(`not an ONNX model: expected one graph (ModelProto field 7), found ${graphs.length}`);
  const metadata: Record<string, string> = {};
  for (const m of model.messages(14, 'metadata_props')) metadata[m.string(1, 'key')] = m.string(2, 'value');
  return {
    irVersion: model.int(1, 'ir_version') ?? 0,
    producerName: model.string(2, 'producer_name'),
    producerVersion: model.string(3, 'producer_version'),
    opsetImports: model.messages(8, 'opset_import').map((m) => ({ domain: m.string(1, 'domain'), version: m.int(2, 'version') ?? 0 })),
    metadata,
    graph: readGraph(graphs[0]),
  };
}

function parseModel(bytes: Uint8Array): Msg {
  if (bytes.length === 0) throw new OnnxReadError('not an ONNX model: the input is empty (0 bytes)');
  try {
    return Msg.parse(bytes, 'ModelProto');
  } catch (err) {
    if (err instanceof OnnxReadError) throw new OnnxReadError(`not an ONNX model, or a truncated one: ${err.message}`);
    throw err;
  }
}

function readGraph(g: Msg): OnnxGraphInfo {
  return {
    name: g.string(2, 'name'),
    nodes: g.messages(1, 'node').map(readNode),
    initializers: g.messages(5, 'initializer').map(readTensor),
    inputs: g.messages(11, 'input').map(readValueInfo),
    outputs: g.messages(12, 'output').map(readValueInfo),
    valueInfo: g.messages(13, 'value_info').map(readValueInfo),
  };
}

function readNode(n: Msg): OnnxNodeInfo {
  return {
    op: n.string(4, 'op_type'),
    domain: n.string(7, 'domain'),
    name: n.string(3, 'name'),
    inputs: n.strings(1, 'input'),
    outputs: n.strings(2, 'output'),
    attributes: n.messages(5, 'attribute').map(readAttribute),
  };
}

/** AttributeProto.AttributeType, indexed by its number. */
const ATTRIBUTE_TYPES = ['undefined', 'float', 'int', 'string', 'tensor', 'graph', 'floats', 'ints', 'strings', 'tensors', 'graphs', 'sparse_tensor', 'sparse_tensors', 'type_proto', 'type_protos'];
/** The AttributeProto field holding each type's value (for files that omit `type`). */
const VALUE_FIELD: Record<string, number> = { float: 2, int: 3, string: 4, tensor: 5, graph: 6, floats: 7, ints: 8, strings: 9, tensors: 10, graphs: 11, sparse_tensor: 22, sparse_tensors: 23, type_proto: 14, type_protos: 15 };

function readAttribute(a: Msg): OnnxAttributeInfo {
  const name = a.string(1, 'name');
  const code = a.int(20, 'type');
  const type = code !== undefined ? (ATTRIBUTE_TYPES[code] ?? `type#${code}`) : inferAttributeType(a);
  const refAttrName = a.bytes(21, 'ref_attr_name') ? a.string(21, 'ref_attr_name') : undefined;
  return { name, type, value: refAttrName ? undefined : attributeValue(a, type), ...(refAttrName ? { refAttrName } : {}) };
}

function inferAttributeType(a: Msg): string {
  return Object.entries(VALUE_FIELD).find(([, n]) => a.all(n).length > 0)?.[0] ?? 'undefined';
}

function attributeValue(a: Msg, type: string): OnnxAttributeValue {
  switch (type) {
    case 'float':
      return a.fixed(2, 'f', 4).at(-1) ?? 0;
    case 'int':
      return a.int(3, 'i') ?? 0;
    case 'string':
      return a.string(4, 's');
    case 'tensor':
      return a.messages(5, 't').map(readTensor).at(-1);
    case 'graph':
      return a.messages(6, 'g').map(readGraph).at(-1);
    case 'floats':
      return a.fixed(7, 'floats', 4);
    case 'ints':
      return a.varints(8, 'ints').map(Number);
    case 'strings':
      return a.strings(9, 'strings');
    case 'tensors':
      return a.messages(10, 'tensors').map(readTensor);
    case 'graphs':
      return a.messages(11, 'graphs').map(readGraph);
    default:
      return undefined;
  }
}

function readValueInfo(v: Msg): OnnxValueInfo {
  const name = v.string(1, 'name');
  const type = v.messages(2, 'type').at(-1);
  if (!type) return { name, kind: 'unknown' };
  const kinds: [number, OnnxValueInfo['kind']][] = [[1, 'tensor'], [8, 'sparse_tensor'], [4, 'sequence'], [5, 'map'], [9, 'optional']];
  const found = kinds.find(([n]) => type.all(n).length > 0);
  if (!found) return { name, kind: 'unknown' };
  const [field, kind] = found;
  if (kind !== 'tensor' && kind !== 'sparse_tensor') return { name, kind };
  const tensor = type.messages(field, kind).at(-1) as Msg;
  const info: OnnxValueInfo = { name, kind, dtype: elementTypeName(tensor.int(1, 'elem_type') ?? 0) };
  const shape = tensor.messages(2, 'shape').at(-1);
  if (shape) {
    info.dims = shape.messages(1, 'dim').map((d) => {
      if (d.all(1).length) return d.int(1, 'dim_value') as number;
      if (d.all(2).length) return d.string(2, 'dim_param');
      return null;
    });
  }
  return info;
}

// ---- tensors ------------------------------------------------------------------------------

const BYTE_WIDTH: Record<string, number> = {
  float32: 4, uint8: 1, int8: 1, uint16: 2, int16: 2, int32: 4, int64: 8, bool: 1, float16: 2, float64: 8,
  uint32: 4, uint64: 8, complex64: 8, complex128: 16, bfloat16: 2,
};

function readTensor(t: Msg): OnnxTensorInfo {
  const name = t.string(8, 'name');
  const dims = t.varints(1, 'dims').map(Number);
  const dtype = elementTypeName(t.int(2, 'data_type') ?? 0);
  const where = `${t.path}${name ? ` (tensor '${name}')` : ''}`;
  const count = dims.reduce((a, b) => a * b, 1);
  if (t.int(14, 'data_location') === 1 || t.all(13).length) {
    const external: Record<string, string> = {};
    for (const e of t.messages(13, 'external_data')) external[e.string(1, 'key')] = e.string(2, 'value');
    return { name, dtype, dims, storage: 'external', external };
  }
  const raw = t.bytes(9, 'raw_data');
  if (raw) {
    const width = BYTE_WIDTH[dtype];
    if (width !== undefined && raw.length !== count * width) {
      throw new OnnxReadError(`${where}: raw_data has ${raw.length} bytes; ${dtype}${formatDims(dims)} needs ${count * width}`);
    }
    return { name, dtype, dims, storage: 'raw', data: fromRaw(dtype, raw) };
  }
  const typed = typedData(t, dtype);
  if (!typed) return { name, dtype, dims, storage: 'empty' };
  // complex numbers store two values per element.
  const perElement = dtype.startsWith('complex') ? 2 : 1;
  if (typed.length !== count * perElement) {
    throw new OnnxReadError(`${where}: holds ${typed.length} values; ${dtype}${formatDims(dims)} needs ${count * perElement}`);
  }
  return { name, dtype, dims, storage: 'typed', data: typed };
}

function formatDims(dims: number[]): string {
  return `[${dims.join(', ')}]`;
}

/** The array raw bytes of each element type are read into: ours as we store them (half floats as
 *  raw bits), complex numbers as their pairs of parts; any other (4/8-bit formats) as bytes. */
const RAW_ARRAY: Partial<Record<string, new (buffer: ArrayBuffer) => OnnxTensorData>> = {
  ...STORAGE_ARRAY,
  complex64: Float32Array,
  complex128: Float64Array,
  uint64: BigUint64Array,
  uint32: Uint32Array,
  int16: Int16Array,
  uint16: Uint16Array,
  bfloat16: Uint16Array,
};

/** Copies raw little-endian bytes into an aligned array of the element type. */
function fromRaw(dtype: string, raw: Uint8Array): OnnxTensorData {
  // A copy of exactly these bytes. Not raw.slice(): on a Buffer (what fs.readFile returns) it
  // is a view, and .buffer would be the whole file.
  const buf = new Uint8Array(raw).buffer;
  return new (RAW_ARRAY[dtype] ?? Uint8Array)(buf);
}

/** The typed *_data field that TensorProto uses for `dtype`, if present. */
function typedData(t: Msg, dtype: string): OnnxTensorData | undefined {
  const present = (n: number) => t.all(n).length > 0;
  if (present(4)) return Float32Array.from(t.fixed(4, 'float_data', 4));
  if (present(10)) return Float64Array.from(t.fixed(10, 'double_data', 8));
  if (present(7)) return BigInt64Array.from(t.varints(7, 'int64_data'));
  if (present(11)) {
    const values = t.varints(11, 'uint64_data').map((v) => BigInt.asUintN(64, v));
    return dtype === 'uint32' ? Uint32Array.from(values, Number) : BigUint64Array.from(values);
  }
  if (present(6)) return t.strings(6, 'string_data');
  if (present(5)) {
    // int32_data carries every narrow type (and float16 bits) widened to int32.
    const values = t.varints(5, 'int32_data').map(Number);
    switch (dtype) {
      case 'int8':
        return Int8Array.from(values);
      case 'int16':
        return Int16Array.from(values);
      case 'uint16':
      case 'float16':
      case 'bfloat16':
        return Uint16Array.from(values);
      case 'uint8':
      case 'bool':
        return Uint8Array.from(values);
      default:
        return Int32Array.from(values);
    }
  }
  return undefined;
}

// ---- adding outputs ---------------------------------------------------------------------

export interface ExtraOutput {
  /** An existing value: a node output, a graph input or an initializer. */
  name: string;
  dtype: DType;
  /** Omit to leave the rank unknown; symbolic dims as strings. */
  shape?: Dim[];
}

/**
 * Returns the model with `outputs` appended to its graph's outputs. Every other byte is kept:
 * the graph field is re-emitted as its original bytes followed by the new ValueInfoProto
 * fields (appending to a repeated field is valid protobuf).
 */
export function addOutputs(bytes: Uint8Array, outputs: ExtraOutput[]): Uint8Array {
  const model = parseModel(bytes);
  const graphFields = model.all(7);
  if (graphFields.length !== 1) throw new OnnxReadError(`not an ONNX model: expected one graph (ModelProto field 7), found ${graphFields.length}`);
  const field = graphFields[0];
  const graph = readGraph(model.messages(7, 'graph')[0]);
  const existing = new Set(graph.outputs.map((o) => o.name));
  const known = new Set([
    ...graph.inputs.map((v) => v.name),
    ...graph.initializers.map((v) => v.name),
    ...graph.nodes.flatMap((n) => n.outputs),
  ]);
  for (const o of outputs) {
    if (existing.has(o.name)) throw new OnnxReadError(`addOutputs: '${o.name}' is already an output of graph '${graph.name}'`);
    if (!known.has(o.name)) throw new OnnxReadError(`addOutputs: graph '${graph.name}' has no value named '${o.name}'`);
    existing.add(o.name);
  }
  const appended = new MessageWriter();
  for (const o of outputs) appended.message(12, valueInfoMessage(o.name, o.dtype, o.shape));
  const extra = appended.finish();
  const graphBytes = new Uint8Array((field.bytes as Uint8Array).length + extra.length);
  graphBytes.set(field.bytes as Uint8Array);
  graphBytes.set(extra, (field.bytes as Uint8Array).length);
  const newField = new MessageWriter().bytes(7, graphBytes).finish();
  const out = new Uint8Array(bytes.length - (field.end - field.start) + newField.length);
  out.set(bytes.subarray(0, field.start));
  out.set(newField, field.start);
  out.set(bytes.subarray(field.end), field.start + newField.length);
  return out;
}
