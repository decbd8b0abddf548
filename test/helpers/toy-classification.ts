/**
 * The verdict on a toy 3-class run (bert-classify and gpt2-classify tests): the loss starts near
 * ln 3 (chance), ends low, and the last 10 steps' predictions are right.
 */
import assert from 'node:assert/strict';

export function assertLearnedThreeClasses(losses: readonly number[], correct: number, counted: number, batch: number): void {
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [first, last] = [mean(losses.slice(0, 5)), mean(losses.slice(-10))];
  console.log(`      loss ${first.toFixed(3)} → ${last.toFixed(3)}; accuracy over the last 10 steps ${correct}/${counted}`);
  assert.ok(Math.abs(first - Math.log(3)) < 0.3, `starts near ln 3: ${first}`);
  assert.ok(last < 0.2, `final loss ${last}`);
  assert.equal(counted, 10 * batch);
  assert.ok(correct / counted > 0.95, `accuracy ${correct}/${counted}`);
}
