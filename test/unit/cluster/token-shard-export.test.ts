// The bundle's token shards: the dtype chosen by vocabulary size (and refused when too narrow), and
// each split's documents packed with the separator and cut into shards that concatenate back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../../src/util/errors';
import { shardDtypeFor, writeTokenShards } from '../../../src/cluster/token-shard-export';

describe('cluster token shards', () => {
  it('uses uint16 up to 65,536 tokens, uint32 above, and refuses uint16 for a larger vocabulary', () => {
    assert.equal(shardDtypeFor(65_536), 'uint16');
    assert.equal(shardDtypeFor(65_537), 'uint32');
    assert.equal(shardDtypeFor(100, 'uint32'), 'uint32');
    assert.throws(() => shardDtypeFor(70_000, 'uint16'), (e: unknown) => e instanceof InputError && /70000 tokens does not fit uint16/.test(e.message));
  });

  for (const dtype of ['uint16', 'uint32'] as const) {
    it(`writes ${dtype} shards that concatenate to the packed documents, as index.json says`, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pl-shards-'));
      try {
        const train = [Uint16Array.from([1, 2, 3]), Uint16Array.from([]), Uint16Array.from([4, 5])];
        const val = [Uint16Array.from([6, 7])];
        const index = await writeTokenShards(dir, { mode: 'by-document', train, val }, { vocabSize: 10, dtype, separatorId: 9, shardTokens: 4 });
        assert.deepEqual(index.splits.train, { tokens: 6, documents: 2, shards: [{ file: 'train-00000.bin', tokens: 4 }, { file: 'train-00001.bin', tokens: 2 }] });
        const read = (file: string) => {
          const bytes = readFileSync(path.join(dir, file));
          return Array.from(dtype === 'uint16' ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2) : new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
        };
        assert.deepEqual(index.splits.train.shards.flatMap((s) => read(s.file)), [1, 2, 3, 9, 4, 5]);
        assert.deepEqual(read(index.splits.val.shards[0].file), [6, 7]);
        assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')), index);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
