// The files a comparison leaves in its folder, named apart from the runner that writes them
// (run-comparison.ts), so the extension host finds them without loading the training code
// (and ONNX Runtime) that the runner imports.
import * as path from 'node:path';

export const REPORT_JSON = 'comparison.json';
export const REPORT_MARKDOWN = 'comparison.md';

/** comparison.json in the comparison's folder. */
export function reportJsonPath(folder: string): string {
  return path.join(folder, REPORT_JSON);
}

/** comparison.md in the comparison's folder. */
export function reportMarkdownPath(folder: string): string {
  return path.join(folder, REPORT_MARKDOWN);
}
