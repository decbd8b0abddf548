/**
 * The corpus as a cluster job reads it: each split (train, validation) is one stream of token ids,
 * documents back to back with `separatorId` between them (what our batchers pack), cut into flat
 * binary shards. The format, which the bundle's README repeats for people writing their own
 * loaders:
 *
 *   data/index.json   {"format": "pretrain-lab-token-shards", "version": 1, "dtype": "uint16"|"uint32",
 *                      "byteOrder": "little", "vocabSize", "separatorId", "splitMode",
 *                      "splits": {"train": {"tokens", "documents", "shards": [{"file", "tokens"}]},
 *                                 "val": {...}}}
 *   data/<split>-<n>.bin   tokens × (2 or 4) bytes, no header; shard n+1 continues shard n.
 *
 * uint16 holds ids up to 65535, so a vocabulary of at most 65536 tokens; uint32 anything larger.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../util/errors';
import { packDocuments } from '../data/token-stream';
import { bytesPerToken, dtypeForVocab, type TokenArray, type TokenDtype } from '../data/token-array';

export const SHARD_INDEX_FORMAT = 'pretrain-lab-token-shards';
/** Tokens per shard file: 2^24 (32 MiB of uint16) keeps each file easy to copy and to map. */
export const SHARD_TOKENS = 1 << 24;

export interface ShardIndex {
  format: typeof SHARD_INDEX_FORMAT;
  version: 1;
  dtype: TokenDtype;
  byteOrder: 'little';
  vocabSize: number;
  separatorId: number | null;
  /** How our run held validation data out (token-cache-split.ts): whole documents, or each document's tail. */
  splitMode: 'by-document' | 'tail';
  splits: Record<'train' | 'val', { tokens: number; documents: number; shards: { file: string; tokens: number }[] }>;
}

const DTYPE_LIMIT: Record<TokenDtype, number> = { uint16: 2 ** 16, uint32: 2 ** 32 };

/** The shard dtype for a vocabulary, or the one asked for; refuses one the ids would overflow. */
export function shardDtypeFor(vocabSize: number, requested?: TokenDtype): TokenDtype {
  const dtype = requested ?? dtypeForVocab(vocabSize);
  if (vocabSize > DTYPE_LIMIT[dtype]) {
    const fix = dtype === 'uint16' ? 'leave --dtype out or give --dtype uint32' : 'no shard type holds ids that large';
    throw new InputError(`the model's vocabulary of ${vocabSize} tokens does not fit ${dtype} token shards (ids up to ${DTYPE_LIMIT[dtype] - 1}); ${fix}`);
  }
  return dtype;
}

export interface SplitDocuments {
  mode: ShardIndex['splitMode'];
  train: readonly TokenArray[];
  val: readonly TokenArray[];
}

/** Writes data/ (shards, then index.json) into `dataDir`, which exists and is empty. */
export async function writeTokenShards(
  dataDir: string,
  split: SplitDocuments,
  options: { vocabSize: number; dtype: TokenDtype; separatorId: number | undefined; shardTokens?: number },
): Promise<ShardIndex> {
  const shardTokens = options.shardTokens ?? SHARD_TOKENS;
  const writeSplit = async (name: 'train' | 'val', documents: readonly TokenArray[]) => {
    const stream = packDocuments(documents, options.separatorId);
    const shards: { file: string; tokens: number }[] = [];
    for (let start = 0; start < stream.length || shards.length === 0; start += shardTokens) {
      const ids = stream.subarray(start, Math.min(stream.length, start + shardTokens));
      const file = `${name}-${String(shards.length).padStart(5, '0')}.bin`;
      await writeFile(path.join(dataDir, file), encode(ids, options.dtype));
      shards.push({ file, tokens: ids.length });
    }
    return { tokens: stream.length, documents: documents.filter((d) => d.length > 0).length, shards };
  };
  const index: ShardIndex = {
    format: SHARD_INDEX_FORMAT,
    version: 1,
    dtype: options.dtype,
    byteOrder: 'little',
    vocabSize: options.vocabSize,
    separatorId: options.separatorId ?? null,
    splitMode: split.mode,
    splits: { train: await writeSplit('train', split.train), val: await writeSplit('val', split.val) },
  };
  await writeFile(path.join(dataDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  return index;
}

/** Little-endian bytes of the ids (the machines we run on are little-endian; the cache asserts it). */
function encode(ids: Uint32Array, dtype: TokenDtype): Uint8Array {
  const typed = dtype === 'uint16' ? Uint16Array.from(ids) : Uint32Array.from(ids);
  return new Uint8Array(typed.buffer, 0, ids.length * bytesPerToken(dtype));
}
