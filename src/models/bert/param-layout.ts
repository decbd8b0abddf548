/**
 * BERT's parameter-layout table (HF name, shape, decay flag, initialiser, in build order)
 * for a config and head, read off a throwaway build: the table cannot drift from the graph.
 */
import { GraphBuilder } from '../../graph';
import { InputParams, type ParamSpec } from '../../nn/params';
import { buildBertForMaskedLM, buildBertForSequenceClassification } from './model';
import type { BertConfig } from '../configs';
import type { BertHead } from './export-onnx';

export function bertParamSpecs(cfg: BertConfig, head: BertHead): ParamSpec[] {
  const g = new GraphBuilder('bert_layout');
  const params = new InputParams(g);
  const inputIds = g.input('input_ids', 'int32', [1, 1]);
  const build = head === 'masked-lm' ? buildBertForMaskedLM : buildBertForSequenceClassification;
  build(g, params, cfg, { inputIds });
  return params.specs;
}
