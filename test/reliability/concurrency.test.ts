/**
 * Concurrency: a second `pretrain` on the same --out is refused (exit 2, the lock message
 * naming the owner) while the first runs; Ctrl-C (SIGINT) right after a step, while its
 * checkpoint is being written, ends the run cleanly with a folder that loads and resumes.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadModelFolder } from '../../src/models/model-folder';
import { buildCliOnce, jsonEvents, runCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';

const RUN = [...TINY_RUN, '--steps', '100000', '--checkpoint-every', '1', '--eval-every', '0', '--json'];

describe('reliability: concurrency', function () {
  this.timeout(60_000);
  before(buildCliOnce);

  it('refuses a second pretrain on the same folder, then cancels the first mid-checkpoint', async () => {
    const dir = tempDir();
    const corpus = tinyCorpus(dir);
    const out = path.join(dir, 'model');
    let second: ReturnType<typeof runCli> | undefined;
    const first = await runCli(['pretrain', corpus, '--out', out, ...RUN], {
      onStdoutLine: (line, child) => {
        const e = JSON.parse(line) as { event: string; step: number };
        if (e.event === 'progress' && e.step === 3 && !second) {
          second = runCli(['pretrain', corpus, '--out', out, ...RUN]);
          // Cancel once the second has been refused, right after a step: its checkpoint is next.
          void second.then(() => child.kill('SIGINT'));
        }
      },
    });
    const refused = await second!;
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^error: model folder \S+ is being written by process \d+ \(started .*, running pretrain\); wait for it or cancel it/);

    assert.equal(first.code, 0, first.stderr);
    const done = jsonEvents(first.stdout).find((e) => e.event === 'done')!;
    assert.equal(done.stopReason, 'cancelled');
    await loadModelFolder(out);
    const resumed = await runCli(['pretrain', corpus, '--out', out, '--resume', '--steps', String((done.step as number) + 2), '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
  });
});
