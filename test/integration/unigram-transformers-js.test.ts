/**
 * Acceptance (issue #15): Unigram tokenizer.json files laid out as t5-small's, albert-base-v2's
 * and xlm-roberta-base's (real sentencepiece models, their Precompiled `nmt_nfkc` rules) load in
 * our tokenizer and give exactly the ids of `@huggingface/transformers` (and of HF's Rust
 * `tokenizers`) on mixed prose, code and non-Latin text, and decode back as it does. Also logs
 * our encoding speed against transformers.js on the same lines (no assert).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { PipelineTokenizer, readTokenizerFiles, writeTokenizerFiles } from '../../src/tokenizer';
import { compileCharsMap, nmtNfkcRules, readCharsMapRules } from '../helpers/charsmap-builder';
import { PublishedLayout, SENTENCEPIECE_FIXTURES, readSentencePieceModel, writePublishedTokenizer } from '../helpers/sentencepiece-model';
import { offlineTransformers } from '../helpers/transformers-js';
import { heldOutLines } from '../unit/tokenizer/mixed-text';

/** What the generated mixed lines lack: Arabic, full-width and compatibility forms, camelCase, indented code, odd spaces. */
const EXTRA_LINES = [
  'مرحبا بالعالم، هذا نص عربي للاختبار.',
  'Ｆｕｌｌ－ｗｉｄｔｈ　ＡＢＣ　１２３！？ and ｶﾀｶﾅ half-width kana',
  'ligatures ﬁ ﬂ, circled ① ② ⑳, roman Ⅻ, x² + y³ = z⁴, ㍿ ㌔ ℡ ™ ½',
  'getUserById(userId).then((response) => parseJsonResponse(response.bodyText));',
  'class TokenizerPipeline:\n    def __init__(self, vocabSize=32000):\n        self.vocabSize = vocabSize\n\n    def encode(self, text):\n        return [self.lookup(t) for t in text.split()]\n',
  'if (x !== null && y >= 0x1F) {\r\n\treturn arr.map(v => v ** 2).filter(Boolean);\r\n}',
  'no\u00a0break\u00a0space, zero\u200bwidth, ideographic\u3000space, tilde ～ and ~, ▁ already',
  'Съешь же ещё этих мягких французских булок, да выпей чаю.',
  'Ünïcödé àccénts: São Paulo, Zürich, naïve café, Ærøskøbing, Dvořák',
  '東京都渋谷区で、カタカナとひらがなと漢字を混ぜた文章です。中文：自然语言处理！',
  '😀👍🏽 👨‍👩‍👧‍👦 🇯🇵 ❤️‍🔥 emoji between words🚀here',
  '   leading and trailing spaces   ',
  '',
  '<s> special </s> tokens <unk> inside [CLS] text [SEP] <extra_id_0> too',
];

const MODELS = ['test_model', 'test_ja_model'] as const;
const LAYOUTS: PublishedLayout[] = ['t5', 'albert', 'xlm-roberta'];

type TransformersTokenizer = {
  encode(text: string): number[];
  decode(ids: number[], options: { skip_special_tokens: boolean; clean_up_tokenization_spaces: boolean }): string;
};

function firstMismatch(lines: string[], ours: number[][], theirs: number[][]): string | undefined {
  const i = ours.findIndex((ids, k) => ids.join() !== theirs[k].join());
  return i < 0 ? undefined : `line ${i} ${JSON.stringify(lines[i])}: ours ${ours[i].join(' ')} vs ${theirs[i].join(' ')}`;
}

