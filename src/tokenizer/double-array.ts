/**
 * The read side of darts-clone's double-array trie, the structure sentencepiece stores its
 * normalization rules in (a `precompiled_charsmap`): each 32-bit unit holds a label byte, a
 * has-leaf bit and the XOR offset to its children; a leaf's value unit has bit 31 set.
 */
export class DoubleArray {
  constructor(private readonly units: Uint32Array) {}

  /** Values of the keys that are prefixes of `bytes[start…end)`, shortest first. */
  commonPrefixSearch(bytes: Uint8Array, start = 0, end = bytes.length): number[] {
    const results: number[] = [];
    const { units } = this;
    if (units.length === 0) return results;
    let pos = offsetOf(units[0]);
    for (let i = start; i < end; i++) {
      const c = bytes[i];
      if (c === 0) break;
      pos ^= c;
      if (pos >= units.length) break;
      const unit = units[pos];
      if (labelOf(unit) !== c) break;
      pos ^= offsetOf(unit);
      if (hasLeaf(unit) && pos < units.length) results.push(units[pos] & 0x7fffffff);
    }
    return results;
  }
}

const hasLeaf = (unit: number) => ((unit >>> 8) & 1) === 1;
/** Bit 31 belongs to the label so that value units never match a label byte. */
const labelOf = (unit: number) => (unit & 0x800000ff) >>> 0;
/** Offsets of 2^21 and above are stored shifted right by 8 (bit 9 says so). */
const offsetOf = (unit: number) => (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
