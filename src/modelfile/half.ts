/**
 * Conversions between float32 and the two 16-bit float formats found in checkpoints:
 * IEEE 754 half (F16: 1 sign, 5 exponent, 10 mantissa bits) and bfloat16 (BF16: the top 16
 * bits of a float32). Narrowing rounds to nearest, ties to even, as PyTorch's `.half()` and
 * `.bfloat16()` do, so a value written here reads back in PyTorch exactly as if PyTorch had
 * converted it.
 */

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

export function float32ToFloat16Bits(value: number): number {
  scratchF32[0] = value;
  const bits = scratchU32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >>> 13) : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;

  if (halfExponent <= 0) {
    // Subnormal half: value = m × 2^-24, so shift the full 24-bit significand right.
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    return sign | roundShiftRightEven(mantissa, shift);
  }
  // A carry out of the mantissa rolls into the exponent, which is the correct rounding
  // (up to infinity at the top of the range).
  return sign | roundShiftRightEven((halfExponent << 23) | mantissa, 13);
}

function roundShiftRightEven(value: number, shift: number): number {
  const kept = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return remainder > halfway || (remainder === halfway && (kept & 1) === 1) ? kept + 1 : kept;
}

export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

export function float32ToBfloat16Bits(value: number): number {
  scratchF32[0] = value;
  const bits = scratchU32[0];
  // Keep NaN a NaN: rounding could carry its mantissa into the exponent and make it infinite.
  if ((bits & 0x7fffffff) > 0x7f800000) return (bits >>> 16) | 0x40;
  return (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
}

export function bfloat16BitsToFloat32(bits: number): number {
  scratchU32[0] = bits << 16;
  return scratchF32[0];
}

// F16 has only 65,536 patterns: a table makes decoding a large checkpoint one lookup per value.
let float16Table: Float32Array | undefined;

export function float16ArrayToFloat32(bits: Uint16Array): Float32Array {
  if (!float16Table) {
    float16Table = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) float16Table[i] = float16BitsToFloat32(i);
  }
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16Table[bits[i]];
  return out;
}

export function bfloat16ArrayToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) outBits[i] = bits[i] << 16;
  return out;
}

export function float32ArrayToFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i]);
  return out;
}

export function float32ArrayToBfloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToBfloat16Bits(values[i]);
  return out;
}
