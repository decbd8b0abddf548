import { AddedTokenSplitter } from './added-tokens';
import { AddedToken } from './pipeline-tokenizer';
import { PostProcessor, TemplateToken, robertaPostProcessor, templatePostProcessor } from './post-processors';
import { type SingleRole, specialTokenList } from './special-tokens';
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
  /** RoBERTa's: `<s> X </s>`, pairs `<s> A </s></s> B </s>` (RobertaProcessing); takes the place of `template`. */
  roberta?: { cls: string; sep: string };
  /**
   * The roles whose tokens take the first ids, in this order (default: all, see
   * `specialTokenList`); the other special tokens take the last ids, after the learned
   * vocabulary, as RoBERTa's <mask> does. Only the BPE trainer places tokens last.
   */
  leadingRoles?: readonly SingleRole[];
}

/** The start of every trained vocabulary: the special tokens, as ids 0…k-1. */
export function specialVocab(options: TrainerOptions): { vocab: Vocab; addedTokens: AddedToken[]; splitter: AddedTokenSplitter } {
  const list = specialTokenList(options.specialTokens, options.leadingRoles);
  const vocab = Vocab.fromTokens(list);
  const addedTokens = list.map((content, id) => ({ id, content, special: true }));
  // Tokens placed last are special in the training text too (their id is not known yet).
  const split = [...list, ...trailingSpecials(options)];
  const splitter = new AddedTokenSplitter(new Map(split.map((content, id) => [content, id])));
  return { vocab, addedTokens, splitter };
}

/** The special tokens that take the last ids (those of roles not in `leadingRoles`). */
export function trailingSpecials(options: TrainerOptions): string[] {
  if (!options.leadingRoles) return [];
  const leading = specialTokenList(options.specialTokens, options.leadingRoles);
  return specialTokenList(options.specialTokens).filter((token) => !leading.includes(token));
}

/** Adds the trailing special tokens after the learned vocabulary. */
export function appendTrailingSpecials(options: TrainerOptions, vocab: Vocab, addedTokens: AddedToken[]): void {
  for (const content of trailingSpecials(options)) addedTokens.push({ id: vocab.add(content), content, special: true });
}

/** The template post-processor when the options ask for one, else `fallback`. */
export function templateOr(options: TrainerOptions, vocab: Vocab, fallback: PostProcessor): PostProcessor {
  if (options.roberta) return robertaPostProcessor(lookupIn(vocab, options.roberta.cls), lookupIn(vocab, options.roberta.sep));
  if (!options.template) return fallback;
  const lookup = (token: string) => lookupIn(vocab, token);
  return templatePostProcessor(options.template.before.map(lookup), options.template.after.map(lookup));
}

function lookupIn(vocab: Vocab, token: string): TemplateToken {
  const id = vocab.id(token);
  if (id === undefined) throw new Error(`template token ${JSON.stringify(token)} is not one of the special tokens`);
  return { token, id };
}

export function checkVocabSize(options: TrainerOptions, minimum: number, what: string): void {
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < minimum) {
    throw new Error(`vocabulary size ${options.vocabSize} is too small: ${what} need at least ${minimum}`);
  }
}
