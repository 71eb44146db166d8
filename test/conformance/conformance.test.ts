// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { chartKeyTypeErrors, unknownChartKeys } from './chart-values';
import { expectValidCrdObject, supportedCrdKinds, validateCrdObject } from './crd';
import { loadChartExamples, loadTrinoProperties, SCHEMAS_DIR } from './schemas';
import {
  findTrinoProperty,
  invalidTrinoPropertyValues,
  missingTrinoProperties,
  parseDataSize,
  parseDuration,
  parsePropertiesText,
  unknownTrinoProperties,
} from './trino-properties';

// ---------------------------------------------------------------------------------------------
// fixtures (fresh objects per call, so negative cases can mutate them)

function nodePool(): any {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'trino-workers', labels: { 'app.kubernetes.io/part-of': 'trino' } },
    spec: {
      template: {
        metadata: { labels: { 'trino.io/role': 'worker' } },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'trino' },
          requirements: [
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
            { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-west-2a', 'us-west-2b', 'us-west-2c'] },
            { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['r6i', 'r7i', 'r6a'], minValues: 2 },
            { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
          ],
          taints: [{ key: 'trino.io/worker', value: 'true', effect: 'NoSchedule' }],
          expireAfter: '168h',
        },
      },
      disruption: {
        consolidationPolicy: 'WhenEmpty',
        consolidateAfter: '5m',
        budgets: [
          { nodes: '10%' },
          { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Empty', 'Drifted'] },
        ],
      },
      limits: { cpu: 1000, memory: '4000Gi' },
      weight: 10,
    },
  };
}

function ec2NodeClass(): any {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'trino' },
    spec: {
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      role: 'KarpenterNodeRole-analytics',
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'analytics' } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'analytics' } }],
      blockDeviceMappings: [{
        deviceName: '/dev/xvda',
        rootVolume: true,
        ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
      }],
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      tags: { 'app.kubernetes.io/part-of': 'trino' },
    },
  };
}

function scaledObject(): any {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'trino-worker', namespace: 'trino' },
    spec: {
      scaleTargetRef: { name: 'trino-worker' },
      pollingInterval: 15,
      cooldownPeriod: 300,
      minReplicaCount: 0,
      maxReplicaCount: 10,
      triggers: [{
        type: 'prometheus',
        name: 'queued-queries',
        metricType: 'AverageValue',
        metadata: {
          serverAddress: 'http://prometheus-server.monitoring.svc:9090',
          query: 'sum(trino_execution_name_QueryManager_QueuedQueries)',
          threshold: '1',
          activationThreshold: '0',
          ignoreNullValues: 'true',
        },
      }],
    },
  };
}

