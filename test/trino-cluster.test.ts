// SPDX-License-Identifier: Apache-2.0
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  CustomCatalog,
  HiveCatalog,
  ResourceGroups,
  TpchCatalog,
  TrinoCluster,
  TrinoClusterProps,
  TrinoSizing,
} from '../src';
import { importedClusterStack, manifests, parseProperties, realClusterStack, trinoValues } from './util';

function synth(props: Partial<TrinoClusterProps> = {}) {
  const { stack, cluster } = importedClusterStack();
  const trino = new TrinoCluster(stack, 'Trino', { cluster, ...props });
  const template = Template.fromStack(stack);
  return { stack, trino, template, values: trinoValues(template) };
}

describe('TrinoCluster defaults', () => {
  const { trino, template, values } = synth();

  test('deploys the pinned official chart into its own namespace, waiting for readiness', () => {
    template.hasResourceProperties(eks.HelmChart.RESOURCE_TYPE, {
      Chart: 'trino',
      Repository: 'https://trinodb.github.io/charts',
      Version: '1.42.2',
      Release: 'trino',
      Namespace: 'trino',
      CreateNamespace: Match.absent(),
      Wait: true,
      Timeout: '600s',
    });
    expect(values.image).toEqual({ repository: 'trinodb/trino', tag: '480' });
  });

  test('creates the namespace before the service account, and the chart after both', () => {
    expect(manifests(template)).toContainEqual(
      expect.objectContaining({ kind: 'Namespace', metadata: expect.objectContaining({ name: 'trino' }) }),
    );
    const chart = Object.values(template.findResources(eks.HelmChart.RESOURCE_TYPE))[0] as any;
    expect(chart.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^TrinoServiceAccount/)]));
  });

  test('binds the chart to the service account the construct creates (IRSA by default)', () => {
    expect(values.serviceAccount).toEqual({ create: false, name: 'trino' });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Action: 'sts:AssumeRoleWithWebIdentity' })]),
      }),
    });
    expect(trino.serviceName).toBe('trino');
    expect(trino.workerDeploymentName).toBe('trino-worker');
    expect(trino.coordinatorDeploymentName).toBe('trino-coordinator');
  });

  test('sizes workers from r8g.4xlarge: requests equal limits, heap and query memory from TrinoSizing', () => {
    const sizing = TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.4xlarge'));
    expect(values.worker.resources.requests).toEqual(values.worker.resources.limits);
    expect(values.worker.resources.limits).toEqual({
      cpu: `${sizing.containerCpuMillis}m`,
      memory: `${sizing.containerMemory.toMebibytes()}Mi`,
    });
    expect(values.worker.jvm.maxHeapSize).toBe(`${sizing.heap.toMebibytes()}M`);
    expect(values.worker.config.query.maxMemoryPerNode).toBe(`${sizing.queryMaxMemoryPerNode.toMebibytes()}MB`);
    expect(values.worker.config.memory.heapHeadroomPerNode).toBe(`${sizing.heapHeadroom.toMebibytes()}MB`);
  });

  test('gives a worker over 55% of an r8g.4xlarge as query memory (the anchor stack: 6 GB, under 5%)', () => {
    const perNodeMiB = Number(/^(\d+)MB$/.exec(values.worker.config.query.maxMemoryPerNode)![1]);
    expect(perNodeMiB / (128 * 1024)).toBeGreaterThan(0.55);
  });

  test('sizes query.max-memory from the per-node memory and maxWorkers (10)', () => {
    const sizing = TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.4xlarge'));
    expect(values.server.config.query.maxMemory).toBe(`${sizing.queryMaxMemoryPerNode.toMebibytes() * 10}MB`);
    expect(values.server.workers).toBe(1);
  });

  test('sizes the coordinator from m7g.2xlarge with requests equal limits', () => {
    const sizing = TrinoSizing.forInstanceType(new ec2.InstanceType('m7g.2xlarge'));
    expect(values.coordinator.resources.requests).toEqual(values.coordinator.resources.limits);
    expect(values.coordinator.resources.limits.memory).toBe(`${sizing.containerMemory.toMebibytes()}Mi`);
    expect(values.coordinator.jvm.maxHeapSize).toBe(`${sizing.heap.toMebibytes()}M`);
  });

  test('keeps the coordinator out of task execution and protected from Karpenter disruption', () => {
    expect(values.coordinator.config.nodeScheduler.includeCoordinator).toBe(false);
    expect(values.coordinator.annotations).toEqual({ 'karpenter.sh/do-not-disrupt': 'true' });
  });

  test('runs one worker per node: required anti-affinity on the labels the chart puts on worker pods', () => {
    expect(values.worker.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      {
        labelSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'trino',
            'app.kubernetes.io/instance': 'trino',
            'app.kubernetes.io/component': 'worker',
          },
        },
        topologyKey: 'kubernetes.io/hostname',
      },
    ]);
    expect(values.coordinator.affinity).toBeUndefined();
  });

  test('configures the seed\'s four catalogs and removes none silently', () => {
    expect(Object.keys(values.catalogs)).toEqual(['tpch', 'tpcds', 'hive', 'iceberg']);
    expect(trino.catalogNames).toEqual(['tpch', 'tpcds', 'hive', 'iceberg']);
    expect(parseProperties(values.catalogs.tpch)).toEqual({ 'connector.name': 'tpch', 'tpch.splits-per-node': '4' });
    expect(parseProperties(values.catalogs.hive)).toMatchObject({
      'connector.name': 'hive',
      'hive.metastore': 'glue',
      'hive.metastore.glue.region': 'us-west-2',
      'fs.native-s3.enabled': 'true',
      's3.region': 'us-west-2',
    });
    expect(parseProperties(values.catalogs.iceberg)).toMatchObject({
      'connector.name': 'iceberg',
      'iceberg.catalog.type': 'glue',
      'fs.native-s3.enabled': 'true',
    });
  });

  test('creates an encrypted, TLS-only, private, retained data bucket used as the warehouse', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    const bucketId = Object.keys(template.findResources('AWS::S3::Bucket'))[0];
    expect(parseProperties(values.catalogs.hive)['hive.metastore.glue.default-warehouse-dir']).toBe(
      `s3://<${bucketId}>/hive/`,
    );
    expect(trino.dataBucket).toBeDefined();
  });

  test('adds a global resource group limiting concurrency to 50 queries', () => {
    expect(values.resourceGroups.type).toBe('configmap');
    expect(JSON.parse(values.resourceGroups.resourceGroupsConfig)).toEqual({
      rootGroups: [{ name: 'global', softMemoryLimit: '100%', hardConcurrencyLimit: 50, maxQueued: 1000 }],
      selectors: [{ group: 'global' }],
    });
  });

  test('renders no autoscaling, exchange or graceful shutdown unless asked', () => {
    expect(values.server.keda).toBeUndefined();
    expect(values.server.exchangeManager).toBeUndefined();
    expect(values.worker.gracefulShutdown).toBeUndefined();
  });
});

