// Each run gets its own copy of the fixture workspace, because tests write to it
// (settings, model folders) and runs must not see each other's leftovers. A model
// with real weights cannot be checked in as a fixture (it is a build product), so
// a tiny GPT-2 is trained into the copy (about a second), for the commands that
// run a model.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTinyGpt2Folder } from '../helpers/tiny-gpt2-folder';
import { FIXTURE_WORKSPACE } from './paths';

/** The trained model's folder name under the workspace's models/. */
export const TRAINED_GPT2 = 'story-gpt2';

export async function copyFixtureWorkspace(parent: string): Promise<string> {
  const target = path.join(parent, 'workspace');
  await fs.cp(FIXTURE_WORKSPACE, target, { recursive: true });
  const tiny = await makeTinyGpt2Folder();
  await fs.cp(tiny.dir, path.join(target, 'models', TRAINED_GPT2), { recursive: true });
  await fs.rm(tiny.dir, { recursive: true, force: true });
  return target;
}
