/**
 * `--arch roberta` through the real CLI, every command on one tiny model: pretrain (a few
 * steps), fill-mask (with <mask> and with [MASK]), info, attention, eval, finetune --task
 * classify and --task lm, classify with the finetuned head and with a template, and the
 * one-line refusal of an objective RoBERTa does not pretrain with.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { attentionAndEvalRun, familyFixture, finetuneAndClassify, refusal, SMALL_RUN } from './cli-family-helpers';
import { jsonEvents, runCli } from './cli-helpers';

const ROBERTA = ['--arch', 'roberta', '--vocab-size', '300', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16'];

describe('cli: --arch roberta in every command', () => {
  let dir: string;
  let model: string;
  let data: string;
  before(async () => {
    ({ dir, data } = familyFixture('pl-roberta-'));
    model = path.join(dir, 'roberta');
    const p = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', model, ...ROBERTA, ...SMALL_RUN, '--steps', '5']);
    assert.equal(p.code, 0, p.stderr);
  });

  it('pretrains a RobertaForMaskedLM folder with RoBERTa ids, positions and tokenizer', () => {
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    assert.deepEqual([config.model_type, config.architectures, config.pad_token_id, config.max_position_embeddings, config.type_vocab_size], ['roberta', ['RobertaForMaskedLM'], 1, 18, 1]);
    const tokenizer = JSON.parse(readFileSync(path.join(model, 'tokenizer.json'), 'utf8'));
    assert.deepEqual(tokenizer.added_tokens.map((t: { id: number; content: string }) => [t.content, t.id]), [['<s>', 0], ['<pad>', 1], ['</s>', 2], ['<unk>', 3], ['<mask>', 299]]);
    assert.equal(tokenizer.post_processor.type, 'RobertaProcessing');
    assert.equal(JSON.parse(readFileSync(path.join(model, 'tokenizer_config.json'), 'utf8')).tokenizer_class, 'RobertaTokenizer');
  });

  it('fill-mask answers <mask> and [MASK] alike', async () => {
    const answers = [];
    for (const text of ['the car was lovely , so<mask> .', 'the car was lovely , so[MASK] .']) {
      const r = await runCli(['fill-mask', model, '--text', text, '--top-k', '3', '--json']);
      assert.equal(r.code, 0, r.stderr);
      answers.push(jsonEvents(r.stdout)[0].masks);
    }
    assert.equal((answers[0] as unknown[]).length, 1);
    assert.deepEqual(answers[0], answers[1]);
  });

  it('info, attention and eval run on it', async () => {
    const info = await runCli(['info', model]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /roberta \(RobertaForMaskedLM\)/);
    assert.match(info.stdout, /context 16/);
    await attentionAndEvalRun(model, path.join(dir, 'attention.html'), path.join(dir, 'corpus.txt'));
  });

  it('finetunes a RobertaForSequenceClassification head and classifies with it, and with a <mask> template', async () => {
    await finetuneAndClassify({ model, data, out: path.join(dir, 'classifier'), architecture: 'RobertaForSequenceClassification', promptModel: model, template: '{text} , so<mask> .' });
  });

  it('finetunes further as a masked LM (--task lm)', async () => {
    const r = await runCli(['finetune', model, '--task', 'lm', '--corpus', path.join(dir, 'corpus.txt'), '--out', path.join(dir, 'more'), '--steps', '2', ...SMALL_RUN]);
    assert.equal(r.code, 0, r.stderr);
  });

  it('refuses --objective clm with one line and exit 2', async () => {
    assert.match(await refusal(['pretrain', path.join(dir, 'corpus.txt'), '--out', path.join(dir, 'clm'), ...ROBERTA, '--objective', 'clm']), /--objective clm does not fit --arch roberta: roberta pretrains with --objective mlm/);
  });
});
