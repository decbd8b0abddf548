/**
 * The files every bundle gets as they are (train.py, requirements.txt, accelerate configs, the
 * Slurm script, the README), shipped in the package under resources/cluster/. Found by walking up
 * from this module, so the same code works from src/ (tests), dist/cli.js and dist/extension.js.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { TEMPLATE_FILES } from './bundle-layout';

const TEMPLATE_DIR = path.join('resources', 'cluster');

/** The folder holding the templates; throws (a packaging bug, not bad input) when it is missing. */
export function clusterTemplateDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, TEMPLATE_DIR);
    if (existsSync(path.join(candidate, 'train.py'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`the cluster templates (${TEMPLATE_DIR}/train.py) are missing from this installation of Pretrain Lab`);
  }
}

/** The shipped train.py, for tests and tools that run it outside a bundle. */
export function trainScriptPath(): string {
  return path.join(clusterTemplateDir(), 'train.py');
}

export async function copyTemplates(bundleDir: string): Promise<void> {
  const from = clusterTemplateDir();
  for (const file of TEMPLATE_FILES) {
    await mkdir(path.dirname(path.join(bundleDir, file)), { recursive: true });
    await copyFile(path.join(from, file), path.join(bundleDir, file));
  }
}
