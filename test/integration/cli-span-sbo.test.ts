/**
 * `pretrain --objective span-sbo` (SpanBERT: span masking + the span-boundary head) through the
 * real CLI: the boundary head is trained (its tensors are in the checkpoint under training/) but
 * the model folder is a plain BertForMaskedLM without it, which fill-mask loads; a family that
 * has no boundary head is refused with one line and exit 2.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSafetensors } from '../../src/modelfile/safetensors-reader';
import { TRAINING_HEAD_PREFIX } from '../../src/models/family';
import { buildCliOnce, runCli, tempDir } from './cli-helpers';
import { reviewCorpus, seeded } from './labelled-helpers';

const SIZES = ['--vocab-size', '200', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16'];
const SMALL_RUN = ['--batch', '8', '--eval-every', '0', '--eval-batches', '1', '--threads', '1'];

describe('cli: pretrain --objective span-sbo (SpanBERT)', () => {
  let dir: string;
  let corpus: string;
  before(() => {
    buildCliOnce();
    dir = tempDir('pl-sbo-');
    corpus = path.join(dir, 'corpus.txt');
    writeFileSync(corpus, reviewCorpus(seeded(5)));
  });

  it('trains the boundary head and saves a plain bert BertForMaskedLM folder without it', async () => {
    const model = path.join(dir, 'spanbert');
    const p = await runCli(['pretrain', corpus, '--out', model, '--arch', 'bert', '--objective', 'span-sbo', ...SIZES, ...SMALL_RUN, '--steps', '4']);
    assert.equal(p.code, 0, p.stderr);
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    assert.deepEqual([config.model_type, config.architectures], ['bert', ['BertForMaskedLM']]);
    const saved = [...(await readSafetensors(path.join(model, 'model.safetensors'))).tensors.keys()];
    assert.ok(saved.includes('cls.predictions.bias'), saved.join(' '));
    assert.ok(!saved.some((n) => n.startsWith(TRAINING_HEAD_PREFIX) || n.includes('sbo')), saved.join(' '));
    const trained = [...(await readSafetensors(path.join(model, 'training', 'model.safetensors'))).tensors.keys()];
    assert.ok(trained.some((n) => n.startsWith(`${TRAINING_HEAD_PREFIX}sbo.`)), 'the checkpoint keeps the boundary head for --resume');

    const fill = await runCli(['fill-mask', model, '--text', 'the car was [MASK] .', '--top-k', '3']);
    assert.equal(fill.code, 0, fill.stderr);
    const info = await runCli(['info', model]);
    assert.match(info.stdout, /bert \(BertForMaskedLM\)/);
  });

  it('refuses --objective span-sbo --arch gpt2 with one line and exit 2, writing nothing', async () => {
    const out = path.join(dir, 'gpt2');
    const r = await runCli(['pretrain', corpus, '--out', out, '--arch', 'gpt2', '--objective', 'span-sbo', ...SIZES]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /--objective span-sbo does not fit --arch gpt2: gpt2 pretrains with --objective clm/);
    assert.ok(!existsSync(out));
  });
});
