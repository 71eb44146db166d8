// SPDX-License-Identifier: Apache-2.0
/**
 * TrinoSmokeTest on the synthesized stack: the pod, the wait, the verdict and its failure path, the run id that makes
 * every change of Trino a new run, switching it off, and the synth errors for a test that could never pass.
 */
import * as vm from 'vm';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  CustomCatalog,
  FaultTolerantExchange,
  HiveCatalog,
  RetryPolicy,
  TpchCatalog,
  TrinoCluster,
  TrinoAuthentication,
  TrinoClusterProps,
  TrinoKedaScaler,
  TrinoSmokeTest,
  TrinoSmokeTestProps,
} from '../../src';
import { parseCfnJson } from '../../src/private/cfn-json';
import { VERDICT_HANDLER, VERDICT_MAX_REASON } from '../../src/verify/private/verdict';
import { ENV, importCluster, manifests } from '../util';

interface Build {
  readonly app: App;
  readonly stack: Stack;
  readonly trino: TrinoCluster;
  readonly smoke: TrinoSmokeTest;
}

/** A TrinoCluster (1 worker by default) with a smoke test; `scaler` adds a TrinoKedaScaler after the test. */
function build(
  smoke: Partial<TrinoSmokeTestProps> = {},
  cluster: Partial<TrinoClusterProps> = {},
  opts: { scaler?: boolean; context?: { [key: string]: string } } = {},
): Build {
  const app = new App({ context: opts.context });
  const stack = new Stack(app, 'Stack', { env: ENV });
  const trino = new TrinoCluster(stack, 'Trino', { cluster: importCluster(stack, 'Cluster', 'analytics'), ...cluster });
  const test = new TrinoSmokeTest(stack, 'SmokeTest', { trino, ...smoke });
  if (opts.scaler) new TrinoKedaScaler(stack, 'Scaler', { trino });
  return { app, stack, trino, smoke: test };
}

