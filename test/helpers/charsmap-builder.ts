/**
 * Reads and writes sentencepiece `precompiled_charsmap` blobs for tests: lists the rules of a
 * real one (walking its darts-clone double array) and compiles rule lists into new ones, so a
 * test can derive `nmt_nfkc` (what T5, ALBERT and XLM-R ship) from a model's `nfkc`, or write a
 * tiny map by hand.
 */

export type CharsMapRules = Map<string, string>;

const OFFSET_BITS = 10;
const HAS_LEAF = 1 << 8;
const VALUE_FLAG = 0x80000000;

const offsetOf = (unit: number) => (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
const labelOf = (unit: number) => (unit & 0x800000ff) >>> 0;

/** Every rule (UTF-8 key → replacement) of a charsmap blob. */
export function readCharsMapRules(blob: Uint8Array): CharsMapRules {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const units = new Uint32Array(view.getUint32(0, true) / 4).map((_, i) => view.getUint32(4 + 4 * i, true));
  const strings = blob.subarray(4 + units.length * 4);
  const decoder = new TextDecoder();
  const rules: CharsMapRules = new Map();
  const walk = (base: number, key: number[]) => {
    for (let c = 1; c < 256; c++) {
      const pos = base ^ c;
      if (pos >= units.length || labelOf(units[pos]) !== c) continue;
      const childBase = pos ^ offsetOf(units[pos]);
      const childKey = [...key, c];
      if (units[pos] & HAS_LEAF) {
        const start = units[childBase] & 0x7fffffff;
        const end = strings.indexOf(0, start);
        rules.set(decoder.decode(Uint8Array.from(childKey)), decoder.decode(strings.subarray(start, end)));
      }
      walk(childBase, childKey);
    }
  };
  walk(offsetOf(units[0]), []);
  return rules;
}

interface BuildNode {
  children: Map<number, BuildNode>;
  value?: number;
}

/**
 * A charsmap blob holding `rules`: [u32 trie bytes][double array][NUL-terminated replacements].
 * Like darts-clone, equal subtrees are stored once (a DAWG), which keeps NFKC's 200k rules small.
 */
export function compileCharsMap(rules: CharsMapRules): Buffer {
  const encoder = new TextEncoder();
  const root: BuildNode = { children: new Map() };
  const strings: number[] = [];
  const offsets = new Map<string, number>();
  for (const [key, replacement] of rules) {
    let node = root;
    for (const byte of encoder.encode(key)) {
      let child = node.children.get(byte);
      if (!child) node.children.set(byte, (child = { children: new Map() }));
      node = child;
    }
    let at = offsets.get(replacement);
    if (at === undefined) {
      offsets.set(replacement, (at = strings.length));
      strings.push(...encoder.encode(replacement), 0);
    }
    node.value = at;
  }
  // Merge equal subtrees: unique[i] is one node, its children given as unique ids.
  const unique: Array<{ value?: number; children: Array<[number, number]> }> = [];
  const idOf = new Map<string, number>();
  const minimize = (node: BuildNode): number => {
    const children = [...node.children].sort((a, b) => a[0] - b[0]).map(([label, child]): [number, number] => [label, minimize(child)]);
    const signature = `${node.value ?? ''}|${children.map(([l, c]) => `${l}:${c}`).join(',')}`;
    let id = idOf.get(signature);
    if (id === undefined) {
      idOf.set(signature, (id = unique.length));
      unique.push({ value: node.value, children });
    }
    return id;
  };
  const rootId = minimize(root);

  const capacity = 1 << 21;
  const units = new Uint32Array(capacity);
  const used = new Uint8Array(capacity);
  const usedBases = new Uint8Array(capacity);
  // nextFree(i): the first free slot at or after i (union-find with path halving over used slots).
  const skip = new Int32Array(capacity + 1);
  for (let i = 0; i <= capacity; i++) skip[i] = i;
  const nextFree = (i: number): number => {
    while (skip[i] !== i) i = skip[i] = skip[skip[i]];
    return i;
  };
  const markUsed = (i: number) => {
    used[i] = 1;
    skip[i] = i + 1;
  };
  markUsed(0);
  let size = 1;
  // Each unique node gets a base no other has, where all its children's slots (and its value's, label 0) are free.
  const baseOf = new Int32Array(unique.length).fill(-1);
  const place = (id: number): number => {
    const node = unique[id];
    const labels = node.children.map(([l]) => l);
    if (node.value !== undefined) labels.unshift(0);
    for (let free = nextFree(1); ; free = nextFree(free + 1)) {
      const base = free ^ labels[0];
      if (base + 256 >= capacity) throw new Error('charsmap too large for this simple builder');
      if (usedBases[base] || labels.some((l) => used[base ^ l])) continue;
      usedBases[base] = 1;
      for (const l of labels) {
        markUsed(base ^ l);
        size = Math.max(size, (base ^ l) + 1);
      }
      return base;
    }
  };
  const queue = [rootId];
  baseOf[rootId] = place(rootId);
  units[0] = (baseOf[rootId] << OFFSET_BITS) >>> 0;
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    const node = unique[id];
    const base = baseOf[id];
    if (node.value !== undefined) units[base] = (node.value | VALUE_FLAG) >>> 0;
    for (const [label, child] of node.children) {
      const childNode = unique[child];
      const pos = base ^ label;
      let unit = label;
      if (childNode.children.length > 0 || childNode.value !== undefined) {
        if (baseOf[child] < 0) {
          baseOf[child] = place(child);
          queue.push(child);
        }
        const offset = pos ^ baseOf[child];
        if (offset >= 1 << 21) throw new Error('charsmap offset too large for this simple builder');
        unit |= offset << OFFSET_BITS;
        if (childNode.value !== undefined) unit |= HAS_LEAF;
      }
      units[pos] = unit >>> 0;
    }
  }
  const length = Math.ceil(size / 256) * 256 + 256;
  const blob = Buffer.alloc(4 + length * 4 + strings.length);
  blob.writeUInt32LE(length * 4, 0);
  for (let i = 0; i < length; i++) blob.writeUInt32LE(units[i], 4 + 4 * i);
  Buffer.from(strings).copy(blob, 4 + length * 4);
  return blob;
}

/**
 * sentencepiece's `nmt_nfkc` from its `nfkc`: control characters removed, other whitespace
 * (tabs, line breaks, no-break and zero-width spaces, `▁`, U+FFFD) made a space, and the
 * full-width tilde kept (builder.cc's BuildNmtNFKCMap).
 */
export function nmtNfkcRules(nfkc: CharsMapRules): CharsMapRules {
  const rules = new Map(nfkc);
  rules.delete('\uff5e');
  const codePoints = (ranges: Array<[number, number]>) => ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i)));
  for (const c of codePoints([[0x01, 0x08], [0x0b, 0x0b], [0x0e, 0x1f], [0x7f, 0x7f], [0x8f, 0x8f], [0x9f, 0x9f]])) rules.set(c, '');
  const spaces: Array<[number, number]> = [[0x09, 0x0a], [0x0c, 0x0d], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200f], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x2581, 0x2581], [0x3000, 0x3000], [0xfeff, 0xfeff], [0xfffd, 0xfffd]];
  for (const c of codePoints(spaces)) rules.set(c, ' ');
  return rules;
}
