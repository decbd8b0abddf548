/** Pretrain Lab's tokenizers: training, HF tokenizer.json reading/writing, fast encoding. */
export type { SpecialTokenIds, SpecialTokens, Tokenizer, TokenizerKind } from './types';
export { PipelineTokenizer } from './pipeline-tokenizer';
export { trainTokenizer, familySpecialTokens, DEFAULT_VOCAB_SIZE } from './train-tokenizer';
export type { ModelFamily, TrainTokenizerOptions } from './train-tokenizer';
export { trainByteLevelBpe } from './train-bpe';
export { trainWordPiece } from './train-word-piece';
export { trainCharLevel } from './train-char';
export type { TrainerOptions } from './train-options';
export { loadTokenizer } from './load-tokenizer';
export type { TokenizerConfigJson } from './load-tokenizer';
export { writeTokenizerFiles, readTokenizerFiles, type ReadTokenizerOptions } from './tokenizer-files';
export type { TokenizerFilesOptions } from './tokenizer-files';
export { specialTokenIdsOf, sentinelTokens } from './special-tokens';
