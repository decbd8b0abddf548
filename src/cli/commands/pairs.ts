/**
 * `pretrain-lab pairs <folder>`: the (code, text) pairs a folder holds — docs and the code they
 * describe, test titles and their bodies, Markdown prose and its code blocks — counted per
 * language and kind, with the duplicates dropped, the train/validation files (split as
 * `pretrain --seed --val-fraction` splits the same folder) and a few samples.
 */
import { defineCommand } from '../args';
import { requireFolderArgument } from './folder-argument';
import { InputError } from '../errors';
import { mineCorpusPairs, type CodeTextPair, type PairSplit } from '../../data/pairs';
import { HYPERPARAM_FLAGS } from '../../train/run/training-flags';
import { defineCliCommand, printJson, type CliIo } from './command';

/** What pair mining looks for, for a folder where it found none. */
export const WHAT_PAIRS_ARE =
  'doc comments (JSDoc, docstrings, Javadoc, ///) or // and # comments directly above functions and classes, test titles with their bodies, ' +
  'and Markdown paragraphs followed by a fenced code block, in .ts/.js/.py/.go/.rs/.java/.c/.cpp/.md files that are not ignored';

/** Lines of a sample's code and text shown in the text output. */
const SAMPLE_LINES = 3;

const spec = defineCommand({
  name: 'pairs',
  summary: 'Count and sample the (code, text) pairs a folder holds: doc comments, docstrings, test titles, Markdown prose before code.',
  positionals: [{ name: 'folder', description: 'the folder to mine, read with the same filters as pretrain (.gitignore, dependency folders, minified and binary files)' }],
  options: {
    samples: { type: 'int', min: 0, max: 1000, default: 3, description: 'pairs to show, spread over the folder' },
    valFraction: { type: 'float', min: 0, max: 0.99, default: HYPERPARAM_FLAGS.valFraction.default, description: 'share of files held out for validation, as pretrain --val-fraction' },
    seed: { type: 'int', min: 0, max: 2 ** 32 - 1, default: HYPERPARAM_FLAGS.seed.default, description: 'chooses the held-out files, as pretrain --seed' },
    maxFileKb: { type: 'int', min: 1, description: 'skip files larger than this many KiB (default 2048), as pretrain --max-file-kb' },
  },
  examples: ['pretrain-lab pairs .', 'pretrain-lab pairs ~/src/app --samples 10', 'pretrain-lab pairs . --json'],
});

export const pairsCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    const root = requireFolderArgument(positionals[0], 'give the folder to mine for pairs');
    const split = await mineCorpusPairs(root, {
      valFraction: options.valFraction,
      seed: options.seed,
      maxFileBytes: options.maxFileKb === undefined ? undefined : options.maxFileKb * 1024,
      raiseMaxFileWith: '--max-file-kb',
    });
    if (split.counts.pairs === 0) {
      const looked = `${split.counts.files} source or Markdown file${split.counts.files === 1 ? '' : 's'} read`;
      throw new InputError(`${root} has no code/text pairs (${looked}); pair mining looks for ${WHAT_PAIRS_ARE}`);
    }
    const samples = spreadSamples([...split.train, ...split.validation], options.samples);
    if (options.json) printJson(io, { event: 'pairs', root, ...summaryOf(split), samples });
    else printText(io, root, split, samples);
    return 0;
  },
});


function summaryOf(split: PairSplit) {
  return {
    ...split.counts,
    train: { pairs: split.train.length, files: split.trainFiles ?? 0 },
    validation: { pairs: split.validation.length, files: split.validationFiles ?? 0 },
    splitMode: split.mode ?? 'by-document',
  };
}

/** `count` pairs evenly spaced over the list (so not all from the first file), in order. */
export function spreadSamples(pairs: readonly CodeTextPair[], count: number): CodeTextPair[] {
  if (count >= pairs.length) return [...pairs];
  return Array.from({ length: count }, (_, i) => pairs[Math.floor((i * pairs.length) / count)]);
}

function printText(io: CliIo, root: string, split: PairSplit, samples: readonly CodeTextPair[]): void {
  const { counts } = split;
  const out = (line = '') => io.stdout.write(`${line}\n`);
  out(`${counts.pairs} pairs in ${root} (${counts.files} files read, ${counts.units} code units, ${counts.duplicates} duplicate pairs dropped)`);
  out(`by language: ${formatCounts(counts.byLanguage)}`);
  out(`by kind:     ${formatCounts(counts.byKind)}`);
  const how = split.mode === 'tail' ? 'the last pairs of every file (too few files to hold out whole ones well)' : 'whole files';
  out(`train: ${split.train.length} pairs from ${split.trainFiles ?? 0} files; validation: ${split.validation.length} pairs from ${split.validationFiles ?? 0} files (held out: ${how})`);
  for (const pair of samples) {
    out();
    out(`${pair.file}:${pair.line}  ${pair.language} ${pair.kind}`);
    out(indent(firstLines(pair.text), '  text │ '));
    out(indent(firstLines(pair.code), '  code │ '));
  }
}

function formatCounts(counts: Partial<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0) || a[0].localeCompare(b[0]))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
}

function firstLines(text: string): string {
  const lines = text.split('\n');
  return lines.length <= SAMPLE_LINES ? text : [...lines.slice(0, SAMPLE_LINES), `… (${lines.length - SAMPLE_LINES} more lines)`].join('\n');
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((l) => prefix + l).join('\n');
}
