/** One stage (normalizer, pre_tokenizer, post_processor, decoder) as tokenizer.json stores it. */
export interface StageJson {
  type: string;
  [field: string]: unknown;
}
