// Each run gets its own copy of the fixture workspace, because tests write to it
// (settings, model folders) and runs must not see each other's leftovers. A model
// with real weights cannot be checked in as a fixture (it is a build product), so
// a tiny GPT-2 is trained into the copy (about a second), for the commands that
// run a model. The pretraining tests need more text than the fixture's few lines:
// the copy gets the first 32 KiB of the bundled tiny Shakespeare corpus, in 8 files
// (so the workspace looks like a folder of documents, which the token cache splits
// into training and validation files). An untrained BERT of the attention benchmark's size (512
// positions) is saved too, for timing the attention explorer on 256 tokens.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { saveRandomBertFolder } from '../helpers/tiny-bert';
import { makeTinyGpt2Folder } from '../helpers/tiny-gpt2-folder';
import { FIXTURE_WORKSPACE, REPO_ROOT } from './paths';

/** The trained model's folder name under the workspace's models/. */
export const TRAINED_GPT2 = 'story-gpt2';

/** The untrained 4 × 4 × 128 BERT's folder name under the workspace's models/. */
export const WIDE_BERT = 'wide-bert';

/** Where the copy keeps its pretraining text, relative to the workspace. */
const CORPUS_FOLDER = 'plays';
const CORPUS_PARTS = 8;
const PART_BYTES = 4 * 1024;

export async function copyFixtureWorkspace(parent: string): Promise<string> {
  const target = path.join(parent, 'workspace');
  await fs.cp(FIXTURE_WORKSPACE, target, { recursive: true });
  const tiny = await makeTinyGpt2Folder();
  await fs.cp(tiny.dir, path.join(target, 'models', TRAINED_GPT2), { recursive: true });
  await fs.rm(tiny.dir, { recursive: true, force: true });
  const text = await fs.readFile(path.join(REPO_ROOT, 'models', 'corpus', 'tinyshakespeare.txt'));
  await fs.mkdir(path.join(target, CORPUS_FOLDER), { recursive: true });
  for (let i = 0, start = 0; i < CORPUS_PARTS; i++) {
    // Cut at line ends so each part is whole lines.
    const end = text.lastIndexOf(10, start + PART_BYTES) + 1;
    await fs.writeFile(path.join(target, CORPUS_FOLDER, `part-${i + 1}.txt`), text.subarray(start, end));
    start = end;
  }
  await saveRandomBertFolder(path.join(target, 'models', WIDE_BERT), [text.subarray(0, 64 * 1024).toString('utf8')]);
  return target;
}
