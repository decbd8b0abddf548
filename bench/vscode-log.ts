/**
 * Figures only a real VS Code can give (activation time, the attention webview's render time)
 * are printed by the extension-host suite in code-server; `bash scripts/test-vscode.sh` keeps
 * that output in test-results/vscode-tests.log, and the benchmarks repeat the last one printed,
 * saying when that run was.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..');
export const VSCODE_LOG = path.join(REPO_ROOT, 'test-results', 'vscode-tests.log');

export interface Printed {
  match: RegExpMatchArray;
  /** Where and when: for the table's note. */
  source: string;
}

/** The last line of the kept suite output that matches `pattern` (which needs the g flag). */
export function lastPrintedByVsCodeSuite(pattern: RegExp): Printed | undefined {
  if (!existsSync(VSCODE_LOG)) return undefined;
  const match = [...readFileSync(VSCODE_LOG, 'utf8').matchAll(pattern)].pop();
  const at = statSync(VSCODE_LOG).mtime.toISOString().slice(0, 16).replace('T', ' ');
  return match && { match, source: `${path.relative(REPO_ROOT, VSCODE_LOG)} of ${at} UTC` };
}