describe('TrinoCluster IAM', () => {
  const { template } = synth();
  const statements = () =>
    Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);

  test('grants Glue actions scoped to catalog, database and table ARNs, never glue:* or a managed policy', () => {
    const glue = statements().filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('glue:')));
    expect(glue.length).toBeGreaterThan(0);
    for (const s of glue) {
      expect([s.Action].flat()).not.toContain('glue:*');
      const resources = JSON.stringify(s.Resource);
      expect(resources).toContain(':catalog');
      expect(resources).toContain(':database/*');
      expect(resources).toContain(':table/*/*');
    }
    template.resourcePropertiesCountIs(
      'AWS::IAM::Role',
      { ManagedPolicyArns: Match.arrayWith([Match.stringLikeRegexp('AWSGlueConsoleFullAccess')]) },
      0,
    );
  });

  test('grants S3 with explicit actions only, objects scoped to each catalog prefix', () => {
    const s3Statements = statements().filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    for (const s of s3Statements) {
      for (const a of [s.Action].flat()) expect(a).not.toMatch(/\*/);
      expect(s.Resource).not.toEqual('*');
    }
    const objectResources = JSON.stringify(
      s3Statements.filter((s: any) => [s.Action].flat().includes('s3:PutObject')).map((s: any) => s.Resource),
    );
    expect(objectResources).toContain('/hive/*');
    expect(objectResources).toContain('/iceberg/*');
  });
});

