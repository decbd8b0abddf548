// Where a workspace folder's search index is stored: in the extension's storage for this
// workspace (its global storage when no workspace is open), one folder per searched folder and
// encoder, so that switching encoders back and forth finds each index still built.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type * as vscode from 'vscode';

export const INDEX_FOLDER = 'search-index';

export function indexDirFor(context: vscode.ExtensionContext, root: string, modelDir: string): string {
  const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
  const id = createHash('sha256').update(JSON.stringify([path.resolve(root), path.resolve(modelDir)])).digest('hex').slice(0, 12);
  // The names are for a person looking in the folder; the hash keeps them apart.
  const readable = `${path.basename(root)}-${path.basename(modelDir)}`.replace(/[^\w.-]+/g, '_').slice(0, 60);
  return path.join(storage, INDEX_FOLDER, `${readable}-${id}`);
}
