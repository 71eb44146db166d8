#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Rewrites the generated blocks of the documentation: the text between `<!-- generated:NAME -->` and
# `<!-- /generated:NAME -->` in docs/*.md, examples/README.md and README.md (scripts/docs/generate.ts). Everything
# else on the pages is Markdown written by hand. Sets up Node 22 and the dependencies first, and compiles the
# library with jsii when .jsii is missing or older than src/ (docs/languages.md reads the assembly).
# --check only reports the pages whose blocks are stale, and exits 1 if any is.
set -euo pipefail
source "$(dirname "$0")/env.sh"
if [ ! -f .jsii ] || [ -n "$(find src -name '*.ts' -newer .jsii -print -quit)" ]; then
  npx jsii --silence-warnings=reserved-word
fi
npx ts-node --project tsconfig.dev.json scripts/docs/generate.ts "$@"
