/**
 * Reads a sentencepiece `.model` file (a ModelProto in protobuf wire format) and writes it as
 * the tokenizer.json + tokenizer_config.json that HF's converters publish for t5-small,
 * albert-base-v2 and xlm-roberta-base: the Unigram pieces and scores, the model's compiled
 * normalization rules as a Precompiled normalizer, and each family's other stages.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SentencePieceModel {
  pieces: Array<{ piece: string; score: number; type: number }>;
  charsMap: Buffer;
  unkId: number;
  byteFallback: boolean;
}

export const SENTENCEPIECE_FIXTURES = join(__dirname, '../fixtures/sentencepiece');

/** Protobuf fields of one message: [field number, wire type, value]. */
function* fields(buf: Buffer): Generator<[number, number, Buffer | number]> {
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[i++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return result;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const [field, wire] = [Math.floor(key / 8), key & 7];
    if (wire === 0) yield [field, wire, varint()];
    else if (wire === 2) {
      const length = varint();
      yield [field, wire, buf.subarray(i, (i += length))];
    } else if (wire === 5) yield [field, wire, buf.subarray(i, (i += 4))];
    else if (wire === 1) yield [field, wire, buf.subarray(i, (i += 8))];
    else throw new Error(`protobuf wire type ${wire} is not read here`);
  }
}

/** ModelProto: 1 pieces {1 piece, 2 score, 3 type}, 2 trainer_spec {35 byte_fallback, 40 unk_id}, 3 normalizer_spec {2 precompiled_charsmap}. */
export function readSentencePieceModel(file: string): SentencePieceModel {
  const model: SentencePieceModel = { pieces: [], charsMap: Buffer.alloc(0), unkId: 0, byteFallback: false };
  for (const [field, , value] of fields(readFileSync(file))) {
    if (field === 1) {
      const entry = { piece: '', score: 0, type: 1 };
      for (const [f, , v] of fields(value as Buffer)) {
        if (f === 1) entry.piece = (v as Buffer).toString('utf8');
        if (f === 2) entry.score = (v as Buffer).readFloatLE(0);
        if (f === 3) entry.type = v as number;
      }
      model.pieces.push(entry);
    } else if (field === 2) {
      for (const [f, , v] of fields(value as Buffer)) {
        if (f === 35) model.byteFallback = v === 1;
        if (f === 40) model.unkId = v as number;
      }
    } else if (field === 3) {
      for (const [f, , v] of fields(value as Buffer)) if (f === 2) model.charsMap = Buffer.from(v as Buffer);
    }
  }
  return model;
}

export type PublishedLayout = 't5' | 'albert' | 'xlm-roberta';

const METASPACE_LEGACY = { type: 'Metaspace', replacement: '\u2581', add_prefix_space: true };
const METASPACE = { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true };
const collapseSpaces = (content: string) => ({ type: 'Replace', pattern: { Regex: ' {2,}' }, content });
const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
const template = (before: string[], after: string[], ids: Map<string, number>) => ({
  type: 'TemplateProcessing',
  single: [...before.map((id) => ({ SpecialToken: { id, type_id: 0 } })), { Sequence: { id: 'A', type_id: 0 } }, ...after.map((id) => ({ SpecialToken: { id, type_id: 0 } }))],
  pair: [...before.map((id) => ({ SpecialToken: { id, type_id: 0 } })), { Sequence: { id: 'A', type_id: 0 } }, ...after.map((id) => ({ SpecialToken: { id, type_id: 0 } })), { Sequence: { id: 'B', type_id: 1 } }, ...after.map((id) => ({ SpecialToken: { id, type_id: 1 } }))],
  special_tokens: Object.fromEntries([...before, ...after].map((t) => [t, { id: t, ids: [ids.get(t)], tokens: [t] }])),
});

/**
 * tokenizer.json and tokenizer_config.json of `model` in a published layout. Tokens a family
 * needs beyond the model's pieces (T5's sentinels, ALBERT's [CLS] [SEP] [MASK] <pad>, XLM-R's
 * <pad> <mask>) are appended after them, as HF's converters add them.
 */
export function publishedTokenizerFiles(model: SentencePieceModel, layout: PublishedLayout, charsMap = model.charsMap): { tokenizer: object; config: object } {
  const vocab: Array<[string, number]> = model.pieces.map((p) => [p.piece, p.type === 1 ? p.score : 0]);
  const extra = layout === 't5' ? Array.from({ length: 10 }, (_, i) => `<extra_id_${9 - i}>`) : layout === 'albert' ? ['[CLS]', '[SEP]', '[MASK]', '<pad>'] : ['<pad>', '<mask>'];
  for (const token of extra) vocab.push([token, 0]);
  const ids = new Map(vocab.map(([piece], id) => [piece, id]));
  const controls = model.pieces.filter((p) => p.type !== 1).map((p) => p.piece);
  const added = [...controls, ...extra].map((t) => special(ids.get(t)!, t));
  const charsmap = { type: 'Precompiled', precompiled_charsmap: charsMap.toString('base64') };
  const unk = model.pieces[model.unkId].piece;
  const unigram = { type: 'Unigram', unk_id: model.unkId, vocab, byte_fallback: model.byteFallback };
  const common = { version: '1.0', truncation: null, padding: null, added_tokens: added, model: unigram };
  switch (layout) {
    case 't5':
      return {
        tokenizer: { ...common, normalizer: charsmap, pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, METASPACE_LEGACY] }, post_processor: template([], ['</s>'], ids), decoder: METASPACE_LEGACY },
        config: { tokenizer_class: 'T5Tokenizer', eos_token: '</s>', unk_token: unk, additional_special_tokens: extra, clean_up_tokenization_spaces: false },
      };
    case 'albert':
      return {
        tokenizer: {
          ...common,
          normalizer: {
            type: 'Sequence',
            normalizers: [
              { type: 'Replace', pattern: { String: '``' }, content: '"' },
              { type: 'Replace', pattern: { String: "''" }, content: '"' },
              { type: 'NFKD' },
              { type: 'StripAccents' },
              { type: 'Lowercase' },
              charsmap,
              collapseSpaces(' '),
            ],
          },
          pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, METASPACE] },
          post_processor: template(['[CLS]'], ['[SEP]'], ids),
          decoder: METASPACE,
        },
        config: { tokenizer_class: 'AlbertTokenizer', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]', pad_token: '<pad>', unk_token: unk, do_lower_case: true, clean_up_tokenization_spaces: false },
      };
    case 'xlm-roberta':
      return {
        tokenizer: { ...common, normalizer: { type: 'Sequence', normalizers: [charsmap, collapseSpaces('\u2581')] }, pre_tokenizer: METASPACE, post_processor: template(['<s>'], ['</s>'], ids), decoder: METASPACE },
        config: { tokenizer_class: 'XLMRobertaTokenizer', bos_token: '<s>', eos_token: '</s>', cls_token: '<s>', sep_token: '</s>', pad_token: '<pad>', mask_token: '<mask>', unk_token: unk, clean_up_tokenization_spaces: false },
      };
  }
}

/**
 * Writes `model` in `layout` to `dir`, with the model's own normalization rules or `charsMap`
 * (e.g. the `nmt_nfkc` rules the published files carry, from charsmap-builder.ts).
 */
export function writePublishedTokenizer(model: SentencePieceModel, layout: PublishedLayout, dir: string, charsMap?: Buffer): void {
  const { tokenizer, config } = publishedTokenizerFiles(model, layout, charsMap);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
}
