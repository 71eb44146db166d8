// SPDX-License-Identifier: Apache-2.0
// Hand-built fixtures for TrinoChecks tests: a raw Trino HelmChart with its own values, Karpenter NodePools and KEDA
// ScaledObjects as manifests, buckets and IAM, on an imported EKS cluster. `compliantStack()` passes every rule;
// each test changes one thing.
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrinoChecks } from '../../src';
import { deepMerge } from '../../src/private/deep-merge';
import { importedClusterStack } from '../util';

export const ZONE = 'us-west-2a';

/** Worker pod labels of release `trino` (chart 1.42.2). */
export const WORKER_LABELS = {
  'app.kubernetes.io/name': 'trino',
  'app.kubernetes.io/instance': 'trino',
  'app.kubernetes.io/component': 'worker',
};

export const WORKER_TAINT = { key: 'trino.io/dedicated', value: 'worker', effect: 'NoSchedule' };
export const COORDINATOR_TAINT = { key: 'trino.io/dedicated', value: 'coordinator', effect: 'NoSchedule' };

/** A Karpenter v1 NodePool. */
export function nodePool(
  name: string,
  opts: { capacity?: string[]; zones?: string[]; labels?: { [k: string]: string }; taints?: any[] } = {},
): any {
  const requirements: any[] = [
    { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
    { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['r8g', 'r7g'] },
  ];
  if (opts.capacity) requirements.push({ key: 'karpenter.sh/capacity-type', operator: 'In', values: opts.capacity });
  if (opts.zones) requirements.push({ key: 'topology.kubernetes.io/zone', operator: 'In', values: opts.zones });
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      template: {
        metadata: { labels: opts.labels ?? {} },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'trino' },
          requirements,
          ...(opts.taints ? { taints: opts.taints } : {}),
        },
      },
      limits: { cpu: '1000' },
    },
  };
}

/** The worker pool of the compliant stack: Spot and On-Demand, one zone, tainted, labelled. */
export function workerPool(overrides: { capacity?: string[]; zones?: string[]; taints?: any[] } = {}): any {
  return nodePool('trino-workers', {
    capacity: overrides.capacity ?? ['spot', 'on-demand'],
    zones: overrides.zones ?? [ZONE],
    labels: { 'trino.io/pool': 'workers' },
    taints: overrides.taints ?? [WORKER_TAINT],
  });
}

/** The coordinator pool of the compliant stack: On-Demand only, one zone, tainted, labelled. */
export function coordinatorPool(overrides: { capacity?: string[]; zones?: string[] } = {}): any {
  return nodePool('trino-coordinator', {
    capacity: overrides.capacity ?? ['on-demand'],
    zones: overrides.zones ?? [ZONE],
    labels: { 'trino.io/pool': 'coordinator' },
    taints: [COORDINATOR_TAINT],
  });
}

/** A KEDA ScaledObject on a Deployment. */
export function scaledObject(name: string, target: string, spec: { [k: string]: any } = {}, namespace = 'trino'): any {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, namespace },
    spec: {
      scaleTargetRef: { name: target },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      cooldownPeriod: 300,
      triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '80' } }],
      ...spec,
    },
  };
}

/** A policy/v1 PodDisruptionBudget on the worker pods of a release (one worker at a time, as TrinoKedaScaler). */
export function workerBudget(release = 'trino', namespace = 'trino', spec: { [k: string]: any } = { maxUnavailable: 1 }): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: release === 'trino' ? 'trino-worker' : `${release}-trino-worker`, namespace },
    spec: {
      selector: { matchLabels: { ...WORKER_LABELS, 'app.kubernetes.io/instance': release } },
      ...spec,
    },
  };
}

export const KEDA_TRIGGERS = [
  {
    type: 'prometheus',
    metadata: {
      serverAddress: 'http://prometheus-prometheus.monitoring:9090',
      query: 'sum(trino_execution_QueryManager_QueuedQueries{service="trino"})',
      threshold: '5',
    },
  },
];

