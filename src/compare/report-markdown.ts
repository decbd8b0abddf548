/**
 * comparison.md: the report as people read it — one table row per pretraining row (sizes, the
 * budget each got and spent, how its pretraining went, how well it finetuned, mean ± sd over
 * seeds), a one-line verdict, and what the budget was. The CLI prints the same text at the end.
 */
import type { ComparisonBudget, ComparisonReport, ReportRow, SeedResult } from './protocol';
import { BASELINE_ROW, REFERENCE_ROW } from './rows';

type Pretrain = NonNullable<SeedResult['pretrain']>;

/** 1.2 PFLOPs, 340 TFLOPs, 5.1 GFLOPs. */
export function formatFlops(flops: number): string {
  const units: [number, string][] = [[1e15, 'PFLOPs'], [1e12, 'TFLOPs'], [1e9, 'GFLOPs'], [1e6, 'MFLOPs']];
  for (const [scale, unit] of units) if (flops >= scale) return `${(flops / scale).toPrecision(3)} ${unit}`;
  return flops === 0 ? '0' : `${flops.toFixed(0)} FLOPs`;
}

/** 1.08M, 290k, 950. */
function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`;
  return n.toFixed(0);
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** "71.3% ± 2.1" (the spread in percentage points), or "–" before any seed finished. */
function accuracyCell(s: { mean: number; sd: number }, seeds: number): string {
  if (!Number.isFinite(s.mean)) return '–';
  return seeds > 1 ? `${percent(s.mean)} ± ${(100 * s.sd).toFixed(1)}` : percent(s.mean);
}

function f1Cell(s: { mean: number; sd: number }, seeds: number): string {
  if (!Number.isFinite(s.mean)) return '–';
  return seeds > 1 ? `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}` : s.mean.toFixed(3);
}

/** The objective's own accuracy, averaged over seeds: masked tokens, replaced/original tokens, sentence order. */
function objectiveCell(runs: Pretrain[]): string {
  const avg = (key: string) => {
    const values = runs.map((r) => r.metrics[key]).filter((v): v is number => typeof v === 'number');
    return values.length ? mean(values) : undefined;
  };
  const parts: string[] = [];
  const masked = avg('maskedAccuracy');
  const order = avg('sentenceOrderAccuracy');
  const replaced = avg('replacedAccuracy');
  const original = avg('originalAccuracy');
  if (masked !== undefined) parts.push(`masked ${percent(masked)}`);
  if (order !== undefined) parts.push(`order ${percent(order)}`);
  if (replaced !== undefined && original !== undefined) parts.push(`replaced ${percent(replaced)} / original ${percent(original)}`);
  return parts.join(', ') || '–';
}

/** One table row's cells (markdown: the id in backticks); the extension's comparison view shows the same. */
export function tableRow(row: ReportRow): string[] {
  const runs = row.seeds.map((s) => s.result.pretrain).filter((p): p is Pretrain => p !== undefined);
  const pretrained = row.arch !== 'none';
  const avg = (pick: (p: Pretrain) => number | undefined) => {
    const values = runs.map(pick).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return values.length ? mean(values) : undefined;
  };
  const steps = avg((p) => p.steps);
  const flops = avg((p) => p.flops);
  const minutes = avg((p) => p.minutes);
  const tokens = avg((p) => p.tokensPerSec);
  const valLoss = avg((p) => p.finalValLoss);
  const seeds = row.seeds.length;
  return [
    `\`${row.id}\``,
    row.label,
    `${pretrained ? formatCount(row.pretrainParameters) : '–'} / ${formatCount(row.finetuneParameters)}`,
    !pretrained ? '0' : steps === undefined ? `(${row.steps})` : steps.toFixed(0),
    !pretrained ? '0' : formatFlops(flops ?? row.steps * row.flopsPerStep),
    minutes === undefined ? '–' : minutes.toFixed(minutes < 1 ? 2 : 1),
    tokens === undefined ? '–' : formatCount(tokens),
    valLoss === undefined ? '–' : valLoss.toFixed(3),
    objectiveCell(runs),
    accuracyCell(row.accuracy, seeds),
    f1Cell(row.macroF1, seeds),
  ];
}

