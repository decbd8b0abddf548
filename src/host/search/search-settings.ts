// Typed access to the `pretrainLab.search.*` settings declared in package.json: how search ranks.
import * as vscode from 'vscode';
import { DEFAULT_ENCODER_WEIGHT, type SearchMode, type SearchOptions } from '../../search/protocol';
import { SECTION } from '../settings';


const MODES: readonly SearchMode[] = ['hybrid', 'encoder', 'bm25'];
const DEFAULT_RESULTS = 20;

/** The ranking the settings ask for in `folder`, with every field filled in (the user is shown all of it). */
export function searchOptions(folder: string): Required<SearchOptions> {
  const c = vscode.workspace.getConfiguration(`${SECTION}.search`, vscode.Uri.file(folder));
  const mode = c.get<string>('mode');
  const weight = c.get<number>('encoderWeight') ?? DEFAULT_ENCODER_WEIGHT;
  const k = c.get<number>('results') ?? DEFAULT_RESULTS;
  return {
    mode: (MODES as readonly unknown[]).includes(mode) ? (mode as SearchMode) : 'hybrid',
    encoderWeight: Number.isFinite(weight) ? Math.min(1, Math.max(0, weight)) : DEFAULT_ENCODER_WEIGHT,
    k: Number.isInteger(k) && k > 0 ? k : DEFAULT_RESULTS,
  };
}
