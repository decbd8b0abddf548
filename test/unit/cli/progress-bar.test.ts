import assert from 'node:assert/strict';
import { ProgressBar, formatCount, formatDuration, formatProgressLine } from '../../../src/cli/progress-bar';

function fakeStream(isTTY: boolean, columns = 100) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (text: string) => writes.push(text) } };
}

describe('cli/progress-bar', () => {
  it('formats durations and rates', () => {
    assert.deepEqual([0, 42_400, 185_000, 3_720_000].map(formatDuration), ['0s', '42s', '3m05s', '1h02m']);
    assert.deepEqual([950, 11_900, 1_234_567].map(formatCount), ['950', '11.9k', '1.2M']);
  });

  it('shows step, loss, tokens/s, elapsed and an extrapolated ETA', () => {
    assert.equal(
      formatProgressLine({ step: 100, total: 2000, loss: 2.34567, tokensPerSec: 11900, elapsedMs: 10_000 }),
      'step 100/2000 5% | loss 2.3457 | 11.9k tok/s | 10s, ETA 3m10s',
    );
    assert.equal(formatProgressLine({ step: 2000, total: 2000, elapsedMs: 200_000, etaMs: 0 }), 'step 2000/2000 100% | 3m20s');
    assert.equal(formatProgressLine({ step: 0, total: 10, loss: NaN, elapsedMs: 0 }), 'step 0/10 0% | loss NaN | 0s');
  });

  it('fills the terminal width with a bar, and drops it when narrow', () => {
    const line = formatProgressLine({ step: 50, total: 100, loss: 1, elapsedMs: 1000, etaMs: 1000 }, 80);
    assert.equal(line.length, 79);
    assert.match(line, /^step 50\/100 \[█+░+\] 50% \| loss 1\.0000 \| 1s, ETA 1s$/);
    assert.equal((line.match(/█/g) ?? []).length, (line.match(/░/g) ?? []).length);
    const narrow = formatProgressLine({ step: 50, total: 100, loss: 1, elapsedMs: 1000, etaMs: 1000 }, 30);
    assert.ok(!narrow.includes('['));
    assert.ok(narrow.length <= 29);
  });

  it('redraws in place on a terminal, throttled, and keeps log lines above the bar', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const bar = new ProgressBar(stream, { now: () => now, redrawEveryMs: 100 });
    bar.update({ step: 1, total: 3, elapsedMs: 0 });
    now = 50;
    bar.update({ step: 2, total: 3, elapsedMs: 50 }); // throttled
    assert.equal(writes.length, 1);
    assert.ok(writes[0].startsWith('\rstep 1/3 [') && writes[0].endsWith('\x1b[K'));
    bar.log('eval: val loss 1.9');
    assert.deepEqual(writes.slice(1, 3), ['\r\x1b[K', 'eval: val loss 1.9\n']);
    assert.ok(writes[3].startsWith('\rstep 2/3 ['), 'the bar comes back below the message');
    now = 60;
    bar.update({ step: 3, total: 3, elapsedMs: 60 }); // the last step always draws
    assert.ok(writes[4].startsWith('\rstep 3/3 ['));
    bar.finish();
    assert.equal(writes[5], '\n');
    bar.finish();
    assert.equal(writes.length, 6, 'finish twice writes one newline');
  });

  it('prints plain periodic lines when not a terminal', () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const bar = new ProgressBar(stream, { now: () => now, plainEveryMs: 10_000 });
    for (let step = 1; step <= 30; step++) {
      now = step * 1000;
      bar.update({ step, total: 30, loss: 1, elapsedMs: now });
    }
    bar.log('done training');
    bar.finish();
    assert.deepEqual(writes, [
      'step 1/30 3% | loss 1.0000 | 1s, ETA 29s\n',
      'step 11/30 36% | loss 1.0000 | 11s, ETA 19s\n',
      'step 21/30 70% | loss 1.0000 | 21s, ETA 9s\n',
      'step 30/30 100% | loss 1.0000 | 30s\n',
      'done training\n',
    ]);
    assert.ok(writes.every((w) => !w.includes('\r') && !w.includes('\x1b')), 'no control characters in logs');
  });
});
