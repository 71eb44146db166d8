// SPDX-License-Identifier: Apache-2.0
// The awslabs/data-on-eks "v2" Trino stack (infra/terraform/trino.tf, helm-values/trino.yaml,
// manifests/trino/keda-scaledobject.yaml, and the shared memory-optimized-graviton NodePool its pods land on), written
// by hand as a CDK stack, from ../shared/reference/trino-on-eks-anchors.md §1–§5. Test fixture for TrinoChecks: what
// the pack finds on a Trino chart nobody wrote with this library.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { importedClusterStack } from '../util';

const NAMESPACE = 'trino';
const SERVICE_ACCOUNT = 'trino-sa';

/** The data-on-eks buckets: SSE-S3 and all public access blocked; no lifecycle rule, TLS-only policy or versioning. */
function dataOnEksBucket(stack: Stack, id: string): s3.Bucket {
  return new s3.Bucket(stack, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/** The nine S3 actions of the TrinoDataBucketAccess and TrinoExchangeBucketAccess statements. */
const BUCKET_ACTIONS = [
  's3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:GetBucketLocation',
  's3:ListBucketMultipartUploads', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload',
];

/** The Helm values of helm-values/trino.yaml (chart 1.41.0), keys the chart ignores included. */
export function dataOnEksValues(exchangeBucket: string, dataBucket: string, region: string): { [key: string]: any } {
  const nodeSelector = { 'karpenter.k8s.aws/instance-family': 'r8g', 'karpenter.sh/capacity-type': 'on-demand' };
  const resources = { requests: { cpu: '4', memory: '40Gi' }, limits: { cpu: '6', memory: '40Gi' } };
  const spread = (component: string) => [
    { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { component } } },
  ];
  return {
    serviceAccount: { create: true, name: SERVICE_ACCOUNT },
    server: {
      workers: 1,
      node: { environment: 'production', dataDir: '/data/trino', pluginDir: '/usr/lib/trino/plugin' },
      log: { trino: { level: 'INFO' } },
      config: { query: { maxMemory: '280GB', initialHashPartitions: 100, maxStageRetries: 10, maxExecutionTime: '30m', clientTimeout: '30m' } },
      exchangeManager: { name: 'filesystem', baseDir: `s3://${exchangeBucket}` },
    },
    coordinator: {
      jvm: { maxHeapSize: '32G', extraArguments: ['-XX:ReservedCodeCacheSize=256M'] },
      config: { query: { maxMemoryPerNode: '6GB', minWorkers: 1, initialHashPartitions: 100 } },
      resources,
      annotations: { 'karpenter.sh/do-not-disrupt': 'true' },
      nodeSelector,
      topologySpreadConstraints: spread('coordinator'),
    },
    worker: {
      jvm: { maxHeapSize: '12G', extraArguments: ['-XX:ReservedCodeCacheSize=256M'] },
      config: { query: { maxMemoryPerNode: '6GB' } },
      resources,
      nodeSelector,
      topologySpreadConstraints: spread('worker'),
    },
    additionalConfigProperties: [
      'retry-policy=TASK',
      'exchange.compression-enabled=true',
      'query.remote-task.max-error-duration=1m',
      'query.max-hash-partition-count=100',
      'spill-enabled=false',
      'spiller-spill-path=/tmp/spill',
      'memory.heap-headroom-per-node=1.6GB',
      'optimizer.join-reordering-strategy=AUTOMATIC',
      'query.max-history=100',
      'query.client.timeout=30m',
      'sink.max-buffer-size=1GB',
    ],
    additionalExchangeManagerProperties: [
      'exchange-manager.name=filesystem',
      `exchange.base-directories=s3://${exchangeBucket}`,
      `exchange.s3.region=${region}`,
      `exchange.s3.endpoint=https://s3.${region}.amazonaws.com`,
      'exchange.s3.max-error-retries=10',
      'exchange.s3.upload.part-size=64MB',
    ],
    additionalCatalogs: {
      hive: [
        'connector.name=hive',
        'hive.metastore=glue',
        `hive.metastore.glue.region=${region}`,
        `hive.metastore.glue.default-warehouse-dir=s3://${dataBucket}/`,
        'hive.security=allow-all',
        'fs.native-s3.enabled=true',
      ].join('\n'),
      iceberg: [
        'connector.name=iceberg',
        'iceberg.catalog.type=glue',
        'iceberg.file-format=PARQUET',
        'iceberg.unique-table-location=true',
        'iceberg.register-table-procedure.enabled=true',
        `hive.metastore.glue.region=${region}`,
        `hive.metastore.glue.default-warehouse-dir=s3://${dataBucket}/`,
        'fs.native-s3.enabled=true',
      ].join('\n'),
    },
    jmx: {
      enabled: true,
      registryPort: 9080,
      serverPort: 9081,
      exporter: {
        enabled: true,
        image: 'bitnamisecure/jmx-exporter:latest',
        port: 5556,
        resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '200m', memory: '512Mi' } },
      },
    },
    serviceMonitor: { enabled: true, labels: { prometheus: 'kube-prometheus' }, interval: '5s' },
  };
}

