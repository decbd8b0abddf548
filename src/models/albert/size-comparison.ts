/**
 * What ALBERT's sharing and factorised embeddings save: the parameter count of the BERT that
 * has the same width, depth (layers run), MLP, vocabulary and positions but a full-width
 * embedding table and one set of weights per layer, counted off a throwaway build of BERT's
 * graph with the same heads (masked LM or classifier; an AlbertForPreTraining folder's pooler and
 * 2-way sentence-order head are weighed as BertForPreTraining's pooler and 2-way NSP head).
 */
import { GraphBuilder } from '../../graph';
import { InputParams } from '../../nn/params';
import { buildBertForMaskedLM, buildBertForSequenceClassification } from '../bert/model';
import { BERT_DEFAULTS, isSequenceClassifier, type AlbertConfig, type BertConfig } from '../configs';
import type { SizeComparison } from '../family';

export function bertOfSameWidthAndDepth(cfg: AlbertConfig): SizeComparison {
  const bert: BertConfig = {
    ...BERT_DEFAULTS,
    vocab_size: cfg.vocab_size,
    hidden_size: cfg.hidden_size,
    num_hidden_layers: cfg.num_hidden_layers * cfg.inner_group_num,
    num_attention_heads: cfg.num_attention_heads,
    intermediate_size: cfg.intermediate_size,
    max_position_embeddings: cfg.max_position_embeddings,
    type_vocab_size: cfg.type_vocab_size,
    tie_word_embeddings: cfg.tie_word_embeddings,
    pad_token_id: cfg.pad_token_id,
    ...(cfg.id2label ? { id2label: cfg.id2label } : {}),
  };
  const g = new GraphBuilder('bert_size');
  const params = new InputParams(g);
  const build = isSequenceClassifier(cfg) ? buildBertForSequenceClassification : buildBertForMaskedLM;
  build(g, params, bert, { inputIds: g.input('input_ids', 'int32', [1, 1]) });
  const C = cfg.hidden_size;
  const pretrainingHeads = cfg.architectures?.includes('AlbertForPreTraining') ? C * C + C + 2 * C + 2 : 0; // pooler + seq_relationship
  const parameters = params.specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0) + pretrainingHeads;
  return { name: 'a BERT of this width and depth', parameters };
}
