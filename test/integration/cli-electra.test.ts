/**
 * `--arch electra` through the real CLI, every command on one tiny model: pretrain (replaced-
 * token detection: a discriminator folder with its generator in generator/, bit-identical shared
 * embeddings, both losses and the discriminator's accuracies in progress events, a resume that
 * repeats the uninterrupted run bit for bit), fill-mask on the generator (and its one-line
 * refusal on the discriminator), info, attention on either network, eval, finetune --task
 * classify, classify with the head and with a template on the generator; and the one-line
 * refusals of impossible combinations, which write nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readSafetensors } from '../../src/modelfile/safetensors';
import { familyFixture, finetuneAndClassify, refusal, SMALL_RUN } from './cli-family-helpers';
import { jsonEvents, runCli } from './cli-helpers';
import { TEMPLATE } from './labelled-helpers';

const ELECTRA = ['--arch', 'electra', '--vocab-size', '300', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16'];

describe('cli: --arch electra in every command', () => {
  let dir: string;
  let corpus: string;
  let model: string;
  let generator: string;
  let data: string;
  let progress: Record<string, unknown>[];
  let evaluation: Record<string, unknown>;
  before(async () => {
    ({ dir, corpus, data } = familyFixture('pl-electra-'));
    model = path.join(dir, 'electra');
    generator = path.join(model, 'generator');
    const p = await runCli(['pretrain', corpus, '--out', model, ...ELECTRA, ...SMALL_RUN, '--steps', '4', '--checkpoint-every', '2', '--json']);
    assert.equal(p.code, 0, p.stderr);
    progress = jsonEvents(p.stdout).filter((e) => e.event === 'progress');
    evaluation = jsonEvents(p.stdout).find((e) => e.event === 'eval')!;
  });

  it('pretrains an ElectraForPreTraining folder and a quarter-width ElectraForMaskedLM in generator/', () => {
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    assert.deepEqual([config.model_type, config.architectures, config.hidden_size, config.embedding_size], ['electra', ['ElectraForPreTraining'], 16, 16]);
    const gen = JSON.parse(readFileSync(path.join(generator, 'config.json'), 'utf8'));
    assert.deepEqual([gen.model_type, gen.architectures, gen.hidden_size, gen.intermediate_size, gen.num_hidden_layers, gen.embedding_size], ['electra', ['ElectraForMaskedLM'], 4, 16, 1, 16]);
    for (const file of ['tokenizer.json', 'onnx/model.onnx']) assert.ok(existsSync(path.join(generator, file)), `generator/${file}`);
  });

  it('saves bit-identical shared embedding tensors in both folders, and each network its own HF names', async () => {
    const disc = (await readSafetensors(path.join(model, 'model.safetensors'))).tensors;
    const gen = (await readSafetensors(path.join(generator, 'model.safetensors'))).tensors;
    const shared = [...disc.keys()].filter((n) => n.startsWith('electra.embeddings.'));
    assert.deepEqual(shared.sort(), ['electra.embeddings.LayerNorm.bias', 'electra.embeddings.LayerNorm.weight', 'electra.embeddings.position_embeddings.weight', 'electra.embeddings.token_type_embeddings.weight', 'electra.embeddings.word_embeddings.weight']);
    for (const name of shared) {
      const [a, b] = [disc.get(name)!, gen.get(name)!];
      assert.ok(b, `generator/ lacks ${name}`);
      assert.deepEqual(b.shape, a.shape, name);
      assert.ok(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength)), `${name} differs between the folders`);
    }
    assert.ok(disc.has('discriminator_predictions.dense_prediction.weight') && !disc.has('electra.embeddings_project.weight'));
    assert.ok(gen.has('electra.embeddings_project.weight') && gen.has('generator_predictions.dense.weight') && gen.has('generator_lm_head.bias'));
    assert.ok(![...disc.keys(), ...gen.keys()].some((n) => n.startsWith('generator.')), 'no joint-graph names leak into the folders');
  });

  it('reports both losses and the discriminator accuracy on replaced and original tokens each step, and the generator perplexity', () => {
    assert.equal(progress.length, 4);
    for (const e of progress) {
      const m = e.metrics as Record<string, number>;
      assert.ok(m && ['generatorLoss', 'discriminatorLoss', 'replacedAccuracy', 'originalAccuracy'].every((k) => Number.isFinite(m[k])), JSON.stringify(e));
      assert.ok(Math.abs((e.loss as number) - (m.generatorLoss + 50 * m.discriminatorLoss)) < 1e-3, 'loss = generator loss + 50 × discriminator loss');
    }
    // The joint loss is no log-likelihood: the perplexity reported is the generator's.
    const m = evaluation.metrics as Record<string, number>;
    assert.ok(Math.abs((evaluation.perplexity as number) - Math.exp(m.generatorLoss)) < 1e-6 * Math.exp(m.generatorLoss), JSON.stringify(evaluation));
  });

  it('resumes bit for bit: steps 3-4 after a resume equal the uninterrupted run (the Gumbel noise is drawn from the seeded data position)', async () => {
    const half = path.join(dir, 'half');
    assert.equal((await runCli(['pretrain', corpus, '--out', half, ...ELECTRA, ...SMALL_RUN, '--steps', '2'])).code, 0);
    const resumed = await runCli(['pretrain', corpus, '--out', half, '--resume', '--steps', '4', '--threads', '1', '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const after = jsonEvents(resumed.stdout).filter((e) => e.event === 'progress');
    assert.deepEqual(after.map((e) => [e.step, e.loss, e.metrics]), progress.slice(2).map((e) => [e.step, e.loss, e.metrics]));
  });

  it('fill-mask runs on the generator, and the discriminator folder points at it in one line', async () => {
    const r = await runCli(['fill-mask', generator, '--text', 'the car was lovely , so [MASK] .', '--top-k', '3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((jsonEvents(r.stdout)[0].masks as unknown[]).length, 1);
    const refused = await runCli(['fill-mask', model, '--text', 'the car was [MASK] .']);
    assert.equal(refused.code, 2);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.ok(refused.stderr.includes(generator), refused.stderr);
  });

  it('continued pretraining of the generator alone is refused in one line (it trains only jointly), writing nothing; the top folder continues', async () => {
    const out = path.join(dir, 'generator-lm');
    const refused = await runCli(['finetune', generator, '--task', 'lm', '--corpus', corpus, '--out', out, '--steps', '1', '--threads', '1']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, /generator.*jointly with its discriminator/);
    assert.ok(!existsSync(out), 'nothing written');
    const continued = await runCli(['finetune', model, '--task', 'lm', '--corpus', corpus, '--out', path.join(dir, 'top-lm'), '--steps', '1', '--threads', '1']);
    assert.equal(continued.code, 0, continued.stderr);
  });

  it('info, attention (either network) and eval run on it', async () => {
    const info = await runCli(['info', model]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /electra \(ElectraForPreTraining\)/);
    for (const folder of [model, generator]) {
      const attention = await runCli(['attention', folder, '--text', 'the car was lovely', '--out', path.join(dir, `attention-${path.basename(folder)}.html`)]);
      assert.equal(attention.code, 0, attention.stderr);
    }
    const evaluated = await runCli(['eval', model, '--corpus', corpus, '--threads', '1']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
  });

  it('finetunes an ElectraForSequenceClassification head on the discriminator and classifies with it, and with a [MASK] template on the generator', async () => {
    const out = await finetuneAndClassify({ model, data, out: path.join(dir, 'classifier'), architecture: 'ElectraForSequenceClassification', promptModel: generator, template: TEMPLATE });
    const names = [...(await readSafetensors(path.join(out, 'model.safetensors'))).tensors.keys()];
    assert.ok(names.includes('classifier.dense.weight') && names.includes('classifier.out_proj.weight') && !names.some((n) => n.startsWith('discriminator_predictions')));
  });

  it('refuses --arch gpt2 --objective rtd, a generator wider than its discriminator, and --generator-dim on gpt2, each in one line, writing nothing', async () => {
    const out = path.join(dir, 'refused');
    assert.match(await refusal(['pretrain', corpus, '--out', out, '--arch', 'gpt2', '--objective', 'rtd'], out), /--objective rtd does not fit --arch gpt2/);
    assert.match(await refusal(['pretrain', corpus, '--out', out, ...ELECTRA, '--generator-dim', '32'], out), /--generator-dim 32 is wider than the discriminator \(--dim 16\)/);
    assert.match(await refusal(['pretrain', corpus, '--out', out, '--arch', 'gpt2', '--generator-dim', '8'], out), /--generator-dim is for --arch electra/);
  });
});