/** manifests/trino/keda-scaledobject.yaml: it targets a StatefulSet the chart never renders. */
export function dataOnEksScaledObject(): any {
  const trigger = (metricName: string, metric: string, threshold: string) => ({
    type: 'prometheus',
    metadata: {
      serverAddress: 'http://kube-prometheus-kube-prome-prometheus.kube-prometheus:9090',
      metricName,
      query: `sum(trino_execution_QueryManager_${metric}{job="trino-coordinator"})`,
      threshold,
    },
  });
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'trino-worker-scaler', namespace: NAMESPACE },
    spec: {
      scaleTargetRef: { name: 'trino-worker', kind: 'StatefulSet' },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      cooldownPeriod: 300,
      triggers: [trigger('trino_queued_queries', 'QueuedQueries', '5'), trigger('trino_running_queries', 'RunningQueries', '10')],
    },
  };
}

/** The shared NodePool the Trino pods land on (manifests/karpenter/nodepool-memory-optimized-graviton.yaml). */
export function memoryOptimizedGravitonPool(): any {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'memory-optimized-graviton' },
    spec: {
      template: {
        metadata: {
          labels: { 'node.kubernetes.io/workload-type': 'memory-optimized-graviton', 'NodeGroupType': 'SparkGravitonMemoryOptimized' },
        },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'ebs-gp3-1000gi-6000iops-1000tp' },
          requirements: [
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
            { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
            { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['r'] },
            { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['r6g', 'r6gd', 'r7g', 'r7gd', 'r8g', 'r8gd', 'x8g', 'x2gd'] },
            { key: 'karpenter.k8s.aws/instance-size', operator: 'In', values: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'] },
            { key: 'karpenter.k8s.aws/instance-hypervisor', operator: 'In', values: ['nitro'] },
            { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
          ],
        },
      },
      limits: { cpu: '3000', memory: '12000Gi' },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '600s' },
      weight: 25,
    },
  };
}

export interface DataOnEksStack {
  readonly app: App;
  readonly stack: Stack;
  readonly chart: eks.HelmChart;
  readonly exchangeBucket: s3.Bucket;
  readonly dataBucket: s3.Bucket;
  readonly role: iam.Role;
}

/**
 * The data-on-eks Trino stack on an imported cluster: buckets, the Pod Identity role with its policies and
 * `AWSGlueConsoleFullAccess`, the association `trino/trino-sa`, the namespace, the chart (its values referencing the
 * buckets), the separate ScaledObject, and the shared NodePool.
 */
export function dataOnEksStack(): DataOnEksStack {
  const { app, stack, cluster } = importedClusterStack();
  const dataBucket = dataOnEksBucket(stack, 'TrinoData');
  const exchangeBucket = dataOnEksBucket(stack, 'TrinoExchange');
  const sparkLogs = dataOnEksBucket(stack, 'SparkLogs');

  const role = new iam.Role(stack, 'TrinoPodIdentity', {
    assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags(),
  });
  role.addManagedPolicy(new iam.ManagedPolicy(stack, 'TrinoS3Policy', {
    statements: [
      new iam.PolicyStatement({
        sid: 'TrinoDataBucketAccess',
        actions: BUCKET_ACTIONS,
        // the spark-logs ARN has a trailing slash in the anchor (it matches neither the bucket nor its objects)
        resources: [dataBucket.bucketArn, `${dataBucket.bucketArn}/*`, `${sparkLogs.bucketArn}/`, `${sparkLogs.bucketArn}/*`],
      }),
      new iam.PolicyStatement({ sid: 'TrinoGeneralS3Access', actions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'], resources: ['*'] }),
    ],
  }));
  role.addManagedPolicy(new iam.ManagedPolicy(stack, 'TrinoExchangePolicy', {
    statements: [
      new iam.PolicyStatement({
        sid: 'TrinoExchangeBucketAccess',
        actions: BUCKET_ACTIONS,
        resources: [exchangeBucket.bucketArn, `${exchangeBucket.bucketArn}/*`],
      }),
    ],
  }));
  role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AWSGlueConsoleFullAccess'));
  new eks.CfnPodIdentityAssociation(stack, 'TrinoPodIdentityAssociation', {
    clusterName: cluster.clusterName,
    namespace: NAMESPACE,
    serviceAccount: SERVICE_ACCOUNT,
    roleArn: role.roleArn,
  });

  new eks.KubernetesManifest(stack, 'Namespace', {
    cluster,
    manifest: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }],
  });
  const chart = new eks.HelmChart(stack, 'Trino', {
    cluster,
    chart: 'trino',
    repository: 'https://trinodb.github.io/charts',
    version: '1.41.0',
    release: 'trino',
    namespace: NAMESPACE,
    createNamespace: false,
    values: dataOnEksValues(exchangeBucket.bucketName, dataBucket.bucketName, stack.region),
  });
  new eks.KubernetesManifest(stack, 'KedaScaledObject', { cluster, manifest: [dataOnEksScaledObject()] });
  new eks.KubernetesManifest(stack, 'SharedNodePool', { cluster, manifest: [memoryOptimizedGravitonPool()] });
  return { app, stack, chart, exchangeBucket, dataBucket, role };
}