/** Asserts that `errors` is non-empty and some error matches every pattern. */
function expectErrors(errors: string[], ...patterns: RegExp[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const p of patterns) {
    expect(errors.some((e) => p.test(e))).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------

describe('schemas location', () => {
  test('reads shared/schemas in place, next to the project root', () => {
    expect(SCHEMAS_DIR).toBe(path.resolve(__dirname, '..', '..', '..', 'shared', 'schemas'));
    expect(fs.existsSync(path.join(SCHEMAS_DIR, 'SOURCES.md'))).toBe(true);
    expect(fs.existsSync(path.join(__dirname, '..', '..', 'shared'))).toBe(false);
  });

  test('knows the four CRD kinds (the SecretProviderClass from test/conformance/fixtures)', () => {
    expect(supportedCrdKinds().sort()).toEqual([
      'karpenter.k8s.aws/v1 EC2NodeClass',
      'karpenter.sh/v1 NodePool',
      'keda.sh/v1alpha1 ScaledObject',
      'secrets-store.csi.x-k8s.io/v1 SecretProviderClass',
    ]);
    expectErrors(validateCrdObject({ ...nodePool(), apiVersion: 'karpenter.sh/v1beta1' }), /unsupported apiVersion\/kind "karpenter.sh\/v1beta1 NodePool"/);
  });
});

describe('SecretProviderClass (secrets-store.csi.x-k8s.io/v1, from test/conformance/fixtures)', () => {
  const spc = () => ({
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClass',
    metadata: { name: 'trino-secrets', namespace: 'trino' },
    spec: {
      provider: 'aws',
      parameters: { objects: '- objectName: "arn:aws:secretsmanager:us-west-2:123456789012:secret:x-AbCdEf"\n', region: 'us-west-2' },
      secretObjects: [{ secretName: 'trino-secrets', type: 'Opaque', data: [{ objectName: 'X', key: 'X' }] }],
    },
  });

  test('a realistic SecretProviderClass passes', () => {
    expect(validateCrdObject(spc())).toEqual([]);
  });

  test('parameters are strings only, unknown fields and the deprecated v1alpha1 are refused', () => {
    const boolParam = spc();
    (boolParam.spec.parameters as any).usePodIdentity = true;
    expectErrors(validateCrdObject(boolParam), /spec\.parameters\.usePodIdentity: must be string/);
    const unknown = spc();
    (unknown.spec.secretObjects[0].data[0] as any).path = 'x';
    expectErrors(validateCrdObject(unknown), /spec\.secretObjects\[0\]\.data\[0\]\.path: unknown field/);
    expectErrors(validateCrdObject({ ...spc(), apiVersion: 'secrets-store.csi.x-k8s.io/v1alpha1' }), /unsupported apiVersion\/kind/);
  });
});

describe('Karpenter NodePool (karpenter.sh/v1)', () => {
  test('a realistic NodePool passes', () => {
    expect(validateCrdObject(nodePool())).toEqual([]);
    expect(() => expectValidCrdObject(nodePool())).not.toThrow();
  });

  test('empty In values are rejected (CEL)', () => {
    const np = nodePool();
    np.spec.template.spec.requirements[1].values = [];
    expectErrors(validateCrdObject(np), /^spec\.template\.spec\.requirements: requirements with operator 'In' must have a value defined/);
  });

  test('a restricted label domain in requirements is rejected (CEL)', () => {
    const np = nodePool();
    np.spec.template.spec.requirements.push({ key: 'karpenter.sh/foo', operator: 'Exists' });
    expectErrors(validateCrdObject(np), /^spec\.template\.spec\.requirements\[5\]\.key: label domain "karpenter.sh" is restricted/);
  });

  test('a restricted karpenter.k8s.aws label in template labels is rejected, a well-known one is not (CEL)', () => {
    const np = nodePool();
    np.spec.template.metadata.labels['karpenter.k8s.aws/instance-family'] = 'r6i';
    expect(validateCrdObject(np)).toEqual([]);
    np.spec.template.metadata.labels['karpenter.k8s.aws/custom'] = 'x';
    expectErrors(validateCrdObject(np), /spec\.template\.metadata\.labels: label domain "karpenter.k8s.aws" is restricted/);
  });

  test('a budget schedule without duration is rejected (CEL)', () => {
    const np = nodePool();
    delete np.spec.disruption.budgets[1].duration;
    expectErrors(validateCrdObject(np), /^spec\.disruption\.budgets: 'schedule' must be set with 'duration'/);
  });

  test('an unknown field is rejected (strict schema)', () => {
    const np = nodePool();
    np.spec.template.spec.foo = 'bar';
    expectErrors(validateCrdObject(np), /^spec\.template\.spec\.foo: unknown field/);
  });

  test('minValues larger than the values list and Gt with a non-integer are rejected (CEL, int typing)', () => {
    const np = nodePool();
    np.spec.template.spec.requirements[2].minValues = 4;
    np.spec.template.spec.requirements[3].values = ['five'];
    expectErrors(validateCrdObject(np), /minValues/, /'Gt', 'Lt', 'Gte', or 'Lte'/);
  });

  test('a bad enum, a duplicate budget reason and a namespace are rejected', () => {
    const np = nodePool();
    np.spec.disruption.consolidationPolicy = 'Sometimes';
    np.spec.disruption.budgets[1].reasons = ['Empty', 'Empty'];
    np.metadata.namespace = 'karpenter';
    expectErrors(validateCrdObject(np),
      /^spec\.disruption\.consolidationPolicy: must be one of/,
      /^spec\.disruption\.budgets\[1\]\.reasons\[1\]: duplicate entry/,
      /^metadata\.namespace: NodePool is cluster-scoped/);
  });

  test('metadata.name must be a DNS-1123 subdomain and a valid label value', () => {
    const np = nodePool();
    np.metadata.name = 'Trino_Workers';
    expectErrors(validateCrdObject(np), /^metadata\.name: "Trino_Workers" must be a DNS-1123 subdomain/);
    np.metadata.name = 'a'.repeat(64);
    expectErrors(validateCrdObject(np), /^metadata\.name: NodePool names are used as node label values/);
  });

  test('static NodePool rules are evaluated', () => {
    const np = nodePool();
    np.spec.replicas = 3;
    expectErrors(validateCrdObject(np), /only 'limits.nodes' is supported on static NodePools/, /'weight' is not supported on static NodePools/);
  });

  test('expectValidCrdObject throws a readable error', () => {
    const np = nodePool();
    np.spec.template.spec.requirements[0].values = [];
    expect(() => expectValidCrdObject(np)).toThrow(/karpenter.sh\/v1 NodePool trino-workers does not conform to its upstream CRD \(1 error\(s\)\):\n {2}- spec\.template\.spec\.requirements/);
  });
});

describe('Karpenter EC2NodeClass (karpenter.k8s.aws/v1)', () => {
  test('a realistic EC2NodeClass passes', () => {
    expect(validateCrdObject(ec2NodeClass())).toEqual([]);
  });

  test('role together with instanceProfile is rejected (CEL)', () => {
    const nc = ec2NodeClass();
    nc.spec.instanceProfile = 'KarpenterNodeInstanceProfile';
    expectErrors(validateCrdObject(nc), /^spec: must specify exactly one of \['role', 'instanceProfile'\]/);
  });

  test('empty subnetSelectorTerms are rejected (CEL)', () => {
    const nc = ec2NodeClass();
    nc.spec.subnetSelectorTerms = [];
    expectErrors(validateCrdObject(nc), /^spec\.subnetSelectorTerms: subnetSelectorTerms cannot be empty/);
  });

  test('alias windows2022@v1 is rejected (CEL)', () => {
    const nc = ec2NodeClass();
    nc.spec.amiSelectorTerms = [{ alias: 'windows2022@v1' }];
    expectErrors(validateCrdObject(nc), /^spec\.amiSelectorTerms\[0\]\.alias: windows families may only specify version 'latest'/);
  });

  test('amiFamily mismatch, missing amiFamily, restricted tag and two root volumes are rejected (CEL)', () => {
    const nc = ec2NodeClass();
    nc.spec.amiFamily = 'Bottlerocket';
    nc.spec.tags['kubernetes.io/cluster/analytics'] = 'owned';
    nc.spec.blockDeviceMappings.push({ deviceName: '/dev/xvdb', rootVolume: true, ebs: { volumeSize: '20Gi' } });
    expectErrors(validateCrdObject(nc),
      /amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias/,
      /^spec\.tags: tag contains a restricted tag matching kubernetes.io\/cluster/,
      /^spec\.blockDeviceMappings: must have only one blockDeviceMappings with rootVolume/);
    const noAlias = ec2NodeClass();
    noAlias.spec.amiSelectorTerms = [{ tags: { 'ami-family': 'trino' } }];
    expectErrors(validateCrdObject(noAlias), /must specify amiFamily if amiSelectorTerms does not contain an alias/);
  });

  test('schema defaults are applied before validation (metadataOptions)', () => {
    const nc = ec2NodeClass();
    delete nc.spec.metadataOptions;
    expect(validateCrdObject(nc)).toEqual([]);
    nc.spec.metadataOptions = { httpTokens: 'sometimes' };
    expectErrors(validateCrdObject(nc), /^spec\.metadataOptions\.httpTokens: must be one of \["required","optional"\]/);
  });
});

describe('KEDA ScaledObject (keda.sh/v1alpha1)', () => {
  test('a realistic ScaledObject with a prometheus trigger passes', () => {
    expect(validateCrdObject(scaledObject())).toEqual([]);
  });

  test('a numeric threshold is rejected (metadata is map[string]string)', () => {
    const so = scaledObject();
    so.spec.triggers[0].metadata.threshold = 5;
    expectErrors(validateCrdObject(so), /^spec\.triggers\[0\]\.metadata\.threshold: must be string/, /threshold: must be a string .*quote 5/);
  });

  test('minReplicaCount > maxReplicaCount is rejected (CEL)', () => {
    const so = scaledObject();
    so.spec.minReplicaCount = 11;
    expectErrors(validateCrdObject(so), /^spec: minReplicaCount must be less than or equal to maxReplicaCount/);
    const implicitMax = scaledObject();
    delete implicitMax.spec.maxReplicaCount;
    implicitMax.spec.minReplicaCount = 101; // max defaults to 100 in the rule
    expectErrors(validateCrdObject(implicitMax), /minReplicaCount must be less than or equal to maxReplicaCount/);
  });

  test('idleReplicaCount >= minReplicaCount is rejected (webhook)', () => {
    const so = scaledObject();
    so.spec.minReplicaCount = 1;
    so.spec.idleReplicaCount = 1;
    expectErrors(validateCrdObject(so), /^spec\.idleReplicaCount: must be less than minReplicaCount \(idleReplicaCount=1, minReplicaCount=1\)/);
    so.spec.idleReplicaCount = 0;
    expect(validateCrdObject(so)).toEqual([]);
  });

  test('an unknown field is rejected (strict schema)', () => {
    const so = scaledObject();
    so.spec.scaleTargetRef.replicas = 2;
    expectErrors(validateCrdObject(so), /^spec\.scaleTargetRef\.replicas: unknown field/);
  });

  test('namespace is required, name length and HPA name length are limited (webhook)', () => {
    const so = scaledObject();
    delete so.metadata.namespace;
    expectErrors(validateCrdObject(so), /^metadata\.namespace: ScaledObject is namespaced/);
    const long = scaledObject();
    long.metadata.name = 'a'.repeat(60); // keda-hpa-<60 chars> = 69 > 63
    expectErrors(validateCrdObject(long), /HPA name "keda-hpa-a+" is longer than 63 characters/);
    long.spec.advanced = { horizontalPodAutoscalerConfig: { name: 'trino-worker-hpa' } };
    expect(validateCrdObject(long)).toEqual([]);
  });

  test('trigger names must be unique; fallback and scalingModifiers need their companions (webhook)', () => {
    const so = scaledObject();
    so.spec.triggers.push({ ...so.spec.triggers[0], metadata: { ...so.spec.triggers[0].metadata } });
    expectErrors(validateCrdObject(so), /^spec\.triggers\[1\]\.name: duplicate trigger name "queued-queries"/);

    const fb = scaledObject();
    fb.spec.triggers = [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } }];
    fb.spec.fallback = { failureThreshold: 3, replicas: 2 };
    expectErrors(validateCrdObject(fb), /^spec\.fallback: needs at least one trigger that is not cpu or memory/);

    const sm = scaledObject();
    sm.spec.advanced = { scalingModifiers: { formula: 'queued-queries * 2' } };
    expectErrors(validateCrdObject(sm), /^spec\.advanced\.scalingModifiers\.target: is required/);
    sm.spec.advanced.scalingModifiers.target = '2';
    expect(validateCrdObject(sm)).toEqual([]);
  });

  test('prometheus metadata: required keys, value syntax, unknown keys and metricType', () => {
    const so = scaledObject();
    delete so.spec.triggers[0].metadata.query;
    so.spec.triggers[0].metadata.ignoreNullValues = 'yes';
    so.spec.triggers[0].metadata.activationThreshold = 'one';
    so.spec.triggers[0].metadata.serverAdress = 'http://typo:9090';
    so.spec.triggers[0].metadata.password = 'secret';
    so.spec.triggers[0].metadata.authModes = 'basic,bearer';
    so.spec.triggers[0].metricType = 'Utilization';
    expectErrors(validateCrdObject(so),
      /^spec\.triggers\[0\]\.metadata\.query: is required for prometheus triggers/,
      /metadata\.ignoreNullValues: must be "true" or "false"/,
      /metadata\.activationThreshold: must be a number as a string/,
      /metadata\.serverAdress: unknown prometheus trigger metadata key/,
      /metadata\.password: is read from the TriggerAuthentication/,
      /metadata\.authModes: at most one of \["bearer","basic","oauth"\]/,
      /^spec\.triggers\[0\]\.metricType: the prometheus scaler accepts AverageValue \(default\) or Value/);
  });
});

