#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The test command: sets up Node 22 and dependencies, compiles with jsii, regenerates API.md, compiles and translates
# the README and JSDoc examples (jsii-rosetta, strict), generates and checks the Python/Java/.NET/Go bindings, installs
# the packed npm tarball into a scratch app, type-checks the examples, runs jest and eslint, and ends with the line
# `N passed, N failed` from jest's results.
set -euo pipefail
source "$(dirname "$0")/env.sh"

npx projen compile        # jsii: the library and its .jsii assembly
npx projen post-compile   # API.md from the assembly; README/JSDoc examples through jsii-rosetta --strict
if [ -n "${CI:-}" ] && ! git diff --quiet -- API.md; then
  echo "API.md is out of date: run the build and commit API.md" >&2
  git --no-pager diff --stat -- API.md >&2
  exit 1
fi
npx projen bindings       # jsii-pacmak --code-only for Python, Java, .NET, Go + offline checks
npx projen package:tarball-check   # the npm tarball, installed into a scratch CDK app, synthesizes a TrinoCluster
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
