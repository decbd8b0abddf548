/**
 * Acceptance: every trainer's files load in the HF `tokenizers` package (Rust) and in
 * `@huggingface/transformers` v4, and both give exactly our ids on 1,000 held-out lines.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { PipelineTokenizer, loadTokenizer, readTokenizerFiles, trainTokenizer, writeTokenizerFiles } from '../../../src/tokenizer';
import { ModelFamily } from '../../../src/tokenizer/train-tokenizer';
import { TokenizerKind } from '../../../src/tokenizer/types';
import { heldOutLines, trainingTexts } from './mixed-text';

// Loaded lazily: the package pulls in onnxruntime-node, which only these tests need.
type TransformersTokenizer = {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
};
async function loadWithTransformers(dir: string): Promise<TransformersTokenizer> {
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(dir) + '/';
  return (await AutoTokenizer.from_pretrained(basename(dir), { local_files_only: true })) as unknown as TransformersTokenizer;
}

/** Index and texts of the first line where two id lists differ, for a readable failure. */
function firstMismatch(lines: string[], ours: number[][], theirs: number[][]): string | undefined {
  const i = ours.findIndex((ids, k) => ids.join() !== theirs[k].join());
  return i < 0 ? undefined : `line ${i} ${JSON.stringify(lines[i])}: ours ${ours[i].join(' ')} vs ${theirs[i].join(' ')}`;
}

const cases: Array<{ kind: TokenizerKind; family: ModelFamily; vocabSize: number }> = [
  { kind: 'bpe', family: 'gpt2', vocabSize: 3000 },
  { kind: 'wordpiece', family: 'bert', vocabSize: 3000 },
  { kind: 'char', family: 'gpt2', vocabSize: 400 },
  { kind: 'bpe', family: 't5', vocabSize: 3000 },
  { kind: 'bpe', family: 'roberta', vocabSize: 3000 },
];

describe('tokenizer HF compatibility (1,000 held-out mixed lines)', function () {
  this.timeout(60_000);
  const lines = heldOutLines();
  const training = trainingTexts();
  let workDir: string;
  before(() => {
    workDir = mkdtempSync(join(tmpdir(), 'pretrain-lab-tok-'));
  });
  after(() => rmSync(workDir, { recursive: true, force: true }));

  for (const { kind, family, vocabSize } of cases) {
    describe(`${kind} (${family})`, () => {
      let ours: PipelineTokenizer;
      let ourIds: number[][];
      let dir: string;
      before(async () => {
        ours = trainTokenizer(kind, training, { family, vocabSize, sentinelCount: 10 });
        ourIds = lines.map((line) => ours.encode(line));
        dir = join(workDir, `${kind}-${family}`);
        await writeTokenizerFiles(dir, ours, { modelMaxLength: 128 });
      });

      it('the tokenizers package gives identical ids', async () => {
        const rust = RustTokenizer.fromFile(join(dir, 'tokenizer.json'));
        const encodings = await rust.encodeBatch(lines, { addSpecialTokens: false });
        assert.equal(firstMismatch(lines, ourIds, encodings.map((e) => e.getIds())), undefined);
      });

      it('@huggingface/transformers gives identical ids', async () => {
        const js = await loadWithTransformers(dir);
        const theirs = lines.map((line) => js.encode(line, { add_special_tokens: false }));
        assert.equal(firstMismatch(lines, ourIds, theirs), undefined);
      });

      it('both add the same special tokens as our post-processor', async () => {
        const rust = RustTokenizer.fromFile(join(dir, 'tokenizer.json'));
        const js = await loadWithTransformers(dir);
        const sample = lines.slice(0, 50);
        const withSpecials = sample.map((line) => ours.addSpecialTokens(ours.encode(line)));
        const rustIds = (await rust.encodeBatch(sample, { addSpecialTokens: true })).map((e) => e.getIds());
        assert.equal(firstMismatch(sample, withSpecials, rustIds), undefined);
        assert.equal(firstMismatch(sample, withSpecials, sample.map((line) => js.encode(line, { add_special_tokens: true }))), undefined);
      });

      it('reloads from its files with the same ids and special-token roles', async () => {
        const reloaded = await readTokenizerFiles(dir);
        assert.deepEqual(reloaded.specialTokens, ours.specialTokens);
        assert.equal(reloaded.kind, kind);
        assert.equal(firstMismatch(lines, ourIds, lines.map((line) => reloaded.encode(line))), undefined);
        assert.deepEqual(loadTokenizer(JSON.stringify(ours.toJSON())).toJSON(), ours.toJSON());
      });

      it('decodes like the tokenizers package', async () => {
        const rust = RustTokenizer.fromFile(join(dir, 'tokenizer.json'));
        for (const ids of ourIds.slice(0, 100)) {
          assert.equal(ours.decode(ids), await rust.decode(ids, false));
        }
      });
    });
  }

  it('RoBERTa: <s>=0 <pad>=1 </s>=2 <unk>=3, <mask> last, and pairs as <s> A </s></s> B </s>', async () => {
    const roberta = trainTokenizer('bpe', training, { family: 'roberta', vocabSize: 2000 });
    assert.deepEqual(['<s>', '<pad>', '</s>', '<unk>', '<mask>'].map((t) => roberta.tokenToId(t)), [0, 1, 2, 3, 1999]);
    const dir = join(workDir, 'roberta-pair');
    await writeTokenizerFiles(dir, roberta, { modelMaxLength: 64 });
    const pair = await RustTokenizer.fromFile(join(dir, 'tokenizer.json')).encode('Hello world', 'second one');
    assert.deepEqual(pair.getIds(), [0, ...roberta.encode('Hello world'), 2, 2, ...roberta.encode('second one'), 2]);
  });

  it('BERT: [CLS] text [SEP] through transformers, ids 2 and 3', async () => {
    const bert = trainTokenizer('wordpiece', training, { vocabSize: 2000 });
    const dir = join(workDir, 'bert-template');
    await writeTokenizerFiles(dir, bert, { modelMaxLength: 64 });
    const js = await loadWithTransformers(dir);
    const ids = js.encode('Hello world, 你好!', { add_special_tokens: true });
    assert.equal(ids[0], 2);
    assert.equal(ids[ids.length - 1], 3);
    assert.deepEqual(ids.slice(1, -1), bert.encode('Hello world, 你好!'));
  });
});
