/**
 * Disk full during a checkpoint, for real: the model folder lives on a small tmpfs that a
 * filler file fills up while `pretrain` runs. The run must stop with an error that says the
 * disk is full and that the previous version is kept, and that previous checkpoint must load
 * and resume once space is back. Needs root to mount a tmpfs; skipped elsewhere (the
 * injected-ENOSPC unit tests in test/unit/util/atomic-write.test.ts still run). A comparison
 * whose --out fills up stops the same way, its comparison-state.json still readable.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { loadModelFolder } from '../../src/models/model-folder';
import type { Gpt2Config } from '../../src/models/configs';
import { readCheckpoint } from '../../src/train/checkpoint/checkpoint';
import { readState } from '../../src/compare/state';
import { causalLmForward } from '../../src/train/forward-clm';
import { paramSpecsOf } from '../../src/train/step/param-specs';
import { buildCliOnce, jsonEvents, runCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';
import { compareArgs, comparisonData } from '../integration/compare-helpers';
import { pretrainTiny } from '../integration/cluster-helpers';

/** Writes zeros until the file system refuses: ENOSPC. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

describe('reliability: disk full during a checkpoint', function () {
  this.timeout(60_000);
  const mountPoint = path.join(tempDir('pl-diskfull-'), 'disk');
  let mounted = false;

  before(function () {
    mkdirSync(mountPoint);
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]);
    mounted = r.status === 0;
    if (!mounted) this.skip();
    buildCliOnce();
  });
  after(() => {
    if (mounted) spawnSync('umount', [mountPoint]);
  });

  it('stops with a clear ENOSPC error and keeps the previous checkpoint, which resumes', async () => {
    const corpus = tinyCorpus(path.dirname(mountPoint));
    const out = path.join(mountPoint, 'model');
    const filler = path.join(mountPoint, 'filler');
    const args = ['pretrain', corpus, '--out', out, ...TINY_RUN, '--steps', '100000', '--checkpoint-every', '1', '--eval-every', '0', '--json'];
    let filled = false;
    const run = await runCli(args, {
      onStdoutLine: (line) => {
        const e = JSON.parse(line) as { event: string; step: number };
        if (!filled && e.event === 'checkpoint' && e.step >= 3) {
          filled = true;
          fillDisk(filler);
        }
      },
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /could not write \S+\/model\/\S+: the disk is full \(ENOSPC\); its previous version is unchanged/);
    assert.equal(run.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
    const lastCheckpoint = Math.max(...jsonEvents(run.stdout).filter((e) => e.event === 'checkpoint').map((e) => e.step as number));

    rmSync(filler);
    const folder = await loadModelFolder(out);
    const ckpt = await readCheckpoint(out, paramSpecsOf(causalLmForward(folder.config as Gpt2Config, 1, 16)));
    // The disk fills while the child runs on: its next checkpoint fails either in training/
    // (kept at the last reported step) or just after it, in the top-level copies.
    assert.ok([lastCheckpoint, lastCheckpoint + 1].includes(ckpt.state.step), `checkpoint step ${ckpt.state.step}, last reported ${lastCheckpoint}`);
    const resumed = await runCli(['pretrain', corpus, '--out', out, '--resume', '--steps', String(ckpt.state.step + 2), '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    console.log(`      disk filled after the step-${lastCheckpoint} checkpoint; run stopped with: ${run.stderr.trim().slice(0, 140)}…`);
  });

  it('export-run onto a full disk exits non-zero with one line saying so and leaves no bundle or staging folder', async () => {
    const { modelDir, corpus } = await pretrainTiny(path.dirname(mountPoint), 'gpt2');
    const filler = path.join(mountPoint, 'filler-export');
    fillDisk(filler);
    const before = readdirSync(mountPoint);
    try {
      const run = await runCli(['export-run', modelDir, '--corpus', corpus, '--out', path.join(mountPoint, 'bundle')]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /the disk is full \(ENOSPC\)/);
      assert.equal(run.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
      assert.deepEqual(readdirSync(mountPoint), before, 'no bundle, no staging leftovers');
      console.log(`      export-run stopped with: ${run.stderr.trim().slice(0, 140)}…`);
    } finally {
      rmSync(filler);
    }
  });

  it('a comparison whose --out fills up stops with one line saying so, and its comparison-state.json still reads', async () => {
    const out = path.join(mountPoint, 'comparison');
    const filler = path.join(mountPoint, 'compare-filler');
    const folder = { dir: path.dirname(mountPoint), ...comparisonData(path.dirname(mountPoint)), out };
    let filled = false;
    const run = await runCli(compareArgs(folder, '--rows', 'bert-mlm,none', '--steps', '4', '--json'), {
      onStdoutLine: (line) => {
        // The first row's pretraining is recorded in the state by the time its finetuning starts.
        const e = JSON.parse(line) as { event: string; phase?: string; status?: string };
        if (!filled && e.event === 'phase' && e.phase === 'finetune' && e.status === 'start') {
          filled = true;
          fillDisk(filler);
        }
      },
    });
    try {
      assert.ok(filled, `the comparison never reached a finetuning phase:\n${run.stdout.slice(-600)}`);
      assert.notEqual(run.code, 0, 'the comparison must not report success');
      assert.match(run.stderr, /the disk is full \(ENOSPC\)/);
      assert.equal(run.stderr.trim().split('\n').length, 1, `one line, no stack trace:\n${run.stderr}`);
      const state = readState(out);
      assert.ok(state.done['bert-mlm/seed-1']?.pretrained, 'the state still records the finished pretraining');
      console.log(`      comparison stopped with: ${run.stderr.trim().slice(0, 140)}…`);
    } finally {
      // Later cases expect an empty disk.
      rmSync(filler, { force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
