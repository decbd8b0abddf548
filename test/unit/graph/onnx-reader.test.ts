/** Writer → reader round trips, hand-encoded TensorProto variants, and clear errors on bad bytes. */
import assert from 'node:assert/strict';
import { Graph, GraphBuilder, writeOnnx, type AttrValue } from '../../../src/graph';
import { OnnxReadError, readOnnx, type OnnxTensorInfo } from '../../../src/graph/onnx-reader';
import { MessageWriter } from '../../../src/graph/protobuf';

/** One node per attribute kind, on a custom-domain op so no inference or kernel is needed. */
const ATTRIBUTES: [string, AttrValue, unknown][] = [
  ['axis', 3, 3],
  ['k', -5, -5],
  ['big', 2 ** 40, 2 ** 40],
  ['epsilon', 1e-5, Math.fround(1e-5)], // FLOAT attributes are float32 in ONNX
  ['perm', [2, -1, 0, -(2 ** 40), 2 ** 52], [2, -1, 0, -(2 ** 40), 2 ** 52]],
  ['value_floats', [0.5, -1.25, 3], [0.5, -1.25, 3]],
  ['approximate', 'tanh', 'tanh'],
  ['names', ['a', 'béta', ''], ['a', 'béta', '']],
];

function attributeModel(): Uint8Array {
  const b = new GraphBuilder('attrs', 20);
  const x = b.input('x', 'float32', ['batch', 3]);
  const attrs: Record<string, AttrValue> = Object.fromEntries(ATTRIBUTES.map(([k, v]) => [k, v]));
  attrs.value = { dtype: 'int64', shape: [2], data: BigInt64Array.from([-3n, 4n]) };
  const out = b.graph.newValue('float32', ['batch', 3], 'y');
  b.graph.nodes.push({ id: b.graph.newNodeId(), op: 'Custom', domain: 'test.domain', name: 'custom0', inputs: [x, undefined, x, undefined], outputs: [out], attrs });
  b.graph.outputs.push(out);
  b.constant({ dtype: 'float64', shape: [2, 2], data: Float64Array.from([1, -2, 3.5, 1e-300]) }, 'unused_is_dropped');
  return writeOnnx(b.graph);
}

describe('ONNX reader', () => {
  it('round-trips every attribute kind, domains, opsets and symbolic dims', () => {
    const m = readOnnx(attributeModel());
    assert.equal(m.irVersion, 9);
    assert.equal(m.producerName, 'pretrain-lab');
    assert.deepEqual(m.opsetImports, [{ domain: '', version: 20 }, { domain: 'test.domain', version: 1 }]);
    assert.deepEqual(m.graph.inputs, [{ name: 'x', kind: 'tensor', dtype: 'float32', dims: ['batch', 3] }]);
    assert.deepEqual(m.graph.outputs, [{ name: 'y', kind: 'tensor', dtype: 'float32', dims: ['batch', 3] }]);
    const [node] = m.graph.nodes;
    assert.deepEqual({ op: node.op, domain: node.domain, name: node.name, inputs: node.inputs, outputs: node.outputs }, {
      op: 'Custom', domain: 'test.domain', name: 'custom0', inputs: ['x', '', 'x'], outputs: ['y'], // absent: '' inside, left out at the end
    });
    const byName = new Map(node.attributes.map((a) => [a.name, a]));
    for (const [name, , expected] of ATTRIBUTES) assert.deepEqual(byName.get(name)?.value, expected, name);
    assert.deepEqual(
      node.attributes.map((a) => a.type),
      ['int', 'int', 'int', 'float', 'ints', 'floats', 'string', 'strings', 'tensor'],
    );
    const t = byName.get('value')?.value as OnnxTensorInfo;
    assert.deepEqual({ dtype: t.dtype, dims: t.dims, storage: t.storage, data: Array.from(t.data as BigInt64Array) }, {
      dtype: 'int64', dims: [2], storage: 'raw', data: [-3n, 4n],
    });
  });

  it('round-trips initializers of several types through raw_data', () => {
    const b = new GraphBuilder('inits');
    const x = b.input('x', 'float64', [2, 2]);
    const w = b.constant({ dtype: 'float64', shape: [2, 2], data: Float64Array.from([1, -2, 3.5, 1e-300]) }, 'w');
    b.output(b.reshape(b.mul(x, w), [-1]), 'y'); // also writes an int64 shape constant [-1]
    const m = readOnnx(writeOnnx(b.graph));
    const inits = new Map(m.graph.initializers.map((t) => [t.name, t]));
    assert.deepEqual(Array.from(inits.get('w')?.data as Float64Array), [1, -2, 3.5, 1e-300]);
    const shape = [...inits.values()].find((t) => t.dtype === 'int64');
    assert.deepEqual(Array.from(shape?.data as BigInt64Array), [-1n]);
    // The output gets its own name through an Identity.
    assert.deepEqual(m.graph.nodes.map((n) => n.op), ['Mul', 'Reshape', 'Identity']);
  });

  it('reads a subgraph attribute', () => {
    const body = new GraphBuilder('body');
    body.output(body.neg(body.input('a', 'float32', [1])), 'b');
    const outer = new Graph('outer');
    const y = outer.newValue('float32', [1], 'y');
    outer.nodes.push({ id: 0, op: 'Wrap', domain: 'test.domain', name: 'wrap', inputs: [], outputs: [y], attrs: { body: body.graph } });
    outer.outputs.push(y);
    const attr = readOnnx(writeOnnx(outer)).graph.nodes[0].attributes[0];
    assert.equal(attr.type, 'graph');
    assert.deepEqual((attr.value as { nodes: { op: string }[] }).nodes.map((n) => n.op), ['Neg', 'Identity']);
  });
});

