/**
 * A Unigram tokenizer.json with every sentencepiece stage (Precompiled charsmap, Sequence of
 * Replace/Strip/Lowercase/NFKC, WhitespaceSplit + Metaspace, TemplateProcessing, byte fallback)
 * mutated 400 ways: each loads and encodes, or is refused with one InputError naming the file —
 * never a raw TypeError or a hang (the contract of test/reliability/fuzz-harness.ts).
 */
import assert from 'node:assert/strict';
import { readTokenizerFiles } from '../../../src/tokenizer';
import { InputError } from '../../../src/util/errors';
import { compileCharsMap } from '../../helpers/charsmap-builder';
import { describeReport, fuzz } from '../../reliability/fuzz-harness';
import { mutateJsonFile } from '../../reliability/mutate';

const TEXTS = ['Hello ｗｏｒｌｄ  twice', '<s>x</s> 你好 😀', '', '  \t\r\n'];

function unigramFile(): object {
  const bytes = Array.from({ length: 256 }, (_, b): [string, number] => [`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, -30]);
  const pieces: Array<[string, number]> = [['<unk>', 0], ['<s>', 0], ['</s>', 0], ['\u2581', -2], ['\u2581hello', -3], ['\u2581w', -4], ['orld', -5], ['o', -6], ['\u2581twice', -4], ['t', -7], ...bytes];
  const charsmap = compileCharsMap(new Map([['ｗ', 'w'], ['ｏ', 'o'], ['ｒ', 'r'], ['ｌ', 'l'], ['ｄ', 'd'], ['\t', ' '], ['\u0001', '']]));
  return {
    version: '1.0',
    added_tokens: [0, 1, 2].map((id) => ({ id, content: pieces[id][0], special: true })),
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'Precompiled', precompiled_charsmap: charsmap.toString('base64') }, { type: 'NFKC' }, { type: 'Lowercase' }, { type: 'Strip', strip_left: false, strip_right: true }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: '\u2581' }],
    },
    pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true }] },
    post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }], special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } } },
    decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 0, vocab: pieces, byte_fallback: true },
  };
}

describe('Unigram tokenizer.json fuzzing', function () {
  this.timeout(300_000);

  it('loads and encodes the intact file', async () => {
    const report = await fuzz({ folder: { 'tokenizer.json': Buffer.from(JSON.stringify(unigramFile())) }, file: 'tokenizer.json', mutate: (bytes) => ({ bytes, what: 'intact' }), load, isOurError, cases: 1, seed: 1 });
    assert.equal(report.loaded, 1, report.failures.join('\n'));
  });

  it('400 mutated files: each loads and encodes, or is refused with one clear line', async () => {
    const report = await fuzz({ folder: { 'tokenizer.json': Buffer.from(JSON.stringify(unigramFile(), null, 1)) }, file: 'tokenizer.json', mutate: mutateJsonFile, load, isOurError, cases: 400, seed: 15 });
    console.log(`      ${describeReport('tokenizer.json (Unigram)', report)}`);
    assert.equal(report.failureCount, 0, report.failures.join('\n'));
    assert.ok(report.loaded > 0 && report.rejected > 0, 'the mutations must both keep and break the file');
  });
});

/** Loading alone is not enough: a stage read wrongly fails when text flows through it. */
async function load(dir: string): Promise<void> {
  const tokenizer = await readTokenizerFiles(dir);
  for (const text of TEXTS) {
    try {
      tokenizer.decode(tokenizer.addSpecialTokens(tokenizer.encode(text)));
    } catch (error) {
      // Encoding errors must be ours and name the file like load errors do.
      if (error instanceof InputError) throw new InputError(`${dir}/tokenizer.json: ${error.message}`);
      throw error;
    }
  }
}

const isOurError = (error: unknown) => error instanceof InputError;
