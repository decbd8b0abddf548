/**
 * `pretrain-lab search <model> <folder> --query "…"`: semantic code search over a workspace —
 * its functions, classes and Markdown sections ranked by the encoder's cosine similarity, BM25,
 * or a weighted hybrid of both. The index is built on first use and updated incrementally after
 * (only changed files are re-embedded), in the user's cache folder unless --index-dir says where.
 * `-` for the model searches with BM25 alone.
 */
import { defineCommand } from '../args';
import { requireFolderArgument } from './folder-argument';
import { InputError } from '../errors';
import type { IndexUpdate, SearchHit, SearchMode } from '../../search/protocol';
import { candidatePoolSize } from '../../search/ranking';
import { DEFAULT_ENCODER_WEIGHT, DEFAULT_K, WorkspaceIndex } from '../../search/workspace-index';
import { defineCliCommand, printJson, type CliIo } from './command';
import { RUNTIME_OPTIONS, textOptions } from './common-options';
import { requireModelDir } from './open-model';
import { textInput } from './text-input';

/** The model argument that means "no encoder: BM25 only". */
const NO_MODEL = '-';
const MODES = ['bm25', 'encoder', 'hybrid'] as const satisfies readonly SearchMode[];

const spec = defineCommand({
  name: 'search',
  summary: 'Search a folder\'s functions, classes and Markdown sections by meaning: encoder cosine, BM25, or a hybrid of both.',
  positionals: [
    { name: 'model', description: `an encoder model folder (a contrastive or masked-LM encoder), or ${NO_MODEL} for BM25 alone` },
    { name: 'folder', description: 'the workspace folder to search' },
  ],
  options: {
    ...textOptions('what the code does, in words (or code)', 'query'),
    mode: { type: 'enum', values: MODES, description: `how to rank (default: hybrid with a model, bm25 with ${NO_MODEL})` },
    k: { type: 'int', min: 1, max: 1000, default: DEFAULT_K, description: 'hits to show' },
    weight: { type: 'float', min: 0, max: 1, default: DEFAULT_ENCODER_WEIGHT, description: "hybrid: the encoder's share of the score (BM25 gets the rest)" },
    indexDir: { type: 'string', valueName: 'dir', description: 'where to keep the index: a new or empty folder, or an index made before (default: <user cache>/pretrain-lab/search-index/<folder>-<hash>)' },
    ...RUNTIME_OPTIONS,
  },
  examples: [
    'pretrain-lab search models/code-encoder . --query "parse the config file"',
    'pretrain-lab search models/code-encoder ~/src/app --query "retry with backoff" --mode encoder --k 5',
    'pretrain-lab search - . --query "tokenizer merges" --json',
  ],
});

export const searchCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    const query = textInput('search', 'query', options.query, options.queryFile);
    const [modelArg, folder] = positionals;
    const root = requireFolderArgument(folder, 'give the workspace folder to search');
    const modelDir = modelArg === NO_MODEL ? undefined : requireModelDir(modelArg);
    const mode: SearchMode = options.mode ?? (modelDir ? 'hybrid' : 'bm25');
    if (!modelDir && mode !== 'bm25') throw new InputError(`--mode ${mode} needs an encoder model folder in place of '${NO_MODEL}'; give one, or use --mode bm25`);

    const index = await WorkspaceIndex.open({
      root,
      modelDir,
      indexDir: options.indexDir,
      session: { device: options.device, intraOpNumThreads: options.threads },
    });
    try {
      const update = await index.update({ onProgress: progressLine(io, !!options.json) });
      reportUpdate(io, update, index.indexDir, !!options.json);
      const hits = await index.search(query, { mode, k: options.k, encoderWeight: options.weight });
      if (options.json) {
        printJson(io, { event: 'search', query, mode, ...(mode === 'hybrid' ? { encoderWeight: options.weight } : {}), hits });
      } else {
        io.stdout.write(`${describeRanking(mode, options.weight, options.k)}\n`);
        if (hits.length === 0) io.stdout.write('no unit matches the query\n');
        for (const hit of hits) io.stdout.write(`${formatHit(hit)}\n`);
      }
      return 0;
    } finally {
      await index.close();
    }
  },
});


/** How the scores were made, said above the hits. */
export function describeRanking(mode: SearchMode, weight: number, k: number): string {
  if (mode === 'bm25') return 'ranked by BM25 (code-aware terms)';
  if (mode === 'encoder') return "ranked by cosine similarity of the encoder's embeddings";
  return `ranked by ${weight.toFixed(2)} × cosine + ${(1 - weight).toFixed(2)} × BM25, each min–max normalised over the top ${candidatePoolSize(k)} candidates of either`;
}

/** `src/a.ts:12  parseConfig  0.912  (cosine 0.734, bm25 5.21)` */
export function formatHit(hit: SearchHit): string {
  const parts = [hit.cosine !== undefined ? `cosine ${hit.cosine.toFixed(3)}` : '', hit.bm25 !== undefined ? `bm25 ${hit.bm25.toFixed(2)}` : ''].filter(Boolean);
  return `${hit.unit.file}:${hit.unit.startLine}  ${hit.unit.name || `(${hit.unit.kind})`}  ${hit.score.toFixed(3)}  (${parts.join(', ')})`;
}

/** A progress counter on a terminal; nothing in a log or a pipe, and nothing with --json. */
function progressLine(io: CliIo, json: boolean): ((done: number, total: number) => void) | undefined {
  if (json || !(io.stderr as { isTTY?: boolean }).isTTY) return undefined;
  return (done, total) => io.stderr.write(`\rembedding units: ${done}/${total}${done === total ? '\n' : ''}`);
}

function reportUpdate(io: CliIo, update: IndexUpdate, indexDir: string, json: boolean): void {
  if (update.rebuiltAfterCorruption) io.stderr.write(`the search index was damaged and has been rebuilt from scratch (${update.corruptionReason})\n`);
  if (json) {
    printJson(io, { event: 'index', indexDir, ...update });
    return;
  }
  if (update.units === 0) return;
  const what = update.filesIndexed.length || update.filesRemoved.length
    ? `${update.filesIndexed.length} files indexed, ${update.filesRemoved.length} removed`
    : 'up to date';
  io.stderr.write(`index ${indexDir}: ${what}; ${update.units} units (${update.seconds.toFixed(1)} s)\n`);
}
