#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Packs the npm tarball (jsii-pacmak js target), installs it into a scratch CDK app outside the repository, and
# synthesizes a TrinoCluster from the installed package, not from src/, so a packaging mistake shows.
# Run after `npx projen compile`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
rm -rf dist-bindings/js
npx jsii-pacmak --target js --outdir dist-bindings/js
TGZ="$(ls "$ROOT"/dist-bindings/js/js/cdk-trino-eks@*.tgz 2>/dev/null || ls "$ROOT"/dist-bindings/js/cdk-trino-eks@*.tgz)"
echo "tarball: $(basename "$TGZ") ($(du -k "$TGZ" | cut -f1) KiB, $(tar tzf "$TGZ" | wc -l) files)"
# Only the library belongs in the package: no sources, tests, examples, tools or generated bindings.
unexpected="$(tar tzf "$TGZ" | grep -Ev '^package/(lib/.*\.(js|d\.ts)|\.jsii|\.jsii\.tabl\.json|package\.json|README\.md|API\.md|LICENSE)$' || true)"
if [ -n "$unexpected" ]; then
  echo "tarball: unexpected files in the package:" >&2
  echo "$unexpected" | head -20 >&2
  exit 1
fi

APP="$(mktemp -d)"
trap 'rm -rf "$APP"' EXIT
versions() { node -p "const p=require('$ROOT/package.json'); p.devDependencies['$1']"; }
cat > "$APP/package.json" <<JSON
{
  "name": "tarball-smoke-app",
  "private": true,
  "dependencies": {
    "cdk-trino-eks": "file:$TGZ",
    "aws-cdk-lib": "$(versions aws-cdk-lib)",
    "constructs": "$(versions constructs)",
    "cdk-nag": "$(versions cdk-nag)"
  }
}
JSON
(cd "$APP" && npm install --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)
cat > "$APP/app.js" <<'JS'
const { App, Stack } = require('aws-cdk-lib');
const eks = require('aws-cdk-lib/aws-eks');
const iam = require('aws-cdk-lib/aws-iam');
const lambda = require('aws-cdk-lib/aws-lambda');
const trino = require('cdk-trino-eks');
const resolved = require.resolve('cdk-trino-eks');
if (!resolved.includes('node_modules')) throw new Error(`cdk-trino-eks resolved outside node_modules: ${resolved}`);
const app = new App({ outdir: require('path').join(__dirname, 'cdk.out') });
const stack = new Stack(app, 'TarballSmoke', { env: { account: '123456789012', region: 'us-west-2' } });
const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
  clusterName: 'smoke',
  kubectlRoleArn: 'arn:aws:iam::123456789012:role/kubectl',
  kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Layer', 'arn:aws:lambda:us-west-2:123456789012:layer:kubectl:1'),
  openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc',
    'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE'),
});
new trino.TrinoCluster(stack, 'Trino', { cluster });
const template = app.synth().getStackByName('TarballSmoke').template;
const charts = Object.values(template.Resources).filter((r) => r.Type === 'Custom::AWSCDK-EKS-HelmChart');
if (charts.length !== 1 || charts[0].Properties.Chart !== 'trino') throw new Error('no trino chart in the template');
console.log(`tarball: synthesized TrinoCluster from ${resolved.replace(/.*node_modules/, 'node_modules')}: OK`);
JS
(cd "$APP" && node app.js)
