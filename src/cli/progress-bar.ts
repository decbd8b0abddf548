/**
 * The training progress line of the CLI: step/total, loss, tokens/s, elapsed and ETA.
 * On a terminal it redraws one line in place (at most every `redrawEveryMs`); elsewhere (a log
 * file, CI) it prints a plain line every `plainEveryMs` and at the last step, so logs stay
 * readable and small.
 */

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressUpdate {
  step: number;
  total: number;
  loss?: number;
  tokensPerSec?: number;
  elapsedMs: number;
  /** Estimated time left; extrapolated from elapsed time per step when absent. */
  etaMs?: number;
}

export interface ProgressBarOptions {
  /** Clock in ms, injectable for tests. */
  now?: () => number;
  redrawEveryMs?: number;
  plainEveryMs?: number;
}

const MIN_BAR_WIDTH = 10;
const CLEAR_TO_END = '\x1b[K';

export class ProgressBar {
  private readonly now: () => number;
  private readonly redrawEveryMs: number;
  private readonly plainEveryMs: number;
  private lastDrawAt = -Infinity;
  private lastUpdate: ProgressUpdate | undefined;
  /** A TTY line is on screen and not yet ended by a newline. */
  private lineOpen = false;

  constructor(private readonly stream: ProgressStream, options: ProgressBarOptions = {}) {
    this.now = options.now ?? Date.now;
    this.redrawEveryMs = options.redrawEveryMs ?? 100;
    this.plainEveryMs = options.plainEveryMs ?? 10_000;
  }

  update(progress: ProgressUpdate): void {
    this.lastUpdate = progress;
    const now = this.now();
    const last = progress.step >= progress.total;
    const interval = this.stream.isTTY ? this.redrawEveryMs : this.plainEveryMs;
    if (!last && now - this.lastDrawAt < interval) return;
    this.lastDrawAt = now;
    this.draw(progress);
  }

  /** Prints a message (an eval result, a checkpoint) without mangling the bar. */
  log(message: string): void {
    if (this.lineOpen) this.stream.write(`\r${CLEAR_TO_END}`);
    this.stream.write(`${message}\n`);
    this.lineOpen = false;
    if (this.stream.isTTY && this.lastUpdate) this.draw(this.lastUpdate);
  }

  /** Ends the bar's line so that whatever follows starts on a fresh one. */
  finish(): void {
    if (this.lineOpen) this.stream.write('\n');
    this.lineOpen = false;
  }

  private draw(progress: ProgressUpdate): void {
    if (!this.stream.isTTY) {
      this.stream.write(`${formatProgressLine(progress)}\n`);
      return;
    }
    this.stream.write(`\r${formatProgressLine(progress, this.stream.columns ?? 80)}${CLEAR_TO_END}`);
    this.lineOpen = true;
  }
}

/**
 * "step 120/2000 [███░░░] 6% | loss 2.3456 | 11.9k tok/s | 1m23s, ETA 21m40s". With `columns`,
 * a bar fills the room left on the line (and is dropped when there is too little).
 */
export function formatProgressLine(progress: ProgressUpdate, columns?: number): string {
  const { step, total } = progress;
  const fraction = total > 0 ? Math.min(1, Math.max(0, step / total)) : 0;
  const head = `step ${step}/${total}`;
  const percent = `${Math.floor(fraction * 100)}%`;
  const parts: string[] = [];
  if (progress.loss !== undefined) parts.push(`loss ${formatLoss(progress.loss)}`);
  if (progress.tokensPerSec !== undefined) parts.push(`${formatCount(progress.tokensPerSec)} tok/s`);
  const eta = progress.etaMs ?? extrapolateEta(progress);
  parts.push(eta === undefined || step >= total ? formatDuration(progress.elapsedMs) : `${formatDuration(progress.elapsedMs)}, ETA ${formatDuration(eta)}`);
  const tail = parts.join(' | ');

  if (columns === undefined) return `${head} ${percent} | ${tail}`;
  const room = columns - 1 - (head.length + percent.length + tail.length + ' [] '.length + ' | '.length);
  if (room < MIN_BAR_WIDTH) return `${head} ${percent} | ${tail}`.slice(0, Math.max(0, columns - 1));
  return `${head} [${barCells(fraction, room)}] ${percent} | ${tail}`;
}

/** `width` cells, the first `fraction` of them filled: "████░░░░". */
export function barCells(fraction: number, width: number): string {
  const filled = Math.round(fraction * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

function extrapolateEta({ step, total, elapsedMs }: ProgressUpdate): number | undefined {
  return step > 0 ? (elapsedMs / step) * (total - step) : undefined;
}

function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toFixed(4) : String(loss);
}

/** 950, 11.9k, 1.2M */
export function formatCount(value: number): string {
  if (value < 1000) return value.toFixed(0);
  if (value < 1e6) return `${(value / 1000).toFixed(1)}k`;
  return `${(value / 1e6).toFixed(1)}M`;
}

/** 42s, 3m05s, 1h02m */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
