// Restoring a panel after a reload: its saved state names a model folder, but that path came
// from a webview, so only a model the user can reach anyway (listed, or the selected one) is used.
import * as path from 'node:path';
import type { Services } from '../host/services';
import type { ModelSummary } from '../host/models/model-types';

export async function restorableModel(s: Services, savedFolder: string): Promise<ModelSummary | undefined> {
  const folder = path.resolve(savedFolder);
  return (await s.catalog.list()).find((m) => m.folder === folder) ?? (folder === s.selection.folder ? await s.catalog.find(folder) : undefined);
}
