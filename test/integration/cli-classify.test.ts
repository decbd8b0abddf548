/**
 * `classify` and `eval --data` with a decoder (GPT-2): each label word is scored by its
 * log-likelihood after the filled template. Character-level, so every label word is several
 * tokens long and the sum of their log-probabilities is exercised. Then the same decoder
 * finetuned into a GPT2ForSequenceClassification folder, classifying with its own head.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, jsonEvents, runCli, tempDir } from './cli-helpers';
import { reviewCorpus, reviewsJsonl, seeded, TEMPLATE, VERBALIZER } from './labelled-helpers';

describe('cli: classify with a prompted decoder', () => {
  let dir: string;
  let gpt2: string;
  before(async () => {
    buildCliOnce();
    dir = tempDir('pl-classify-');
    writeFileSync(path.join(dir, 'corpus.txt'), reviewCorpus(seeded(11)));
    gpt2 = path.join(dir, 'gpt2');
    const args = ['--arch', 'gpt2', '--tokenizer', 'char', '--layers', '2', '--heads', '2', '--dim', '32', '--context', '32', '--batch', '16'];
    const r = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', gpt2, ...args, '--steps', '600', '--lr', '0.005', '--warmup', '20', '--eval-every', '0', '--eval-batches', '2', '--threads', '1']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('scores multi-token label words by their likelihood after the template', async () => {
    const r = await runCli(['classify', gpt2, '--text', 'the show was awful', '--template', TEMPLATE, '--verbalizer', VERBALIZER, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [e] = jsonEvents(r.stdout);
    assert.equal(e.method, 'decoder prompt');
    assert.equal(e.label, 'negative');
    const good = await runCli(['classify', gpt2, '--text', 'the show was lovely', '--template', TEMPLATE, '--verbalizer', VERBALIZER]);
    assert.match(good.stdout, /^0\.\d{4} {2}positive\n/);
  });

  it('evaluates the prompt on labelled data well above the majority class', async () => {
    const data = path.join(dir, 'reviews.jsonl');
    writeFileSync(data, reviewsJsonl(seeded(5), 30));
    const r = await runCli(['eval', gpt2, '--data', data, '--template', TEMPLATE, '--verbalizer', VERBALIZER, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [e] = jsonEvents(r.stdout);
    console.log(`      decoder prompt: accuracy ${e.accuracy}, macro-F1 ${e.macroF1} (majority ${e.majority})`);
    assert.equal(e.majority, 0.6);
    assert.ok((e.accuracy as number) >= 0.9, `accuracy ${e.accuracy}`);
  });

  it('finetunes the decoder into a GPT-2 classifier that classifies held-out reviews with its head', async () => {
    const train = path.join(dir, 'train.jsonl');
    const heldOut = path.join(dir, 'held-out.jsonl');
    writeFileSync(train, reviewsJsonl(seeded(5), 60));
    writeFileSync(heldOut, reviewsJsonl(seeded(9), 30));
    const out = path.join(dir, 'gpt2-classifier');
    const r = await runCli(['finetune', gpt2, '--task', 'classify', '--data', train, '--out', out, '--steps', '30', '--batch', '8', '--lr', '0.002', '--eval-every', '10', '--threads', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const log = jsonEvents(r.stdout).find((e) => e.event === 'log' && /randomly initialised/.test(e.message as string));
    assert.match(log?.message as string, /new, randomly initialised: score\.weight$/);
    const config = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
    assert.deepEqual(config.architectures, ['GPT2ForSequenceClassification']);
    assert.deepEqual(config.id2label, { 0: 'negative', 1: 'positive' });
    assert.equal(config.pad_token_id, 0); // the char tokenizer's <|endoftext|>, which pads the batches

    const c = await runCli(['classify', out, '--text', 'the song was dull', '--json']);
    assert.equal(c.code, 0, c.stderr);
    const [cls] = jsonEvents(c.stdout);
    assert.equal(cls.method, 'finetuned head');
    assert.equal(cls.label, 'negative');
    const e = await runCli(['eval', out, '--data', heldOut, '--json']);
    assert.equal(e.code, 0, e.stderr);
    const [scores] = jsonEvents(e.stdout);
    console.log(`      finetuned GPT-2 head on held-out reviews: accuracy ${scores.accuracy}, macro-F1 ${scores.macroF1} (majority ${scores.majority})`);
    assert.ok((scores.accuracy as number) >= 0.9, `accuracy ${scores.accuracy}`);
    // The folder still generates and shows attention: its tied LM head is the token embeddings.
    const a = await runCli(['attention', out, '--text', 'the car was good', '--out', path.join(dir, 'classifier-attention.html')]);
    assert.equal(a.code, 0, a.stderr);
  });

  it('exits 2 with one line when a decoder is asked for its (missing) classification head', async () => {
    const r = await runCli(['classify', gpt2, '--text', 'hi']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /has no classification head/);
  });
});
