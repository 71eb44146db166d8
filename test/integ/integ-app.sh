#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The app command integ-runner runs for each test/integ/integ.*.ts (its --app, see .projenrc.ts):
#   bash test/integ/integ-app.sh <test file>
# It synthesizes the test with ts-node into $CDK_OUTDIR, then declares the cloud assembly with a schema version
# integ-runner can read.
#
# Why: aws-cdk-lib 2.261 writes cloud assembly schema 54 (manifest.json, integ.json, *.assets.json: "version":
# "54.0.0", "You need at least CLI version 2.1144.0"), but the newest @aws-cdk/integ-runner on the npm registry
# (2.197.10) bundles a toolkit (aws-cdk 2.1115.1) that reads at most schema 53 and refuses anything newer
# ("Cloud assembly schema version mismatch: Maximum schema version supported is 53.x.x, but found 54.0.0"), in its
# snapshot check as in its deployments. The templates and assets are left exactly as aws-cdk-lib wrote them; only
# the declared version changes. Remove this wrapper (use `ts-node --project tsconfig.dev.json {filePath}` as the
# --app) once `npx integ-runner --directory test/integ --language typescript` reads the assemblies without it.
set -euo pipefail
READABLE_MAJOR=53
# type-checking is the typecheck task's job (tsconfig.dev.json covers test/integ): transpile only, to keep the check fast
npx ts-node --project tsconfig.dev.json --transpile-only "$1"
node - "${CDK_OUTDIR:?integ-runner sets CDK_OUTDIR}" "$READABLE_MAJOR" <<'JS'
const fs = require('fs');
const path = require('path');
const [dir, major] = process.argv.slice(2);
for (const file of fs.readdirSync(dir)) {
  if (!(file.endsWith('.json') || file === 'cdk.out')) continue;
  const p = path.join(dir, file);
  const doc = JSON.parse(fs.readFileSync(p, 'utf8'));
  const m = /^(\d+)\.\d+\.\d+$/.exec(String(doc?.version ?? ''));
  if (!m || Number(m[1]) <= Number(major)) continue;
  const text = fs.readFileSync(p, 'utf8').replace(`"version": "${doc.version}"`, `"version": "${major}.0.0"`).replace(`"version":"${doc.version}"`, `"version":"${major}.0.0"`);
  fs.writeFileSync(p, text);
}
JS
