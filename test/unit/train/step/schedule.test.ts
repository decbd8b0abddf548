/** The warmup + cosine schedule, against nanoGPT's get_lr values. */
import assert from 'node:assert/strict';
import { learningRate } from '../../../../src/train/step/schedule';

describe('learning-rate schedule', () => {
  const s = { lr: 1e-3, minLr: 1e-4, warmup: 100, steps: 2000 };
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

  it('warms up linearly to the peak', () => {
    close(learningRate(0, s), 1e-3 / 101);
    close(learningRate(49, s), (1e-3 * 50) / 101);
    close(learningRate(99, s), (1e-3 * 100) / 101);
    close(learningRate(100, s), 1e-3);
  });

  it('decays by a half cosine to the floor', () => {
    close(learningRate(1050, s), (1e-3 + 1e-4) / 2); // halfway through the decay
    close(learningRate(575, s), 1e-4 + 0.5 * (1 + Math.cos(Math.PI / 4)) * 9e-4);
    close(learningRate(2000, s), 1e-4);
    close(learningRate(5000, s), 1e-4);
    for (let step = 101; step < 2000; step++) assert.ok(learningRate(step, s) < learningRate(step - 1, s));
  });

  it('handles runs with no warmup or shorter than their warmup', () => {
    close(learningRate(0, { ...s, warmup: 0 }), 1e-3);
    close(learningRate(4, { ...s, warmup: 10, steps: 5 }), (1e-3 * 5) / 11);
  });
});
