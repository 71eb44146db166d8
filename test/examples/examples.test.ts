// SPDX-License-Identifier: Apache-2.0
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { renderTrinoReleases, stackManifests } from '../../scripts/render/render-stack';
import { FaultTolerantExchange, TrinoChecks, TrinoCluster } from '../../src';
import { parseCfnJson } from '../../src/private/cfn-json';
import { unknownChartKeys } from '../conformance/chart-values';
import { expectValidCrdObject } from '../conformance/crd';
import { kubernetesSchemaErrors } from '../conformance/kubernetes';
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

  test('what Kubernetes receives: the Trino release rendered by the real chart, and every manifest, conform to their schemas', () => {
    let releases = 0;
    for (const t of templates) {
      for (const r of renderTrinoReleases(t)) {
        releases++;
        expect(kubernetesSchemaErrors(r.objects)).toEqual([]);
        // KEDA scales the workers: no replicas for helm to reset
        expect(r.deployment('worker').spec).not.toHaveProperty('replicas');
        for (const role of ['coordinator', 'worker'] as const) {
          const jvm = r.configFile(role, 'jvm.config')!.split('\n').map((l) => l.trim());
          expect(jvm.filter((l) => /HeapDumpOnOutOfMemoryError/.test(l)).pop()).toBe('-XX:-HeapDumpOnOutOfMemoryError');
        }
      }
      // the SecretProviderClass is checked against the upstream CRD fixture (test/conformance/fixtures)
      const k8s = stackManifests(t).filter((o) => !['NodePool', 'EC2NodeClass'].includes(o.kind));
      expect(kubernetesSchemaErrors(k8s)).toEqual([]);
      for (const spc of stackManifests(t).filter((o) => o.kind === 'SecretProviderClass')) {
        expect(spc.apiVersion).toBe('secrets-store.csi.x-k8s.io/v1');
        expect(spc.spec.provider).toBe('aws');
        expect(spc.spec.parameters.objects).toContain('objectType: "secretsmanager"');
      }
    }
    expect(releases).toBe(1);
  });

  test('secure access: HTTPS endpoint, password authentication with groups, access rules, NetworkPolicies enforced, the smoke test behind the endpoint', () => {
    const [t] = templates.filter((x) => renderTrinoReleases(x).length > 0);
    const chart = Object.values<any>(t.Resources).find((r) => r.Type === 'Custom::AWSCDK-EKS-HelmChart' && r.Properties.Chart === 'trino');
    const values = parseCfnJson(chart.Properties.Values);
    expect(values.server.config.authenticationType).toBe('PASSWORD');
    expect(values.coordinator.additionalConfigFiles).toHaveProperty(['group-provider.properties']);
    expect(values.ingress).toMatchObject({ enabled: true, className: 'alb' });
    expect(values.ingress.annotations['alb.ingress.kubernetes.io/scheme']).toBe('internal');
    const rules = JSON.parse(values.accessControl.rules['rules.json']);
    expect(rules.catalogs.map((r: any) => r.group ?? r.user ?? '*')).toEqual(['keda', 'admins', 'analysts', '*']);
    const objects = stackManifests(t);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort()).toEqual(['trino-coordinator', 'trino-worker']);
    // the VPC CNI enforces them: the EKS add-on (eks.Cluster) or the blueprints' VpcCniAddOn, with network policy on
    const cni = Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::EKS::Addon' && r.Properties.AddonName === 'vpc-cni');
    expect(JSON.parse(cni.Properties.ConfigurationValues)).toMatchObject({ enableNetworkPolicy: 'true' });
    // what installs the ALB and reads the secrets
    const charts = Object.entries<any>(t.Resources).filter(([, r]) => r.Type === 'Custom::AWSCDK-EKS-HelmChart');
    expect(charts.map(([, r]) => r.Properties.Chart)).toEqual(expect.arrayContaining(['aws-load-balancer-controller', 'secrets-store-csi-driver-provider-aws']));
    // the SecretProviderClass needs the driver's CRD: it waits for the provider chart, which installs the driver
    const [providerId] = charts.find(([, r]) => r.Properties.Chart === 'secrets-store-csi-driver-provider-aws')!;
    const spcResource = Object.values<any>(t.Resources).find(
      (r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource' && parseCfnJson(r.Properties.Manifest).some((o: any) => o.kind === 'SecretProviderClass'),
    );
    expect(spcResource.DependsOn).toContain(providerId);
    const pod = objects.find((o) => o.kind === 'Pod')!;
    const env = Object.fromEntries(pod.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({
      TRINO_FORWARDED_PROTO: 'https',
      TRINO_PASSWORD: { secretKeyRef: { name: 'trino-secrets', key: 'TRINO_SECRET_SMOKE_TEST_PASSWORD' } },
    });
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

test('examples/trino-on-eks.ts in the environment `cdk deploy` gives it (CDK_DEFAULT_REGION/ACCOUNT) has zero unacknowledged findings', async () => {
  const saved = { region: process.env.CDK_DEFAULT_REGION, account: process.env.CDK_DEFAULT_ACCOUNT };
  process.env.CDK_DEFAULT_REGION = 'eu-west-1';
  process.env.CDK_DEFAULT_ACCOUNT = '210987654321';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join('..', '..', 'examples', 'trino-on-eks'));
    const app: App = await mod.buildApp(new App());
    app.synth(); // aspects (the EKS plumbing acknowledgments) run at synth
    const stack = app.node.findAll().find((c): c is Stack => Stack.isStack(c))!;
    expect(stack.region).toBe('eu-west-1');
    for (const pack of [new AwsSolutionsChecks(), new TrinoChecks()]) {
      const findings = pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} on ${(r as any).constructPath}`));
      expect(findings).toEqual([]);
    }
  } finally {
    for (const [k, v] of [['CDK_DEFAULT_REGION', saved.region], ['CDK_DEFAULT_ACCOUNT', saved.account]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});
