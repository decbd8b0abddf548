/**
 * `--arch nezha` through the real CLI, every command on one tiny model: pretrain (a few steps),
 * fill-mask, info, attention, eval, finetune --task classify, classify with the finetuned head
 * and with a template, and the one-line refusal of an objective NEZHA does not pretrain with.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSafetensors } from '../../src/modelfile/safetensors-reader';
import { attentionAndEvalRun, familyFixture, finetuneAndClassify, refusal, SMALL_RUN } from './cli-family-helpers';
import { jsonEvents, runCli } from './cli-helpers';

const NEZHA = ['--arch', 'nezha', '--vocab-size', '200', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16'];

describe('cli: --arch nezha in every command', () => {
  let dir: string;
  let model: string;
  let data: string;
  before(async () => {
    ({ dir, data } = familyFixture('pl-nezha-'));
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
    await attentionAndEvalRun(model, path.join(dir, 'attention.html'), path.join(dir, 'corpus.txt'));
  });

  it('finetunes a NezhaForSequenceClassification head and classifies with it, and with a [MASK] template', async () => {
    await finetuneAndClassify({ model, data, out: path.join(dir, 'classifier'), architecture: 'NezhaForSequenceClassification', promptModel: model, template: '{text} , so [MASK] .' });
  });

  it('refuses --objective clm with one line and exit 2, writing nothing', async () => {
    const out = path.join(dir, 'clm');
    assert.match(await refusal(['pretrain', path.join(dir, 'corpus.txt'), '--out', out, ...NEZHA, '--objective', 'clm'], out), /--objective clm does not fit --arch nezha: nezha pretrains with --objective mlm/);
  });
});
