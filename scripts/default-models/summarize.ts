/**
 * Writes `training_summary.json` from a run's `training/metrics.jsonl`: the numbers the Models
 * view shows (final loss, steps, validation loss, perplexity), kept when the bundled copy drops
 * `training/` (optimizer state is three times the model's size and only resume needs it).
 * Usage: tsx scripts/default-models/summarize.ts <model-dir> <command line that trained it>
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { summarizeMetrics, TRAINING_SUMMARY_FILE } from '../../src/host/models/training-metrics';
import { modelPaths } from '../../src/modelfile/layout';

async function main(dir: string, command: string): Promise<void> {
  const text = await readFile(modelPaths(dir).training.metrics, 'utf8');
  const summary = { ...summarizeMetrics(text), command };
  await writeFile(path.join(dir, TRAINING_SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`${path.basename(dir)}: ${JSON.stringify(summary)}`);
}

const [dir, command] = process.argv.slice(2);
if (!dir || !command) {
  console.error('usage: tsx scripts/default-models/summarize.ts <model-dir> <command>');
  process.exit(2);
}
main(dir, command).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
