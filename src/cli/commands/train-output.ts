/**
 * How a training job's events reach the terminal: JSON lines with --json (DESIGN.md §3), else
 * the progress bar (loss, tokens/s, ETA) with evaluations, checkpoints and notes as lines.
 */
import { ProgressBar, formatDuration } from '../progress-bar';
import type { TrainEvent, TrainSummary } from '../../train/run/events';
import { formatBytes } from '../../util/format';
import { type CliIo, printJson } from './command';

export interface TrainOutput {
  event(e: TrainEvent): void;
  done(summary: TrainSummary): void;
}

export function trainOutput(io: CliIo, json: boolean, options: { plainEveryMs?: number } = {}): TrainOutput {
  if (json) {
    return {
      // Failures are printed once, by main, with the error the job rejected with.
      event: (e) => e.event !== 'error' && printJson(io, e),
      done: (summary) => printJson(io, summary),
    };
  }
  const bar = new ProgressBar(io.stdout, { plainEveryMs: options.plainEveryMs });
  let total = 0;
  // A contrastive run's loss is InfoNCE over the batch, not a language model's: no perplexity to speak of.
  let lossIsLm = true;
  return {
    event(e) {
      switch (e.event) {
        case 'scan': {
          const skips = e.skips.map((s) => `${s.count} ${s.text}`).join('; ');
          bar.log(`Corpus: ${e.files} file${e.files === 1 ? '' : 's'}, ${formatBytes(e.bytes)}${e.skipped ? `; skipped ${e.skipped}: ${skips}` : ''}`);
          break;
        }
        case 'start':
          total = e.totalSteps;
          bar.log(
            `${e.resumed ? `Resuming at step ${e.step}` : 'Training'}: ${(e.parameters / 1e6).toFixed(2)}M parameters, vocabulary ${e.vocabSize}, ` +
              `${e.trainTokens} training / ${e.valTokens} validation tokens, on ${e.device}${e.deviceNote ? ` (${e.deviceNote})` : ''}, ` +
              `memory estimate ${formatBytes(e.memoryEstimateBytes)}`,
          );
          break;
        case 'progress':
          bar.update({ step: e.step, total, loss: e.loss, tokensPerSec: e.tokensPerSec, elapsedMs: e.elapsedMs, etaMs: e.etaMs });
          break;
        case 'eval': {
          const m = e.metrics ?? {};
          if (m.codeToTextAccuracy !== undefined) lossIsLm = false;
          const extra =
            m.codeToTextAccuracy !== undefined
              ? `, retrieval accuracy among the batch and the queue: code → text ${(100 * m.codeToTextAccuracy).toFixed(1)}%, text → code ${(100 * m.textToCodeAccuracy).toFixed(1)}%`
              : m.maskedAccuracy !== undefined
              ? `, masked accuracy ${(100 * m.maskedAccuracy).toFixed(1)}%` +
                (m.sentenceOrderAccuracy !== undefined ? `, sentence-order accuracy ${(100 * m.sentenceOrderAccuracy).toFixed(1)}%` : '') +
                (m.matchAccuracy !== undefined ? `, pair-match accuracy ${(100 * m.matchAccuracy).toFixed(1)}%` : '')
              : m.accuracy !== undefined
                ? `, accuracy ${(100 * m.accuracy).toFixed(1)}%, macro-F1 ${m.macroF1?.toFixed(3)}`
                : m.discriminatorLoss !== undefined
                  ? `, generator loss ${m.generatorLoss.toFixed(4)}, discriminator loss ${m.discriminatorLoss.toFixed(4)} ` +
                    `(spots ${(100 * m.replacedAccuracy).toFixed(1)}% of replaced, ${(100 * m.originalAccuracy).toFixed(1)}% of original tokens)`
                  : '';
          bar.log(`step ${e.step}: validation loss ${e.valLoss.toFixed(4)}${lossIsLm ? `, perplexity ${e.perplexity.toFixed(2)}` : ''}${extra}`);
          break;
        }
        case 'checkpoint':
          bar.log(`step ${e.step}: checkpoint saved in ${e.path}`);
          break;
        case 'log':
          bar.log(e.level === 'warn' ? `warning: ${e.message}` : e.message);
          break;
        case 'error':
          bar.finish();
          break;
      }
    },
    done(s) {
      bar.finish();
      const how = s.stopReason === 'completed' ? 'Done' : s.stopReason === 'cancelled' ? 'Cancelled' : 'Stopped at the time limit';
      const val = s.valLoss !== undefined ? `, validation loss ${s.valLoss.toFixed(4)}${lossIsLm ? ` (perplexity ${s.perplexity!.toFixed(2)})` : ''}` : '';
      const loss = s.finalLoss !== undefined ? `, last loss ${s.finalLoss.toFixed(4)}` : '';
      io.stdout.write(`${how}: step ${s.step}/${s.totalSteps} in ${formatDuration(s.elapsedMs)}${loss}${val}. Model folder: ${s.path}\n`);
      if (s.stopReason !== 'completed') io.stdout.write(`Continue with the same command and --resume.\n`);
    },
  };
}