const template = (b: Build) => Template.fromStack(b.stack);
const podOf = (t: Template) => {
  const pods = manifests(t).filter((o) => o.kind === 'Pod');
  expect(pods).toHaveLength(1);
  return pods[0];
};
const envOf = (pod: any): { [name: string]: any } =>
  Object.fromEntries(pod.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const resourceOfType = (t: Template, type: string) => {
  const found = Object.entries(t.findResources(type));
  expect(found).toHaveLength(1);
  return { id: found[0][0], resource: found[0][1] as any };
};
const synthErrors = (b: Build) => {
  try {
    b.app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

describe('defaults', () => {
  const b = build();
  const t = template(b);
  const pod = podOf(t);
  const env = envOf(pod);

  test('a pod of the Trino image runs the script once, without a service account token, as the image\'s trino user', () => {
    expect(pod.metadata).toMatchObject({ namespace: 'trino', name: expect.stringMatching(/^trino-smoke-[0-9a-f]{10}$/) });
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 1000 },
    });
    const c = pod.spec.containers[0];
    expect(c.image).toBe(`trinodb/trino:${TrinoCluster.DEFAULT_TRINO_VERSION}`);
    expect(c.command.slice(0, 2)).toEqual(['bash', '-c']);
    expect(c.terminationMessagePolicy).toBe('FallbackToLogsOnError');
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  test('it queries the coordinator Service as cdk-trino-eks-smoke and checks every catalog, by kind', () => {
    expect(env).toMatchObject({
      TRINO_SERVER: 'http://trino.trino.svc.cluster.local:8080',
      TRINO_USER: 'cdk-trino-eks-smoke',
      TPCH_CATALOG: 'tpch',
      EXPECT_CATALOGS: 'tpch tpcds hive iceberg',
      READ_CATALOGS: 'tpcds',
      WRITE_CATALOGS: 'hive iceberg',
    });
    // no fault-tolerant execution, no scratch schema, no password: not set at all
    expect(Object.keys(env)).not.toEqual(expect.arrayContaining(['RETRY_POLICY']));
    expect(env.SCRATCH_SCHEMA).toBeUndefined();
    expect(env.TRINO_PASSWORD).toBeUndefined();
  });

  test('12 minutes: CloudFormation polls that long, the pod is stopped a minute before, the script has two less', () => {
    const value = resourceOfType(t, 'Custom::AWSCDK-EKS-KubernetesObjectValue').resource;
    expect(value.Properties).toMatchObject({
      ObjectType: 'pod',
      ObjectName: pod.metadata.name,
      ObjectNamespace: 'trino',
      JsonPath: '.status.containerStatuses[0].state.terminated.message',
      TimeoutSeconds: 720,
    });
    expect(pod.spec.activeDeadlineSeconds).toBe(660);
    expect(env.BUDGET_SECONDS).toBe('600');
  });

  test('order: the pod after the Trino chart, the wait after the pod, the verdict on the pod\'s message', () => {
    const chartId = Object.keys(t.findResources('Custom::AWSCDK-EKS-HelmChart'))[0];
    const podResource = Object.entries<any>(t.findResources('Custom::AWSCDK-EKS-KubernetesResource'))
      .find(([, r]) => parseCfnJson(r.Properties.Manifest).some((o: any) => o.kind === 'Pod'))!;
    expect(podResource[1].DependsOn).toEqual(expect.arrayContaining([chartId]));
    const value = resourceOfType(t, 'Custom::AWSCDK-EKS-KubernetesObjectValue');
    expect(value.resource.DependsOn).toEqual([podResource[0]]);
    const check = resourceOfType(t, 'Custom::TrinoSmokeTest').resource;
    expect(check.Properties).toMatchObject({
      Result: { 'Fn::GetAtt': [value.id, 'Value'] },
      Pod: pod.metadata.name,
      Namespace: 'trino',
      RunId: pod.metadata.name.slice(-10),
    });
  });

  test('the verdict is a provider-framework custom resource whose handler is inline Node.js 24 code', () => {
    const check = resourceOfType(t, 'Custom::TrinoSmokeTest').resource;
    const fn = Object.entries<any>(t.findResources('AWS::Lambda::Function')).find(([, r]) => r.Properties.Code?.ZipFile === VERDICT_HANDLER);
    expect(fn).toBeDefined();
    expect(fn![1].Properties.Runtime).toBe('nodejs24.x');
    expect(check.Properties.ServiceToken['Fn::GetAtt'][0]).toMatch(/ProviderframeworkonEvent/);
  });

  test('the verdict logs to /aws/lambda/<its name>, a log group kept on deletion, the only thing its role may write', () => {
    const fn = Object.values<any>(t.findResources('AWS::Lambda::Function')).find((r) => r.Properties.Code?.ZipFile === VERDICT_HANDLER)!;
    const name = fn.Properties.FunctionName;
    expect(name).toMatch(/^TrinoSmokeVerdict-[0-9a-f]{16}$/);
    const [logsId, logs] = Object.entries<any>(t.findResources('AWS::Logs::LogGroup')).find(([, r]) => r.Properties.LogGroupName === `/aws/lambda/${name}`)!;
    expect(logs).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RetentionInDays: 90 } });
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values<any>(t.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
    expect(policies.flatMap((p) => p.Properties.PolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logsId, 'Arn'] } },
    ]);
    expect(fn.Properties).not.toHaveProperty('LoggingConfig');
  });

  test('stack outputs: the result line, the first query\'s and the re-run\'s seconds', () => {
    const checkId = resourceOfType(t, 'Custom::TrinoSmokeTest').id;
    const outputs = t.toJSON().Outputs;
    const byAttr = (attr: string) => Object.values<any>(outputs).filter((o) => o.Value['Fn::GetAtt']?.[1] === attr);
    for (const attr of ['Summary', 'ColdStartSeconds', 'WarmQuerySeconds']) {
      expect(byAttr(attr)).toEqual([expect.objectContaining({ Value: { 'Fn::GetAtt': [checkId, attr] } })]);
    }
    expect(b.smoke.podName).toBeDefined();
    expect(b.stack.resolve(b.smoke.result)).toEqual({ 'Fn::GetAtt': [checkId, 'Summary'] });
  });

  test('the pod, the wait and the verdict carry the run id in their logical ids', () => {
    const runId = pod.metadata.name.slice(-10).toUpperCase();
    for (const type of ['Custom::AWSCDK-EKS-KubernetesObjectValue', 'Custom::TrinoSmokeTest']) {
      expect(resourceOfType(t, type).id.endsWith(runId)).toBe(true);
    }
    const podIds = Object.keys(t.findResources('Custom::AWSCDK-EKS-KubernetesResource')).filter((id) => id.endsWith(runId));
    expect(podIds).toHaveLength(1);
  });

  test('no AwsSolutions finding on the smoke test or its verdict function, roles and log group', () => {
    const report = new AwsSolutionsChecks().validateScope(b.stack);
    const mine = report.violations.flatMap((v) =>
      v.violatingResources.map((r: any) => `${v.ruleName} on ${r.constructPath}`)).filter((f) => /SmokeTest/.test(f));
    expect(mine).toEqual([]);
  });
});

