/**
 * Train/validation split of mined pairs by whole files, by the rule `pretrain` splits its token
 * cache with (token-cache-split.ts: a file's side is a pure function of seed and path, so the
 * same file is held out from both; a workspace too small to draw files well falls back to
 * holding out the tail — here the last pairs — of every file).
 */
import { chooseHeldOutDocuments, DEFAULT_VAL_FRACTION, type SplitOptions } from '../token-cache-split';
import type { CodeTextPair, PairSplit } from './types';

export type PairSides = Pick<PairSplit, 'train' | 'validation' | 'trainFiles' | 'validationFiles' | 'mode'>;

export function splitPairs(pairs: readonly CodeTextPair[], options: SplitOptions = {}): PairSides {
  const byFile = new Map<string, CodeTextPair[]>();
  for (const pair of pairs) {
    const list = byFile.get(pair.file);
    if (list) list.push(pair);
    else byFile.set(pair.file, [pair]);
  }
  const files = [...byFile.keys()];
  const { mode, heldOut } = chooseHeldOutDocuments(files.map((f) => ({ relativePath: f, weight: byFile.get(f)!.length })), options);
  const sides: PairSides = { train: [], validation: [], trainFiles: 0, validationFiles: 0, mode };
  const valFraction = options.valFraction ?? DEFAULT_VAL_FRACTION;
  files.forEach((file, i) => {
    const filePairs = byFile.get(file)!;
    const trainCount = mode === 'tail' ? Math.floor(filePairs.length * (1 - valFraction)) : heldOut[i] ? 0 : filePairs.length;
    sides.train.push(...filePairs.slice(0, trainCount));
    sides.validation.push(...filePairs.slice(trainCount));
    if (trainCount > 0) sides.trainFiles!++;
    if (trainCount < filePairs.length) sides.validationFiles!++;
  });
  return sides;
}
