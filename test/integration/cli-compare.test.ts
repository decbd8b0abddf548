/**
 * `pretrain-lab compare` end to end through the real CLI: a tiny comparison of BERT-MLM,
 * ELECTRA-RTD and the no-pretraining baseline over two seeds writes comparison.json and
 * comparison.md, prints the table, reports its events with --json, and a --resume of the
 * finished comparison reuses every phase. Bad input exits 2 with one line and writes nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ComparisonReport } from '../../src/compare/protocol';
import { lockFileFor } from '../../src/util/folder-lock';
import { buildCliOnce, jsonEvents, runCli } from './cli-helpers';
import { compareArgs, comparisonFolder, tinyComparison, TINY_COMPARE } from './compare-helpers';

describe('cli: compare', function () {
  this.timeout(300_000);
  before(buildCliOnce);

  it('compares three rows over two seeds: report files, table, JSON events; a resume reuses every phase', async () => {
    const { corpus, data, out, args } = tinyComparison('pl-compare-', '--rows', 'bert-mlm,electra-rtd,none', '--seeds', '2', '--steps', '6');
    const run = await runCli([...args, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonEvents(run.stdout);
    assert.equal(events[0].event, 'plan');
    const done = events.at(-1) as unknown as { event: string; stopReason: string; jsonPath: string; markdownPath: string; report: ComparisonReport };
    assert.equal(done.event, 'done');
    assert.equal(done.stopReason, 'completed');
    assert.deepEqual(
      events.filter((e) => e.event === 'result').map((e) => `${e.row}/${e.seed}`),
      ['bert-mlm/1', 'electra-rtd/1', 'none/1', 'bert-mlm/2', 'electra-rtd/2', 'none/2'],
    );
    assert.ok(events.some((e) => e.event === 'train' && e.row === 'electra-rtd' && (e.inner as { event: string }).event === 'progress'), 'inner training events are relayed');

    const report = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')) as ComparisonReport;
    assert.equal(done.jsonPath, path.join(out, 'comparison.json'));
    assert.equal(report.complete, true);
    assert.deepEqual(report.rows.map((r) => r.id), ['bert-mlm', 'electra-rtd', 'none']);
    const [bert, electra, none] = report.rows;
    assert.equal(bert.steps, 6, 'the reference row gets the reference steps');
    assert.ok(Math.abs(electra.steps * electra.flopsPerStep - 6 * bert.flopsPerStep) <= electra.flopsPerStep, 'equal FLOPs');
    for (const row of report.rows) {
      assert.deepEqual(row.seeds.map((s) => s.seed), [1, 2], row.id);
      for (const { result } of row.seeds) {
        assert.ok(result.finetune.accuracy >= 0 && result.finetune.accuracy <= 1, row.id);
        assert.ok(result.finetune.macroF1 >= 0 && result.finetune.macroF1 <= 1, row.id);
      }
      assert.ok(Number.isFinite(row.accuracy.mean) && Number.isFinite(row.accuracy.sd), row.id);
    }
    const electraRun = electra.seeds[0].result.pretrain!;
    assert.equal(electraRun.steps, electra.steps);
    assert.ok(electraRun.metrics.replacedAccuracy !== undefined && electraRun.metrics.originalAccuracy !== undefined, 'ELECTRA reports its discriminator accuracies');
    assert.ok(bert.seeds[0].result.pretrain!.metrics.maskedAccuracy !== undefined, 'BERT reports masked-token accuracy');
    assert.equal(electraRun.curve.length, electra.steps);
    assert.equal(none.seeds[0].result.pretrain, undefined, 'the baseline does not pretrain');
    const markdown = readFileSync(path.join(out, 'comparison.md'), 'utf8');
    assert.match(markdown, /\| `electra-rtd` \| ELECTRA — replaced-token detection \|/);
    assert.match(markdown, /\*\*Best downstream accuracy: /);
    assert.ok(!existsSync(lockFileFor(out)), 'the lock is released');

    // The finished comparison, resumed: nothing runs again; the table is printed.
    const again = await runCli(['compare', corpus, '--data', data, '--out', out, '--resume']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((again.stdout.match(/already done, reused/g) ?? []).length, 3 * 2 * 2);
    const table = again.stdout.split('\n').filter((l) => l.startsWith('| `'));
    assert.deepEqual(table.map((l) => l.split(' | ')[0]), ['| `bert-mlm`', '| `electra-rtd`', '| `none`']);
    assert.match(again.stdout, new RegExp(`Report: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/comparison\\.md`));
  });

  it('Ctrl-C cancels the row in flight and still writes the partial report (exit 0); --resume finishes', async () => {
    const { out, args } = tinyComparison('pl-compare-cancel-', '--rows', 'bert-mlm,none', '--steps', '300');
    const report = () => JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')) as ComparisonReport;
    let interrupted = false;
    const run = await runCli([...args, '--json'], {
      onStdoutLine: (line, child) => {
        if (!interrupted && line.includes('"event":"progress"')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    });
    assert.equal(run.code, 0, run.stderr);
    const done = jsonEvents(run.stdout).at(-1) as unknown as { event: string; stopReason: string; report: ComparisonReport };
    assert.equal(done.event, 'done');
    assert.equal(done.stopReason, 'cancelled');
    assert.equal(done.report.complete, false);
    assert.equal(report().complete, false);

    const resumed = await runCli([...args, '--resume', '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const phases = jsonEvents(resumed.stdout).filter((e) => e.event === 'phase').map((e) => `${e.row}:${e.phase}:${e.status}`);
    assert.deepEqual(phases.slice(0, 1), ['bert-mlm:pretrain:resumed']);
    assert.equal(report().complete, true);
  });

  describe('bad input exits 2 with one line and writes nothing', () => {
    const folder = comparisonFolder('pl-compare-bad-', 'never');
    const { dir, corpus, data, out } = folder;
    const base = compareArgs(folder, '--steps', '2');
    const cases: [string, string[], RegExp][] = [
      ['an unknown row', ['--rows', 'bert-mlm,xlnet-plm'], /--rows xlnet-plm is not a row Pretrain Lab knows; choose from /],
      ['a row whose family cannot classify', ['--rows', 't5-span'], /--rows t5-span: T5 cannot be finetuned for classification/],
      ['an empty --rows', ['--rows', ','], /--rows is empty/],
      ['--steps with --minutes', ['--minutes', '1'], /give --steps \(equal FLOPs\) or --minutes \(equal time\), not both/],
      ['labelled data that is missing', ['--data', path.join(dir, 'missing.jsonl')], /labelled data .*missing\.jsonl does not exist/],
      ['a --resume with nothing to resume', ['--resume'], /holds no comparison to resume/],
      ['a seed list with junk', ['--seeds', '1,x'], /--seeds takes a count \(3\) or a list of integers/],
    ];
    for (const [what, extra, message] of cases) {
      it(what, async () => {
        // The later flag of a pair given twice is refused by the parser: put replacements in place.
        const args = [...base];
        for (let i = 0; i < extra.length; i += 2) {
          const at = args.indexOf(extra[i]);
          if (at >= 0 && extra[i + 1] !== undefined && !extra[i + 1].startsWith('--')) args.splice(at, 2);
        }
        const r = await runCli([...args, ...extra]);
        assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stderr, message);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.ok(!existsSync(out), 'no folder written');
        assert.ok(!existsSync(lockFileFor(out)), 'no lock left');
      });
    }

    it('an --out inside the corpus folder (the rows\' folders would become training text)', async () => {
      const inside = path.join(dir, 'inside');
      const r = await runCli(['compare', dir, '--data', data, '--out', inside, ...TINY_COMPARE]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--out .*inside is inside the corpus .*; choose an --out outside it/);
      assert.ok(!existsSync(inside) && !existsSync(lockFileFor(inside)));
    });

    it('an --out folder that holds something else (left untouched)', async () => {
      const other = path.join(dir, 'other');
      mkdirSync(other);
      writeFileSync(path.join(other, 'notes.txt'), 'mine');
      const r = await runCli(['compare', corpus, '--data', data, '--out', other, ...TINY_COMPARE]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--out .*other is a folder with other files in it \(1 entries\) that is not a comparison/);
      assert.deepEqual(readdirSync(other), ['notes.txt']);
    });
  });
});
