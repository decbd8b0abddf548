/**
 * Large model.safetensors files (sparse, so no disk is used): one over the Node.js buffer limit
 * is refused with a line saying so, and one with a broken header is refused after reading its
 * header only — not after reading gigabytes of tensor data first.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, truncateSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/util/errors';
import { readSafetensors, readSafetensorsHeader } from '../../src/modelfile/safetensors';
import { ROOT, tempDir } from '../integration/cli-helpers';

const GiB = 1024 ** 3;

/** A sparse file of `size` bytes that starts with a safetensors header (`json`, padded). */
function sparseSafetensors(file: string, size: number, json: object): void {
  const header = Buffer.from(JSON.stringify(json));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(header.length));
  const fd = openSync(file, 'w');
  writeSync(fd, Buffer.concat([prefix, header]));
  closeSync(fd);
  truncateSync(file, size);
}

/** A header whose one U8 tensor fills a file of `size` bytes exactly: a valid file, only large. */
function oneTensorFilling(size: number) {
  let bytes = size;
  let json = { w: { dtype: 'U8', shape: [bytes], data_offsets: [0, bytes] } };
  // The header's length depends on the digits of the tensor's size: settle both (two rounds do).
  for (let round = 0; round < 3; round++) {
    bytes = size - 8 - Buffer.byteLength(JSON.stringify(json));
    json = { w: { dtype: 'U8', shape: [bytes], data_offsets: [0, bytes] } };
  }
  return json;
}

describe('reliability: large model.safetensors files', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = tempDir('pl-weights-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a file over 4 GiB is refused with a line naming the limit; its header can still be read', async () => {
    const file = path.join(dir, 'huge.safetensors');
    const size = 5 * GiB;
    const json = oneTensorFilling(size);
    sparseSafetensors(file, size, json);
    await assert.rejects(readSafetensors(file), (e: Error) => e instanceof InputError && /huge\.safetensors is 5\.0 GiB, more than the 4\.0 GiB/.test(e.message));
    const read = await readSafetensorsHeader(file);
    assert.equal(read.entries[0].end, json.w.data_offsets[1]);
  });

  it('a 3 GB file whose header is wrong is refused without reading its data', () => {
    const file = path.join(dir, 'bad-header.safetensors');
    // The header says one small tensor, so 3 GB belong to no tensor: wrong, and knowable from the header alone.
    sparseSafetensors(file, 3 * 1000 ** 3, { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
    // In a child, so that its peak memory is this load's alone.
    const script = `require('./src/modelfile/safetensors').readSafetensors(${JSON.stringify(file)}).then(
      () => console.log(JSON.stringify({ loaded: true })),
      (e) => console.log(JSON.stringify({ message: e.message, maxRssKb: process.resourceUsage().maxRSS })))`;
    const run = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { message?: string; maxRssKb?: number };
    assert.match(result.message ?? '', /bad-header\.safetensors is not a valid safetensors file: the last \d+ bytes of the data section belong to no tensor/);
    // Reading the data first would have put ~3 GB in memory before the header was checked.
    assert.ok(result.maxRssKb! < 1024 * 1024, `peak memory ${Math.round(result.maxRssKb! / 1024)} MiB: the data was read before the header was checked`);
  });
});
