// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { parseAllDocuments } from 'yaml';
import { renderKubernetes } from '../../scripts/synth-examples';
import { TrinoCluster, TrinoKedaScaler } from '../../src';
import { ENV, importCluster } from '../util';

test('synth --render writes what Kubernetes receives next to the assembly, one summary line per object', () => {
  const outdir = fs.mkdtempSync(path.join(process.env.CDK_OUTDIR!, 'render-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Sample', { env: ENV });
  const trino = new TrinoCluster(stack, 'Trino', { cluster: importCluster(stack, 'Cluster', 'analytics') });
  new TrinoKedaScaler(stack, 'Scaler', { trino });
  const lines = renderKubernetes(app.synth(), outdir);

  const file = path.join(outdir, 'kubernetes', 'Sample.yaml');
  const objects = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS());
  const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
  expect(kinds).toEqual(expect.arrayContaining(['Deployment/trino-worker', 'ScaledObject/trino-worker', 'Namespace/trino', 'PodDisruptionBudget/trino-worker']));
  expect(lines[0]).toMatch(new RegExp(`^  kubernetes: ${objects.length} objects of Sample → `));
  // one line per object, then the helm-test-only objects the chart would have created
  expect(lines.filter((l) => /\[(helm trino|manifest)/.test(l))).toHaveLength(objects.length);
  expect(lines).toContainEqual(expect.stringMatching(/Deployment trino\/trino-worker: replicas from the autoscaler; trino-worker trinodb\/trino:480 \d+m\/\d+Mi; grace \d+s/));
  expect(lines).toContainEqual(expect.stringMatching(/^ {4}\(helm test only, not installed: .*Pod trino-test-connection/));
});
