/**
 * Crash and resume: SIGKILL a spawned `pretrain` mid-run, `--resume` it, and the per-step
 * losses after the resume point equal those of an uninterrupted run with the same seed,
 * exactly (dropout on, so the RNG state must be restored too).
 */
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import path from 'node:path';
import { loadModelFolder } from '../../src/models/model-folder';
import { buildCliOnce, jsonEvents, runCli, tempDir, tinyCorpus, TINY_RUN } from './cli-helpers';

const RUN = [...TINY_RUN, '--steps', '40', '--checkpoint-every', '4', '--eval-every', '8', '--dropout', '0.1', '--seed', '7', '--json'];

function lossesByStep(stdout: string, kind: 'progress' | 'eval' = 'progress'): Map<number, number> {
  const key = kind === 'progress' ? 'loss' : 'valLoss';
  return new Map(jsonEvents(stdout).filter((e) => e.event === kind).map((e) => [e.step as number, e[key] as number]));
}

describe('cli: kill and --resume', () => {
  before(buildCliOnce);

  it('continues a SIGKILLed run with the losses of the uninterrupted one', async () => {
    const dir = tempDir();
    const corpus = tinyCorpus(dir);
    const full = await runCli(['pretrain', corpus, '--out', path.join(dir, 'full'), ...RUN]);
    assert.equal(full.code, 0, full.stderr);
    const expected = lossesByStep(full.stdout);
    assert.equal(expected.size, 40);

    const out = path.join(dir, 'killed');
    const killed = await runCli(['pretrain', corpus, '--out', out, ...RUN], {
      onStdoutLine: (line, child) => {
        const e = JSON.parse(line) as { event: string; step: number };
        if (e.event === 'progress' && e.step >= 10) child.kill('SIGKILL');
      },
    });
    assert.equal(killed.signal, 'SIGKILL');
    const before = lossesByStep(killed.stdout);
    assert.ok(before.size < 40, 'killed before the end');

    // The folder loads as a model right after the kill.
    const folder = await loadModelFolder(out);
    assert.equal(folder.config.model_type, 'gpt2');

    // Leave the checkpoint as a crash between the two renames of its swap would: only the new
    // folder, under its temporary name. Resume must finish the swap.
    renameSync(path.join(out, 'training'), path.join(out, 'training.new-12345-0badc0de'));
    const resumed = await runCli(['pretrain', corpus, '--out', out, '--resume', '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const start = jsonEvents(resumed.stdout).find((e) => e.event === 'start')!;
    assert.equal(start.resumed, true);
    const from = start.step as number;
    assert.ok(from >= 8 && from % 4 === 0, `resumed from checkpoint step ${from}`);
    const after = lossesByStep(resumed.stdout);
    assert.deepEqual([...after.keys()], Array.from({ length: 40 - from }, (_, i) => from + 1 + i));
    let maxDiff = 0;
    for (const [step, loss] of after) maxDiff = Math.max(maxDiff, Math.abs(loss - expected.get(step)!));
    console.log(`      resumed at step ${from} of 40 (killed after step ${Math.max(...before.keys())}); max |Δloss| over ${after.size} steps = ${maxDiff}`);
    for (const [step, loss] of after) assert.equal(loss, expected.get(step), `step ${step}`);
    // Steps repeated after the kill (between the checkpoint and the kill) also agree.
    for (const [step, loss] of before) assert.equal(loss, expected.get(step), `step ${step} before the kill`);
    for (const [step, valLoss] of lossesByStep(resumed.stdout, 'eval')) assert.equal(valLoss, lossesByStep(full.stdout, 'eval').get(step));
  });
});
