/** The protobuf layer under the writer and reader: int64 varints and packed fields. */
import assert from 'node:assert/strict';
import { MessageWriter, asInt64, decodeFields, decodePackedVarints } from '../../../src/graph/protobuf';

describe('protobuf encoding', () => {
  const ints: [number | bigint, number][] = [
    [0, 2],
    [1, 2],
    [127, 2],
    [128, 3],
    [2 ** 40, 7],
    [-1, 11], // negative int64: ten varint bytes (two's complement) plus the tag
    [-(2 ** 40), 11],
    [-(2n ** 63n), 11],
    [2n ** 63n - 1n, 10],
  ];
  for (const [v, size] of ints) {
    it(`int64 ${v} takes ${size} bytes with its tag and decodes back`, () => {
      const bytes = new MessageWriter().int(3, v).finish();
      assert.equal(bytes.length, size);
      const [f] = decodeFields(bytes);
      assert.equal(f.field, 3);
      assert.equal(BigInt.asIntN(64, f.varint as bigint), BigInt(v));
      if (typeof v === 'number') assert.equal(asInt64(f.varint), v);
    });
  }

  it('writes -1 as ff ff ff ff ff ff ff ff ff 01', () => {
    assert.deepEqual(Array.from(new MessageWriter().int(1, -1).finish()), [0x08, ...Array(9).fill(0xff), 0x01]);
  });

  it('packs repeated ints (negatives included) into one length-delimited field', () => {
    const values = [0, -1, 300, -(2 ** 40), 5];
    const fields = decodeFields(new MessageWriter().packedInts(8, values).finish());
    assert.equal(fields.length, 1);
    assert.equal(fields[0].wire, 2);
    assert.equal(fields[0].bytes?.length, 1 + 10 + 2 + 10 + 1);
    assert.deepEqual(decodePackedVarints(fields[0].bytes as Uint8Array).map(asInt64), values);
  });

  it('packs floats as little-endian float32', () => {
    const [f] = decodeFields(new MessageWriter().packedFloats(7, [1.5, -2]).finish());
    const view = new DataView(f.bytes!.buffer, f.bytes!.byteOffset, 8);
    assert.deepEqual([view.getFloat32(0, true), view.getFloat32(4, true)], [1.5, -2]);
  });

  it('nests messages with the right lengths', () => {
    const inner = new MessageWriter().string(1, 'héllo').int(2, -3);
    const [outer] = decodeFields(new MessageWriter().message(4, inner).finish());
    const fields = decodeFields(outer.bytes as Uint8Array);
    assert.equal(new TextDecoder().decode(fields[0].bytes), 'héllo');
    assert.equal(asInt64(fields[1].varint), -3);
  });

  it('rejects varints longer than ten bytes and truncated ones', () => {
    assert.throws(() => decodeFields(Uint8Array.from([0x08, ...Array(11).fill(0xff), 0x01])), /longer than 10 bytes/);
    assert.throws(() => decodeFields(Uint8Array.from([0x08, 0xff])), /truncated varint/);
  });
});