describe('TrinoCluster overrides', () => {
  test('release name decides the names the chart renders', () => {
    const { trino, values } = synth({ releaseName: 'analytics', namespace: 'analytics' });
    expect(trino.serviceName).toBe('analytics-trino');
    expect(trino.workerDeploymentName).toBe('analytics-trino-worker');
    expect(values.serviceAccount.name).toBe('analytics-trino');
    expect(values.worker.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'trino',
      'app.kubernetes.io/instance': 'analytics',
      'app.kubernetes.io/component': 'worker',
    });
  });

  test('chart version, repository, image and Trino version', () => {
    const { template, values } = synth({
      chartVersion: '1.42.1',
      chartRepository: 'https://charts.example.com/trino',
      imageRepository: '123456789012.dkr.ecr.us-west-2.amazonaws.com/trino',
      trinoVersion: '479',
    });
    template.hasResourceProperties(eks.HelmChart.RESOURCE_TYPE, {
      Version: '1.42.1',
      Repository: 'https://charts.example.com/trino',
    });
    expect(values.image).toEqual({ repository: '123456789012.dkr.ecr.us-west-2.amazonaws.com/trino', tag: '479' });
  });

  test('warns when the chart version is not the tested one', () => {
    const { stack } = synth({ chartVersion: '1.41.0' });
    Annotations.fromStack(stack).hasWarning('/Stack/Trino', Match.stringLikeRegexp('Chart 1.41.0 is not the version'));
  });

  test('worker and coordinator instance types', () => {
    const { values } = synth({
      workerInstanceType: new ec2.InstanceType('r6i.8xlarge'),
      coordinatorInstanceType: new ec2.InstanceType('m6i.4xlarge'),
    });
    const worker = TrinoSizing.forInstanceType(new ec2.InstanceType('r6i.8xlarge'));
    const coord = TrinoSizing.forInstanceType(new ec2.InstanceType('m6i.4xlarge'));
    expect(values.worker.resources.limits.memory).toBe(`${worker.containerMemory.toMebibytes()}Mi`);
    expect(values.coordinator.resources.limits.cpu).toBe(`${coord.containerCpuMillis}m`);
  });

  test('explicit sizing for an instance type outside the table', () => {
    const { values } = synth({
      workerSizing: TrinoSizing.forInstance({
        instanceType: 'x2gd.4xlarge',
        vcpus: 16,
        memory: Size.gibibytes(256),
        architecture: ec2.InstanceArchitecture.ARM_64,
      }),
    });
    expect(values.worker.jvm.maxHeapSize).toMatch(/^\d+M$/);
  });

  test('worker bounds size query.max-memory and the static worker count', () => {
    const { values } = synth({ minWorkers: 3, maxWorkers: 4 });
    const sizing = TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.4xlarge'));
    expect(values.server.workers).toBe(3);
    expect(values.server.config.query.maxMemory).toBe(`${sizing.queryMaxMemoryPerNode.toMebibytes() * 4}MB`);
  });

  test('minWorkers 0 without an autoscaler warns', () => {
    const { stack } = synth({ minWorkers: 0 });
    Annotations.fromStack(stack).hasWarning('/Stack/Trino', Match.stringLikeRegexp('no TrinoKedaScaler'));
  });

  test('extra config properties go to both roles', () => {
    const { values } = synth({ additionalConfigProperties: { 'query.max-execution-time': '2h' } });
    expect(values.additionalConfigProperties).toEqual(['query.max-execution-time=2h']);
  });

  test('catalogs replace the defaults; chart default catalogs left out are removed with null', () => {
    const { trino, values, template } = synth({ catalogs: [new TpchCatalog({ name: 'bench', splitsPerNode: 8 })] });
    expect(values.catalogs).toEqual({ tpch: null, tpcds: null, bench: 'connector.name=tpch\ntpch.splits-per-node=8\n' });
    expect(trino.dataBucket).toBeUndefined();
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('addCatalog adds a custom connector later', () => {
    const { stack, cluster } = importedClusterStack();
    const trino = new TrinoCluster(stack, 'Trino', { cluster, catalogs: [] });
    trino.addCatalog(new CustomCatalog({ name: 'mem', connectorName: 'memory', properties: { 'memory.max-data-per-node': '1GB' } }));
    const values = trinoValues(Template.fromStack(stack));
    expect(values.catalogs.mem).toBe('connector.name=memory\nmemory.max-data-per-node=1GB\n');
  });

  test('a data bucket passed in is used and none is created', () => {
    const { stack, cluster } = importedClusterStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Lake', 'my-lake');
    new TrinoCluster(stack, 'Trino', { cluster, dataBucket: bucket });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(parseProperties(trinoValues(template).catalogs.iceberg)['hive.metastore.glue.default-warehouse-dir']).toBe(
      's3://my-lake/iceberg/',
    );
  });

  test('data bucket removal policy and access logs', () => {
    const { stack, cluster } = importedClusterStack();
    const logs = s3.Bucket.fromBucketName(stack, 'Logs', 'my-logs');
    new TrinoCluster(stack, 'Trino', {
      cluster,
      dataBucketRemovalPolicy: RemovalPolicy.DESTROY,
      dataBucketAccessLogsBucket: logs,
    });
    Template.fromStack(stack).hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        LoggingConfiguration: { DestinationBucketName: 'my-logs', LogFilePrefix: 'trino-data/' },
      }),
    });
  });

  test('a catalog with its own bucket and Glue databases scopes IAM to them', () => {
    const { stack, cluster } = importedClusterStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Lake', 'my-lake');
    new TrinoCluster(stack, 'Trino', {
      cluster,
      catalogs: [new HiveCatalog({ bucket, warehousePrefix: 'warehouse/', glueDatabases: ['sales'] })],
    });
    const template = Template.fromStack(stack);
    const doc = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(doc).toContain(':database/sales');
    expect(doc).toContain(':table/sales/*');
    expect(doc).not.toContain(':database/*');
    expect(doc).toContain(':s3:::my-lake/warehouse/*');
  });

  test('EKS Pod Identity instead of IRSA', () => {
    const { template } = (() => {
      const { stack, cluster } = realClusterStack();
      new TrinoCluster(stack, 'Trino', { cluster, identityType: eks.IdentityType.POD_IDENTITY });
      return { template: Template.fromStack(stack) };
    })();
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Namespace: 'trino',
      ServiceAccount: 'trino',
    });
  });

  test('resource groups', () => {
    const { values } = synth({
      resourceGroups: ResourceGroups.of({
        rootGroups: [
          {
            name: 'global',
            hardConcurrencyLimit: 60,
            maxQueued: 500,
            schedulingPolicy: 'weighted',
            subGroups: [
              { name: 'etl', hardConcurrencyLimit: 10, maxQueued: 100, schedulingWeight: 1 },
              { name: 'adhoc', hardConcurrencyLimit: 50, maxQueued: 400, schedulingWeight: 3, softMemoryLimit: '60%' },
            ],
          },
        ],
        selectors: [{ group: 'global.etl', source: 'airflow.*' }, { group: 'global.adhoc' }],
      }),
    });
    const doc = JSON.parse(values.resourceGroups.resourceGroupsConfig);
    expect(doc.rootGroups[0].subGroups.map((g: any) => g.name)).toEqual(['etl', 'adhoc']);
    expect(doc.selectors).toEqual([{ source: 'airflow.*', group: 'global.etl' }, { group: 'global.adhoc' }]);
  });

  test('namespace not created when createNamespace is false', () => {
    const { template } = synth({ createNamespace: false, namespace: 'analytics' });
    expect(manifests(template).filter((m) => m.kind === 'Namespace')).toEqual([]);
  });

  test('the Helm values escape hatch is merged last', () => {
    const { values } = synth({
      helmTimeout: Duration.minutes(14),
      helmValues: { server: { log: { trino: { level: 'DEBUG' } } }, worker: { priorityClassName: 'trino' } },
    });
    expect(values.server.log).toEqual({ trino: { level: 'DEBUG' } });
    expect(values.server.workers).toBe(1); // merged, not replaced
    expect(values.worker.priorityClassName).toBe('trino');
    expect(values.worker.jvm).toBeDefined();
  });

  test('works on a real eks.Cluster', () => {
    const { stack, cluster } = realClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster });
    const template = Template.fromStack(stack);
    template.resourceCountIs(eks.HelmChart.RESOURCE_TYPE, 1);
  });
});

