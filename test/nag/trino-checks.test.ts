// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Aws, Stack, Validations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, NagMessageLevel } from 'cdk-nag';
import {
  CoordinatorPool, FaultTolerantExchange, SpotWorkerPool, TrinoChecks, TrinoCluster, TrinoKedaScaler,
} from '../../src';
import { TRINO_RULES } from '../../src/nag/rules';
import { taggedNodeClass } from '../capacity/pools';
import { unknownChartKeys } from '../conformance/chart-values';
import { validateCrdObject } from '../conformance/crd';
import { ENV, importedClusterStack } from '../util';
import { compliantStack, compliantValues, coordinatorPool, scaledObject, trinoFindings, workerPool } from './fixtures';

describe('TrinoChecks', () => {
  test('the rule ids and their levels', () => {
    expect(TRINO_RULES.map((r) => [`Trino-${r.metadata.suffix}`, r.metadata.level])).toEqual([
      ['Trino-CoordinatorOnDemand', NagMessageLevel.WARN],
      ['Trino-CoordinatorNotWorker', NagMessageLevel.WARN],
      ['Trino-CoordinatorDoNotDisrupt', NagMessageLevel.WARN],
      ['Trino-WorkerOnePodPerNode', NagMessageLevel.WARN],
      ['Trino-WorkerRequestsEqualLimits', NagMessageLevel.WARN],
      ['Trino-WorkerToleratesPoolTaints', NagMessageLevel.ERROR],
      ['Trino-WorkerDisruptionBudget', NagMessageLevel.WARN],
      ['Trino-HeapShareOfContainer', NagMessageLevel.WARN],
      ['Trino-HeapAtMost256G', NagMessageLevel.WARN],
      ['Trino-QueryMemoryPerNode', NagMessageLevel.WARN],
      ['Trino-QueryMemoryPerNodeLow', NagMessageLevel.WARN],
      ['Trino-HeapHeadroom', NagMessageLevel.ERROR],
      ['Trino-RetryPolicyHasExchange', NagMessageLevel.ERROR],
      ['Trino-SpotWorkersRetryPolicy', NagMessageLevel.WARN],
      ['Trino-ExchangeBucketExpiration', NagMessageLevel.WARN],
      ['Trino-ExchangeBucketAbortMultipart', NagMessageLevel.WARN],
      ['Trino-ScaledObjectTarget', NagMessageLevel.ERROR],
      ['Trino-ScaledObjectCooldown', NagMessageLevel.WARN],
      ['Trino-ScaleToZeroRequiredWorkers', NagMessageLevel.ERROR],
      ['Trino-GracefulShutdownWhenScaling', NagMessageLevel.WARN],
      ['Trino-WorkerReplicasWithScaler', NagMessageLevel.WARN],
      ['Trino-SingleZone', NagMessageLevel.WARN],
      ['Trino-WorkersOnSpot', NagMessageLevel.WARN],
      ['Trino-FileSystemCacheOnRootVolume', NagMessageLevel.ERROR],
      ['Trino-FileSystemCacheWithoutInstanceStore', NagMessageLevel.ERROR],
      ['Trino-NoBroadIamPolicies', NagMessageLevel.ERROR],
      ['Trino-BucketEncryption', NagMessageLevel.WARN],
      ['Trino-BucketTlsOnly', NagMessageLevel.ERROR],
      ['Trino-EndpointWithoutAuthentication', NagMessageLevel.ERROR],
      ['Trino-InternetFacingWithoutSourceCidrs', NagMessageLevel.ERROR],
      ['Trino-AuthenticationWithoutTls', NagMessageLevel.ERROR],
      ['Trino-AllowInsecureOverHttp', NagMessageLevel.ERROR],
      ['Trino-LiteralSecret', NagMessageLevel.ERROR],
      ['Trino-EndpointWithoutNetworkPolicy', NagMessageLevel.WARN],
      ['Trino-UnresolvedValues', NagMessageLevel.INFO],
    ]);
  });

  test('each rule function is named after its id suffix, as cdk-nag names rules', () => {
    for (const r of TRINO_RULES) expect(r.rule.name).toBe(r.metadata.suffix);
  });

  test('the plugin is named Trino and rule ids start with Trino-', () => {
    const pack = new TrinoChecks();
    expect(pack.name).toBe('Trino');
    expect(pack.readPackName).toBe('Trino');
  });

  test('the levels map to the report severities: ERROR to error, WARN to warning', () => {
    const f = compliantStack({ values: { coordinator: { annotations: null }, server: { exchangeManager: null } } });
    const v = new TrinoChecks().validateScope(f.app).violations;
    expect(v.map((x) => [x.ruleName, x.severity])).toEqual([
      ['Trino-CoordinatorDoNotDisrupt[Value::coordinator.annotations]', 'warning'],
      ['Trino-RetryPolicyHasExchange[Value::additionalConfigProperties]', 'error'],
    ]);
  });

  test('verbose descriptions add the why and the fix', () => {
    const f = compliantStack({ values: { coordinator: { annotations: null } } });
    const [v] = new TrinoChecks(undefined, { verbose: true }).validateScope(f.app).violations;
    expect(v.description).toMatch(/^The Trino coordinator can be evicted .* Fix: Add `coordinator.annotations/);
  });
});

describe('a default TrinoCluster', () => {
  test('passes every rule except the placement ones no pool can satisfy yet', () => {
    const { app, stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster });
    expect(trinoFindings(app)).toEqual([
      'Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector]',
      'Trino-SingleZone[Value::coordinator.nodeSelector]',
      'Trino-SingleZone[Value::worker.nodeSelector]',
    ]);
  });
});

describe('the library\'s own full stack', () => {
  test('TrinoCluster with SpotWorkerPool, CoordinatorPool, FaultTolerantExchange and TrinoKedaScaler passes every rule', () => {
    const { app, stack, cluster } = importedClusterStack();
    const nodeClass = taggedNodeClass(stack, cluster);
    const workers = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: 'us-west-2a' });
    const coordinator = new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass, zone: 'us-west-2a' });
    const exchange = new FaultTolerantExchange(stack, 'Exchange', {});
    const trino = new TrinoCluster(stack, 'Trino', {
      cluster,
      workerPool: workers,
      coordinatorPool: coordinator,
      exchange,
      minWorkers: 0,
    });
    new TrinoKedaScaler(stack, 'Scaler', { trino });
    expect(trinoFindings(app)).toEqual([]);
  });
});

describe('acknowledging findings on aws-cdk-lib 2.261', () => {
  test('a granular id (one `::`) is accepted by Validations.acknowledge and honoured by the pack', () => {
    const f = compliantStack({ values: { coordinator: { annotations: null } } });
    Validations.of(f.chart).acknowledge({
      id: 'Trino-CoordinatorDoNotDisrupt[Value::coordinator.annotations]',
      reason: 'The coordinator runs on a managed node group Karpenter does not manage.',
    });
    expect(trinoFindings(f.app)).toEqual([]);
  });

  test('the plugin-prefixed id the CDK CLI suggests (two `::`) is rejected', () => {
    const f = compliantStack();
    expect(() =>
      Validations.of(f.chart).acknowledge({ id: 'Trino::Trino-CoordinatorDoNotDisrupt[Value::coordinator.annotations]', reason: 'x' }),
    ).toThrow(/The '::' delimiter is reserved/);
  });

  test('TrinoChecks.acknowledgeRule also takes ids with several `::`, and cdk-nag honours them', () => {
    const { app, stack } = importedClusterStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetTable'], resources: [`arn:${Aws.PARTITION}:glue:us-west-2:123456789012:table/*/*`] }));
    const id = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:us-west-2:123456789012:table/*/*]';
    expect(new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName)).toEqual([id]);
    expect(() => Validations.of(role).acknowledge({ id, reason: 'x' })).toThrow(/InvalidValidationId|reserved/);
    TrinoChecks.acknowledgeRule(role, id, 'Trino reads every table of the catalog.');
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});

describe('TrinoChecks.acknowledgeEksPlumbing', () => {
  const ALL_LOGS = [
    eks.ClusterLoggingTypes.API,
    eks.ClusterLoggingTypes.AUDIT,
    eks.ClusterLoggingTypes.AUTHENTICATOR,
    eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
    eks.ClusterLoggingTypes.SCHEDULER,
  ];

  function clusterApp(props: Partial<eks.ClusterProps>) {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const cluster = new eks.Cluster(stack, 'Cluster', {
      version: eks.KubernetesVersion.V1_35,
      kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'),
      defaultCapacity: 0,
      ...props,
    });
    const trino = new TrinoCluster(stack, 'Trino', { cluster });
    return { app, stack, cluster, trino };
  }

  function report(app: App): { [plugin: string]: string[] } {
    const assembly = app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf-8'));
    return Object.fromEntries(
      json.pluginReports.map((r: any) => [
        r.pluginName,
        r.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName} @ ${c.constructPath}`)).sort(),
      ]),
    );
  }

  afterEach(() => {
    process.exitCode = 0; // a failed validation sets it on aws-cdk-lib 2.261
  });

  test('with both packs on a private cluster with all logs: only findings about your own resources remain', () => {
    const { app } = clusterApp({ endpointAccess: eks.EndpointAccess.PRIVATE, clusterLogging: ALL_LOGS });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new TrinoChecks(app));
    TrinoChecks.acknowledgeEksPlumbing(app);
    jest.spyOn(console, 'error').mockImplementation(() => {});
    expect(report(app)).toEqual({
      AwsSolutions: [
        'AwsSolutions-IAM5[Resource::<TrinoDataBucketB2989685.Arn>/hive/*] @ Stack/Trino/ServiceAccount/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::<TrinoDataBucketB2989685.Arn>/iceberg/*] @ Stack/Trino/ServiceAccount/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:us-west-2:123456789012:database/*] @ Stack/Trino/ServiceAccount/Role/DefaultPolicy/Resource',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:us-west-2:123456789012:table/*/*] @ Stack/Trino/ServiceAccount/Role/DefaultPolicy/Resource',
        'AwsSolutions-S1 @ Stack/Trino/DataBucket/Resource',
        'AwsSolutions-VPC7 @ Stack/Cluster/DefaultVpc/Resource',
      ],
      Trino: [
        'Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector] @ Stack/Trino/Chart/Resource/Default',
        'Trino-SingleZone[Value::coordinator.nodeSelector] @ Stack/Trino/Chart/Resource/Default',
        'Trino-SingleZone[Value::worker.nodeSelector] @ Stack/Trino/Chart/Resource/Default',
      ],
    });
  });

  test('acknowledging the rest with reasons leaves a clean report and a successful synth', () => {
    const { app, stack, trino } = clusterApp({ endpointAccess: eks.EndpointAccess.PRIVATE, clusterLogging: ALL_LOGS });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new TrinoChecks(app));
    TrinoChecks.acknowledgeEksPlumbing(app);
    const ack = (scope: any, id: string) => TrinoChecks.acknowledgeRule(scope, id, 'Test fixture: accepted.');
    ack(stack, 'AwsSolutions-VPC7');
    ack(trino, 'AwsSolutions-S1');
    for (const r of [
      'Resource::<TrinoDataBucketB2989685.Arn>/hive/*',
      'Resource::<TrinoDataBucketB2989685.Arn>/iceberg/*',
      'Resource::arn:<AWS::Partition>:glue:us-west-2:123456789012:database/*',
      'Resource::arn:<AWS::Partition>:glue:us-west-2:123456789012:table/*/*',
    ]) ack(trino, `AwsSolutions-IAM5[${r}]`);
    ack(trino, 'Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector]');
    ack(trino, 'Trino-SingleZone[Value::coordinator.nodeSelector]');
    ack(trino, 'Trino-SingleZone[Value::worker.nodeSelector]');
    const r = report(app);
    expect(r.AwsSolutions ?? []).toEqual([]);
    expect(r.Trino ?? []).toEqual([]);
    expect(process.exitCode ?? 0).toBe(0);
  });

  test('leaves the public endpoint (EKS1) and missing control-plane logs (EKS2) to you', () => {
    const { app } = clusterApp({});
    TrinoChecks.acknowledgeEksPlumbing(app);
    TrinoChecks.acknowledgeEksPlumbing(app); // idempotent
    app.synth();
    const names = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(names).toEqual(expect.arrayContaining(['AwsSolutions-EKS1', 'AwsSolutions-EKS2[LogExport::api]']));
    expect(names.filter((n) => /IAM4|L1|SF1|SF2/.test(n))).toEqual([]);
  });

  test('covers the kubectl provider of an imported cluster', () => {
    const f = compliantStack();
    TrinoChecks.acknowledgeEksPlumbing(f.app);
    f.app.synth();
    const paths = new AwsSolutionsChecks()
      .validateScope(f.app)
      .violations.flatMap((v) => v.violatingResources.map((r) => r.constructPath ?? ''));
    expect(paths.filter((p) => p.includes('KubectlProvider'))).toEqual([]);
    expect(paths.length).toBeGreaterThan(0); // findings on the fixture's own bucket and role remain
  });
});

describe('test fixtures', () => {
  test('the NodePools and ScaledObject are valid Karpenter 1.14 / KEDA 2.20 objects', () => {
    for (const o of [workerPool(), coordinatorPool(), scaledObject('trino-worker-scaler', 'trino-worker')]) {
      expect(validateCrdObject(o)).toEqual([]);
    }
  });

  test('the compliant values use only keys of chart 1.42.2', () => {
    expect(unknownChartKeys(compliantValues('exchange'))).toEqual([]);
  });
});