describe('Trino chart values (trino-1.42.2)', () => {
  const examples = loadChartExamples();

  test('the chart ships the three example values files', () => {
    expect(examples.map((e) => e.file)).toEqual([
      'test-exchange-manager-values.yaml',
      'test-graceful-shutdown-values.yaml',
      'test-values.yaml',
    ]);
  });

  test.each(examples.map((e) => [e.file, e.values]))('%s has no unknown keys and no type errors', (_file, values) => {
    expect(unknownChartKeys(values)).toEqual([]);
    expect(chartKeyTypeErrors(values)).toEqual([]);
  });

  test('coordinator.jvm.extraArguments and coordinator.topologySpreadConstraints are flagged', () => {
    const values = parseYaml([
      'coordinator:',
      '  jvm:',
      '    maxHeapSize: 6G',
      '    extraArguments: ["-XX:+UseZGC"]',
      '  topologySpreadConstraints:',
      '    - maxSkew: 1',
      '      topologyKey: topology.kubernetes.io/zone',
      '      whenUnsatisfiable: ScheduleAnyway',
      'worker:',
      '  topologySpreadConstraints: []',
      '  annotations: { any/key: value }',
      'server:',
      '  workers: 3',
      '  exchangeManager: { name: filesystem, baseDir: s3://bucket/exchange, region: us-west-2 }',
    ].join('\n'));
    expect(unknownChartKeys(values)).toEqual([
      'coordinator.jvm.extraArguments',
      'coordinator.topologySpreadConstraints',
      'server.exchangeManager.region',
    ]);
  });

  test('obvious type mismatches are reported', () => {
    const values = {
      server: { workers: '3', keda: { enabled: 'true', triggers: [{ type: 'prometheus', metadata: { threshold: 1 } }] } },
      coordinator: { jvm: { maxHeapSize: { size: '8G' }, maxHeapPercent: 80 } },
      catalogs: { hive: { 'connector.name': 'hive' }, tpcds: null },
      additionalConfigProperties: ['retry-policy=TASK', { 'retry-policy': 'TASK' }],
      worker: { tolerations: { key: 'x' } },
    };
    const errors = chartKeyTypeErrors(values);
    expect(errors).toHaveLength(7);
    expectErrors(errors,
      /^server\.workers: expected an integer like the chart default 2, got string "3"/,
      /^server\.keda\.enabled: expected a boolean/,
      /^server\.keda\.triggers\[0\]\.metadata\.threshold: must be a string/,
      /^coordinator\.jvm\.maxHeapSize: expected a string/,
      /^catalogs\.hive: must be the catalog properties file content as a string/,
      /^additionalConfigProperties\[1\]: must be a string line/,
      /^worker\.tolerations: expected an array/);
  });

  test('securityContext is a pass-through object and global is Helm-defined', () => {
    expect(unknownChartKeys({ global: { anything: 1 }, securityContext: { fsGroup: 1000 } })).toEqual([]);
    expect(unknownChartKeys({ image: { tag: '480', flavour: 'x' } })).toEqual(['image.flavour']);
  });
});

