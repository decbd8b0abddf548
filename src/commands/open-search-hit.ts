// Opens a search hit (the Search Results view's items run this): its file, the unit's lines selected.
import * as vscode from 'vscode';
import { OPEN_SEARCH_HIT, openHit } from '../host/search/open-hit';
import type { SearchHit } from '../search/protocol';

export function registerOpenSearchHit(): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_SEARCH_HIT, async (root: string, hit: SearchHit) => {
    try {
      await openHit(root, hit);
    } catch (e) {
      void vscode.window.showErrorMessage(`Open Search Result: ${(e as Error).message}`);
    }
  });
}
