import { AddedTokenSplitter } from './added-tokens';
import { AddedToken } from './pipeline-tokenizer';
import { PostProcessor, TemplateToken, templatePostProcessor } from './post-processors';
import { specialTokenList } from './special-tokens';
import { SpecialTokens } from './types';
import { Vocab } from './vocab';

/** What every trainer is told. */
export interface TrainerOptions {
  /** Total vocabulary size, special tokens included. */
  vocabSize: number;
  /** BPE/WordPiece: a pair seen fewer times is never merged. Char: a rarer character is left out. */
  minFrequency: number;
  /** They take the first ids (see `specialTokenList` for the order) and are never split. */
  specialTokens: SpecialTokens;
  /** Special tokens that `addSpecialTokens` puts around a text, e.g. BERT's [CLS] … [SEP]. */
  template?: { before: string[]; after: string[] };
}

/** The start of every trained vocabulary: the special tokens, as ids 0…k-1. */
export function specialVocab(options: TrainerOptions): { vocab: Vocab; addedTokens: AddedToken[]; splitter: AddedTokenSplitter } {
  const list = specialTokenList(options.specialTokens);
  const vocab = Vocab.fromTokens(list);
  const addedTokens = list.map((content, id) => ({ id, content, special: true }));
  const splitter = new AddedTokenSplitter(new Map(list.map((content, id) => [content, id])));
  return { vocab, addedTokens, splitter };
}

/** The template post-processor when the options ask for one, else `fallback`. */
export function templateOr(options: TrainerOptions, vocab: Vocab, fallback: PostProcessor): PostProcessor {
  if (!options.template) return fallback;
  const lookup = (token: string): TemplateToken => {
    const id = vocab.id(token);
    if (id === undefined) throw new Error(`template token ${JSON.stringify(token)} is not one of the special tokens`);
    return { token, id };
  };
  return templatePostProcessor(options.template.before.map(lookup), options.template.after.map(lookup));
}

export function checkVocabSize(options: TrainerOptions, minimum: number, what: string): void {
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < minimum) {
    throw new Error(`vocabulary size ${options.vocabSize} is too small: ${what} need at least ${minimum}`);
  }
}
