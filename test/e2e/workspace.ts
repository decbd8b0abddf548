// Each run gets its own copy of the fixture workspace, because tests write to it
// (settings, model folders) and runs must not see each other's leftovers.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FIXTURE_WORKSPACE } from './paths';

export async function copyFixtureWorkspace(parent: string): Promise<string> {
  const target = path.join(parent, 'workspace');
  await fs.cp(FIXTURE_WORKSPACE, target, { recursive: true });
  return target;
}
