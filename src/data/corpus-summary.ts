/** Totals per language and per skip reason, for the scan report in the UI and CLI. */
import type { CorpusSummary, ScanEvent } from './corpus-types';

export function summarizeScan(events: Iterable<ScanEvent>): CorpusSummary {
  const summary: CorpusSummary = { files: 0, bytes: 0, byLanguage: {}, skipCounts: {}, skips: [], warnings: [] };
  for (const event of events) {
    if (event.kind === 'file') {
      const { language, bytes } = event.file;
      summary.files++;
      summary.bytes += bytes;
      const totals = (summary.byLanguage[language] ??= { files: 0, bytes: 0 });
      totals.files++;
      totals.bytes += bytes;
    } else if (event.kind === 'warning') {
      summary.warnings.push(event.message);
    } else {
      summary.skips.push(event.skip);
      summary.skipCounts[event.skip.reason] = (summary.skipCounts[event.skip.reason] ?? 0) + 1;
    }
  }
  return summary;
}
