/**
 * The corpus encoded once into binary shards plus `index.json`. A rebuild re-encodes only the
 * documents whose content hash changed (or that are new), copies the others' tokens from the
 * previous shards, and drops documents that are gone. New shards carry a new generation number,
 * the index is renamed into place last and old shards are deleted after, so a crash at any
 * moment leaves either the old cache or the new one, never a mix.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Tokenizer } from '../tokenizer/types';
import { isAtomicWriteLeftover, writeFileAtomic } from '../util/atomic-write';
import { readCorpusText } from './corpus-read';
import { DEFAULT_SCAN_OPTIONS, type CorpusFile } from './corpus-types';
import { allocateTokens, assertLittleEndian, dtypeForVocab, type TokenArray, type TokenDtype } from './token-array';
import { INDEX_FILE, newIndex, readIndex, type CachedDocument, type TokenCacheIndex } from './token-cache-index';
import { splitCorpus, type CorpusSplit, type SplitOptions } from './token-cache-split';
import { readShards, SHARD_PREFIX, SHARD_SUFFIX, ShardWriter } from './token-shards';

export interface TokenCacheOptions {
  /** Folder that holds the shards and index (created when missing). */
  directory: string;
  /** A shard is closed once it holds this many tokens (default 2^24: 32 MiB of uint16). */
  shardTokens?: number;
  /** A file that grew past this since the scan is left out (default: the scan's default cap). */
  maxFileBytes?: number;
  signal?: AbortSignal;
}

export interface TokenCacheBuildStats {
  /** Documents tokenized in this build. */
  encoded: number;
  /** Documents whose tokens were taken from the previous cache. */
  reused: number;
  /** Documents of the previous cache that are no longer in the corpus. */
  removed: number;
  /** Files that could not be read or decoded (e.g. deleted since the scan), and why; left out of the cache. */
  unreadable: { relativePath: string; detail: string }[];
  /** False when nothing changed and the cache on disk was left untouched. */
  rewritten: boolean;
}

const DEFAULT_SHARD_TOKENS = 1 << 24;

export class TokenCache {
  constructor(
    readonly directory: string,
    readonly index: TokenCacheIndex,
    private readonly shards: readonly TokenArray[],
  ) {}

  get documents(): readonly CachedDocument[] {
    return this.index.documents;
  }

  get totalTokens(): number {
    return this.index.shards.reduce((n, s) => n + s.tokens, 0);
  }

  /** The tokens of document `i` (a view into its shard, not a copy). */
  tokens(i: number): TokenArray {
    const { shard, offset, length } = this.index.documents[i];
    return this.shards[shard].subarray(offset, offset + length);
  }

  split(options: SplitOptions = {}): CorpusSplit {
    return splitCorpus(this.documents.map((d, i) => ({ relativePath: d.relativePath, tokens: this.tokens(i) })), options);
  }
}

/** Opens an existing cache; throws when there is none or it is damaged. */
export async function openTokenCache(directory: string): Promise<TokenCache> {
  assertLittleEndian();
  const index = await readIndex(directory);
  if (!index) throw new Error(`no token cache in ${directory}`);
  return new TokenCache(directory, index, await readShards(directory, index.dtype, index.shards));
}

