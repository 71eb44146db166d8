#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job: sets up Node 22 and dependencies, then synthesizes every sample stack in examples/ offline into
# cdk.out/<example> and prints what each deploys. Needs no AWS credentials.
# --python also runs examples/python/app.py through the jsii Python runtime (../shared/tools/jsii-python), after a
# jsii compile (the Python bindings are generated from the .jsii assembly).
set -euo pipefail
source "$(dirname "$0")/env.sh"
for arg in "$@"; do
  if [ "$arg" = --python ]; then npx projen compile; break; fi
done
npx projen synth:examples "$@"
