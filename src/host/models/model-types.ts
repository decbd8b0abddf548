// The shape of a model as listed in the UI; shared with webviews, so no Node imports.
import type { TrainingSummary } from './training-metrics';

export type ModelSource = 'bundled' | 'user';

export interface ModelSummary {
  /** Folder name, shown as the model's name. */
  name: string;
  /** Absolute path of the model folder. */
  folder: string;
  source: ModelSource;
  modelType?: string;
  /** model_type is one Pretrain Lab can run (the model registry's MODEL_TYPES). */
  supported: boolean;
  layers?: number;
  /** Encoder-decoder models only: `layers` counts the encoder's. */
  decoderLayers?: number;
  heads?: number;
  width?: number;
  /** Longest input in tokens, where the architecture has a limit. */
  context?: number;
  vocabSize?: number;
  /** Bytes of model.safetensors, when present. */
  weightsBytes?: number;
  /** How its training ended (training_summary.json, else training/metrics.jsonl), if recorded. */
  training?: TrainingSummary;
  /** Why config.json could not be used; the folder is still listed so the user sees it. */
  problem?: string;
  /**
   * Tasks its family serves that this folder cannot, each with why and what to use instead
   * (ELECTRA's discriminator fills no masks: its generator/ does). Keyed by the registry's task names.
   */
  refusedTasks?: Partial<Record<'generate' | 'fillMask' | 'text2text' | 'classify' | 'promptClassify', string>>;
}
