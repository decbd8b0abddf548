import assert from 'node:assert/strict';
import {
  bfloat16ArrayToFloat32,
  bfloat16BitsToFloat32,
  float16ArrayToFloat32,
  float16BitsToFloat32,
  float32ArrayToBfloat16,
  float32ArrayToFloat16,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from '../../../src/modelfile/half';

const isNaNPattern16 = (bits: number) => (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;

describe('half-precision conversions', () => {
  it('F16: every one of the 65,536 patterns survives widening and narrowing', () => {
    for (let bits = 0; bits < 65536; bits++) {
      const back = float32ToFloat16Bits(float16BitsToFloat32(bits));
      if (isNaNPattern16(bits)) assert.ok(isNaNPattern16(back), `NaN 0x${bits.toString(16)} stays NaN`);
      else assert.equal(back, bits, `0x${bits.toString(16)}`);
    }
    const all = new Uint16Array(65536).map((_, i) => i);
    const widened = float16ArrayToFloat32(all);
    for (let bits = 0; bits < 65536; bits++) assert.ok(Object.is(widened[bits], Math.fround(float16BitsToFloat32(bits))));
  });

  it('F16: rounds to nearest, ties to even, as numpy and PyTorch do', () => {
    // Inputs and the bits numpy's float32 → float16 cast gives for them.
    const cases: [number, number][] = [
      [65520, 0x7c00], // rounds up past the largest half: infinity
      [65519.98828125, 0x7bff],
      [5.960464477539063e-8, 0x0001], // smallest subnormal
      [2.9802322387695312e-8, 0x0000], // exactly half of it: tie to even (zero)
      [2.980232594040899e-8, 0x0001], // just above half: up
      [1.00048828125, 0x3c00], // tie between 1 and the next half: even
      [1.00146484375, 0x3c02], // tie: even is up this time
      [-0, 0x8000],
      [1e-10, 0x0000],
      [3.0517578125e-5, 0x0200],
      [6.097555160522461e-5, 0x03ff],
      [0.1, 0x2e66],
      [-123.456, 0xd7b7],
    ];
    assert.deepEqual([...float32ArrayToFloat16(new Float32Array(cases.map(([v]) => v)))], cases.map(([, bits]) => bits));
  });

  it('BF16: rounds to nearest even, keeps NaN and overflows to infinity', () => {
    assert.equal(float32ToBfloat16Bits(1), 0x3f80);
    assert.equal(float32ToBfloat16Bits(1.00390625), 0x3f80, 'tie to even (down)');
    assert.equal(float32ToBfloat16Bits(1.01171875), 0x3f82, 'tie to even (up)');
    assert.equal(float32ToBfloat16Bits(1.00390625 + 2 ** -23), 0x3f81, 'above the tie: up');
    assert.equal(float32ToBfloat16Bits(3.4028234663852886e38), 0x7f80, 'largest float32 rounds to infinity');
    assert.ok(Number.isNaN(bfloat16BitsToFloat32(float32ToBfloat16Bits(NaN))));
    const values = new Float32Array([0.5, -2, 3.140625, -0]);
    assert.deepEqual(bfloat16ArrayToFloat32(float32ArrayToBfloat16(values)), values, 'exactly representable values are kept');
  });
});