describe('the run id', () => {
  const runIdOf = (b: Build) => podOf(template(b)).metadata.name.slice(-10);
  const base = runIdOf(build());

  test('is the same for the same configuration', () => {
    expect(runIdOf(build())).toBe(base);
  });

  test.each([
    ['the chart values change', () => build({}, { maxWorkers: 12 })],
    ['a catalog is added', () => build({}, { catalogs: [new TpchCatalog(), new HiveCatalog()] })],
    ['the test changes', () => build({ timeout: Duration.minutes(10) })],
    ['the rerun context key is set', () => build({}, {}, { context: { [TrinoSmokeTest.RERUN_CONTEXT_KEY]: '2' } })],
  ])('changes when %s', (_what, make) => {
    expect(runIdOf(make())).not.toBe(base);
  });

  test('sees a scaler added after the test: the configuration is read when the app synthesizes', () => {
    const b = build({}, { minWorkers: 0 }, { scaler: true });
    expect(synthErrors(b)).toBe('');
    expect(runIdOf(b)).not.toBe(base);
  });
});

describe('overrides', () => {
  test('fault-tolerant execution: the retry policy the coordinator is configured with', () => {
    for (const policy of [RetryPolicy.TASK, RetryPolicy.QUERY]) {
      const { stack } = build();
      const trino = new TrinoCluster(stack, 'Ft', {
        cluster: importCluster(stack, 'Other', 'other'),
        exchange: new FaultTolerantExchange(stack, `Exchange${policy}`, { retryPolicy: policy }),
      });
      new TrinoSmokeTest(stack, 'FtSmoke', { trino });
      const pods = manifests(Template.fromStack(stack)).filter((o) => o.kind === 'Pod');
      expect(pods.map((p) => envOf(p).RETRY_POLICY).sort()).toEqual([undefined, String(policy)].sort());
    }
  });

  test('catalogs: only the named ones are checked; the known-answer query keeps the tpch catalog', () => {
    const env = envOf(podOf(template(build({ catalogs: ['iceberg'] }))));
    expect(env).toMatchObject({ EXPECT_CATALOGS: 'iceberg', WRITE_CATALOGS: 'iceberg', TPCH_CATALOG: 'tpch' });
    expect(env.READ_CATALOGS).toBeUndefined();
  });

  test('a custom catalog and a second tpch catalog are read-checked', () => {
    const env = envOf(podOf(template(build({}, {
      catalogs: [new TpchCatalog(), new TpchCatalog({ name: 'bench' }), new CustomCatalog({ name: 'mem', connectorName: 'memory' })],
    }))));
    expect(env).toMatchObject({ TPCH_CATALOG: 'tpch', READ_CATALOGS: 'bench mem', EXPECT_CATALOGS: 'tpch bench mem' });
  });

  test('scratchSchema', () => {
    expect(envOf(podOf(template(build({ scratchSchema: 'analytics_scratch' })))).SCRATCH_SCHEMA).toBe('analytics_scratch');
  });

  test('timeout', () => {
    const t = template(build({ timeout: Duration.minutes(5) }));
    const pod = podOf(t);
    expect(pod.spec.activeDeadlineSeconds).toBe(240);
    expect(envOf(pod).BUDGET_SECONDS).toBe('180');
    t.hasResourceProperties('Custom::AWSCDK-EKS-KubernetesObjectValue', { TimeoutSeconds: 300 });
  });

  test('user', () => {
    expect(envOf(podOf(template(build({ user: 'ops@example' })))).TRINO_USER).toBe('ops@example');
  });

  test('credentials: user name and password from the Secret, HTTPS without certificate verification', () => {
    const env = envOf(podOf(template(build(
      { credentials: { secretName: 'trino-smoke', passwordKey: 'pw' } },
      { helmValues: { server: { config: { authenticationType: 'PASSWORD', https: { enabled: true } } } } },
    ))));
    expect(env).toMatchObject({
      TRINO_SERVER: 'https://trino.trino.svc.cluster.local:8443',
      TRINO_USER: { secretKeyRef: { name: 'trino-smoke', key: 'username' } },
      TRINO_PASSWORD: { secretKeyRef: { name: 'trino-smoke', key: 'pw' } },
      TRINO_INSECURE: 'true',
    });
  });

  describe('password authentication behind the TLS endpoint (process-forwarded)', () => {
    const secure = (networkPolicy?: any): Partial<TrinoClusterProps> => ({
      endpoint: {
        domainName: 'trino.example.com',
        certificate: acm.Certificate.fromCertificateArn(new Stack(), 'Cert', 'arn:aws:acm:us-west-2:111122223333:certificate/abc'),
      },
      authentication: TrinoAuthentication.password({ passwordFile: Secret.fromSecretCompleteArn(new Stack(), 'PasswordFile', 'arn:aws:secretsmanager:us-west-2:111122223333:secret:trino/password-file-AbCdEf') }),
      networkPolicy: networkPolicy ?? { loadBalancerCidrs: ['10.0.0.0/16'] },
    });

    test('HTTP to the coordinator Service with X-Forwarded-Proto https, the credentials from the Secret', () => {
      const env = envOf(podOf(template(build({ credentials: { secretName: 'trino-smoke' } }, secure()))));
      expect(env).toMatchObject({
        TRINO_SERVER: 'http://trino.trino.svc.cluster.local:8080',
        TRINO_FORWARDED_PROTO: 'https',
        TRINO_USER: { secretKeyRef: { name: 'trino-smoke', key: 'username' } },
        TRINO_PASSWORD: { secretKeyRef: { name: 'trino-smoke', key: 'password' } },
      });
      expect(env.TRINO_INSECURE).toBeUndefined();
    });

    test("the coordinator's NetworkPolicy admits the pod as one of the release's own pods", () => {
      const t = template(build({ credentials: { secretName: 'trino-smoke' } }, secure()));
      const pod = podOf(t);
      const coordinatorPolicy = manifests(t).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'trino-coordinator');
      const own = coordinatorPolicy.spec.ingress[0].from[0];
      expect(own.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': pod.metadata.namespace });
      expect(Object.keys(own.podSelector.matchLabels).length).toBeGreaterThan(0);
      expect(pod.metadata.labels).toMatchObject(own.podSelector.matchLabels);
      // and no Service of the chart selects it (they name a component)
      expect(pod.metadata.labels['app.kubernetes.io/component']).toBe('smoke-test');
    });

    test('without the NetworkPolicies the pod keeps its own name label', () => {
      const pod = podOf(template(build({ credentials: { secretName: 'trino-smoke' } }, secure({ enabled: false }))));
      expect(pod.metadata.labels['app.kubernetes.io/name']).toBe('trino-smoke-test');
    });

    test('no error at synth', () => {
      expect(synthErrors(build({ credentials: { secretName: 'trino-smoke' } }, secure()))).toBe('');
    });

    test('credentials from Secrets Manager: synced into the release\'s Kubernetes Secret, not into Trino\'s environment', () => {
      const smoke = Secret.fromSecretCompleteArn(new Stack(), 'Smoke', 'arn:aws:secretsmanager:us-west-2:111122223333:secret:trino/smoke-test-AbCdEf');
      const b = build({ credentials: { secret: smoke } }, secure());
      const t = template(b);
      expect(envOf(podOf(t))).toMatchObject({
        TRINO_USER: { secretKeyRef: { name: 'trino-secrets', key: 'TRINO_SECRET_SMOKE_TEST_USERNAME' } },
        TRINO_PASSWORD: { secretKeyRef: { name: 'trino-secrets', key: 'TRINO_SECRET_SMOKE_TEST_PASSWORD' } },
        TRINO_FORWARDED_PROTO: 'https',
      });
      const spc = manifests(t).find((o) => o.kind === 'SecretProviderClass');
      expect(spc.spec.parameters.objects).toContain('- objectName: "arn:aws:secretsmanager:us-west-2:111122223333:secret:trino/smoke-test-AbCdEf"');
      expect(spc.spec.parameters.objects).toContain('    - path: username\n      objectAlias: "TRINO_SECRET_SMOKE_TEST_USERNAME"');
      expect(spc.spec.parameters.objects).toContain('    - path: password\n      objectAlias: "TRINO_SECRET_SMOKE_TEST_PASSWORD"');
      expect(spc.spec.secretObjects[0].data).toEqual(expect.arrayContaining([
        { objectName: 'TRINO_SECRET_SMOKE_TEST_USERNAME', key: 'TRINO_SECRET_SMOKE_TEST_USERNAME' },
        { objectName: 'TRINO_SECRET_SMOKE_TEST_PASSWORD', key: 'TRINO_SECRET_SMOKE_TEST_PASSWORD' },
      ]));
      const values = b.stack.resolve(b.trino._renderValues());
      expect(values.env.map((e: any) => e.name)).not.toContain('TRINO_SECRET_SMOKE_TEST_PASSWORD');
      // the Trino service account reads it (the pods' CSI volume fetches it with that identity)
      const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
      expect(policies).toContain('trino/smoke-test-AbCdEf');
      expect(synthErrors(build({ credentials: { secret: smoke } }, secure()))).toBe('');
    });

    test('without credentials: a synth error asking for them', () => {
      expect(synthErrors(build({}, secure()))).toContain("requires authentication (server.config.authenticationType 'PASSWORD'): give `credentials`");
    });
  });

  test('credentials on an OAuth 2.0 coordinator are a synth error', () => {
    const b = build(
      { credentials: { secretName: 'trino-smoke' } },
      { helmValues: { server: { config: { authenticationType: 'OAUTH2', https: { enabled: true } } } } },
    );
    expect(synthErrors(b)).toContain("authenticates with 'OAUTH2' only");
  });

  test('two smoke tests in a stack share one verdict function', () => {
    const { stack } = build();
    const other = new TrinoCluster(stack, 'Other', { cluster: importCluster(stack, 'OtherCluster', 'other') });
    new TrinoSmokeTest(stack, 'OtherSmoke', { trino: other });
    const t = Template.fromStack(stack);
    t.resourceCountIs('Custom::TrinoSmokeTest', 2);
    expect(Object.values<any>(t.findResources('AWS::Lambda::Function')).filter((r) => r.Properties.Code?.ZipFile === VERDICT_HANDLER)).toHaveLength(1);
  });
});

