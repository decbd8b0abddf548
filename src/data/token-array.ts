/**
 * Token ids as stored: 16-bit when the vocabulary fits, else 32-bit, halving the cache and
 * the memory of typical small-vocabulary runs.
 */
import * as os from 'node:os';

export type TokenArray = Uint16Array | Uint32Array;
export type TokenDtype = 'uint16' | 'uint32';

export function dtypeForVocab(vocabSize: number): TokenDtype {
  return vocabSize <= 65536 ? 'uint16' : 'uint32';
}

export function bytesPerToken(dtype: TokenDtype): number {
  return dtype === 'uint16' ? 2 : 4;
}

export function allocateTokens(dtype: TokenDtype, length: number): TokenArray {
  return dtype === 'uint16' ? new Uint16Array(length) : new Uint32Array(length);
}

/** Typed arrays use the machine's byte order; shards are little-endian on disk. */
export function assertLittleEndian(): void {
  if (os.endianness() !== 'LE') throw new Error('token cache shards are little-endian; this machine is big-endian');
}

/** Reinterprets shard bytes as token ids, copying only when the bytes are misaligned. */
export function tokensFromBytes(dtype: TokenDtype, bytes: Uint8Array): TokenArray {
  const width = bytesPerToken(dtype);
  if (bytes.byteLength % width !== 0) throw new Error(`shard of ${bytes.byteLength} bytes is not a whole number of ${dtype} tokens`);
  const aligned = bytes.byteOffset % width === 0 ? bytes : bytes.slice();
  const length = aligned.byteLength / width;
  return dtype === 'uint16'
    ? new Uint16Array(aligned.buffer, aligned.byteOffset, length)
    : new Uint32Array(aligned.buffer, aligned.byteOffset, length);
}
