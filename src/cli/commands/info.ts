/** `pretrain-lab info <model-dir>`: what a model folder holds, without loading its weights. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineCommand } from '../args';
import { InputError } from '../errors';
import { TOKENIZER_FILE, TRAINING_DIR, WEIGHTS_FILE } from '../../modelfile/layout';
import { readModelWeightsEntries } from '../../modelfile/model-weights';
import { normalizePublishedNames } from '../../models/published-names';
import { openModelFolder } from '../../models/open-model';
import { dimensionsOf } from '../../models/configs';
import { familyOf } from '../../models/registry';
import { readTokenizerFiles } from '../../tokenizer';
import { readCheckpointHyperparams } from '../../train/checkpoint/checkpoint';
import { formatBytes } from '../../util/format';
import { defineCliCommand, printJson } from './command';
import { modelDirArgument } from './common-options';

const spec = defineCommand({
  name: 'info',
  summary: 'Show a model folder: architecture, size, tokenizer and training state.',
  positionals: [modelDirArgument('a model folder (config.json, model.safetensors, tokenizer.json)')],
  options: {},
  examples: ['pretrain-lab info models/my-gpt', 'pretrain-lab info models/my-gpt --json'],
});

export const infoCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    const dir = path.resolve(positionals[0]);
    if (!existsSync(dir)) throw new InputError(`model folder ${dir} does not exist`);
    const { config, paths } = await openModelFolder(dir);
    const dims = dimensionsOf(config);
    const entries = await readModelWeightsEntries(paths);
    // Parameters as loaded: buffers, tied copies and unused heads of published checkpoints are not counted.
    const loaded = entries && normalizePublishedNames(new Map(entries.filter((e) => /^(F|BF)\d+$/.test(e.dtype)).map((e) => [e.name, e])), config, familyOf(config).publishedNames);
    const parameters = loaded && [...loaded.values()].reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
    const tokenizer = existsSync(paths.tokenizer) ? await readTokenizerFiles(dir, { modelVocabSize: config.vocab_size }) : undefined;
    const training = await readCheckpointHyperparams(dir);
    const family = familyOf(config);
    const compared = family.sizeComparison?.(config);
    // Its file size as ours are saved: float32, 4 bytes a parameter.
    const comparison = compared ? { ...compared, float32Bytes: 4 * compared.parameters } : null;
    const info = {
      path: dir,
      modelType: config.model_type,
      architectures: config.architectures ?? [],
      ...dims,
      parameters: parameters ?? null,
      weightsBytes: entries ? entries.reduce((n, e) => n + e.end - e.begin, 0) : null,
      comparison,
      tokenizer: tokenizer ? { kind: tokenizer.kind, vocabSize: tokenizer.vocabSize } : null,
      training: training
        ? {
            step: training.progress.step,
            totalSteps: training.hyperparams.steps,
            objective: training.hyperparams.objective,
            lastLoss: training.progress.lastLoss ?? null,
            lastValLoss: training.progress.lastValLoss ?? null,
            tokensSeen: training.progress.tokensSeen,
          }
        : null,
    };
    if (options.json) {
      printJson(io, info);
      return 0;
    }
    const lines = [
      `Model folder: ${dir}`,
      `Type: ${config.model_type} (${info.architectures.join(', ') || 'no architectures listed'})`,
      `Size: ${dims.layers} layers, ${dims.heads} heads, width ${dims.width}, MLP ${dims.mlpWidth}, context ${dims.maxPositions ?? 'relative positions'}, vocabulary ${dims.vocabSize}`,
      entries ? `Parameters: ${parameters!.toLocaleString('en-US')} (${formatBytes(info.weightsBytes!)} in ${WEIGHTS_FILE})` : `Parameters: no ${WEIGHTS_FILE}`,
      ...(comparison && entries
        ? [`${family.displayName}: ${parameters!.toLocaleString('en-US')} params (${formatBytes(info.weightsBytes!)}); ${comparison.name}: ${comparison.parameters.toLocaleString('en-US')} params (${formatBytes(comparison.float32Bytes)} in float32)`]
        : []),
      tokenizer ? `Tokenizer: ${tokenizer.kind}, ${tokenizer.vocabSize} tokens` : `Tokenizer: none (no ${TOKENIZER_FILE})`,
    ];
    if (info.training) {
      const t = info.training;
      const losses = [t.lastLoss !== null ? `last loss ${t.lastLoss.toFixed(4)}` : '', t.lastValLoss !== null ? `validation loss ${t.lastValLoss.toFixed(4)} (perplexity ${Math.exp(t.lastValLoss).toFixed(2)})` : '']
        .filter(Boolean)
        .join(', ');
      lines.push(`Training: step ${t.step}/${t.totalSteps} (${t.objective}), ${t.tokensSeen.toLocaleString('en-US')} tokens seen${losses ? `, ${losses}` : ''}`);
    } else {
      lines.push(`Training: no checkpoint in ${TRAINING_DIR}/`);
    }
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
});
