/**
 * `--arch albert` through the real CLI, every command on one tiny model: pretrain (a few
 * steps of ALBERT's default mlm+sop, and of plain mlm), fill-mask, info (with its size against a BERT of the same width and depth),
 * attention, eval, finetune --task classify, classify with the finetuned head and with a
 * template, and the one-line refusals of an objective ALBERT does not pretrain with and of
 * sentence-order prediction on a corpus with no text long enough for two segments.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSafetensorsHeader } from '../../src/modelfile/safetensors';
import { attentionAndEvalRun, familyFixture, finetuneAndClassify, refusal, SMALL_RUN } from './cli-family-helpers';
import { jsonEvents, runCli } from './cli-helpers';

const ALBERT = ['--arch', 'albert', '--vocab-size', '300', '--layers', '3', '--heads', '2', '--dim', '32', '--context', '16'];

describe('cli: --arch albert in every command', () => {
  let dir: string;
  let model: string;
  let data: string;
  let pretrainOutput: string;
  before(async () => {
    ({ dir, data } = familyFixture('pl-albert-'));
    model = path.join(dir, 'albert');
    const p = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', model, ...ALBERT, ...SMALL_RUN, '--steps', '5']);
    assert.equal(p.code, 0, p.stderr);
    pretrainOutput = p.stdout + p.stderr;
  });

  it('pretrains with mlm+sop by default: an AlbertForPreTraining folder with factorised embeddings, one shared layer group, pooler and SOP head', async () => {
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    assert.deepEqual(
      [config.model_type, config.architectures, config.embedding_size, config.hidden_size, config.num_hidden_layers, config.num_hidden_groups, config.inner_group_num, config.hidden_act],
      ['albert', ['AlbertForPreTraining'], 8, 32, 3, 1, 1, 'gelu_new'],
    );
    const names = (await readSafetensorsHeader(path.join(model, 'model.safetensors'))).entries.map((e) => e.name);
    for (const name of ['albert.encoder.embedding_hidden_mapping_in.weight', 'albert.encoder.albert_layer_groups.0.albert_layers.0.ffn.weight', 'albert.pooler.weight', 'sop_classifier.classifier.weight', 'predictions.bias']) {
      assert.ok(names.includes(name), `${name} is saved`);
    }
    assert.ok(!names.some((n) => n.includes('albert_layer_groups.1')), 'one group of parameters for the three layers');
    const info = await runCli(['info', model, '--json']);
    assert.equal(JSON.parse(info.stdout).training.objective, 'mlm+sop');
    assert.match(pretrainOutput, /masked accuracy [\d.]+%, sentence-order accuracy [\d.]+%/);
  });

  it('pretrains with plain --objective mlm too', async () => {
    const r = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', path.join(dir, 'mlm'), ...ALBERT, ...SMALL_RUN, '--steps', '2', '--objective', 'mlm']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('refuses mlm+sop on a corpus with no text long enough for two segments, in one line, writing nothing', async () => {
    const corpus = path.join(dir, 'tiny');
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'a.txt'), 'car');
    writeFileSync(path.join(corpus, 'b.txt'), 'song');
    const out = path.join(dir, 'sop-short');
    assert.match(await refusal(['pretrain', corpus, '--out', out, ...ALBERT, ...SMALL_RUN, '--steps', '2'], out), /sentence-order prediction .* no file of the corpus has 2 tokens or more: use a corpus with longer texts, or --objective mlm/);
  });

  it('fill-mask runs on it', async () => {
    const r = await runCli(['fill-mask', model, '--text', 'the car was lovely , so [MASK] .', '--top-k', '3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((jsonEvents(r.stdout)[0].masks as unknown[]).length, 1);
  });

  it('info states its parameters and size against a BERT of the same width and depth; attention and eval run', async () => {
    const info = await runCli(['info', model]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /albert \(AlbertForPreTraining\)/);
    const line = info.stdout.split('\n').find((l) => l.startsWith('ALBERT: '));
    assert.ok(line, info.stdout);
    const [ours, bert] = [...line.matchAll(/([\d,]+) params/g)].map((m) => Number(m[1].replace(/,/g, '')));
    assert.match(line, /a BERT of this width and depth: [\d,]+ params/);
    assert.ok(ours < bert, `ALBERT ${ours} must be smaller than BERT ${bert}`);
    const json = await runCli(['info', model, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.comparison.parameters, bert);
    await attentionAndEvalRun(model, path.join(dir, 'attention.html'), path.join(dir, 'corpus.txt'));
  });

  it('finetunes an AlbertForSequenceClassification head and classifies with it, and with a [MASK] template', async () => {
    await finetuneAndClassify({ model, data, out: path.join(dir, 'classifier'), architecture: 'AlbertForSequenceClassification', promptModel: model, template: '{text} , so [MASK] .' });
  });

  it('refuses --objective clm with one line and exit 2, writing nothing', async () => {
    const out = path.join(dir, 'clm');
    assert.match(await refusal(['pretrain', path.join(dir, 'corpus.txt'), '--out', out, ...ALBERT, '--objective', 'clm'], out), /--objective clm does not fit --arch albert: albert pretrains with --objective mlm\+sop or --objective mlm/);
  });

  it('refuses mlm+sop for a family without a sentence-order head, and a context too short for a segment pair, in one line', async () => {
    const cases: [string[], RegExp][] = [
      [['--arch', 'bert', '--vocab-size', '300', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16', '--objective', 'mlm+sop'], /--objective mlm\+sop does not fit --arch bert: bert pretrains with --objective mlm/],
      [[...ALBERT.slice(0, -2), '--context', '4'], /--context 4 is too short for sentence-order prediction: a row holds \[CLS\] A \[SEP\] B \[SEP\], so use --context 5 or more/],
    ];
    for (const [args, message] of cases) {
      const out = path.join(dir, 'refused');
      assert.match(await refusal(['pretrain', path.join(dir, 'corpus.txt'), '--out', out, ...args, ...SMALL_RUN, '--steps', '2'], out), message);
    }
  });
});
