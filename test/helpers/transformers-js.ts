/**
 * Loads `@huggingface/transformers` (v4) for interoperability tests, strictly offline: only
 * local folders, never the Hub.
 */
import path from 'node:path';

export type TransformersJs = typeof import('@huggingface/transformers');

export async function offlineTransformers(modelDir: string): Promise<{ hf: TransformersJs; name: string }> {
  const hf = await import('@huggingface/transformers');
  hf.env.allowRemoteModels = false;
  hf.env.allowLocalModels = true;
  hf.env.localModelPath = path.dirname(modelDir) + path.sep;
  hf.env.useFSCache = false;
  return { hf, name: path.basename(modelDir) };
}
