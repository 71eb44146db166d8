#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job: sets up Node 22 and dependencies, then synthesizes every sample stack in examples/ offline into
# cdk.out/<example> and prints what each deploys. Needs no AWS credentials.
set -euo pipefail
source "$(dirname "$0")/env.sh"
npx projen synth:examples "$@"
