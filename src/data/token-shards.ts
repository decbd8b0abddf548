/**
 * Binary shard files of the token cache: documents' token ids back to back, no header
 * (the index says where each document starts). A document never straddles two shards.
 */
import * as path from 'node:path';
import { readRegularFile } from '../util/regular-file';
import { writeFileAtomic } from '../util/atomic-write';
import { allocateTokens, bytesPerToken, tokensFromBytes, type TokenArray, type TokenDtype } from './token-array';
import type { ShardEntry } from './token-cache-index';

export const SHARD_PREFIX = 'tokens-g';
export const SHARD_SUFFIX = '.bin';

export interface ShardLocation {
  shard: number;
  offset: number;
}

/** Collects documents and writes a shard whenever `shardTokens` have gathered. */
export class ShardWriter {
  private readonly entries: ShardEntry[] = [];
  private readonly written: TokenArray[] = [];
  private pending: TokenArray[] = [];
  private pendingTokens = 0;

  constructor(
    private readonly directory: string,
    private readonly dtype: TokenDtype,
    private readonly generation: number,
    private readonly shardTokens: number,
  ) {}

  async add(tokens: TokenArray): Promise<ShardLocation> {
    if (this.pendingTokens > 0 && this.pendingTokens + tokens.length > this.shardTokens) await this.flush();
    const location = { shard: this.entries.length, offset: this.pendingTokens };
    this.pending.push(tokens);
    this.pendingTokens += tokens.length;
    return location;
  }

  /** Writes the last shard; returns the shard table and the shards' contents, in order. */
  async finish(): Promise<{ entries: ShardEntry[]; shards: TokenArray[] }> {
    if (this.pendingTokens > 0 || this.entries.length === 0) await this.flush();
    return { entries: this.entries, shards: this.written };
  }

  private async flush(): Promise<void> {
    const shard = allocateTokens(this.dtype, this.pendingTokens);
    let offset = 0;
    for (const tokens of this.pending) {
      shard.set(tokens, offset);
      offset += tokens.length;
    }
    const file = `${SHARD_PREFIX}${this.generation}-${this.entries.length}${SHARD_SUFFIX}`;
    await writeFileAtomic(path.join(this.directory, file), new Uint8Array(shard.buffer, shard.byteOffset, shard.byteLength));
    this.entries.push({ file, tokens: shard.length });
    this.written.push(shard);
    this.pending = [];
    this.pendingTokens = 0;
  }
}

/**
 * Reads every shard of an index, one at a time (a large corpus has many, and opening them all at
 * once could exhaust the open-file limit); throws when one is missing, not a regular file, or of
 * the wrong length.
 */
export async function readShards(directory: string, dtype: TokenDtype, entries: readonly ShardEntry[]): Promise<TokenArray[]> {
  const shards: TokenArray[] = [];
  for (const { file, tokens } of entries) {
    const expected = tokens * bytesPerToken(dtype);
    const bytes = readRegularFile(path.join(directory, file), { maxBytes: expected });
    if (bytes.byteLength !== expected) throw new Error(`token shard ${file} has ${bytes.byteLength} bytes, expected ${expected}`);
    shards.push(tokensFromBytes(dtype, bytes));
  }
  return shards;
}