// ---- hand-encoded TensorProtos: typed *_data fields, packed or not, and external data ----

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

/** An unpacked double field: tag (field, wire 1) then 8 little-endian bytes. */
function unpackedDouble(field: number, v: number): Uint8Array {
  const b = new Uint8Array(9);
  b[0] = (field << 3) | 1;
  new DataView(b.buffer).setFloat64(1, v, true);
  return b;
}

/** A minimal model whose graph holds the given TensorProto bytes as its only initializer. */
function modelWithTensor(tensor: Uint8Array): Uint8Array {
  const graph = new MessageWriter().string(2, 'g').bytes(5, tensor);
  return new MessageWriter().int(1, 9).message(7, graph).message(8, new MessageWriter().string(1, '').int(2, 20)).finish();
}

const tensorCases: [string, () => Uint8Array, Partial<OnnxTensorInfo>][] = [
  [
    'unpacked dims, unpacked int64_data with negatives',
    () => new MessageWriter().int(1, 3).int(2, 7).int(7, -1).int(7, -(2 ** 40)).int(7, 5).string(8, 't').finish(),
    { dims: [3], dtype: 'int64', storage: 'typed', data: BigInt64Array.from([-1n, -(2n ** 40n), 5n]) },
  ],
  [
    'packed dims and packed float_data',
    () => new MessageWriter().packedInts(1, [2, 1]).int(2, 1).packedFloats(4, [0.5, -2]).string(8, 't').finish(),
    { dims: [2, 1], dtype: 'float32', storage: 'typed', data: Float32Array.from([0.5, -2]) },
  ],
  [
    'unpacked double_data',
    () => concat(new MessageWriter().int(1, 2).int(2, 11).finish(), unpackedDouble(10, 1.5), unpackedDouble(10, -1e-300), new MessageWriter().string(8, 't').finish()),
    { dims: [2], dtype: 'float64', storage: 'typed', data: Float64Array.from([1.5, -1e-300]) },
  ],
  [
    'int8 values widened into int32_data',
    () => new MessageWriter().int(1, 2).int(2, 3).packedInts(5, [-7, 100]).string(8, 't').finish(),
    { dims: [2], dtype: 'int8', storage: 'typed', data: Int8Array.from([-7, 100]) },
  ],
  [
    'string_data',
    () => new MessageWriter().int(1, 2).int(2, 8).string(6, 'hi').string(6, 'là').string(8, 't').finish(),
    { dims: [2], dtype: 'string', storage: 'typed', data: ['hi', 'là'] },
  ],
  [
    'external data',
    () =>
      new MessageWriter()
        .packedInts(1, [1000, 1000]).int(2, 1).string(8, 't')
        .message(13, new MessageWriter().string(1, 'location').string(2, 'weights.bin'))
        .message(13, new MessageWriter().string(1, 'offset').string(2, '4096'))
        .int(14, 1)
        .finish(),
    { dims: [1000, 1000], dtype: 'float32', storage: 'external', external: { location: 'weights.bin', offset: '4096' } },
  ],
  ['no data at all', () => new MessageWriter().int(1, 0).int(2, 1).string(8, 't').finish(), { dims: [0], storage: 'empty' }],
];

describe('ONNX reader: TensorProto encodings', () => {
  for (const [what, tensor, expected] of tensorCases) {
    it(what, () => {
      const [t] = readOnnx(modelWithTensor(tensor())).graph.initializers;
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(t[k as keyof OnnxTensorInfo], v, k);
    });
  }
});

describe('ONNX reader: errors say what is wrong', () => {
  const good = attributeModel();
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty input', new Uint8Array(0), /empty \(0 bytes\)/],
    ['truncated model', good.subarray(0, Math.floor(good.length / 2)), /truncated.*field 7 claims \d+ bytes but only \d+ remain/],
    ['text instead of a model', new TextEncoder().encode('{"not": "onnx"}'), /not an ONNX model/],
    ['a lone varint with no graph', Uint8Array.from([0x08, 0x09]), /expected one graph \(ModelProto field 7\), found 0/],
    ['graph field with the wrong wire type', Uint8Array.from([0x38, 0x01]), /field 7 \(graph\) is varint, expected length-delimited/],
    [
      'raw_data of the wrong length',
      modelWithTensor(new MessageWriter().packedInts(1, [3]).int(2, 1).string(8, 'w').bytes(9, new Uint8Array(8)).finish()),
      /tensor 'w'.*raw_data has 8 bytes; float32\[3\] needs 12/,
    ],
    [
      'garbage inside a node',
      new MessageWriter().message(7, new MessageWriter().bytes(1, Uint8Array.from([0x0a, 0x7f, 0x01]))).finish(),
      /node #0: field 1 claims 127 bytes but only 1 remain/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(`${what} → ${message.source}`, () => {
      assert.throws(() => readOnnx(bytes), (err: Error) => err instanceof OnnxReadError && message.test(err.message));
    });
  }
});
