/**
 * How a comparison's events reach the terminal: JSON lines with --json; else the plan, one
 * progress bar per phase (the training commands' bar), each row's scores as it finishes, and at
 * the end the table with the paths of the two report files.
 */
import type { CompareEvent, ComparisonSummary, PlannedRow } from '../../compare/protocol';
import { formatFlops, markdownTable, bestLine, budgetLine } from '../../compare/report-markdown';
import { ProgressBar } from '../progress-bar';
import { type CliIo, printJson } from './command';

export interface CompareOutput {
  event(e: CompareEvent): void;
  done(summary: ComparisonSummary): void;
}

const PHASE_WORDS = { pretrain: 'pretraining', finetune: 'finetuning' } as const;
const STATUS_WORDS = { start: '', resumed: ' (resuming its checkpoint)', reused: ' — already done, reused' } as const;

export function compareOutput(io: CliIo, json: boolean): CompareOutput {
  if (json) {
    return {
      // Failures are printed once, by main, with the error the job rejected with.
      event: (e) => e.event !== 'error' && printJson(io, e),
      done: (summary) => printJson(io, summary),
    };
  }
  let bar: ProgressBar | undefined;
  let total = 0;
  let rows: PlannedRow[] = [];
  const say = (line: string) => (bar ? bar.log(line) : io.stdout.write(`${line}\n`));
  return {
    event(e) {
      switch (e.event) {
        case 'plan':
          rows = e.rows;
          io.stdout.write(`Comparing ${e.rows.length} row${e.rows.length === 1 ? '' : 's'} over ${e.seeds.length} seed${e.seeds.length === 1 ? '' : 's'}:\n`);
          for (const r of e.rows) {
            const budget = r.arch === 'none' ? 'no pretraining' : e.budget.kind === 'minutes' ? `${e.budget.minutes} min` : `${r.steps} steps, ${formatFlops(r.steps * r.flopsPerStep)}`;
            io.stdout.write(`  ${r.id.padEnd(14)} ${r.label} — ${budget}\n`);
          }
          break;
        case 'phase': {
          bar?.finish();
          bar = undefined;
          const index = rows.findIndex((r) => r.id === e.row) + 1;
          const baseline = e.phase === 'pretrain' && rows[index - 1]?.arch === 'none';
          io.stdout.write(`[${index}/${rows.length}] ${e.row}, seed ${e.seed}: ${baseline ? 'no pretraining, a model with random weights' : PHASE_WORDS[e.phase]}${STATUS_WORDS[e.status]}\n`);
          if (e.status !== 'reused') bar = new ProgressBar(io.stdout);
          break;
        }
        case 'train': {
          const inner = e.inner;
          if (inner.event === 'start') total = inner.totalSteps;
          else if (inner.event === 'progress') bar?.update({ step: inner.step, total, loss: inner.loss, tokensPerSec: inner.tokensPerSec, elapsedMs: inner.elapsedMs, etaMs: inner.etaMs });
          else if (inner.event === 'log' && inner.level === 'warn') say(`warning: ${inner.message}`);
          break;
        }
        case 'result': {
          bar?.finish();
          bar = undefined;
          const { finetune } = e.result;
          io.stdout.write(`  ${e.row}, seed ${e.seed}: accuracy ${(100 * finetune.accuracy).toFixed(1)}%, macro-F1 ${finetune.macroF1.toFixed(3)}\n`);
          break;
        }
        case 'log':
          say(e.level === 'warn' ? `warning: ${e.message}` : e.message);
          break;
        case 'error':
          bar?.finish();
          break;
      }
    },
    done(summary) {
      bar?.finish();
      const { report } = summary;
      io.stdout.write(`\n${markdownTable(report)}\n${bestLine(report)}\n${budgetLine(report.budget, report)}\n\n`);
      io.stdout.write(`Report: ${summary.markdownPath}\n        ${summary.jsonPath}\n`);
      if (summary.stopReason === 'cancelled') io.stdout.write('Cancelled; continue with the same command and --resume.\n');
    },
  };
}
