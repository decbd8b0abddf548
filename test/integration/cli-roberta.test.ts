/**
 * `--arch roberta` through the real CLI, every command on one tiny model: pretrain (a few
 * steps), fill-mask (with <mask> and with [MASK]), info, attention, eval, finetune --task
 * classify and --task lm, classify with the finetuned head and with a template, and the
 * one-line refusal of an objective RoBERTa does not pretrain with.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, jsonEvents, runCli, tempDir } from './cli-helpers';
import { reviewCorpus, reviewsJsonl, seeded, VERBALIZER } from './labelled-helpers';

const ROBERTA = ['--arch', 'roberta', '--vocab-size', '300', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16'];
const SMALL_RUN = ['--batch', '8', '--eval-every', '0', '--eval-batches', '1', '--threads', '1'];

describe('cli: --arch roberta in every command', () => {
  let dir: string;
  let model: string;
  let data: string;
  before(async () => {
    buildCliOnce();
    dir = tempDir('pl-roberta-');
    const r = seeded(5);
    writeFileSync(path.join(dir, 'corpus.txt'), reviewCorpus(r));
    data = path.join(dir, 'reviews.jsonl');
    writeFileSync(data, reviewsJsonl(r, 40));
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
    const attention = await runCli(['attention', model, '--text', 'the car was lovely', '--out', path.join(dir, 'attention.html')]);
    assert.equal(attention.code, 0, attention.stderr);
    const evaluated = await runCli(['eval', model, '--corpus', path.join(dir, 'corpus.txt'), '--threads', '1']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
  });

  it('finetunes a RobertaForSequenceClassification head and classifies with it, and with a <mask> template', async () => {
    const out = path.join(dir, 'classifier');
    const f = await runCli(['finetune', model, '--task', 'classify', '--data', data, '--out', out, '--steps', '6', '--batch', '8', '--eval-every', '3', '--threads', '1']);
    assert.equal(f.code, 0, f.stderr);
    assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8')).architectures, ['RobertaForSequenceClassification']);
    const head = await runCli(['classify', out, '--text', 'the song was dull', '--json']);
    assert.equal(head.code, 0, head.stderr);
    const prompt = await runCli(['classify', model, '--text', 'the song was dull', '--template', '{text} , so<mask> .', '--verbalizer', VERBALIZER]);
    assert.equal(prompt.code, 0, prompt.stderr);
  });

  it('finetunes further as a masked LM (--task lm)', async () => {
    const r = await runCli(['finetune', model, '--task', 'lm', '--corpus', path.join(dir, 'corpus.txt'), '--out', path.join(dir, 'more'), '--steps', '2', ...SMALL_RUN]);
    assert.equal(r.code, 0, r.stderr);
  });

  it('refuses --objective clm with one line and exit 2', async () => {
    const r = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', path.join(dir, 'clm'), ...ROBERTA, '--objective', 'clm']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /--objective clm does not fit --arch roberta: roberta pretrains with --objective mlm/);
  });
});
