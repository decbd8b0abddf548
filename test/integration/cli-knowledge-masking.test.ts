/**
 * `pretrain --masking identifier` (ERNIE-style knowledge masking) through the real CLI on a
 * masked-LM family, recorded in the checkpoint's hyperparameters; refused with one line and
 * exit 2 for an objective that masks nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, runCli, tempDir } from './cli-helpers';

const SIZES = ['--vocab-size', '300', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16'];
const SMALL_RUN = ['--batch', '8', '--eval-every', '0', '--eval-batches', '1', '--threads', '1', '--steps', '3'];
const TEXT = 'function getUserName(user_id) { return fetchUser(user_id, 3.14); }\nWe flew from New York City to San Francisco.\n';

describe('cli: pretrain --masking identifier', () => {
  let dir: string;
  let corpus: string;
  before(() => {
    buildCliOnce();
    dir = tempDir('pl-knowledge-');
    corpus = path.join(dir, 'corpus.txt');
    writeFileSync(corpus, TEXT.repeat(60));
  });

  for (const arch of ['bert', 'nezha']) {
    it(`pretrains --arch ${arch} with knowledge masking and records it for --resume`, async () => {
      const out = path.join(dir, arch);
      const r = await runCli(['pretrain', corpus, '--out', out, '--arch', arch, '--masking', 'identifier', ...SIZES, ...SMALL_RUN]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(readFileSync(path.join(out, 'training', 'hyperparams.json'), 'utf8')).masking, 'identifier');
    });
  }

  it('refuses --masking identifier for --arch gpt2 (clm) with one line and exit 2, writing nothing', async () => {
    const out = path.join(dir, 'gpt2');
    const r = await runCli(['pretrain', corpus, '--out', out, '--arch', 'gpt2', '--masking', 'identifier', ...SIZES]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /--masking identifier chooses what --objective mlm masks; --objective clm does not take it/);
    assert.ok(!existsSync(out));
  });
});
