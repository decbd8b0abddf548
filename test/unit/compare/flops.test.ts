// The FLOPs of a training step, counted on its forward graph, against a count by hand for a tiny
// GPT-2, BERT and ELECTRA: per layer QKV (3C²), attention scores and mix (2TC), output projection
// (C²) and MLP (8C²) per token, plus the heads (BERT's LM head adds its C² transform), × 2 × 3.
import assert from 'node:assert/strict';
import { GraphBuilder } from '../../../src/graph';
import { buildConfig } from '../../../src/models/config-builder';
import { trainFamily } from '../../../src/train/families';
import { matmulMultiplyAdds, trainingFlopsPerStep } from '../../../src/compare/flops';

const [V, L, H, C, T, B] = [50, 2, 2, 8, 6, 3];
const perLayer = 12 * C * C + 2 * T * C;

function stepFlops(arch: 'gpt2' | 'bert' | 'electra', objective: 'clm' | 'mlm' | 'rtd'): number {
  const config = buildConfig({ arch, vocabSize: V, layers: L, heads: H, dim: C, context: T, dropout: 0 });
  return trainingFlopsPerStep(trainFamily(arch, objective).forward(config, { batch: B, context: T }));
}

describe('compare: training FLOPs per step', () => {
  it('a tiny GPT-2 (causal LM) matches the hand count', () => {
    assert.equal(stepFlops('gpt2', 'clm'), 6 * B * T * (L * perLayer + C * V));
  });

  it('a tiny BERT (masked LM) matches the hand count, its head transform included', () => {
    assert.equal(stepFlops('bert', 'mlm'), 6 * B * T * (L * perLayer + C * C + C * V));
  });

  it('ELECTRA counts both networks of its joint step: the generator (a quarter wide) and the discriminator', () => {
    const G = C / 4; // the generator's width; its MLP is 4G wide and it has one head
    // embeddings_project (C→G), its layers, its MLM head (G→C transform, C→V decoder)
    const generator = C * G + L * (12 * G * G + 2 * T * G) + G * C + C * V;
    // its layers and its replaced-token head (C→C, then C→1)
    const discriminator = L * perLayer + C * C + C;
    assert.equal(stepFlops('electra', 'rtd'), 6 * B * T * (generator + discriminator));
  });

  it('counts Gemm with transA, and MatMul with batch dimensions', () => {
    const g = new GraphBuilder('t');
    const a = g.input('a', 'float32', [5, 3]); // (K, M) read transposed
    const b = g.input('b', 'float32', [5, 4]); // (K, N)
    g.output(g.gemm(a, b, undefined, { transA: true }), 'y'); // (3, 4): 3·4·5
    const x = g.input('x', 'float32', [2, 7, 3, 6]);
    const w = g.input('w', 'float32', [6, 2]);
    g.output(g.matmul(x, w), 'z'); // (2, 7, 3, 2): 84·6
    assert.equal(matmulMultiplyAdds(g.graph), 3 * 4 * 5 + 2 * 7 * 3 * 2 * 6);
  });

  it('refuses a symbolic dimension, naming the node', () => {
    const g = new GraphBuilder('t');
    const x = g.input('x', 'float32', ['batch', 4]);
    g.output(g.matmul(x, g.input('w', 'float32', [4, 2])), 'y');
    assert.throws(() => matmulMultiplyAdds(g.graph), /MatMul node .* symbolic dimension 'batch'/);
  });
});
