#!/usr/bin/env bash
# Tests Pretrain Lab in a real VS Code (code-server, DESIGN.md §5): installs the
# tools (cached in .cache/), packages the VSIX, runs the extension-host mocha
# suite inside code-server, then the Playwright UI test against the installed
# VSIX. Screenshots land in test-results/. For .ci/run; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip

bash scripts/setup-vscode-test.sh
npm run --silent package
node scripts/build-e2e.mjs

echo "== extension-host tests in code-server"
# Kept for the benchmarks (bench/vscode-log.ts): activation and attention render times.
mkdir -p test-results
npx tsx test/e2e/run-extension-tests.ts 2>&1 | tee test-results/vscode-tests.log

echo "== UI tests with the packaged VSIX"
npx mocha --no-config --require tsx/cjs --timeout 180000 test/e2e/ui.test.ts

echo "== Workspace Trust: Restricted Mode asks before reading the workspace"
npx mocha --no-config --require tsx/cjs --timeout 180000 test/e2e/trust.test.ts
