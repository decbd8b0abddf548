/**
 * `--arch xlm` through the real CLI, every command on one tiny model: pretrain (a few steps,
 * plain mlm), fill-mask (with <special1>, [MASK] and <mask>), info, attention, eval, finetune
 * --task classify and --task lm, classify with the finetuned head and with a template, and the one-line
 * refusal of an objective XLM does not pretrain with. The folder is HF's XLMWithLMHeadModel with
 * two languages (code, text); its onnx/model.onnx takes no `langs` (every token in lang_id, the text
 * language), so every command feeds input_ids and attention_mask only.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { attentionAndEvalRun, familyFixture, finetuneAndClassify, refusal, SMALL_RUN } from './cli-family-helpers';
import { jsonEvents, runCli } from './cli-helpers';

const XLM = ['--arch', 'xlm', '--vocab-size', '300', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '16'];

describe('cli: --arch xlm in every command', () => {
  let dir: string;
  let model: string;
  let data: string;
  before(async () => {
    ({ dir, data } = familyFixture('pl-xlm-'));
    model = path.join(dir, 'xlm');
    const p = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', model, ...XLM, ...SMALL_RUN, '--steps', '5']);
    assert.equal(p.code, 0, p.stderr);
  });

  it('pretrains an XLMWithLMHeadModel folder with two languages and XLM special tokens', () => {
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    assert.deepEqual([config.model_type, config.architectures, config.n_langs, config.lang2id, config.lang_id, config.emb_dim, config.n_layers, config.n_heads], ['xlm', ['XLMWithLMHeadModel'], 2, { code: 0, text: 1 }, 1, 16, 1, 2]);
    assert.deepEqual([config.bos_index, config.eos_index, config.pad_index, config.unk_index, config.mask_index, config.pad_token_id], [0, 1, 2, 3, 4, 2]);
    const tokenizer = JSON.parse(readFileSync(path.join(model, 'tokenizer.json'), 'utf8'));
    assert.deepEqual(tokenizer.added_tokens.map((t: { id: number; content: string }) => [t.content, t.id]), [['<s>', 0], ['</s>', 1], ['<pad>', 2], ['<unk>', 3], ['<special1>', 4]]);
    assert.equal(JSON.parse(readFileSync(path.join(model, 'tokenizer_config.json'), 'utf8')).tokenizer_class, 'PreTrainedTokenizerFast');
  });

  it('fill-mask answers <special1>, [MASK] and <mask> alike', async () => {
    const answers = [];
    for (const text of ['the car was lovely , so<special1> .', 'the car was lovely , so[MASK] .', 'the car was lovely , so<mask> .']) {
      const r = await runCli(['fill-mask', model, '--text', text, '--top-k', '3', '--json']);
      assert.equal(r.code, 0, r.stderr);
      answers.push(jsonEvents(r.stdout)[0].masks);
    }
    assert.equal((answers[0] as unknown[]).length, 1);
    assert.deepEqual(answers[0], answers[1]);
    assert.deepEqual(answers[0], answers[2]);
  });

  it('info, attention and eval run on it', async () => {
    const info = await runCli(['info', model]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /xlm \(XLMWithLMHeadModel\)/);
    assert.match(info.stdout, /context 16/);
    await attentionAndEvalRun(model, path.join(dir, 'attention.html'), path.join(dir, 'corpus.txt'));
  });

  it('finetunes an XLMForSequenceClassification head and classifies with it, and with a mask template', async () => {
    await finetuneAndClassify({ model, data, out: path.join(dir, 'classifier'), architecture: 'XLMForSequenceClassification', promptModel: model, template: '{text} , so[MASK] .' });
  });

  it('finetunes further as a masked LM (--task lm)', async () => {
    const r = await runCli(['finetune', model, '--task', 'lm', '--corpus', path.join(dir, 'corpus.txt'), '--out', path.join(dir, 'more'), '--steps', '2', ...SMALL_RUN]);
    assert.equal(r.code, 0, r.stderr);
  });

  it('refuses --objective clm with one line and exit 2', async () => {
    assert.match(await refusal(['pretrain', path.join(dir, 'corpus.txt'), '--out', path.join(dir, 'clm'), ...XLM, '--objective', 'clm']), /--objective clm does not fit --arch xlm: xlm pretrains with --objective mlm/);
  });
});
