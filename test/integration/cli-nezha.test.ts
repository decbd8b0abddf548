/**
 * `--arch nezha` through the real CLI, every command on one tiny model: pretrain (a few steps),
 * fill-mask, info, attention, eval, finetune --task classify, classify with the finetuned head
 * and with a template, and the one-line refusal of an objective NEZHA does not pretrain with.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSafetensors } from '../../src/modelfile/safetensors-reader';
import { buildCliOnce, jsonEvents, runCli, tempDir } from './cli-helpers';
import { reviewCorpus, reviewsJsonl, seeded, VERBALIZER } from './labelled-helpers';

const NEZHA = ['--arch', 'nezha', '--vocab-size', '200', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16'];
const SMALL_RUN = ['--batch', '8', '--eval-every', '0', '--eval-batches', '1', '--threads', '1'];

describe('cli: --arch nezha in every command', () => {
  let dir: string;
  let model: string;
  let data: string;
  before(async () => {
    buildCliOnce();
    dir = tempDir('pl-nezha-');
    const r = seeded(5);
    writeFileSync(path.join(dir, 'corpus.txt'), reviewCorpus(r));
    data = path.join(dir, 'reviews.jsonl');
    writeFileSync(data, reviewsJsonl(r, 40));
    model = path.join(dir, 'nezha');
    const p = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', model, ...NEZHA, ...SMALL_RUN, '--steps', '5']);
    assert.equal(p.code, 0, p.stderr);
  });

  it('pretrains a NezhaForMaskedLM folder: relative positions, no position table', async () => {
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    assert.deepEqual([config.model_type, config.architectures, config.max_position_embeddings, config.max_relative_position], ['nezha', ['NezhaForMaskedLM'], 16, 16]);
    const names = [...(await readSafetensors(path.join(model, 'model.safetensors'))).tensors.keys()];
    assert.ok(names.includes('nezha.encoder.layer.0.attention.self.query.weight') && names.includes('cls.predictions.bias'), names.join(' '));
    assert.ok(!names.some((n) => n.includes('position_embeddings')), names.join(' '));
  });

  it('fill-mask, info, attention and eval run on it', async () => {
    const fill = await runCli(['fill-mask', model, '--text', 'the car was lovely , so [MASK] .', '--top-k', '3', '--json']);
    assert.equal(fill.code, 0, fill.stderr);
    assert.equal((jsonEvents(fill.stdout)[0].masks as unknown[]).length, 1);
    const info = await runCli(['info', model]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /nezha \(NezhaForMaskedLM\)/);
    const attention = await runCli(['attention', model, '--text', 'the car was lovely', '--out', path.join(dir, 'attention.html')]);
    assert.equal(attention.code, 0, attention.stderr);
    const evaluated = await runCli(['eval', model, '--corpus', path.join(dir, 'corpus.txt'), '--threads', '1']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
  });

  it('finetunes a NezhaForSequenceClassification head and classifies with it, and with a [MASK] template', async () => {
    const out = path.join(dir, 'classifier');
    const f = await runCli(['finetune', model, '--task', 'classify', '--data', data, '--out', out, '--steps', '6', '--batch', '8', '--eval-every', '3', '--threads', '1']);
    assert.equal(f.code, 0, f.stderr);
    assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8')).architectures, ['NezhaForSequenceClassification']);
    const head = await runCli(['classify', out, '--text', 'the song was dull', '--json']);
    assert.equal(head.code, 0, head.stderr);
    const prompt = await runCli(['classify', model, '--text', 'the song was dull', '--template', '{text} , so [MASK] .', '--verbalizer', VERBALIZER]);
    assert.equal(prompt.code, 0, prompt.stderr);
  });

  it('refuses --objective clm with one line and exit 2, writing nothing', async () => {
    const out = path.join(dir, 'clm');
    const r = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', out, ...NEZHA, '--objective', 'clm']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /--objective clm does not fit --arch nezha: nezha pretrains with --objective mlm/);
    assert.ok(!existsSync(out));
  });
});