describe('TrinoCluster bad input', () => {
  test.each([
    [{ namespace: 'Trino' }, /Invalid `namespace` 'Trino'/],
    [{ namespace: 'a'.repeat(64) }, /Invalid `namespace`/],
    [{ releaseName: 'trino_prod' }, /Invalid `releaseName` 'trino_prod'/],
    [{ environment: 'Prod-1' }, /Invalid `environment` 'Prod-1'/],
    [{ minWorkers: 5, maxWorkers: 3 }, /`minWorkers` \(5\) must not be above `maxWorkers` \(3\)/],
    [{ maxWorkers: 0 }, /`maxWorkers` must be an integer between 1 and 1000, got: 0/],
    [{ minWorkers: -1 }, /`minWorkers` must be an integer between 0 and 1000, got: -1/],
    [{ workerInstanceType: new ec2.InstanceType('t3.micro') }, /Unknown instance type 't3.micro'/],
    [
      { additionalConfigProperties: { 'query.max-foo': '1' } },
      /`additionalConfigProperties` has an unknown property: 'query.max-foo' is not a Trino 480 config.properties property/,
    ],
    [
      { additionalConfigProperties: { 'query.low-memory-killer.delay': '0s' } },
      /'query.low-memory-killer.delay' is defunct in Trino 480/,
    ],
    [{ additionalConfigProperties: { 'retry-policy': 'TASK' } }, /cannot set 'retry-policy': it is managed by FaultTolerantExchange/],
    [{ additionalConfigProperties: { 'query.max-memory': '1TB' } }, /cannot set 'query.max-memory'/],
    [{ catalogs: [new TpchCatalog(), new TpchCatalog()] }, /Duplicate catalog name 'tpch'/],
  ])('fails for %j', (props, message) => {
    expect(() => synth(props as any)).toThrow(message);
  });

  test('fails on a catalog property Trino 480 does not know', () => {
    expect(() =>
      synth({ catalogs: [new HiveCatalog({ additionalProperties: { 'hive.s3.aws-access-key': 'x' } })] }),
    ).not.toThrow(); // deprecated in 480 but still accepted
    expect(() => synth({ catalogs: [new HiveCatalog({ additionalProperties: { 'hive.bogus': 'x' } })] })).toThrow(
      /'hive.bogus' is not a Trino 480 hive catalog property/,
    );
    expect(() =>
      synth({ catalogs: [new HiveCatalog({ additionalProperties: { 'fs.s3.enabled': 'true' } })] }),
    ).toThrow(/'fs.s3.enabled' is not a Trino 480 hive catalog property/);
  });
});
