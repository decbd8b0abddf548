/**
 * Safetensors-aware mutations: the JSON header mutated structurally and re-framed with a
 * correct length prefix (so the reader gets past the framing to the field checks), or the
 * length prefix alone changed; otherwise plain byte mutations.
 */
import { mutateBytes, mutateJsonValue, type Mutation, type Rng } from './mutate';

export function mutateSafetensors(bytes: Uint8Array, rng: Rng): Mutation {
  const kind = rng.int(3);
  if (kind === 0) return mutateBytes(bytes, rng);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const data = bytes.subarray(8 + headerLength);
  if (kind === 1) {
    const out = bytes.slice();
    const length = [0n, 1n, BigInt(headerLength - 1), BigInt(headerLength + 1), 2n ** 63n, BigInt(bytes.length)][rng.int(6)];
    new DataView(out.buffer).setBigUint64(0, length, true);
    return { bytes: out, what: `header length set to ${length}` };
  }
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const { doc, what } = mutateJsonValue(header, rng);
  const text = new TextEncoder().encode(JSON.stringify(doc) ?? '');
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return { bytes: out, what: `header: ${what}` };
}
