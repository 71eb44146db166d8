// SPDX-License-Identifier: Apache-2.0
import { Aws, CfnCondition, CfnParameter, CfnResource, Fn, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { addManifest, compliantStack, coordinatorPool, scaledObject, trinoFindings, workerPool } from './fixtures';
import { TrinoChecks, TrinoCluster } from '../../src';
import { readCfnJson } from '../../src/nag/private/cfn';
import { importedClusterStack } from '../util';

/** The findings of a default TrinoCluster with no pools (see trino-checks.test.ts). */
const DEFAULT_CLUSTER_FINDINGS = [
  'Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector]',
  'Trino-SingleZone[Value::coordinator.nodeSelector]',
  'Trino-SingleZone[Value::worker.nodeSelector]',
];

function violations(app: any) {
  return new TrinoChecks(undefined, { verbose: true }).validateScope(app).violations;
}

const threw = (app: any) => violations(app).filter((v) => /threw an error/.test(v.description)).map((v) => v.ruleName);

/** The Values property of the Trino chart of a stack, as synthesized. */
const chartValues = (stack: Stack) =>
  JSON.stringify(Object.values(Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-HelmChart'))[0].Properties.Values);

const numberParam = (stack: Stack, id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
const stringParam = (stack: Stack, id: string) => new CfnParameter(stack, id, { type: 'String' }).valueAsString;
const conditionalTrue = (stack: Stack, id: string) => {
  const cond = new CfnCondition(stack, id, { expression: Fn.conditionEquals(Aws.REGION, 'us-west-2') });
  return Token.asAny(Fn.conditionIf(cond.logicalId, true, false));
};

describe('readCfnJson', () => {
  test('writes references as placeholders inside strings and as strings where JSON expects a value', () => {
    const value = {
      'Fn::Join': ['', ['{"a":"x\\"', { Ref: 'Bucket' }, '/p","n":', { Ref: 'Count' }, ',"b":', { 'Fn::If': ['C', true, false] }, '}']],
    };
    expect(readCfnJson(value)).toEqual({ a: 'x"<Bucket>/p', n: '<Count>', b: '<Fn::If>' });
  });

  test('a nested join inside a string, and a GetAtt', () => {
    const value = { 'Fn::Join': ['', ['{"a":"', { 'Fn::Join': ['-', ['x', { 'Fn::GetAtt': ['R', 'Arn'] }]] }, '"}']] };
    expect(readCfnJson(value)).toEqual({ a: 'x-<R.Arn>' });
  });

  test('undefined for a whole-document intrinsic and for text that is not JSON', () => {
    expect(readCfnJson({ 'Fn::ImportValue': 'values' })).toBeUndefined();
    expect(readCfnJson('{"a":')).toBeUndefined();
  });
});

describe('a TrinoCluster whose minWorkers is a CfnParameter', () => {
  test('no rule throws; one note names server.workers; the rules judge the rest as for a default cluster', () => {
    const { app, stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster, minWorkers: numberParam(stack, 'MinWorkers') });
    // the worker count is rendered bare where JSON expects a number
    expect(chartValues(stack)).toContain('\\"workers\\":",{"Ref":"MinWorkers"}');
    expect(threw(app)).toEqual([]);
    expect(trinoFindings(app)).toEqual([...DEFAULT_CLUSTER_FINDINGS, 'Trino-UnresolvedValues[Value::server.workers]'].sort());
  });

  test('with tokens in helmValues too: rules skip the judged token, and still find a problem elsewhere in the values', () => {
    const { app, stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', {
      cluster,
      minWorkers: numberParam(stack, 'MinWorkers'),
      helmValues: {
        worker: { jvm: { maxHeapSize: `${stringParam(stack, 'WorkerHeapGiB')}G` }, terminationGracePeriodSeconds: numberParam(stack, 'Grace') },
        coordinator: { annotations: { 'karpenter.sh/do-not-disrupt': 'false' } },
      },
    });
    expect(threw(app)).toEqual([]);
    expect(trinoFindings(app)).toEqual([
      ...DEFAULT_CLUSTER_FINDINGS,
      'Trino-CoordinatorDoNotDisrupt[Value::coordinator.annotations]',
      'Trino-UnresolvedValues[Value::server.workers+worker.jvm.maxHeapSize]',
    ].sort());
  });

  test('the note is an Info finding, reported as a warning, on the chart', () => {
    const { app, stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster, minWorkers: numberParam(stack, 'MinWorkers') });
    const note = violations(app).find((v) => v.ruleName.startsWith('Trino-UnresolvedValues'));
    expect(note?.severity).toBe('warning');
    expect(note?.violatingResources.map((r) => r.constructPath)).toEqual(['Stack/Trino/Chart/Resource/Default']);
    expect(note?.description).toMatch(/^The values of this Trino release hold references known only at deploy time/);
  });
});

describe('Trino-UnresolvedValues on hand-written values', () => {
  test('a resource attribute as the worker count (Fn::GetAtt where JSON expects a number)', () => {
    const { app, stack, cluster } = importedClusterStack();
    const count = new CfnResource(stack, 'Count', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: '2' } });
    new eks.HelmChart(stack, 'Trino', {
      cluster,
      chart: 'trino',
      release: 'trino',
      namespace: 'trino',
      values: { server: { workers: Token.asNumber(count.getAtt('Value')) } },
    });
    expect(threw(app)).toEqual([]);
    expect(trinoFindings(app, 'UnresolvedValues')).toEqual(['Trino-UnresolvedValues[Value::server.workers]']);
  });

  test.each<[string, string, (stack: Stack) => { [key: string]: any }]>([
    ['a worker heap from a parameter', 'worker.jvm.maxHeapSize', (s) => ({ worker: { jvm: { maxHeapSize: `${stringParam(s, 'Heap')}G` } } })],
    ['a worker memory limit from a parameter', 'worker.resources', (s) => {
      const m = `${stringParam(s, 'Mem')}Gi`;
      return { worker: { resources: { requests: { memory: m }, limits: { memory: m } } } };
    }],
    ['the KEDA cooldown from a parameter', 'server.keda.cooldownPeriod', (s) => ({ server: { keda: { cooldownPeriod: numberParam(s, 'Cooldown') } } })],
    ['the KEDA min replicas from a parameter', 'server.keda.minReplicaCount', (s) => ({ server: { keda: { minReplicaCount: numberParam(s, 'Min') } } })],
    ['server.keda.enabled from a condition', 'server.keda.enabled', (s) => ({ server: { keda: { enabled: conditionalTrue(s, 'Keda') } } })],
    ['graceful shutdown switched by a condition', 'worker.gracefulShutdown', (s) => ({ worker: { gracefulShutdown: { enabled: conditionalTrue(s, 'Graceful') } } })],
    ['the coordinator zone from a parameter', 'coordinator.nodeSelector', (s) => ({ coordinator: { nodeSelector: { 'topology.kubernetes.io/zone': stringParam(s, 'Zone') } } })],
    ['the coordinator do-not-disrupt annotation from a parameter', 'coordinator.annotations', (s) => ({ coordinator: { annotations: { 'karpenter.sh/do-not-disrupt': stringParam(s, 'Dnd') } } })],
    ['the required workers from a parameter', 'server.coordinatorExtraConfig', (s) => ({
      server: { coordinatorExtraConfig: `query-manager.required-workers=${stringParam(s, 'Req')}\nquery-manager.required-workers-max-wait=5m\n` },
    })],
    ['the retry policy from a parameter, without an exchange manager', 'additionalConfigProperties', (s) => ({
      server: { exchangeManager: null }, additionalConfigProperties: [`retry-policy=${stringParam(s, 'Retry')}`],
    })],
    ['the worker anti-affinity labels from a parameter', 'worker.affinity', (s) => ({
      worker: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { 'app.kubernetes.io/instance': stringParam(s, 'Release') } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      },
    })],
    ['an exchange bucket from a parameter', 'server.exchangeManager', (s) => ({
      server: { exchangeManager: { name: 'filesystem', baseDir: `s3://${stringParam(s, 'Spool')}/spool` } },
    })],
  ])('%s: the rules skip it and the only finding is the note naming %s', (_name, key, valuesFrom) => {
    const f = compliantStack({ valuesFrom });
    expect(threw(f.app)).toEqual([]);
    expect(trinoFindings(f.app)).toEqual([`Trino-UnresolvedValues[Value::${key}]`]);
  });

  test('the same values with literals are judged: the skipped rules do find these problems', () => {
    const f = compliantStack({
      values: {
        worker: { jvm: { maxHeapSize: '20G' } },
        server: { keda: { cooldownPeriod: 60 } },
        coordinator: { annotations: { 'karpenter.sh/do-not-disrupt': 'false' }, nodeSelector: { 'topology.kubernetes.io/zone': 'us-west-2b' } },
      },
    });
    expect(trinoFindings(f.app)).toEqual([
      'Trino-CoordinatorDoNotDisrupt[Value::coordinator.annotations]',
      'Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector]', // no coordinator pool in us-west-2b
      'Trino-HeapHeadroom[Value::worker.config.query.maxMemoryPerNode]',
      'Trino-HeapShareOfContainer[Value::worker.jvm.maxHeapSize]',
      'Trino-QueryMemoryPerNode[Value::worker.config.query.maxMemoryPerNode]',
      'Trino-ScaledObjectCooldown[Value::server.keda.cooldownPeriod]',
      'Trino-SingleZone[Zones::us-west-2a+us-west-2b]',
    ]);
  });

  test('several keys make one finding, sorted and joined with +', () => {
    const f = compliantStack({
      valuesFrom: (s) => ({ server: { workers: numberParam(s, 'Workers'), keda: { cooldownPeriod: numberParam(s, 'Cooldown') } } }),
    });
    expect(trinoFindings(f.app)).toEqual(['Trino-UnresolvedValues[Value::server.keda.cooldownPeriod+server.workers]']);
  });

  test('no note: references to the stack\'s own buckets and roles, pseudo parameters in catalogs, tokens in keys no rule reads', () => {
    const f = compliantStack({
      valuesFrom: (s) => ({
        image: { tag: stringParam(s, 'Tag') },
        catalogs: { hive: `connector.name=hive\nhive.metastore=glue\nhive.metastore.glue.region=${Aws.REGION}\n` },
        worker: { terminationGracePeriodSeconds: numberParam(s, 'Grace') },
      }),
    });
    expect(trinoFindings(f.app)).toEqual([]);
  });

  test('values that are not a JSON document (a whole-values intrinsic): one finding, no rule throws', () => {
    const f = compliantStack();
    const cfn = f.chart.node.findAll().find((c): c is CfnResource => CfnResource.isCfnResource(c))!;
    cfn.addPropertyOverride('Values', Fn.importValue('TrinoValues'));
    expect(threw(f.app)).toEqual([]);
    expect(trinoFindings(f.app, 'UnresolvedValues')).toEqual(['Trino-UnresolvedValues[Values::unreadable]']);
  });

  test('a worker count from a parameter next to a separate ScaledObject: WorkerReplicasWithScaler skips it', () => {
    const f = compliantStack({ values: { server: { keda: { enabled: false } } }, valuesFrom: (s) => ({ server: { workers: numberParam(s, 'Workers') } }) });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker'));
    expect(trinoFindings(f.app, 'WorkerReplicasWithScaler')).toEqual([]);
    expect(trinoFindings(f.app, 'UnresolvedValues')).toEqual(['Trino-UnresolvedValues[Value::server.workers]']);
  });
});

describe('references inside manifests', () => {
  test('a ScaledObject with counts from parameters, and a NodePool zone from a parameter: no rule throws, and the rules skip them', () => {
    const f = compliantStack({ values: { server: { keda: { enabled: false } } }, objects: [] });
    addManifest(f, 'ParamPools', workerPool({ zones: [stringParam(f.stack, 'Zone')] }), coordinatorPool());
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker', {
      minReplicaCount: numberParam(f.stack, 'Min'),
      cooldownPeriod: numberParam(f.stack, 'Cooldown'),
    }));
    expect(threw(f.app)).toEqual([]);
    expect(trinoFindings(f.app)).toEqual([
      // the separate ScaledObject next to a chart that renders replicas: judged, it holds no reference
      'Trino-WorkerReplicasWithScaler[Value::server.workers]',
    ]);
  });
});

test('the compliant values hold the exchange bucket by reference (Fn::Join) and make no note', () => {
  const f = compliantStack();
  expect(chartValues(f.stack)).toContain('Fn::Join');
  expect(trinoFindings(f.app)).toEqual([]);
});