describe('turned off', () => {
  test.each([
    ['enabled: false', () => build({ enabled: false })],
    ['context cdk-trino-eks:smokeTest=false', () => build({}, {}, { context: { [TrinoSmokeTest.ENABLED_CONTEXT_KEY]: 'false' } })],
  ])('%s: no pod, no wait, no verdict, no outputs', (_what, make) => {
    const b = make();
    const t = template(b);
    expect(b.smoke.enabled).toBe(false);
    expect(manifests(t).filter((o) => o.kind === 'Pod')).toEqual([]);
    t.resourceCountIs('Custom::AWSCDK-EKS-KubernetesObjectValue', 0);
    t.resourceCountIs('Custom::TrinoSmokeTest', 0);
    expect(t.toJSON().Outputs ?? {}).toEqual({});
    expect(b.smoke.result).toBeUndefined();
  });

  test('the prop wins over the context', () => {
    const b = build({ enabled: true }, {}, { context: { [TrinoSmokeTest.ENABLED_CONTEXT_KEY]: 'false' } });
    expect(b.smoke.enabled).toBe(true);
    template(b).resourceCountIs('Custom::TrinoSmokeTest', 1);
  });
});

describe('the verdict handler', () => {
  /** Runs the inline handler as Lambda would: CommonJS `exports.handler`. */
  async function handle(result: string, requestType = 'Create') {
    const sandbox: any = { exports: {}, console: { log: () => undefined }, JSON, String };
    vm.runInNewContext(VERDICT_HANDLER, sandbox);
    return sandbox.exports.handler({
      RequestType: requestType,
      PhysicalResourceId: 'old',
      ResourceProperties: { Result: result, Pod: 'trino-smoke-0123456789', Namespace: 'trino', RunId: '0123456789' },
    });
  }
  const ok = 'OK ' + JSON.stringify({ summary: 'Trino 480: 20 statements passed', statements: 20, coldSeconds: 181.4, warmSeconds: 0.7, workerWaitSeconds: 171.2, activeWorkers: 1 });

  test('OK: passes, with the summary and the figures as attributes', async () => {
    await expect(handle(ok)).resolves.toEqual({
      PhysicalResourceId: 'trino-smoke-0123456789',
      Data: { Summary: 'Trino 480: 20 statements passed', ColdStartSeconds: '181.4', WarmQuerySeconds: '0.7', WorkerWaitSeconds: '171.2' },
    });
  });

  test('FAILED: fails with the statement and Trino\'s error as the reason', async () => {
    await expect(handle('FAILED hive: insert: INSERT INTO "hive"."s"."t" VALUES (1)\nQuery 1 failed: Access Denied')).rejects.toThrow(
      'Trino smoke test (pod trino/trino-smoke-0123456789) failed: FAILED hive: insert: INSERT INTO "hive"."s"."t" VALUES (1)\nQuery 1 failed: Access Denied',
    );
  });

  test.each([
    ['the log tail of a script that died', '[smoke +600.1s] first query: SELECT count(*) FROM "tpch".tiny.nation'],
    ['an OK without figures', 'OK {"summary":"x"}'],
    ['an OK that is not JSON', 'OK all good'],
    ['nothing', ''],
  ])('never passes on %s', async (_what, result) => {
    await expect(handle(result)).rejects.toThrow(/failed: it ended without a verdict/);
  });

  test('a long failure is cut to fit CloudFormation\'s response', async () => {
    const err = await handle(`FAILED x: y\n${'e'.repeat(5000)}`).catch((e: Error) => e);
    expect((err as Error).message.length).toBe(VERDICT_MAX_REASON);
  });

  test('Delete does nothing and keeps the physical id', async () => {
    await expect(handle('', 'Delete')).resolves.toEqual({ PhysicalResourceId: 'old' });
  });
});