export const HEADER = ['Row', 'Pretraining', 'Params (pretrain / finetuned)', 'Steps', 'FLOPs', 'Minutes', 'Tokens/s', 'Val loss', 'Objective accuracy', 'Accuracy', 'Macro-F1'];
/** Numbers right-aligned. */
const ALIGN = ['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---:', '---:'];

/** The markdown table alone. */
export function markdownTable(report: ComparisonReport): string {
  const lines = [HEADER, ALIGN, ...report.rows.map(tableRow)].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n') + '\n';
}

/** "Best downstream accuracy: …", against the baseline where it ran. */
export function bestLine(report: ComparisonReport): string {
  const finished = report.rows.filter((r) => r.seeds.length > 0);
  if (finished.length === 0) return 'No row has finished yet.';
  const best = finished.reduce((a, b) => (b.accuracy.mean > a.accuracy.mean || (b.accuracy.mean === a.accuracy.mean && b.macroF1.mean > a.macroF1.mean) ? b : a));
  const seeds = best.seeds.length;
  const baseline = finished.find((r) => r.id === BASELINE_ROW);
  const against = baseline && baseline !== best ? `; no pretraining: ${accuracyCell(baseline.accuracy, baseline.seeds.length)}` : '';
  return `**Best downstream accuracy: ${best.label}** (\`${best.id}\`), ${accuracyCell(best.accuracy, seeds)}, macro-F1 ${f1Cell(best.macroF1, seeds)} over ${seeds} seed${seeds === 1 ? '' : 's'}${against}.`;
}

/** What the budget was, in words. */
export function budgetLine(budget: ComparisonBudget, report: ComparisonReport): string {
  if (budget.kind === 'minutes') {
    return `Budget: equal wall-clock time — ${budget.minutes} minute${budget.minutes === 1 ? '' : 's'} of pretraining per row and seed (steps are what each row managed in that time).`;
  }
  const perStep = report.referenceFlopsPerStep ?? report.rows.find((r) => r.id === REFERENCE_ROW)?.flopsPerStep;
  const total = perStep !== undefined ? ` (${formatFlops(perStep * budget.referenceSteps)})` : '';
  return (
    `Budget: equal training FLOPs — every row may spend what BERT-MLM spends in ${budget.referenceSteps} steps${total}. ` +
    'FLOPs count the multiply-adds of every matrix product in the step\'s forward graph (all networks it trains) × 2 × 3 for forward and backward.'
  );
}

/** The whole comparison.md. */
export function reportMarkdown(report: ComparisonReport): string {
  const m = report.model;
  const f = report.finetune;
  const seeds = [...new Set(report.rows.flatMap((r) => r.seeds.map((s) => s.seed)))];
  const status = report.complete ? '' : `\n_Partial: ${report.rows.reduce((n, r) => n + r.seeds.length, 0)} row × seed pipelines have finished so far; resume with --resume._\n`;
  return [
    '# Pretraining objectives compared',
    '',
    `Corpus \`${report.corpus}\`, finetuned on \`${report.data}\`.`,
    status,
    markdownTable(report),
    bestLine(report),
    '',
    budgetLine(report.budget, report),
    `Sizes: ${m.layers} layers, ${m.heads} heads, width ${m.dim}, context ${m.context}, batch ${m.batch}, vocabulary ${m.vocabSize}, lr ${m.lr}. ` +
      `Finetuning: ${f.epochs} epochs, lr ${f.lr}, batch ${f.batch}${seeds.length ? `; seeds ${seeds.join(', ')}` : ''}. ` +
      'Steps, FLOPs, minutes, tokens/s, validation loss and objective accuracy are pretraining\'s (means over seeds; the validation loss is the row\'s own objective\'s, not comparable across objectives); ' +
      'accuracy and macro-F1 are the finetuned classifier\'s on the labelled validation data, mean ± sd over seeds.',
    '',
  ].join('\n');
}
