// File digests, for checking a download against the checksum its publisher lists. Streams the
// file, so a few hundred MB cost no memory. Free of vscode: unit-tested with local files.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type DigestAlgorithm = 'sha256' | 'sha512';

export interface ExpectedDigest {
  algorithm: DigestAlgorithm;
  /** Hex (any case) or base64, as publishers write them (NuGet: base64 SHA-512). */
  value: string;
}

export class ChecksumError extends Error {
  constructor(file: string, algorithm: DigestAlgorithm, expected: string, actual: string) {
    super(`${file} failed its ${algorithm.toUpperCase()} check: expected ${expected}, got ${actual}. The download was deleted; try again, and report it if it keeps happening.`);
    this.name = 'ChecksumError';
  }
}

export async function fileDigest(file: string, algorithm: DigestAlgorithm): Promise<Buffer> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest();
}

function decode(value: string, bytes: number): Buffer | undefined {
  const v = value.trim();
  if (v.length === bytes * 2 && /^[0-9a-f]+$/i.test(v)) return Buffer.from(v, 'hex');
  const b64 = Buffer.from(v, 'base64');
  return b64.length === bytes ? b64 : undefined;
}

/** Digest lengths in bytes. */
const LENGTH: Record<DigestAlgorithm, number> = { sha256: 32, sha512: 64 };

/** Throws ChecksumError unless the file's digest is the expected one. */
export async function verifyFile(file: string, expected: ExpectedDigest): Promise<void> {
  const want = decode(expected.value, LENGTH[expected.algorithm]);
  if (!want) throw new Error(`"${expected.value}" is not a ${expected.algorithm.toUpperCase()} digest (hex or base64)`);
  const actual = await fileDigest(file, expected.algorithm);
  if (!actual.equals(want)) throw new ChecksumError(file, expected.algorithm, want.toString('hex'), actual.toString('hex'));
}
