/**
 * What the `--arch <family> in every command` CLI tests share: the labelled review corpus and
 * jsonl in a fresh temp folder, the small run settings, and the command sequences every encoder
 * family goes through (attention + eval, finetune a classifier head then classify with it and
 * with a template, one-line refusals that write nothing).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, type CliResult, runCli, tempDir } from './cli-helpers';
import { reviewCorpus, reviewsJsonl, seeded, VERBALIZER } from './labelled-helpers';

export const SMALL_RUN = ['--batch', '8', '--eval-every', '0', '--eval-batches', '1', '--threads', '1'];

/** Builds the CLI once, then a temp folder with corpus.txt (reviews, seed 5) and 40 labelled reviews.jsonl. */
export function familyFixture(prefix: string): { dir: string; corpus: string; data: string } {
  buildCliOnce();
  const dir = tempDir(prefix);
  const r = seeded(5);
  const corpus = path.join(dir, 'corpus.txt');
  writeFileSync(corpus, reviewCorpus(r));
  const data = path.join(dir, 'reviews.jsonl');
  writeFileSync(data, reviewsJsonl(r, 40));
  return { dir, corpus, data };
}

/** Runs a command that must succeed (exit 0; its stderr as the failure message). */
export async function runOk(args: string[]): Promise<CliResult> {
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  return r;
}

/** attention (to `attentionOut`) and eval on `corpus` both run on `model`. */
export async function attentionAndEvalRun(model: string, attentionOut: string, corpus: string): Promise<void> {
  await runOk(['attention', model, '--text', 'the car was lovely', '--out', attentionOut]);
  await runOk(['eval', model, '--corpus', corpus, '--threads', '1']);
}

/**
 * finetune --task classify of `model` on `data` into `out` (6 steps) gives config.json
 * architectures [`architecture`]; classify runs with that head, and with `template` +
 * VERBALIZER on `promptModel`. Returns `out`.
 */
export async function finetuneAndClassify(o: { model: string; data: string; out: string; architecture: string; promptModel: string; template: string }): Promise<string> {
  await runOk(['finetune', o.model, '--task', 'classify', '--data', o.data, '--out', o.out, '--steps', '6', '--batch', '8', '--eval-every', '3', '--threads', '1']);
  assert.deepEqual(JSON.parse(readFileSync(path.join(o.out, 'config.json'), 'utf8')).architectures, [o.architecture]);
  await runOk(['classify', o.out, '--text', 'the song was dull', '--json']);
  await runOk(['classify', o.promptModel, '--text', 'the song was dull', '--template', o.template, '--verbalizer', VERBALIZER]);
  return o.out;
}

/** The one line of a refused command (exit 2), checked to have left no folder behind where `out` is given. */
export async function refusal(args: string[], out?: string): Promise<string> {
  const r = await runCli(args);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  if (out !== undefined) assert.ok(!existsSync(out), `${out} must not be written`);
  return r.stderr;
}
