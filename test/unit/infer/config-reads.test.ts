/**
 * config.json is read once per inference request: the job opens the folder (config and family)
 * once and hands the opened model down, so no layer below re-reads it or decides the family again.
 * Reads are counted on node:fs's openSync, through which every config read goes (util/regular-file).
 */
import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inferenceJobHandlers } from '../../../src/jobs/inference-jobs';
import { CONFIG_FILE } from '../../../src/modelfile/layout';
import { saveRandomBertFolder, toyCorpus } from '../../helpers/tiny-bert';

/** Runs `work` and returns how many times it opened a file named config.json. */
async function countConfigOpens(work: () => unknown): Promise<number> {
  const original = fs.openSync;
  let count = 0;
  fs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
    if (path.basename(String(file)) === CONFIG_FILE) count++;
    return (original as (...args: unknown[]) => number)(file, ...rest);
  }) as typeof fs.openSync;
  try {
    await work();
  } finally {
    fs.openSync = original;
  }
  return count;
}

describe('config.json is read once per inference request', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pretrain-lab-config-reads-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  const dir = path.join(root, 'bert');
  before(() => saveRandomBertFolder(dir, toyCorpus(20)));

  it('an attention request on a BERT folder reads it once', async () => {
    const handlers = inferenceJobHandlers();
    let report: unknown;
    const reads = await countConfigOpens(async () => {
      report = await handlers.attentionReport({ dir, name: 'bert', text: 'the cat sees the dog', session: {} }, undefined as never);
    });
    assert.ok((report as { report: { maps: unknown[] } }).report.maps.length > 0, 'the request produced a report');
    assert.equal(reads, 1);
  });

  it('a fill-mask request and a classify request each read it once', async () => {
    const handlers = inferenceJobHandlers();
    const fill = await countConfigOpens(() => handlers.fillMask({ dir, text: 'the cat [MASK] the dog', topK: 2, session: {} }, undefined as never));
    assert.equal(fill, 1, 'fill-mask');
    const prompt = { template: '{text} it was [MASK] .', verbalizer: 'yes=cat,no=dog' };
    const classify = await countConfigOpens(() => handlers.classify({ dir, text: 'the cat sleeps', prompt, session: {} }, undefined as never));
    assert.equal(classify, 1, 'classify');
  });
});
