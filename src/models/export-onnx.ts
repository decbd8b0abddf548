/**
 * The `onnx/` files of a model folder for any family, so every saved folder can be prompted
 * by our runtime and loaded by transformers.js without a separate export step.
 */
import type { Weights } from '../nn/params';
import type { ModelConfig } from './configs';
import { exportBertOnnx } from './export-bert';
import { exportGpt2Onnx } from './export-gpt2';
import { exportT5Onnx } from './export-t5';

/** ONNX files by path relative to the model folder. */
export function exportOnnxFiles(config: ModelConfig, weights: Weights): Record<string, Uint8Array> {
  switch (config.model_type) {
    case 'gpt2':
      return { 'onnx/model.onnx': exportGpt2Onnx(config, weights) };
    case 'bert':
      return { 'onnx/model.onnx': exportBertOnnx(config, weights) };
    case 't5':
      return exportT5Onnx(config, weights);
  }
}

/** The sequence-classification graph of a finetuned classifier (BERT heads only so far). */
export function exportClassifierOnnx(config: ModelConfig, weights: Weights): Uint8Array {
  if (config.model_type !== 'bert') throw new Error(`no classifier export for '${config.model_type}'`);
  return exportBertOnnx(config, weights, 'sequence-classification');
}
