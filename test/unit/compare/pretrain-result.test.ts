// The loss curve a report keeps per run: at most CURVE_POINTS points, evenly spaced, first and last kept.
import assert from 'node:assert/strict';
import { CURVE_POINTS, thin } from '../../../src/compare/pretrain-result';

describe('compare: loss curve thinning', () => {
  it('keeps short curves whole and thins long ones evenly, with their ends', () => {
    assert.deepEqual(thin([1, 2, 3], CURVE_POINTS), [1, 2, 3]);
    const long = Array.from({ length: 10_000 }, (_, i) => i);
    const kept = thin(long, CURVE_POINTS);
    assert.equal(kept.length, CURVE_POINTS);
    assert.equal(kept[0], 0);
    assert.equal(kept.at(-1), 9_999);
    const gaps = kept.slice(1).map((v, i) => v - kept[i]);
    assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, 'evenly spaced');
  });
});
