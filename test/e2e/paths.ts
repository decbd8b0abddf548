// Where the real-VS-Code test tools live. scripts/setup-vscode-test.sh creates
// them; keep its versions and these paths in step.
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(REPO_ROOT, '.cache');

/** code-server requires Node 24; the repo itself runs on Node 20. */
export const NODE24 = path.join(CACHE, 'node-24.22.3', 'bin', 'node');
export const CODE_SERVER_ENTRY = path.join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';

/** The extension-host suite as bundled by scripts/build-e2e.mjs. */
export const SUITE_ENTRY = path.join(REPO_ROOT, 'out', 'e2e', 'suite', 'index.js');
/** A small workspace with a models/ folder; copied before each run so tests may write to it. */
export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