describe('Trino properties (Trino 480)', () => {
  test('hive.s3.* legacy names: listed as deprecated (removed in 481), flagged unless allowed', () => {
    const entry = findTrinoProperty('catalog-hive', 'hive.s3.aws-access-key');
    expect(entry?.status).toBe('deprecated');
    expect(entry?.removedIn).toBe('481');
    const props = { 'connector.name': 'hive', 'hive.s3.aws-access-key': 'AKIA', 'hive.s3.aws-secret-key': 'x' };
    const errors = unknownTrinoProperties('catalog-hive', props);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^hive\.s3\.aws-access-key: deprecated, removed in 481/);
    expect(unknownTrinoProperties('catalog-hive', props, { allowDeprecated: true })).toEqual([]);
  });

  test('fs.native-s3.enabled is a catalog-hive property in 480; fs.s3.enabled is not', () => {
    const props = parsePropertiesText([
      'connector.name=hive',
      'hive.metastore=glue',
      'hive.metastore.glue.region=us-west-2',
      'fs.native-s3.enabled=true',
      's3.region=us-west-2',
    ].join('\n'));
    expect(unknownTrinoProperties('catalog-hive', props)).toEqual([]);
    expect(invalidTrinoPropertyValues('catalog-hive', props)).toEqual([]);
    expect(missingTrinoProperties('catalog-hive', props)).toEqual([]);

    const renamed = { ...props, 'fs.s3.enabled': 'true' };
    expect(unknownTrinoProperties('catalog-hive', renamed)).toEqual(['fs.s3.enabled: not accepted by Trino 480 (added in 481)']);
    expect(unknownTrinoProperties('spooling-manager', { 'fs.s3.enabled': 'true' })).toEqual([]);
  });

  test('an invented property is flagged; a misplaced one says where it belongs', () => {
    expect(unknownTrinoProperties('config', { 'query.max-memory': '20GB', 'query.max-foo': '1' }))
      .toEqual(['query.max-foo: unknown config property in Trino 480']);
    expect(unknownTrinoProperties('catalog-hive', { 'retry-policy': 'TASK' }))
      .toEqual(['retry-policy: unknown catalog-hive property in Trino 480 (listed for config)']);
  });

  test('defunct, legacy and docs-only names are flagged', () => {
    expect(unknownTrinoProperties('exchange-manager', { 'exchange.encryption-enabled': 'true' })[0]).toMatch(/defunct/);
    expect(unknownTrinoProperties('exchange-manager', { 'exchange.base-directory': 's3://b' })[0]).toMatch(/legacy alias of exchange.base-directories/);
    expect(unknownTrinoProperties('exchange-manager', { 'exchange.base-directory': 's3://b' }, { allowLegacy: true })).toEqual([]);
    expect(unknownTrinoProperties('config', { 'optimizer.colocated-joins-enabled': 'true' })[0]).toMatch(/not accepted by Trino 480.*colocated-joins-enabled/);
  });

  test('<prefix>.http-client.* needs a known prefix', () => {
    expect(unknownTrinoProperties('config', { 'exchange.http-client.request-timeout': '30s' })).toEqual([]);
    expect(unknownTrinoProperties('config', { 'workerInfo.http-client.request-timeout': '30s' })[0]).toMatch(/unknown HTTP client prefix "workerInfo"/);
    expect(invalidTrinoPropertyValues('config', { 'exchange.http-client.request-timeout': 'soon' })[0]).toMatch(/must be a duration/);
  });

  test('retry-policy=BOGUS is flagged; enum matching is case-insensitive with - as _', () => {
    expect(invalidTrinoPropertyValues('config', { 'retry-policy': 'BOGUS' }))
      .toEqual(['retry-policy=BOGUS: must be one of NONE, QUERY, TASK (case-insensitive, - == _)']);
    expect(invalidTrinoPropertyValues('config', { 'retry-policy': 'task', 'join-distribution-type': 'automatic' })).toEqual([]);
    expect(invalidTrinoPropertyValues('catalog-iceberg', { 'iceberg.catalog.type': 'hive-metastore' })).toEqual([]);
    expect(invalidTrinoPropertyValues('exchange-manager', { 'exchange-manager.name': 'Filesystem' })[0]).toMatch(/must be one of filesystem, hdfs$/);
  });

  test('data sizes, durations, booleans, ranges and patterns are checked', () => {
    const good = {
      'query.max-memory': '64MB',
      'query.max-memory-per-node': '1.5GB',
      'memory.heap-headroom-per-node': '30%',
      'query.max-execution-time': '300s',
      'shutdown.grace-period': '0s',
      'task.concurrency': '16',
      'task.info-update-interval': '1s',
      'spill-enabled': 'TRUE',
      'internal-communication.shared-secret': '${ENV:SHARED_SECRET}',
    };
    expect(invalidTrinoPropertyValues('config', good)).toEqual([]);
    const bad = {
      'query.max-memory': '64mb',
      'query.max-memory-per-node': '1.5 gigabytes',
      'query.max-execution-time': '5 minutes',
      'shutdown.grace-period': '120',
      'task.concurrency': '12',
      'task.info-update-interval': '30s',
      'spill-enabled': 'yes',
      'exchange.client-threads': '0',
    };
    const errors = invalidTrinoPropertyValues('config', bad);
    expect(errors).toHaveLength(Object.keys(bad).length);
    expectErrors(errors, /^task\.concurrency=12: must be a power of two/, /^task\.info-update-interval=30s: 30s is above the maximum 10s/, /^exchange\.client-threads=0: 0 is below the minimum 1/);
    expect(invalidTrinoPropertyValues('node', { 'node.environment': 'Production' })[0]).toMatch(/must match/);
  });

  test('DataSize and Duration parsing follows Airlift', () => {
    expect(parseDataSize('64MB')).toBe(64 * 2 ** 20);
    expect(parseDataSize('1.5GB')).toBe(1.5 * 2 ** 30);
    expect(parseDataSize('8kB')).toBe(8192);
    expect(parseDataSize('8KB')).toBeUndefined();
    expect(parseDataSize('2MiB')).toBeUndefined();
    expect(parseDataSize('1024')).toBeUndefined();
    expect(parseDuration('300s')).toBe(300_000);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('30min')).toBeUndefined();
    expect(parseDuration('10')).toBeUndefined();
  });

  test('every kind in the brief is loadable and an unknown kind throws', () => {
    const data = loadTrinoProperties();
    const kinds = ['config', 'node', 'exchange-manager', 'catalog-hive', 'catalog-iceberg', 'catalog-tpch', 'catalog-tpcds'];
    for (const kind of [...kinds, 'password-authenticator', 'group-provider', 'access-control']) {
      expect(Array.isArray(data[kind])).toBe(true);
      expect(unknownTrinoProperties(kind, {})).toEqual([]);
    }
    expect(() => unknownTrinoProperties('jvm', {})).toThrow(/unsupported Trino properties kind "jvm"/);
    expect(missingTrinoProperties('exchange-manager', { 'exchange-manager.name': 'filesystem' }))
      .toEqual(['exchange.base-directories: required in exchange-manager properties']);
  });

  test('the chart default catalogs are valid', () => {
    const tpch = parsePropertiesText('connector.name=tpch\ntpch.splits-per-node=4\n');
    const tpcds = parsePropertiesText('connector.name=tpcds\ntpcds.splits-per-node=4\n');
    expect([...unknownTrinoProperties('catalog-tpch', tpch), ...invalidTrinoPropertyValues('catalog-tpch', tpch)]).toEqual([]);
    expect([...unknownTrinoProperties('catalog-tpcds', tpcds), ...invalidTrinoPropertyValues('catalog-tpcds', tpcds)]).toEqual([]);
    expect(invalidTrinoPropertyValues('catalog-tpcds', { 'tpcds.splits-per-node': '0' })[0]).toMatch(/below the minimum 1/);
  });

  test('parsePropertiesText handles comments, separators, continuations and escapes; rejects duplicates', () => {
    const text = [
      '# comment',
      '! another comment',
      '',
      'connector.name = hive',
      'hive.metastore:glue',
      'a.b c d',
      'query.max-memory=1\\',
      '    0GB',
      'url=jdbc:postgresql://host:5432/db?a=b',
      'key\\=with\\:escapes=v\\u0041',
    ].join('\n');
    expect(parsePropertiesText(text)).toEqual({
      'connector.name': 'hive',
      'hive.metastore': 'glue',
      'a.b': 'c d',
      'query.max-memory': '10GB',
      'url': 'jdbc:postgresql://host:5432/db?a=b',
      'key=with:escapes': 'vA',
    });
    expect(() => parsePropertiesText('a=1\nb=2\na=3')).toThrow(/duplicate property "a" \(line 3\)/);
  });
});
