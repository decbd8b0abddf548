/**
 * The download progress of `pretrain-lab download`: on a terminal one line redrawn in place
 * (bytes so far of the total, a bar, the rate), at most every `redrawEveryMs`; elsewhere (a log,
 * CI) nothing but the per-file lines the command prints, so logs stay small.
 */
import { formatBytes } from '../util/format';
import { barCells, type ProgressStream } from './progress-bar';

const CLEAR_TO_END = '\x1b[K';

/** "12.3 MiB / 27.1 MiB [████░░░░] 45% 3.2 MiB/s" — the bar fills the room left on the line. */
export function formatDownloadLine(bytes: number, total: number | undefined, perSecond: number, columns: number): string {
  const amount = total !== undefined ? `${formatBytes(bytes)} / ${formatBytes(total)}` : formatBytes(bytes);
  const rate = `${formatBytes(Math.round(perSecond))}/s`;
  if (total === undefined || total === 0) return `${amount} ${rate}`.slice(0, columns - 1);
  const fraction = Math.min(1, bytes / total);
  const percent = `${Math.floor(fraction * 100)}%`;
  const room = columns - 1 - (amount.length + percent.length + rate.length + ' [] '.length + 2);
  if (room < 10) return `${amount} ${percent} ${rate}`.slice(0, columns - 1);
  return `${amount} [${barCells(fraction, room)}] ${percent} ${rate}`;
}

export class DownloadProgress {
  private total: number | undefined;
  private bytes = 0;
  private startedAt: number;
  private startBytes: number | undefined;
  private lastDrawAt = -Infinity;
  private lineOpen = false;

  /** The bar goes to `stream` (stderr), only on a terminal; file lines to `lines` (stdout). */
  constructor(private readonly stream: ProgressStream, private readonly lines: ProgressStream, private readonly now: () => number = Date.now, private readonly redrawEveryMs = 100) {
    this.startedAt = now();
  }

  setTotal(total: number | undefined): void {
    this.total = total;
  }

  update(bytes: number): void {
    // Bytes resumed from disk arrive at once: the rate counts only what came over the network.
    this.startBytes ??= bytes;
    this.bytes = bytes;
    if (!this.stream.isTTY) return;
    const now = this.now();
    if (now - this.lastDrawAt < this.redrawEveryMs && bytes !== this.total) return;
    this.lastDrawAt = now;
    const seconds = Math.max(0.001, (now - this.startedAt) / 1000);
    this.stream.write(`\r${formatDownloadLine(bytes, this.total, (bytes - this.startBytes) / seconds, this.stream.columns ?? 80)}${CLEAR_TO_END}`);
    this.lineOpen = true;
  }

  /** A line (a finished file) printed above the bar. */
  log(message: string): void {
    if (this.lineOpen) this.stream.write(`\r${CLEAR_TO_END}`);
    this.lines.write(`${message}\n`);
    this.lineOpen = false;
    if (this.stream.isTTY) this.update(this.bytes);
  }

  finish(): void {
    if (this.lineOpen) this.stream.write(`\r${CLEAR_TO_END}`);
    this.lineOpen = false;
  }
}
