/**
 * The files of a cluster bundle (export-run's output) and of the folder its train.py writes
 * (import-run's input), in one place: the TypeScript side and resources/cluster/train.py agree
 * on these names, and the bundle's README documents them.
 *
 *   <bundle>/model/              the model folder at our last checkpoint (HF-exact) + model/training/
 *   <bundle>/data/index.json     the token shards' index (token-shard-export.ts documents the format)
 *   <bundle>/data/*.bin          flat little-endian token ids, uint16 or uint32
 *   <bundle>/hyperparams.json    the run's hyperparameters mapped across (cluster-hyperparams.ts)
 *   <bundle>/train.py, requirements.txt, accelerate/*.yaml, slurm.sbatch, README.md
 *   <output>/metrics.jsonl       train.py's progress events (the --json schema), one per line
 *   <output>/checkpoint-<step>/  HF-exact model folders; <output>/latest names the newest complete one
 */
export const BUNDLE = {
  model: 'model',
  data: 'data',
  dataIndex: 'data/index.json',
  hyperparams: 'hyperparams.json',
  readme: 'README.md',
  /** Where train.py writes by default, relative to the bundle. */
  output: 'output',
} as const;

/** What train.py writes into its output folder. */
export const CLUSTER_OUTPUT = {
  events: 'metrics.jsonl',
  latest: 'latest',
  checkpointPrefix: 'checkpoint-',
} as const;

/** The template files shipped in the package (resources/cluster/), copied into every bundle as they are. */
export const TEMPLATE_FILES = ['train.py', 'requirements.txt', 'slurm.sbatch', 'accelerate/ddp.yaml', 'accelerate/fsdp.yaml', 'accelerate/deepspeed.yaml', 'README.md'] as const;
