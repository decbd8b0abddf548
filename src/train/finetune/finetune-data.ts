/**
 * Labelled data made ready for a classification run: read (JSONL, CSV or a folder per label),
 * labels fixed, split (stratified, seeded) or a validation file checked against the training
 * labels, encoded with the model's tokenizer, and fingerprinted so that a resume can tell that
 * the data is the same.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../../util/errors';
import { readLabelled, type LabelledExample, type LabelledFields } from '../../data/labelled';
import { encodeExamples, type EncodedExamples } from '../../data/labelled-batches';
import { checkKnownLabels, labelsOf, stratifiedSplit } from '../../data/labelled-split';
import type { PipelineTokenizer } from '../../tokenizer';
import { listLabels } from './label-list';

export interface ClassifyDataRequest extends LabelledFields {
  /** Training data; also the validation data unless `valData` is given. */
  data: string;
  valData?: string;
}

export interface ClassifyData {
  labels: string[];
  train: EncodedExamples;
  val: EncodedExamples;
  /** Tokens per row: the longest example's, at most the context allowed. */
  context: number;
  fingerprint: string;
}

export function prepareClassifyData(
  req: ClassifyDataRequest,
  tokenizer: PipelineTokenizer,
  split: { valFraction: number; seed: number; maxContext: number },
  /** A resumed run's labels, which the data must have exactly. */
  savedLabels?: readonly string[],
): ClassifyData {
  const all = readLabelled(req.data, req);
  const labels = labelsOf(all, req.data);
  if (savedLabels && labels.join('\0') !== savedLabels.join('\0')) {
    throw new InputError(`${req.data} has the labels ${listLabels(labels)} but the checkpoint was trained on ${listLabels(savedLabels)}; resume with the same data`);
  }
  let train: LabelledExample[];
  let val: LabelledExample[];
  if (req.valData !== undefined) {
    train = all;
    val = readLabelled(req.valData, req);
    checkKnownLabels(val, labels, 'training data');
  } else {
    ({ train, val } = stratifiedSplit(all, labels, split.valFraction, split.seed, req.data));
  }
  const encodedTrain = encodeExamples(train, labels, tokenizer, split.maxContext);
  const encodedVal = encodeExamples(val, labels, tokenizer, split.maxContext);
  const context = Math.max(2, ...encodedTrain.rows.map((r) => r.length), ...encodedVal.rows.map((r) => r.length));
  const hash = createHash('sha256');
  for (const [name, set] of [['train', train], ['val', val]] as const) for (const e of set) hash.update(`${name}\0${e.label}\0${e.text}\0`);
  return { labels, train: encodedTrain, val: encodedVal, context: Math.min(context, split.maxContext), fingerprint: hash.digest('hex').slice(0, 16) };
}
