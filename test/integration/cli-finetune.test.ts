/**
 * `finetune`, `fill-mask`, `classify` and `eval --data` through the real CLI, on a tiny BERT
 * pretrained here on a corpus where the word after ", so" is predictable from the adjective
 * before it ("the car was lovely , so great ."). That one model serves the acceptance checks of
 * issue 5: a prompt-template classifier works on it without finetuning, and a classifier
 * finetuned from it on a small labelled set beats the majority class clearly.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, jsonEvents, runCli, tempDir } from './cli-helpers';
import { reviewCorpus, reviewsJsonl, seeded, TEMPLATE, VERBALIZER } from './labelled-helpers';

const BERT = ['--arch', 'bert', '--vocab-size', '200', '--layers', '2', '--heads', '4', '--dim', '32', '--context', '16', '--threads', '1'];

describe('cli: finetune, fill-mask, classify, eval --data', () => {
  let dir: string;
  let bert: string;
  let data: string;
  before(async () => {
    buildCliOnce();
    dir = tempDir('pl-finetune-');
    const r = seeded(7);
    writeFileSync(path.join(dir, 'corpus.txt'), reviewCorpus(r));
    // 60% positive: always answering "positive" scores 0.6.
    data = path.join(dir, 'reviews.jsonl');
    writeFileSync(data, reviewsJsonl(r, 60));
    writeFileSync(path.join(dir, 'reviews-other.jsonl'), reviewsJsonl(r, 60));
    bert = path.join(dir, 'bert');
    const p = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', bert, ...BERT, '--batch', '32', '--steps', '2000', '--lr', '0.002', '--warmup', '100', '--eval-every', '0', '--eval-batches', '2']);
    assert.equal(p.code, 0, p.stderr);
  });

  it('fill-mask lists the top-k tokens with probabilities', async () => {
    const r = await runCli(['fill-mask', bert, '--text', 'the car was lovely , so [MASK] .', '--top-k', '3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [e] = jsonEvents(r.stdout);
    const [mask] = e.masks as { predictions: { tokenStr: string; score: number }[] }[];
    assert.equal(mask.predictions.length, 3);
    assert.ok(mask.predictions[0].score >= mask.predictions[1].score);
    assert.equal(mask.predictions[0].tokenStr, 'great');
    const text = await runCli(['fill-mask', bert, '--text', 'the car was awful , so [MASK] .', '--top-k', '2']);
    assert.match(text.stdout, /^0\.\d{4} {2}"terrible" {2}the car was awful, so terrible\.$/m);
  });

  it('classifies with a template and verbalizer on the pretrained MLM, without finetuning', async () => {
    const r = await runCli(['eval', bert, '--data', data, '--template', TEMPLATE, '--verbalizer', VERBALIZER, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [e] = jsonEvents(r.stdout);
    console.log(`      prompt classifier: accuracy ${e.accuracy}, macro-F1 ${e.macroF1} (majority ${e.majority})`);
    assert.ok((e.accuracy as number) >= 0.9, `accuracy ${e.accuracy}`);
    const one = await runCli(['classify', bert, '--text', 'the song was dull', '--template', TEMPLATE, '--verbalizer', VERBALIZER]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^0\.\d{4} {2}negative\n0\.\d{4} {2}positive\n$/);
  });

  it('finetunes a classifier that beats the majority class, saves an HF classifier folder, and serves classify and eval', async () => {
    const out = path.join(dir, 'classifier');
    // From the pretrained weights with a fresh head, 30 steps: enough for this data, far from the majority's 0.6.
    const r = await runCli(['finetune', bert, '--task', 'classify', '--data', data, '--out', out, '--steps', '30', '--batch', '8', '--lr', '0.002', '--eval-every', '10', '--threads', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const events = jsonEvents(r.stdout);
    const evals = events.filter((e) => e.event === 'eval');
    assert.deepEqual(evals.map((e) => e.step), [10, 20, 30]);
    const last = evals[2].metrics as { accuracy: number; macroF1: number; examples: number };
    assert.equal(last.examples, 12); // a stratified 20%: 7 of 36 positive, 5 of 24 negative
    const done = events.at(-1)!;
    console.log(`      finetuned: validation accuracy ${last.accuracy}, macro-F1 ${last.macroF1}`);
    assert.equal(done.event, 'done');
    assert.ok(last.accuracy >= 0.9, `accuracy ${last.accuracy}`);
    assert.equal(done.accuracy, last.accuracy);

    const config = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
    assert.deepEqual(config.architectures, ['BertForSequenceClassification']);
    assert.deepEqual(config.id2label, { 0: 'negative', 1: 'positive' });
    assert.deepEqual(config.label2id, { negative: 0, positive: 1 });
    assert.equal(config.num_labels, 2);
    assert.ok(existsSync(path.join(out, 'onnx', 'model.onnx')));

    const c = await runCli(['classify', out, '--text', 'the book was nice', '--json']);
    assert.equal(c.code, 0, c.stderr);
    const [cls] = jsonEvents(c.stdout);
    assert.equal(cls.method, 'finetuned head');
    assert.equal(cls.label, 'positive');
    const probabilities = (cls.scores as { probability: number }[]).map((s) => s.probability);
    assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-6);

    const e = await runCli(['eval', out, '--data', data]);
    assert.equal(e.code, 0, e.stderr);
    const m = /^accuracy (\d+\.\d)%, macro-F1 (\d\.\d{3}) on 60 examples \(majority label: 60\.0%\)$/m.exec(e.stdout);
    assert.ok(m, e.stdout);
    assert.ok(Number(m[1]) >= 90, e.stdout);
  });

  it('continues pretraining from the weights and tokenizer (--task lm)', async () => {
    const out = path.join(dir, 'bert-more');
    const r = await runCli(['finetune', bert, '--task', 'lm', '--corpus', path.join(dir, 'corpus.txt'), '--out', out, '--steps', '5', '--batch', '8', '--eval-every', '0', '--eval-batches', '1', '--threads', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const events = jsonEvents(r.stdout);
    const log = events.find((e) => e.event === 'log');
    assert.match(log?.message as string, /Starting from the weights of .*bert$/);
    // Pretrained, so its first loss is far below an untrained model's ln(vocabulary).
    const first = events.find((e) => e.event === 'progress')!;
    const vocab = (events.find((e) => e.event === 'start')!.vocabSize as number);
    assert.ok((first.loss as number) < 0.6 * Math.log(vocab), `first loss ${first.loss} vs ln V ${Math.log(vocab)}`);
    assert.equal(readFileSync(path.join(out, 'tokenizer.json'), 'utf8'), readFileSync(path.join(bert, 'tokenizer.json'), 'utf8'));
  });

  it('resumes a SIGKILLed finetuning run with the losses of the uninterrupted one', async () => {
    const run = (out: string) => ['finetune', bert, '--task', 'classify', '--data', data, '--out', out, '--steps', '16', '--batch', '8', '--lr', '0.002', '--checkpoint-every', '4', '--eval-every', '8', '--threads', '1', '--json'];
    const losses = (stdout: string) => new Map(jsonEvents(stdout).filter((e) => e.event === 'progress').map((e) => [e.step as number, e.loss as number]));
    const full = await runCli(run(path.join(dir, 'ft-full')));
    assert.equal(full.code, 0, full.stderr);
    const out = path.join(dir, 'ft-killed');
    const killed = await runCli(run(out), {
      onStdoutLine: (line, child) => {
        const e = JSON.parse(line) as { event: string; step: number };
        if (e.event === 'progress' && e.step >= 6) child.kill('SIGKILL');
      },
    });
    assert.equal(killed.signal, 'SIGKILL');
    const resumed = await runCli([...run(out), '--resume']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const start = jsonEvents(resumed.stdout).find((e) => e.event === 'start')!;
    assert.equal(start.resumed, true);
    assert.equal(start.step, 4);
    const expected = losses(full.stdout);
    const after = losses(resumed.stdout);
    assert.deepEqual([...after.keys()], Array.from({ length: 12 }, (_, i) => 5 + i));
    for (const [step, loss] of after) assert.equal(loss, expected.get(step), `step ${step}`);
    const other = await runCli(['finetune', bert, '--task', 'classify', '--data', path.join(dir, 'reviews-other.jsonl'), '--out', out, '--resume']);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /is not the data this run was trained on/);
  });

  const bad: [string, () => string[], RegExp][] = [
    ['finetune without --data', () => ['finetune', bert, '--task', 'classify', '--out', path.join(dir, 'x')], /--task classify needs --data/],
    ['finetune without --task', () => ['finetune', bert, '--data', data, '--out', path.join(dir, 'x')], /--task/],
    ['finetune on a missing model', () => ['finetune', path.join(dir, 'nope'), '--task', 'classify', '--data', data, '--out', path.join(dir, 'x')], /model folder .*nope does not exist/],
    ['finetune on missing data', () => ['finetune', bert, '--task', 'classify', '--data', path.join(dir, 'nope.jsonl'), '--out', path.join(dir, 'x')], /labelled data .*nope\.jsonl does not exist/],
    ['finetune on a single class', () => ['finetune', bert, '--task', 'classify', '--data', write('one.jsonl', '{"text":"a","label":"x"}\n{"text":"b","label":"x"}\n'), '--out', path.join(dir, 'x')], /one\.jsonl: every example has the label 'x'; a classifier needs at least two classes/],
    ['a record without its label', () => ['finetune', bert, '--task', 'classify', '--data', write('nolabel.jsonl', '{"text":"a","label":"x"}\n{"text":"b"}\n'), '--out', path.join(dir, 'x')], /nolabel\.jsonl line 2: no 'label' field \(it has text\); name the label field with --label-field/],
    ['an empty line', () => ['finetune', bert, '--task', 'classify', '--data', write('gap.jsonl', '{"text":"a","label":"x"}\n\n{"text":"b","label":"y"}\n'), '--out', path.join(dir, 'x')], /gap\.jsonl line 2: is empty/],
    ['a file in two encodings', () => ['finetune', bert, '--task', 'classify', '--data', writeBytes('latin1.csv', Buffer.concat([Buffer.from('text,label\ncaf\u00e9,x\n'), Buffer.from('na\xefve,y\n', 'latin1')])), '--out', path.join(dir, 'x')], /latin1\.csv line 3: is not valid UTF-8/],
    ['a validation label the training data lacks', () => ['finetune', bert, '--task', 'classify', '--data', data, '--val-data', write('val.jsonl', '{"text":"the car was good","label":"positive"}\n{"text":"meh","label":"neutral"}\n'), '--out', path.join(dir, 'x')], /val\.jsonl line 2: label 'neutral' is not one of the training data labels \(negative, positive\)/],
    ['finetune --task classify on an encoder-decoder', () => ['finetune', t5Folder(), '--task', 'classify', '--data', data, '--out', path.join(dir, 'x')], /sequence classification is built for (\w+, )*\w+ and \w+ models; this is a 't5' model/],
    ['classify without a head or template', () => ['classify', bert, '--text', 'hi'], /has no classification head/],
    ['classify with a template but no verbalizer', () => ['classify', bert, '--text', 'hi', '--template', TEMPLATE], /--template and --verbalizer go together/],
    ['a verbalizer that is not label=word', () => ['classify', bert, '--text', 'hi', '--template', TEMPLATE, '--verbalizer', 'great'], /'great' is not label=word/],
    ['fill-mask without a mask', () => ['fill-mask', bert, '--text', 'no mask here'], /--text has no \[MASK\]/],
    ['fill-mask on a missing folder', () => ['fill-mask', path.join(dir, 'nope'), '--text', '[MASK]'], /model folder .*nope does not exist/],
    ['eval --data with unknown labels', () => ['eval', bert, '--data', write('odd.jsonl', '{"text":"a","label":"maybe"}\n'), '--template', TEMPLATE, '--verbalizer', VERBALIZER], /odd\.jsonl line 1: label 'maybe' is not one of the classifier labels/],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 with one line for ${what}`, async () => {
      const r = await runCli(args());
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  it('prints help for each new command', async () => {
    for (const command of ['finetune', 'fill-mask', 'classify']) {
      const r = await runCli([command, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: pretrain-lab ${command} `));
    }
  });

  function write(name: string, text: string): string {
    return writeBytes(name, Buffer.from(text));
  }
  function writeBytes(name: string, bytes: Buffer): string {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  }
  /** A folder that says it is T5 (its weights are never reached: the head check comes first). */
  function t5Folder(): string {
    const folder = path.join(dir, 't5-like');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ model_type: 't5', vocab_size: 10, d_model: 8, d_kv: 4, d_ff: 16, num_layers: 1, num_heads: 2, decoder_start_token_id: 0, pad_token_id: 0, eos_token_id: 1 }));
    return folder;
  }
});
