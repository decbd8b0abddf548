// The state a panel that shows one folder (a model's details, a comparison) persists with
// setState, so a reload reopens it on that folder. It comes back from the webview, so it is
// validated like any message before the panel restores from it.
import { object, parseMessage, string, type Validator } from './validate';

/** Longest folder path a webview may hand back. */
export const MAX_PATH_CHARS = 4096;

export interface FolderState {
  folder: string;
}

/** A folder path as a webview hands it back: not empty, at most MAX_PATH_CHARS. */
export const folderPath: Validator<string> = string({ minLength: 1, maxLength: MAX_PATH_CHARS });

const folderState: Validator<FolderState> = object({ folder: folderPath });

export function parseFolderState(raw: unknown): FolderState {
  return parseMessage(folderState, raw, MAX_PATH_CHARS + 64);
}