describe('Unigram tokenizer vs @huggingface/transformers (t5 / albert / xlm-roberta layouts)', function () {
  this.timeout(300_000);
  const lines = [...heldOutLines(), ...EXTRA_LINES];
  let workDir: string;
  before(() => {
    workDir = mkdtempSync(join(tmpdir(), 'pretrain-lab-unigram-'));
  });
  after(() => rmSync(workDir, { recursive: true, force: true }));

  for (const modelName of MODELS) {
    describe(modelName, () => {
      let model: ReturnType<typeof readSentencePieceModel>;
      let nmtNfkc: Buffer;
      before(() => {
        model = readSentencePieceModel(join(SENTENCEPIECE_FIXTURES, `${modelName}.model`));
        nmtNfkc = compileCharsMap(nmtNfkcRules(readCharsMapRules(model.charsMap)));
      });

      for (const layout of LAYOUTS) {
        describe(`${layout} layout`, () => {
          let dir: string;
          let ours: PipelineTokenizer;
          let theirs: TransformersTokenizer;
          let ourIds: number[][];
          before(async () => {
            dir = join(workDir, `${modelName}-${layout}`);
            writePublishedTokenizer(model, layout, dir, nmtNfkc);
            ours = await readTokenizerFiles(dir);
            const { hf, name } = await offlineTransformers(dir);
            theirs = (await hf.AutoTokenizer.from_pretrained(name, { local_files_only: true })) as unknown as TransformersTokenizer;
            ourIds = lines.map((line) => ours.addSpecialTokens(ours.encode(line)));
          });

          it(`gives transformers.js's ids on ${lines.length} mixed lines`, () => {
            const theirIds = lines.map((line) => Array.from(theirs.encode(line), Number));
            assert.equal(firstMismatch(lines, ourIds, theirIds), undefined);
            const unknown = ours.tokenToId(ours.specialTokens.unk ?? '<unk>');
            const unkCount = ourIds.flat().filter((id) => id === unknown).length;
            console.log(`      ${ourIds.flat().length} ids, ${unkCount} unknown; kind ${ours.kind}`);
          });

          it('gives the ids of HF tokenizers (Rust) too', async () => {
            const rust = RustTokenizer.fromFile(join(dir, 'tokenizer.json'));
            const rustIds = await Promise.all(lines.map(async (line) => Array.from((await rust.encode(line)).getIds())));
            assert.equal(firstMismatch(lines, ourIds, rustIds), undefined);
          });

          it('saves files (as a checkpoint does) that transformers.js reads to the same ids', async () => {
            const savedDir = join(workDir, `${modelName}-${layout}-saved`);
            await writeTokenizerFiles(savedDir, ours, { modelMaxLength: 512 });
            const { hf, name } = await offlineTransformers(savedDir);
            const saved = (await hf.AutoTokenizer.from_pretrained(name, { local_files_only: true })) as unknown as TransformersTokenizer;
            assert.equal(firstMismatch(lines, ourIds, lines.map((line) => Array.from(saved.encode(line), Number))), undefined);
            const reread = await readTokenizerFiles(savedDir);
            assert.equal(firstMismatch(lines, ourIds, lines.map((line) => reread.addSpecialTokens(reread.encode(line)))), undefined);
          });

          it('decodes as transformers.js does', () => {
            lines.forEach((line, i) => {
              if (ourIds[i].length === 0) return;
              for (const skip of [true, false]) {
                const expected = theirs.decode(ourIds[i], { skip_special_tokens: skip, clean_up_tokenization_spaces: false });
                assert.equal(ours.decode(ourIds[i], { skipSpecialTokens: skip }), expected, `decode of line ${i} ${JSON.stringify(line)} (skip specials ${skip})`);
              }
            });
          });

          it('logs encoding speed against transformers.js (no assert)', async () => {
            const time = (encode: (line: string) => unknown) => {
              const start = process.hrtime.bigint();
              for (const line of lines) encode(line);
              return Number(process.hrtime.bigint() - start) / 1e6;
            };
            // Best of 3 each, the machine being shared; "cold": a fresh tokenizer, its word cache empty.
            const cold: number[] = [];
            const warm: number[] = [];
            const theirsMs: number[] = [];
            for (let round = 0; round < 3; round++) {
              const fresh = await readTokenizerFiles(dir);
              cold.push(time((line) => fresh.encode(line)));
              warm.push(time((line) => fresh.encode(line)));
              theirsMs.push(time((line) => theirs.encode(line)));
            }
            const [c, w, t] = [Math.min(...cold), Math.min(...warm), Math.min(...theirsMs)];
            console.log(`      encode ${lines.length} lines (best of 3): ours ${c.toFixed(0)} ms cold / ${w.toFixed(0)} ms warm, transformers.js ${t.toFixed(0)} ms: it takes ${(t / c).toFixed(2)}× / ${(t / w).toFixed(2)}× our time`);
          });
        });
      }
    });
  }
});
