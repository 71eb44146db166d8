#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The test command: sets up Node 22 and dependencies, compiles with jsii, regenerates API.md, compiles and translates
# the README and JSDoc examples (jsii-rosetta, strict), generates and checks the Python/Java/.NET/Go bindings, installs
# the packed npm tarball into a scratch app, type-checks the examples, checks the integration-test snapshots of the
# samples (integ-runner, offline), runs jest and eslint, and ends with the line `N passed, N failed` from jest's
# results. Jest includes test/examples/python.test.ts, which runs examples/python/app.py and the findings and API apps
# in test/examples/python/ through the jsii Python runtime (../shared/tools/jsii-python; its first run on a machine
# generates the dependencies' bindings, about a minute). It works in a temp dir of its own (removed at exit), fails on cdk.out
# directories the tests leave behind, and on CI fails when the run changed a tracked file.
set -euo pipefail
source "$(dirname "$0")/env.sh"

# Everything this run writes to the temp dir (cloud assemblies, the scratch app, Jest's cache) goes to a directory
# of its own, removed at exit, so runs cannot pile up on a machine's disk.
RUN_TMP="$(mktemp -d "${TMPDIR:-/tmp}/cdk-trino-eks-run.XXXXXX")"
export TMPDIR="$RUN_TMP"
trap 'rm -rf "$RUN_TMP"' EXIT

# The Python bindings of aws-cdk-lib and the other dependencies (test/examples/python.test.ts) take about a minute to
# generate; the jsii-python tool caches them, by default in node_modules/.cache, which a clean clone (CI) does not
# have. Keep them in the user's cache instead, so only the first run on a machine pays for them. Entries are keyed on
# package versions, so a stale one is never used, and the tool prunes other versions.
export JSII_PYTHON_CACHE="${JSII_PYTHON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk-trino-eks/jsii-python}"

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
npx projen integ          # integ-runner: the samples' templates against their committed snapshots, offline

set +e
npx projen test           # jest (writes test-reports/jest-results.json), then eslint
rc=$?
set -e
# Each test file synthesizes into one directory that it removes (test/setup/scratch-outdir.ts); an App that writes
# elsewhere leaves a cdk.out* directory with the kubectl provider's layers (20-60 MB each), which is how a full run
# once filled a CI disk. Fail on any such leftover.
leaks="$(find "$RUN_TMP" -maxdepth 1 -name 'cdk.out*' | wc -l)"
if [ "$leaks" -gt 0 ]; then
  echo "the tests left $leaks cdk.out* directories in the temp dir: give every App an outdir that is removed" >&2
  rc=1
fi
# eslint runs with --fix and the build regenerates files: on CI a clean checkout must stay clean, so an unfixed lint
# error or a stale generated file fails the run instead of being fixed in a throw-away clone.
if [ -n "${CI:-}" ] && [ -n "$(git status --porcelain)" ]; then
  echo "the run changed tracked files (eslint --fix or a generator): run the tests locally and commit the result" >&2
  git status --porcelain >&2
  rc=1
fi
node -e '
  const r = require("./test-reports/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
'
exit $rc
