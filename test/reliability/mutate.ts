/**
 * A small seeded mutator for fuzzing file loaders. Byte-level mutations (flips, overwrites,
 * truncations, insertions, deletions, duplications) find parser faults in any format; JSON-aware
 * mutations (a field deleted, given the wrong type, a huge or negative number, a hostile path)
 * get past the JSON parser and reach the code that reads fields, where
 * `Cannot read properties of undefined` bugs live. Every case is reproducible from its seed.
 */
import { Rng } from '../../src/util/rng';

export { Rng };

export interface Mutation {
  bytes: Uint8Array;
  /** What was done, for the failure report. */
  what: string;
}

/** Values that break assumptions: type confusions, limits, hostile strings. */
const HOSTILE_VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, -0.5, 1e308, -1e308, 2 ** 53 + 2, 2 ** 31, 4294967296, 1e-320,
  '', 'x', '../../../../etc/passwd', '/etc/passwd', 'C:\\Windows\\system32', '\u0000', '\uFEFF', '🙂'.repeat(3),
  'a'.repeat(5000), [], [null], [1, 2, 3], ['a', 'b'], {}, { a: 1 }, { __proto__: { polluted: true } },
];

const INTERESTING_BYTES = [0x00, 0xff, 0x7f, 0x80, 0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x5c, 0x30, 0x39];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function randomBytes(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => (rng.int(2) === 0 ? pick(rng, INTERESTING_BYTES) : rng.int(256)));
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** One random byte-level mutation. Positions favour the start, where headers live. */
export function mutateBytes(bytes: Uint8Array, rng: Rng): Mutation {
  const n = bytes.length;
  const position = () => (n === 0 ? 0 : rng.int(2) === 0 ? rng.int(Math.min(n, 64)) : rng.int(n));
  const kind = rng.int(7);
  switch (kind) {
    case 0: {
      const out = bytes.slice();
      const flips = 1 + rng.int(4);
      for (let i = 0; i < flips && n > 0; i++) out[position()] ^= 1 << rng.int(8);
      return { bytes: out, what: `${flips} bit flip(s)` };
    }
    case 1: {
      const out = bytes.slice();
      const at = position();
      if (n > 0) out[at] = pick(rng, INTERESTING_BYTES);
      return { bytes: out, what: `byte ${at} overwritten` };
    }
    case 2: {
      const at = rng.int(n + 1);
      return { bytes: bytes.slice(0, at), what: `truncated to ${at} of ${n} bytes` };
    }
    case 3: {
      const at = position();
      const inserted = randomBytes(rng, 1 + rng.int(16));
      return { bytes: splice(bytes, at, 0, inserted), what: `${inserted.length} bytes inserted at ${at}` };
    }
    case 4: {
      const at = position();
      const remove = Math.min(n - at, 1 + rng.int(32));
      return { bytes: splice(bytes, at, remove), what: `${remove} bytes deleted at ${at}` };
    }
    case 5: {
      const at = position();
      const length = Math.min(n - at, 1 + rng.int(64));
      return { bytes: splice(bytes, at, 0, bytes.slice(at, at + length)), what: `${length} bytes duplicated at ${at}` };
    }
    default: {
      const out = bytes.slice();
      const at = position();
      const word = pick(rng, [[0xff, 0xff, 0xff, 0x7f], [0, 0, 0, 0], [0xff, 0xff, 0xff, 0xff], [0x80, 0, 0, 0]]);
      out.set(word.slice(0, Math.max(0, n - at)), at);
      return { bytes: out, what: `4-byte word at ${at} set to ${word}` };
    }
  }
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

/** Every object or array in the document with the path to it, root first. */
function containers(doc: Json, path = '$'): { node: Container; path: string }[] {
  if (typeof doc !== 'object' || doc === null) return [];
  const here = [{ node: doc as Container, path }];
  const children = Array.isArray(doc) ? doc.map((v, i) => [String(i), v] as const) : Object.entries(doc);
  return here.concat(children.flatMap(([k, v]) => containers(v, `${path}.${k}`)));
}

/**
 * One random structural mutation of a JSON document (changed in place). Keys are chosen among
 * the existing ones so that real fields are hit, not invented ones.
 */
export function mutateJsonValue(doc: Json, rng: Rng): { doc: Json; what: string } {
  const all = containers(doc);
  if (all.length === 0 || rng.int(20) === 0) {
    const value = pick(rng, HOSTILE_VALUES);
    return { doc: value, what: `document replaced by ${JSON.stringify(value)?.slice(0, 40)}` };
  }
  // Shallow containers are few but hold the fields loaders read first: weight them up.
  const { node, path } = rng.int(3) === 0 ? all[0] : pick(rng, all);
  const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
  if (keys.length === 0) {
    const value = pick(rng, HOSTILE_VALUES);
    if (Array.isArray(node)) node.push(value);
    else node.injected = value;
    return { doc, what: `${path}: value added to an empty container` };
  }
  const key = pick(rng, keys);
  const record = node as Record<string, Json>;
  const kind = rng.int(6);
  if (kind === 0) {
    if (Array.isArray(node)) node.splice(Number(key), 1);
    else delete record[key];
    return { doc, what: `${path}.${key} deleted` };
  }
  if (kind === 1) {
    const value = record[key];
    const numeric = typeof value === 'number' ? pick(rng, [value * 1e6, -value, value + 0.5, 0, -1, 1e308, 2 ** 40]) : pick(rng, [2 ** 40, -7, 1e308]);
    record[key] = numeric;
    return { doc, what: `${path}.${key} = ${numeric}` };
  }
  if (kind === 2 && Array.isArray(node)) {
    node.reverse();
    return { doc, what: `${path} reversed` };
  }
  if (kind === 3) {
    // Deep nesting: a stack-depth attack on recursive readers.
    let deep: Json = 1;
    for (let i = 0; i < 2000; i++) deep = [deep];
    record[key] = deep;
    return { doc, what: `${path}.${key} nested 2000 deep` };
  }
  const value = pick(rng, HOSTILE_VALUES);
  record[key] = value;
  return { doc, what: `${path}.${key} = ${JSON.stringify(value)?.slice(0, 40)}` };
}

/** A JSON text mutated structurally (and, now and then, serialised with a BOM or truncated). */
export function mutateJsonText(text: string, rng: Rng): Mutation {
  const { doc, what } = mutateJsonValue(JSON.parse(text.replace(/^\uFEFF/, '')), rng);
  let out = JSON.stringify(doc, null, rng.int(2) === 0 ? 2 : undefined) ?? 'undefined';
  let extra = '';
  if (rng.int(10) === 0) {
    out = '\uFEFF' + out;
    extra = ' with a BOM';
  }
  return { bytes: new TextEncoder().encode(out), what: what + extra };
}

/** Half byte-level, half JSON-aware: both the parser and the field readers get exercised. */
export function mutateJsonFile(bytes: Uint8Array, rng: Rng): Mutation {
  if (rng.int(2) === 0) return mutateBytes(bytes, rng);
  return mutateJsonText(new TextDecoder().decode(bytes), rng);
}

/** JSON Lines: one line mutated as JSON, or the bytes of the whole file. */
export function mutateJsonLines(bytes: Uint8Array, rng: Rng): Mutation {
  const lines = new TextDecoder().decode(bytes).split('\n');
  const filled = lines.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '');
  if (rng.int(2) === 0 || filled.length === 0) return mutateBytes(bytes, rng);
  const [line, index] = pick(rng, filled);
  const { bytes: mutated, what } = mutateJsonText(line, rng);
  lines[index] = new TextDecoder().decode(mutated).replace(/\n/g, ' ');
  return { bytes: new TextEncoder().encode(lines.join('\n')), what: `line ${index + 1}: ${what}` };
}
