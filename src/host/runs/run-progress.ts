// A run's progress in one line ("step 40/200 · loss 2.310 · 1m 5s left"), shared by the
// training notification and the status bar.
import { formatDuration } from '../../util/format';
import type { RunSnapshot } from './run-state';

export function progressLine(s: RunSnapshot): string {
  const loss = s.metrics.train.at(-1)?.loss;
  const parts = [`step ${s.step}/${s.totalSteps}`];
  if (loss !== undefined) parts.push(`loss ${loss.toFixed(3)}`);
  if (s.etaMs !== undefined && s.status === 'running') parts.push(`${formatDuration(s.etaMs)} left`);
  return parts.join(' · ');
}
