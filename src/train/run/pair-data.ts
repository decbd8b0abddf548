/**
 * The (code, text) pairs of a training run whose objective trains on them (TrainFamily.needsPairs:
 * the translation LM, the contrastive encoder): mined from the corpus with pair mining's own
 * file-level split (src/data/pairs/), checked before the slow parts so a corpus without pairs
 * is refused in one line, then tokenized with the run's tokenizer for the batch sources
 * (BatchOptions.pairs). The pairs come from the same files the corpus scan keeps, so the run's
 * data fingerprint (files and tokenizer) covers them: a resume mines the same pairs again.
 */
import { mineCorpusPairs } from '../../data/pairs';
import type { PairSplit } from '../../data/pairs/types';
import { tokenizePairs, type TokenizedPairSplit } from '../../data/tokenized-pairs';
import type { Tokenizer } from '../../tokenizer/types';
import { InputError } from '../../util/errors';
import { runOutputTest, type Warn } from './corpus-data';

export interface PairMiningRequest {
  /** The objective, for messages: `--objective tlm`. */
  objective: string;
  valFraction: number;
  seed: number;
  maxFileBytes?: number;
  /** The run's model folder, left out of the mining as it is of the scan. */
  modelFolder: string;
  signal?: AbortSignal;
}

/** The corpus's pairs split by whole files; an InputError naming what the objective needs when it has none. */
export async function minePairsOrFail(corpus: string, request: PairMiningRequest): Promise<PairSplit> {
  const split = await mineCorpusPairs(corpus, {
    valFraction: request.valFraction,
    seed: request.seed,
    maxFileBytes: request.maxFileBytes,
    isRunOutput: runOutputTest(corpus, request.modelFolder),
    signal: request.signal,
  });
  if (split.train.length + split.validation.length === 0) throw noPairs(corpus, request.objective, `none were found in its ${split.counts.files} file${split.counts.files === 1 ? '' : 's'} of a language pair mining reads`);
  return split;
}

/**
 * Both sides tokenized. A side left empty by the file split (a corpus whose pairs sit in one or
 * two files) borrows the other's pairs with a warning rather than stopping the run: validation
 * figures are then not held out, and the user is told so.
 */
export function tokenizePairSplit(split: PairSplit, tokenizer: Tokenizer, corpus: string, objective: string, warn: Warn): TokenizedPairSplit {
  let train = tokenizePairs(split.train, tokenizer);
  let validation = tokenizePairs(split.validation, tokenizer);
  if (train.length + validation.length === 0) throw noPairs(corpus, objective, 'none of its pairs keeps a token on both sides once tokenized');
  if (validation.length === 0) {
    warn(`no (code, text) pair fell in the held-out validation files; ${objective} validation scores ${train.length} training pairs`);
    validation = train;
  } else if (train.length === 0) {
    warn(`every (code, text) pair fell in the held-out validation files; ${objective} trains on those ${validation.length} pairs, so its validation figures are not held out`);
    train = validation;
  }
  return { train, validation };
}

function noPairs(corpus: string, objective: string, why: string): InputError {
  return new InputError(
    `--objective ${objective} trains on (code, text) pairs — doc comments, docstrings or comments above functions, Markdown prose before code blocks — and the corpus ${corpus} has none usable: ${why}; check with \`pretrain-lab pairs ${corpus}\`, or use --objective mlm`,
  );
}
