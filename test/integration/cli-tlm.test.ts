/**
 * `--objective tlm` and `tlm+match` through the real CLI on a small workspace of TypeScript
 * functions with JSDoc and Python functions with docstrings: BERT with the pair-match head
 * (reported as an objective metric, trained, kept in the checkpoint and left out of the
 * BertForMaskedLM folder that fill-mask then uses), RoBERTa with a 2-row segment table and an
 * interrupted run that resumes to the same losses, XLM saved as XLMWithLMHeadModel with its
 * code/text languages; the one-line refusals of a corpus without pairs and of a family that has
 * no translation LM.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSafetensorsHeader } from '../../src/modelfile/safetensors';
import { refusal, runOk } from './cli-family-helpers';
import { buildCliOnce, jsonEvents, tempDir } from './cli-helpers';

const SIZES = ['--vocab-size', '300', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '32', '--batch', '8', '--threads', '1'];
const VERBS = ['add', 'remove', 'count', 'find', 'sort', 'merge', 'split', 'parse'];
const NOUNS = ['items', 'users', 'lines', 'tokens', 'files', 'numbers', 'names', 'rows'];

/** Eight .ts files of JSDoc'd functions and eight .py files of docstring'd ones: about 180 pairs. */
function writeWorkspace(dir: string): void {
  mkdirSync(dir);
  for (let f = 0; f < 8; f++) {
    const ts: string[] = [];
    const py: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [verb, noun] = [VERBS[(f + i) % VERBS.length], NOUNS[(3 * f + i) % NOUNS.length]];
      ts.push(`/**\n * ${verb} the ${noun} of the list and return the ${noun} that changed.\n */\nexport function ${verb}${noun}${i}(list: string[]): string[] {\n  const ${noun} = list.filter((x) => x.length > ${i});\n  return ${noun}.map((x) => x.trim());\n}\n`);
      py.push(`def ${verb}_${noun}_${i}(values):\n    """${verb} all ${noun} in values and give back the result."""\n    return [x for x in values if x != ${i}]\n`);
    }
    writeFileSync(path.join(dir, `mod${f}.ts`), ts.join('\n'));
    writeFileSync(path.join(dir, `util${f}.py`), py.join('\n'));
  }
}

describe('cli: pretrain --objective tlm / tlm+match', () => {
  let dir: string;
  let corpus: string;
  before(() => {
    buildCliOnce();
    dir = tempDir('pl-tlm-');
    corpus = path.join(dir, 'workspace');
    writeWorkspace(corpus);
  });

  it('bert tlm+match: reports pair-match accuracy, keeps the match head in the checkpoint only, and fill-mask uses the folder', async () => {
    const model = path.join(dir, 'bert');
    const r = await runOk(['pretrain', corpus, '--out', model, '--arch', 'bert', '--objective', 'tlm+match', ...SIZES, '--steps', '4', '--eval-every', '2', '--eval-batches', '2', '--json']);
    const evals = jsonEvents(r.stdout).filter((e) => e.event === 'eval');
    const metrics = evals.at(-1)!.metrics as Record<string, number>;
    assert.ok(metrics.matchAccuracy >= 0 && metrics.matchAccuracy <= 1 && metrics.maskedAccuracy >= 0, JSON.stringify(metrics));
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    assert.deepEqual([config.architectures, config.type_vocab_size], [['BertForMaskedLM'], 2]);
    const folderNames = (await readSafetensorsHeader(path.join(model, 'model.safetensors'))).entries.map((e) => e.name);
    const checkpointNames = (await readSafetensorsHeader(path.join(model, 'training', 'model.safetensors'))).entries.map((e) => e.name);
    assert.ok(!folderNames.some((n) => n.startsWith('training_head.')), 'the folder is a plain BertForMaskedLM');
    assert.ok(checkpointNames.includes('training_head.match.classifier.weight'), 'the checkpoint keeps the match head for --resume');
    const fill = await runOk(['fill-mask', model, '--text', 'count the [MASK] of the list', '--top-k', '2', '--json']);
    assert.equal((jsonEvents(fill.stdout)[0].masks as unknown[]).length, 1);
  });

  it('roberta tlm+match: a 2-row segment table, and a resumed run draws the same batches (same final losses)', async () => {
    const run = (out: string, steps: string, resume: string[] = []) =>
      runOk(['pretrain', corpus, '--out', path.join(dir, out), '--arch', 'roberta', '--objective', 'tlm+match', ...SIZES, '--dropout', '0', '--eval-every', '0', '--eval-batches', '1', '--steps', steps, '--json', ...resume]);
    const done = async (r: Promise<{ stdout: string }>) => jsonEvents((await r).stdout).find((e) => e.event === 'done')!;
    const whole = await done(run('roberta', '6'));
    await run('roberta-resumed', '3');
    const resumed = await done(run('roberta-resumed', '6', ['--resume']));
    assert.deepEqual([resumed.finalLoss, resumed.valLoss], [whole.finalLoss, whole.valLoss]);
    const config = JSON.parse(readFileSync(path.join(dir, 'roberta', 'config.json'), 'utf8'));
    assert.deepEqual([config.architectures, config.type_vocab_size], [['RobertaForMaskedLM'], 2]);
  });

  it('xlm tlm: an XLMWithLMHeadModel folder with its code and text languages, that fill-mask uses', async () => {
    const model = path.join(dir, 'xlm');
    const r = await runOk(['pretrain', corpus, '--out', model, '--arch', 'xlm', '--objective', 'tlm', ...SIZES, '--steps', '3', '--eval-every', '3', '--eval-batches', '1']);
    assert.match(r.stdout, /masked accuracy [\d.]+%/);
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    assert.deepEqual([config.architectures, config.n_langs, config.lang2id], [['XLMWithLMHeadModel'], 2, { code: 0, text: 1 }]);
    await runOk(['fill-mask', model, '--text', 'count the <special1> of the list', '--top-k', '2']);
  });

  it('refuses a corpus without pairs, and a family without a translation LM, in one line, writing nothing', async () => {
    const prose = path.join(dir, 'prose');
    mkdirSync(prose);
    writeFileSync(path.join(prose, 'notes.txt'), 'plain notes with no code and no comments at all, just words');
    const out = path.join(dir, 'refused');
    assert.match(
      await refusal(['pretrain', prose, '--out', out, '--arch', 'bert', '--objective', 'tlm', ...SIZES, '--steps', '2'], out),
      /--objective tlm trains on \(code, text\) pairs .* check with `pretrain-lab pairs .*prose`, or use --objective mlm/,
    );
    assert.match(await refusal(['pretrain', corpus, '--out', out, '--arch', 'gpt2', '--objective', 'tlm', ...SIZES, '--steps', '2'], out), /--objective tlm does not fit --arch gpt2: gpt2 pretrains with --objective clm/);
  });
});
