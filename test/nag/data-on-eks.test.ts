// SPDX-License-Identifier: Apache-2.0
import { dataOnEksScaledObject, dataOnEksStack, memoryOptimizedGravitonPool } from './data-on-eks';
import { findingPaths, trinoFindings } from './fixtures';
import { validateCrdObject } from '../conformance/crd';

describe('the data-on-eks Trino stack, written by hand', () => {
  test('what TrinoChecks finds in it', () => {
    const f = dataOnEksStack();
    expect(trinoFindings(f.app)).toEqual([
      'Trino-BucketTlsOnly',
      // no lifecycle rule on the exchange bucket: spool objects and open multipart uploads are never removed
      'Trino-ExchangeBucketAbortMultipart',
      'Trino-ExchangeBucketExpiration',
      // the ScaledObject is meant for the workers (named after their Deployment), which have no graceful shutdown
      'Trino-GracefulShutdownWhenScaling[Value::worker.gracefulShutdown.enabled]',
      'Trino-HeapShareOfContainer[Value::worker.jvm.maxHeapSize]',
      // AWSGlueConsoleFullAccess on the Pod Identity role of trino/trino-sa
      'Trino-NoBroadIamPolicies[ManagedPolicy::AWSGlueConsoleFullAccess]',
      'Trino-ScaledObjectTarget[ScaledObject::trino-worker-scaler]',
      'Trino-SingleZone[NodePool::memory-optimized-graviton]',
      // Karpenter capacity (a consolidating shared pool), no PodDisruptionBudget
      'Trino-WorkerDisruptionBudget',
      'Trino-WorkerOnePodPerNode[Value::worker.affinity]',
      // `server.workers: 1` rendered as replicas next to the separate ScaledObject
      'Trino-WorkerReplicasWithScaler[Value::server.workers]',
      'Trino-WorkerRequestsEqualLimits[Value::worker.resources.requests.cpu]',
      'Trino-WorkersOnSpot[Value::worker.nodeSelector]',
    ]);
  });

  test('the findings are on the resources to change', () => {
    const f = dataOnEksStack();
    expect(findingPaths(f.app, 'Trino-ExchangeBucketAbortMultipart')).toEqual(['Stack/TrinoExchange/Resource']);
    expect(findingPaths(f.app, 'Trino-NoBroadIamPolicies[ManagedPolicy::AWSGlueConsoleFullAccess]')).toEqual(['Stack/TrinoPodIdentity/Resource']);
    expect(findingPaths(f.app, 'Trino-WorkerDisruptionBudget')).toEqual(['Stack/Trino/Resource/Default']);
    expect(findingPaths(f.app, 'Trino-BucketTlsOnly').sort()).toEqual([
      'Stack/SparkLogs/Resource', 'Stack/TrinoData/Resource', 'Stack/TrinoExchange/Resource',
    ]);
  });

  test('its workers use exactly half of their heap for one query (6GB of 12G): QueryMemoryPerNodeLow\'s bound', () => {
    const f = dataOnEksStack();
    expect(trinoFindings(f.app, 'QueryMemoryPerNodeLow')).toEqual([]);
  });

  test('its NodePool is a valid Karpenter 1.14 object; its ScaledObject is a valid KEDA 2.20 object but for the metricName KEDA ignores', () => {
    expect(validateCrdObject(memoryOptimizedGravitonPool())).toEqual([]);
    expect(validateCrdObject(dataOnEksScaledObject())).toEqual([
      'spec.triggers[0].metadata.metricName: unknown prometheus trigger metadata key (KEDA v2.20.2 ignores it)',
      'spec.triggers[1].metadata.metricName: unknown prometheus trigger metadata key (KEDA v2.20.2 ignores it)',
    ]);
  });
});
