// SPDX-License-Identifier: Apache-2.0
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FaultTolerantExchange, TrinoChecks, TrinoCluster } from '../../src';
import { parseCfnJson } from '../../src/private/cfn-json';
import { unknownChartKeys } from '../conformance/chart-values';
import { expectValidCrdObject } from '../conformance/crd';
import { withDeployTimeIds } from '../util';

const EXAMPLES = ['existing-cluster', 'trino-on-eks'];

describe.each(EXAMPLES)('examples/%s.ts', (name) => {
  let app: App;
  let templates: any[];
  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join('..', '..', 'examples', name));
    app = await mod.buildApp(new App());
    templates = app.synth().stacks.map((s) => s.template);
  });

  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['Trino', () => new TrinoChecks()],
  ])('passes %s with zero unacknowledged findings', (_pack, make) => {
    const findings = make()
      .validateScope(app)
      .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} on ${(r as any).constructPath}`));
    expect(findings).toEqual([]);
  });

  test('every acknowledgment carries a reason', () => {
    const acks = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data));
    expect(acks.length).toBeGreaterThan(0);
    for (const data of acks) {
      for (const reason of Object.values<any>(data)) expect(String(reason).length).toBeGreaterThan(20);
    }
  });

  test('every Kubernetes object conforms to its CRD and the Trino chart values to chart 1.42.2', () => {
    let crds = 0;
    for (const t of templates) {
      for (const r of Object.values<any>(t.Resources ?? {})) {
        if (r.Type === 'Custom::AWSCDK-EKS-KubernetesResource') {
          for (const o of parseCfnJson(r.Properties.Manifest)) {
            if (['NodePool', 'EC2NodeClass', 'ScaledObject'].includes(o.kind)) {
              expectValidCrdObject(withDeployTimeIds(o));
              crds++;
            }
          }
        }
        if (r.Type === 'Custom::AWSCDK-EKS-HelmChart' && r.Properties.Chart === 'trino') {
          expect(unknownChartKeys(parseCfnJson(r.Properties.Values))).toEqual([]);
        }
      }
    }
    expect(crds).toBe(3);
  });

  test('outputs the data and exchange buckets, the namespace and the coordinator Service', () => {
    const trino = app.node.findAll().find((c): c is TrinoCluster => c instanceof TrinoCluster)!;
    const exchange = app.node.findAll().find((c): c is FaultTolerantExchange => c instanceof FaultTolerantExchange)!;
    const stack = Stack.of(trino);
    const outputs = app.synth().getStackByName(stack.stackName).template.Outputs;
    expect(outputs).toMatchObject({
      TrinoDataBucket: { Value: stack.resolve(trino.dataBucket!.bucketName) },
      TrinoExchangeBucket: { Value: stack.resolve(exchange.bucket!.bucketName) },
      TrinoNamespace: { Value: 'trino' },
      TrinoService: { Value: trino.serviceName },
    });
    expect(outputs.TrinoDataBucket.Value).toEqual({ Ref: expect.stringMatching(/DataBucket/) });
    expect(outputs.TrinoExchangeBucket.Value).toEqual({ Ref: expect.stringMatching(/Exchange/) });
  });
});
