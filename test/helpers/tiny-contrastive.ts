/**
 * A toy code ↔ text task for the contrastive objective and a tiny BERT trained on it: each
 * "function" has a made-up name and its "doc comment" a different word, paired one to one, and
 * all share the same boilerplate; only training can tie each name to its word.
 */
import type { BertConfig } from '../../src/models/configs';
import { saveModelFolder } from '../../src/models/model-folder';
import { asSentenceEncoder, sentenceEncoderFiles } from '../../src/models/sentence-encoder-folder';
import { initialWeights } from '../../src/nn/params';
import { type PipelineTokenizer, trainTokenizer } from '../../src/tokenizer';
import { tokenizePairs, type TokenizedPair } from '../../src/data/tokenized-pairs';
import { batchFeeds } from '../../src/train/families';
import { ContrastivePairBatches } from '../../src/train/contrastive/pair-batches';
import { contrastiveForward, type ContrastiveOptions } from '../../src/train/forward-contrastive';
import { buildStepGraph } from '../../src/train/step/step-graph';
import { freshTrainState, StepSession, type TrainState } from '../../src/train/step/step-session';
import { Rng } from '../../src/util/rng';
import { tinyBertConfig } from './tiny-bert';
import type { CodeTextPair } from '../../src/data/pairs/types';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa'];
const WORDS = ['apple', 'banana', 'cherry', 'grape', 'lemon', 'mango', 'melon', 'olive', 'peach', 'pear', 'plum', 'berry', 'lime', 'kiwi', 'fig', 'date'];

export function toyPairs(): CodeTextPair[] {
  return NAMES.map((name, i) => ({ file: `src/${name}.ts`, language: 'typescript', kind: 'doc-comment', line: 1, code: `function ${name} ( value ) { return value ; }`, text: `the ${WORDS[i]} of the value` }));
}

export interface TinyContrastiveRun {
  cfg: BertConfig;
  tokenizer: PipelineTokenizer;
  pairs: TokenizedPair[];
  state: TrainState;
  losses: number[];
}

export const TOY_CONTEXT = 20;

/** Trains a tiny BERT contrastively on the toy pairs for `steps` steps (0: untrained weights). */
export async function trainTinyContrastive(steps: number, options: ContrastiveOptions = { queueSize: 16, momentum: 0.99, seed: 5 }): Promise<TinyContrastiveRun> {
  const raw = toyPairs();
  const tokenizer = trainTokenizer('wordpiece', raw.flatMap((p) => [p.code, p.text]), { vocabSize: 120 });
  const pairs = tokenizePairs(raw, tokenizer);
  const cfg = tinyBertConfig({ vocab_size: tokenizer.vocabSize, hidden_size: 32, num_attention_heads: 4, intermediate_size: 64, max_position_embeddings: TOY_CONTEXT, initializer_range: 0.1 });
  const B = 8;
  const graph = buildStepGraph(contrastiveForward(cfg, B, TOY_CONTEXT, options), { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 });
  const session = await StepSession.create(graph, freshTrainState(graph.params, initialWeights(graph.params, 7)), { intraOpNumThreads: 1 });
  const batches = new ContrastivePairBatches(pairs, tokenizer, { batchSize: B, contextLength: TOY_CONTEXT, seed: 3 });
  const rng = new Rng(9);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await session.run(batchFeeds(batches.next(), graph.batchInputs.map((b) => b.name)), 3e-3 * Math.min(1, (i + 1) / 10), rng)).loss);
  await session.release();
  return { cfg, tokenizer, pairs, state: session.state, losses };
}

/** Saves the run as a contrastive run's folder: BertModel, last_hidden_state ONNX, sentence-transformers files. */
export async function saveTinyContrastiveFolder(dir: string, run: TinyContrastiveRun): Promise<void> {
  const config = asSentenceEncoder(run.cfg);
  const encoder = [...run.state.params].filter(([name]) => name.startsWith('bert.'));
  const weights = new Map(encoder.map(([name, data]) => [name, Float32Array.from(data)]));
  const shapes = new Map(specsOf(run.cfg).map((s) => [s.name, s.shape]));
  await saveModelFolder(dir, {
    config,
    weights: new Map([...weights].map(([name, data]) => [name, { shape: shapes.get(name)!, data }])),
    tokenizer: run.tokenizer,
    ...sentenceEncoderFiles(config, weights),
  });
}

function specsOf(cfg: BertConfig) {
  return buildStepGraph(contrastiveForward(cfg, 1, 2, { queueSize: 0, momentum: 0, seed: 0 }), { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, clipNorm: 0 }).params;
}

