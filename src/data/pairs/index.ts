/** Pair mining's public face: code units and (code, text) pairs of a file or a whole corpus. */
export type { CodeTextPair, CodeUnit, PairCounts, PairKind, PairLanguage, PairSplit, UnitKind } from './types';
export { languageOfPath, PAIR_LANGUAGES } from './languages';
export { mineUnits } from './mine-units';
export { pairsOfUnits, PairDeduplicator } from './pairs-of-units';
export { splitPairs } from './pair-split';
export { mineCorpusPairs, mineCorpusUnits, mineFiles, pairSplitOf, type MineOptions, type MinedCorpus, type MinedFile } from './mine-corpus';
export { isVendoredPath } from './vendored';