/** Values of a Trino release that pass every rule (with the pools of `compliantStack`). */
export function compliantValues(exchangeBucket: string): { [key: string]: any } {
  return {
    serviceAccount: { create: false, name: 'trino' },
    coordinator: {
      jvm: { maxHeapSize: '24G' },
      config: { query: { maxMemoryPerNode: '19GB' }, memory: { heapHeadroomPerNode: '5GB' } },
      resources: { requests: { cpu: '7', memory: '30Gi' }, limits: { cpu: '7', memory: '30Gi' } },
      annotations: { 'karpenter.sh/do-not-disrupt': 'true' },
      nodeSelector: { 'trino.io/pool': 'coordinator' },
      tolerations: [{ ...COORDINATOR_TAINT, operator: 'Equal' }],
    },
    worker: {
      jvm: { maxHeapSize: '96G' },
      config: { query: { maxMemoryPerNode: '76GB' }, memory: { heapHeadroomPerNode: '20GB' } },
      resources: { requests: { cpu: '15', memory: '120Gi' }, limits: { cpu: '15000m', memory: '120Gi' } },
      nodeSelector: { 'trino.io/pool': 'workers' },
      tolerations: [{ ...WORKER_TAINT, operator: 'Equal' }],
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: WORKER_LABELS }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
      gracefulShutdown: { enabled: true, gracePeriodSeconds: 120 },
      terminationGracePeriodSeconds: 240,
    },
    server: {
      exchangeManager: { name: 'filesystem', baseDir: `s3://${exchangeBucket}/spool` },
      keda: { enabled: true, minReplicaCount: 0, maxReplicaCount: 10, cooldownPeriod: 300, triggers: KEDA_TRIGGERS },
      coordinatorExtraConfig: 'query-manager.required-workers=1\nquery-manager.required-workers-max-wait=5m\n',
    },
    additionalConfigProperties: ['retry-policy=TASK', 'exchange.compression-enabled=true'],
  };
}

export interface FixtureOptions {
  /** deep-merged over the compliant values (null removes a key, as in Helm) */
  readonly values?: { [key: string]: any };
  /** replaces the whole values */
  readonly replaceValues?: { [key: string]: any };
  /** Kubernetes objects applied instead of the compliant pools */
  readonly objects?: any[];
  /** PodDisruptionBudgets applied instead of the compliant worker budget ([] for none) */
  readonly budgets?: any[];
  readonly release?: string;
  readonly namespace?: string;
  /** deep-merged over the values after `values`, built in the stack (to reference its resources) */
  readonly valuesFrom?: (stack: Stack) => { [key: string]: any };
  /** replaces the props of the exchange bucket */
  readonly exchangeBucketProps?: s3.BucketProps;
}

export interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  readonly cluster: eks.ICluster;
  readonly chart: eks.HelmChart;
  readonly exchangeBucket: s3.Bucket;
  readonly role: iam.Role;
}

/**
 * A stack that passes every Trino rule: a raw `trino` HelmChart (release `trino`, namespace `trino`) with compliant
 * values, the two pools, a PodDisruptionBudget on the workers, an exchange bucket (encrypted, TLS-only, expiring)
 * referenced by `Fn::Join`, and an IRSA role for the `trino` service account with scoped grants.
 */
export function compliantStack(opts: FixtureOptions = {}): Fixture {
  const { app, stack, cluster } = importedClusterStack();
  const exchangeBucket = new s3.Bucket(stack, 'Exchange', opts.exchangeBucketProps ?? {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    lifecycleRules: [{ expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const base = compliantValues(exchangeBucket.bucketName);
  let values = opts.replaceValues ?? (opts.values ? deepMerge(base, opts.values) : base);
  if (opts.valuesFrom) values = deepMerge(values, opts.valuesFrom(stack));
  const chart = new eks.HelmChart(stack, 'Trino', {
    cluster,
    chart: 'trino',
    repository: 'https://trinodb.github.io/charts',
    version: '1.42.2',
    release: opts.release ?? 'trino',
    namespace: opts.namespace ?? 'trino',
    values,
  });
  new eks.KubernetesManifest(stack, 'Pools', { cluster, manifest: opts.objects ?? [workerPool(), coordinatorPool()] });
  const budgets = opts.budgets ?? [workerBudget(opts.release ?? 'trino', opts.namespace ?? 'trino')];
  if (budgets.length > 0) new eks.KubernetesManifest(stack, 'Budgets', { cluster, manifest: budgets });
  const sa = cluster.addServiceAccount('TrinoSa', { name: 'trino', namespace: opts.namespace ?? 'trino' });
  exchangeBucket.grantReadWrite(sa);
  return { app, stack, cluster, chart, exchangeBucket, role: sa.role as iam.Role };
}

/** Adds Kubernetes objects as one manifest. */
export function addManifest(f: Fixture, id: string, ...objects: any[]): void {
  new eks.KubernetesManifest(f.stack, id, { cluster: f.cluster, manifest: objects });
}

/** The Trino findings of an app (`ruleName`s), optionally only those of one rule. */
export function trinoFindings(app: App, suffix?: string): string[] {
  return new TrinoChecks()
    .validateScope(app)
    .violations.map((v) => v.ruleName)
    .filter((n) => !suffix || n === `Trino-${suffix}` || n.startsWith(`Trino-${suffix}[`))
    .sort();
}

/** The construct paths a finding was reported on. */
export function findingPaths(app: App, ruleName: string): string[] {
  const v = new TrinoChecks().validateScope(app).violations.find((x) => x.ruleName === ruleName);
  return v ? v.violatingResources.map((r) => r.constructPath ?? '') : [];
}
