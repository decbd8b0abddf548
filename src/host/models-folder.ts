// Where user models live, from the `pretrainLab.modelsFolder` setting. Kept free
// of vscode so the rules are unit-tested: empty means the extension's own storage
// (models never litter a workspace unless asked), `~` means the home folder, and
// a relative path is relative to the first workspace folder.
import * as path from 'node:path';

export interface ModelsFolderContext {
  /** The extension's global storage folder; user models go to its models/ by default. */
  storageFolder: string;
  /** First workspace folder, if a workspace is open. */
  workspaceFolder?: string;
  home: string;
}

export function resolveModelsFolder(setting: string, ctx: ModelsFolderContext): string {
  const value = setting.trim();
  if (value === '') return path.join(ctx.storageFolder, 'models');
  if (value === '~' || value.startsWith('~/')) return path.join(ctx.home, value.slice(1));
  if (path.isAbsolute(value)) return path.normalize(value);
  // Without a workspace a relative path has no anchor; fall back to the default.
  if (!ctx.workspaceFolder) return path.join(ctx.storageFolder, 'models');
  return path.resolve(ctx.workspaceFolder, value);
}
