/**
 * The `onnx/` files of a model folder for any family, so every saved folder can be prompted
 * by our runtime and loaded by transformers.js without a separate export step.
 */
import type { Weights } from '../nn/params';
import { isSequenceClassifier, type ModelConfig } from './configs';
import { exportBertOnnx } from './export-bert';
import { exportGpt2ClassifierOnnx, exportGpt2Onnx } from './export-gpt2';
import { exportT5Onnx } from './export-t5';

/** ONNX files by path relative to the model folder. */
export function exportOnnxFiles(config: ModelConfig, weights: Weights): Record<string, Uint8Array> {
  switch (config.model_type) {
    case 'gpt2':
      return { 'onnx/model.onnx': isSequenceClassifier(config) ? exportGpt2ClassifierOnnx(config, weights) : exportGpt2Onnx(config, weights) };
    case 'bert':
      return { 'onnx/model.onnx': exportBertOnnx(config, weights) };
    case 't5':
      return exportT5Onnx(config, weights);
  }
}

/** The sequence-classification graph of a finetuned classifier. */
export function exportClassifierOnnx(config: ModelConfig, weights: Weights): Uint8Array {
  switch (config.model_type) {
    case 'bert':
      return exportBertOnnx(config, weights, 'sequence-classification');
    case 'gpt2':
      return exportGpt2ClassifierOnnx(config, weights);
    default:
      throw new Error(`no classifier export for '${config.model_type}'`);
  }
}
