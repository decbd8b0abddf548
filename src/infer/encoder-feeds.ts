/**
 * The feeds of one encoded text for an encoder's exported graph: input_ids and attention_mask,
 * token_type_ids only where the graph takes them (XLM's and LayoutLM's graphs may not), and the
 * family's own extra inputs (LayoutLM's `bbox`) from FamilySpec.extraInputs.
 * Every inference command that runs an encoder builds its feeds here, so a new family's inputs
 * reach all of them at once.
 * Legend: T tokens.
 */
import type { TensorData } from '../graph';
import type { ModelConfig } from '../models/configs';
import type { EncodedText, FamilySpec } from '../models/family';
import type { Tokenizer } from '../tokenizer/types';

/** One row of int64 ids (1, T). */
export const int64Row = (values: readonly number[]): TensorData => ({ dtype: 'int64', shape: [1, values.length], data: BigInt64Array.from(values, BigInt) });

/** The text as FamilySpec.extraInputs reads it: its ids and each id's vocabulary spelling. */
export function encodedText(tokenizer: Pick<Tokenizer, 'idToToken'>, ids: readonly number[]): EncodedText {
  return { ids, tokens: ids.map((id) => tokenizer.idToToken(id) ?? '') };
}

export interface EncoderFeedContext {
  /** The graph's input names (RuntimeSession.inputNames). */
  inputNames: readonly string[];
  family: FamilySpec;
  config: ModelConfig;
  tokenizer: Pick<Tokenizer, 'idToToken'>;
}

/** Feeds (1, T) for `ids` (special tokens included), every input named as the graph names it. */
export function encoderFeeds({ inputNames, family, config, tokenizer }: EncoderFeedContext, ids: readonly number[]): Record<string, TensorData> {
  const takes = (name: string) => inputNames.includes(name);
  const feeds: Record<string, TensorData> = { input_ids: int64Row(ids) };
  if (takes('attention_mask')) feeds.attention_mask = int64Row(ids.map(() => 1));
  if (takes('token_type_ids')) feeds.token_type_ids = int64Row(ids.map(() => 0));
  const extra = family.extraInputs?.(config, encodedText(tokenizer, ids)) ?? {};
  // Only what the graph declares: a classifier's graph, or an older export, may lack an input.
  for (const [name, tensor] of Object.entries(extra)) if (takes(name)) feeds[name] = tensor;
  return feeds;
}
