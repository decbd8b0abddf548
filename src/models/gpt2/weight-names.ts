/**
 * Hugging Face checkpoints name the same tensor differently depending on the class that saved
 * them (GPT2Model vs GPT2LMHeadModel) and carry non-parameter buffers in older files. This maps
 * a folder's names onto the ones our graph builders ask for.
 */
type Named<T> = Map<string, T>;

/** GPT-2 checkpoints' names onto GPT2LMHeadModel's, without buffers and the tied output copy. */
export function normalizeGpt2WeightNames<T>(weights: Named<T>): Named<T> {
  const out: Named<T> = new Map();
  // GPT2Model checkpoints (e.g. the Hub's `gpt2`) lack the `transformer.` prefix.
  const bare = weights.has('wte.weight') && !weights.has('transformer.wte.weight');
  for (const [name, tensor] of weights) {
    // Causal-mask buffers stored by transformers < 4.31; we build the mask in the graph.
    if (/\.attn\.(masked_)?bias$/.test(name)) continue;
    // The output projection is tied to wte; a stored copy is redundant.
    if (name === 'lm_head.weight') continue;
    out.set(bare ? `transformer.${name}` : name, tensor);
  }
  return out;
}
