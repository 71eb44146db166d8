#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Rewrites the generated blocks of the documentation: the text between `<!-- generated:NAME -->` and
# `<!-- /generated:NAME -->` in docs/*.md, examples/README.md and README.md (scripts/docs/generate.ts). Everything
# else on the pages is Markdown written by hand. Sets up Node 22 and the dependencies first.
# --check only reports the pages whose blocks are stale, and exits 1 if any is.
set -euo pipefail
source "$(dirname "$0")/env.sh"
npx ts-node --project tsconfig.dev.json scripts/docs/generate.ts "$@"