describe('bad input', () => {
  test('a cluster that can never have a worker (minWorkers 0, no autoscaler) is a synth error', () => {
    expect(synthErrors(build({}, { minWorkers: 0 }))).toContain(
      "TrinoSmokeTest: TrinoCluster 'Stack/Trino' can never have a worker (`minWorkers` 0 and no autoscaler: the chart renders no worker Deployment)",
    );
  });

  test('a catalog the cluster does not configure is a synth error that lists the configured ones', () => {
    expect(synthErrors(build({ catalogs: ['hive', 'glue_lake'] }))).toContain(
      "TrinoSmokeTest: `catalogs` names 'glue_lake', which TrinoCluster 'Stack/Trino' does not configure. Its catalogs: tpch, tpcds, hive, iceberg.",
    );
  });

  test('a cluster without a tpch catalog is a synth error', () => {
    expect(synthErrors(build({}, { catalogs: [new HiveCatalog()] }))).toContain(
      "TrinoSmokeTest: TrinoCluster 'Stack/Trino' has no tpch catalog for the known-answer query",
    );
  });

  test('authentication without credentials is a synth error', () => {
    expect(synthErrors(build({}, { helmValues: { server: { config: { authenticationType: 'PASSWORD', https: { enabled: true } } } } }))).toContain(
      "requires authentication (server.config.authenticationType 'PASSWORD'): give `credentials`",
    );
  });

  test('credentials for a cluster without authentication are a synth error', () => {
    expect(synthErrors(build({ credentials: { secretName: 'trino-smoke' } }))).toContain(
      "TrinoSmokeTest: `credentials` need a coordinator with password authentication over HTTPS, but 'Stack/Trino' has no authentication",
    );
  });

  test.each([
    [Duration.minutes(1), 'Invalid `timeout` 1 minute (60 s): use whole seconds between 2 and 13 minutes'],
    [Duration.minutes(14), 'Invalid `timeout` 14 minutes (840 s): use whole seconds between 2 and 13 minutes'],
    [Duration.millis(150_500), 'Invalid `timeout` 2 minutes 30 seconds (150.5 s): use whole seconds between 2 and 13 minutes'],
  ])('timeout %s', (timeout, message) => {
    expect(() => build({ timeout })).toThrow(message);
  });

  test.each<[string, Partial<TrinoSmokeTestProps>, string]>([
    ['an empty catalog list', { catalogs: [] }, '`catalogs` is empty'],
    ['a catalog that is no catalog name', { catalogs: ['Hive'] }, 'Invalid catalog "Hive" in `catalogs`'],
    ['a scratch schema that is no Glue database name', { scratchSchema: 'Scratch-1' }, 'Invalid `scratchSchema` "Scratch-1"'],
    ['a user with a space', { user: 'smoke test' }, 'Invalid `user` "smoke test"'],
    ['user and credentials', { user: 'a', credentials: { secretName: 's' } }, 'Give either `user` or `credentials`'],
    ['credentials without a secret', { credentials: {} }, '`credentials`: give either `secret`'],
    ['a Secret name with capitals', { credentials: { secretName: 'Smoke' } }, 'Invalid `credentials.secretName` "Smoke"'],
    ['a Secret key with a slash', { credentials: { secretName: 's', passwordKey: 'a/b' } }, 'Invalid `credentials.passwordKey` "a/b"'],
  ])('%s', (_what, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
