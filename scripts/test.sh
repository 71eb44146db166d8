#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The test command: sets up Node 22 and dependencies, compiles with jsii, regenerates API.md, type-checks the
# examples, runs jest and eslint, and ends with the line `N passed, N failed` from jest's results.
set -euo pipefail
source "$(dirname "$0")/env.sh"

npx projen compile        # jsii: the library and its .jsii assembly
npx projen docgen         # API.md from the assembly
if [ -n "${CI:-}" ] && ! git diff --quiet -- API.md; then
  echo "API.md is out of date: run the build and commit API.md" >&2
  git --no-pager diff --stat -- API.md >&2
  exit 1
fi
npx projen typecheck      # src, test, examples and bench together

set +e
npx projen test           # jest (writes test-reports/jest-results.json), then eslint
rc=$?
set -e
node -e '
  const r = require("./test-reports/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
'
exit $rc
