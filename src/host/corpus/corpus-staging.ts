// A pretraining job takes a corpus path and scans it itself, with the scanner's defaults
// (`.gitignore`, binaries, lock files…); it does not know the editor's exclude settings.
// So the files the extension's own scan kept are staged, under their relative paths, in a
// folder the job then reads: hard links where the file system allows (instant, no copies),
// copies elsewhere. Free of vscode: unit-tested.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CorpusFile } from '../../data/corpus-types';

export async function stageCorpus(files: readonly CorpusFile[], folder: string, signal?: AbortSignal): Promise<void> {
  await fs.rm(folder, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true });
  for (const file of files) {
    signal?.throwIfAborted();
    const target = path.join(folder, ...file.relativePath.split('/'));
    if (!target.startsWith(folder + path.sep)) throw new Error(`refusing to stage ${file.relativePath} outside ${folder}`);
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.link(file.path, target);
    } catch {
      // Another device, or a file system without hard links.
      await fs.copyFile(file.path, target);
    }
  }
}