export async function buildTokenCache(
  files: readonly CorpusFile[],
  tokenizer: Tokenizer,
  options: TokenCacheOptions,
): Promise<{ cache: TokenCache; stats: TokenCacheBuildStats }> {
  assertLittleEndian();
  const { directory } = options;
  await fs.mkdir(directory, { recursive: true });
  const tokenizerHash = hashTokenizer(tokenizer);
  const dtype = dtypeForVocab(tokenizer.vocabSize);
  const previous = await openCompatible(directory, tokenizerHash, dtype);

  if (previous && describesSameFiles(previous.documents, files)) {
    const stats = { encoded: 0, reused: files.length, removed: 0, unreadable: [], rewritten: false };
    return { cache: previous, stats };
  }

  const previousByPath = new Map(previous?.documents.map((d, i) => [d.relativePath, i]));
  const generation = (previous?.index.generation ?? 0) + 1;
  const writer = new ShardWriter(directory, dtype, generation, options.shardTokens ?? DEFAULT_SHARD_TOKENS);
  const documents: CachedDocument[] = [];
  const stats: TokenCacheBuildStats = { encoded: 0, reused: 0, removed: 0, unreadable: [], rewritten: true };

  for (const file of files) {
    options.signal?.throwIfAborted();
    const previousIndex = previousByPath.get(file.relativePath);
    let tokens: TokenArray;
    let contentHash = file.contentHash;
    if (previous && previousIndex !== undefined && previous.documents[previousIndex].contentHash === file.contentHash) {
      tokens = previous.tokens(previousIndex);
      stats.reused++;
    } else {
      const read = readCorpusText(file.path, { maxBytes: options.maxFileBytes ?? DEFAULT_SCAN_OPTIONS.maxFileBytes });
      if (!read.ok) {
        stats.unreadable.push({ relativePath: file.relativePath, detail: read.detail });
        continue;
      }
      // The file may have changed since the scan: record the hash of what was actually encoded.
      contentHash = createHash('sha256').update(read.value.bytes).digest('hex');
      tokens = toTokenArray(tokenizer.encode(read.value.text), dtype, tokenizer.vocabSize, file.relativePath);
      stats.encoded++;
    }
    const { shard, offset } = await writer.add(tokens);
    documents.push({ path: file.path, relativePath: file.relativePath, contentHash, shard, offset, length: tokens.length });
  }
  const kept = new Set(files.map((f) => f.relativePath));
  stats.removed = previous ? previous.documents.filter((d) => !kept.has(d.relativePath)).length : 0;

  const { entries, shards } = await writer.finish();
  const index = newIndex({ tokenizerHash, vocabSize: tokenizer.vocabSize, dtype, generation, shards: entries, documents });
  await writeFileAtomic(path.join(directory, INDEX_FILE), JSON.stringify(index));
  await removeStaleFiles(directory, new Set(entries.map((e) => e.file)));
  return { cache: new TokenCache(directory, index, shards), stats };
}

/** The previous cache when it was built by the same tokenizer and is intact; else undefined (rebuild). */
async function openCompatible(directory: string, tokenizerHash: string, dtype: TokenDtype): Promise<TokenCache | undefined> {
  const index = await readIndex(directory);
  if (!index || index.tokenizerHash !== tokenizerHash || index.dtype !== dtype) return undefined;
  try {
    return new TokenCache(directory, index, await readShards(directory, index.dtype, index.shards));
  } catch {
    return undefined;
  }
}

function describesSameFiles(documents: readonly CachedDocument[], files: readonly CorpusFile[]): boolean {
  return (
    documents.length === files.length &&
    documents.every((d, i) => d.relativePath === files[i].relativePath && d.path === files[i].path && d.contentHash === files[i].contentHash)
  );
}

function hashTokenizer(tokenizer: Tokenizer): string {
  return createHash('sha256').update(JSON.stringify(tokenizer.toJSON())).digest('hex');
}

function toTokenArray(ids: readonly number[], dtype: TokenDtype, vocabSize: number, source: string): TokenArray {
  const tokens = allocateTokens(dtype, ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    // A narrower array would silently wrap an out-of-range id into a wrong token.
    if (!(id >= 0 && id < vocabSize && Number.isInteger(id))) throw new Error(`tokenizer produced id ${id} outside its vocabulary (${vocabSize}) for ${source}`);
    tokens[i] = id;
  }
  return tokens;
}

/** Deletes shards of earlier generations and temporary files left by interrupted writes. */
async function removeStaleFiles(directory: string, liveShards: ReadonlySet<string>): Promise<void> {
  for (const name of await fs.readdir(directory)) {
    const staleShard = name.startsWith(SHARD_PREFIX) && name.endsWith(SHARD_SUFFIX) && !liveShards.has(name);
    if (staleShard || isAtomicWriteLeftover(name)) await fs.rm(path.join(directory, name), { force: true });
  }
}
