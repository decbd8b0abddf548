/**
 * The token cache's `index.json`: which shards exist and where each document's tokens lie.
 * It is written last and atomically, so whatever index is on disk describes complete shards.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TokenDtype } from './token-array';

export const INDEX_FILE = 'index.json';
const INDEX_VERSION = 1;

export interface CachedDocument {
  /** Absolute path the tokens came from. */
  path: string;
  /** Path relative to the corpus root; the document's identity across rebuilds. */
  relativePath: string;
  /** SHA-256 of the bytes that were encoded. */
  contentHash: string;
  /** Position in `shards`. */
  shard: number;
  /** First token within the shard. */
  offset: number;
  /** Number of tokens. */
  length: number;
}

export interface ShardEntry {
  /** File name within the cache folder. */
  file: string;
  tokens: number;
}

export interface TokenCacheIndex {
  version: typeof INDEX_VERSION;
  /** SHA-256 of the tokenizer's JSON: a different tokenizer invalidates every document. */
  tokenizerHash: string;
  vocabSize: number;
  dtype: TokenDtype;
  /** Incremented on every rewrite; shard names carry it so a rewrite never touches live shards. */
  generation: number;
  shards: ShardEntry[];
  documents: CachedDocument[];
}

export function newIndex(fields: Omit<TokenCacheIndex, 'version'>): TokenCacheIndex {
  return { version: INDEX_VERSION, ...fields };
}

/** The index in `directory`, or undefined when it is missing, unreadable or from another version. */
export async function readIndex(directory: string): Promise<TokenCacheIndex | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(path.join(directory, INDEX_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const index = parsed as Partial<TokenCacheIndex> | null;
  const wellFormed =
    index?.version === INDEX_VERSION &&
    (index.dtype === 'uint16' || index.dtype === 'uint32') &&
    Array.isArray(index.shards) &&
    Array.isArray(index.documents) &&
    typeof index.tokenizerHash === 'string' &&
    typeof index.generation === 'number';
  return wellFormed ? (index as TokenCacheIndex) : undefined;
}
