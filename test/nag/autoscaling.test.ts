// SPDX-License-Identifier: Apache-2.0
import { addManifest, compliantStack, compliantValues, findingPaths, scaledObject, trinoFindings } from './fixtures';

const chartKedaOff = { server: { keda: { enabled: false } } };

describe('Trino-ScaledObjectTarget', () => {
  test('compliant: the chart\'s own ScaledObject (server.keda) targets its worker Deployment', () => {
    expect(trinoFindings(compliantStack().app, 'ScaledObjectTarget')).toEqual([]);
  });

  test('non-compliant: server.keda together with server.autoscaling (the chart refuses to render)', () => {
    const f = compliantStack({ values: { server: { autoscaling: { enabled: true } } } });
    expect(trinoFindings(f.app, 'ScaledObjectTarget')).toEqual(['Trino-ScaledObjectTarget[Value::server.autoscaling.enabled]']);
  });

  test('non-compliant: server.keda without triggers (the chart refuses to render)', () => {
    const f = compliantStack({ values: { server: { keda: { triggers: [] } } } });
    expect(trinoFindings(f.app, 'ScaledObjectTarget')).toEqual(['Trino-ScaledObjectTarget[Value::server.keda.triggers]']);
  });

  test('compliant: a hand-written ScaledObject on trino-worker in the release namespace', () => {
    const f = compliantStack({ values: chartKedaOff });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker'));
    expect(trinoFindings(f.app, 'ScaledObjectTarget')).toEqual([]);
  });

  test('non-compliant: the anchor stack\'s ScaledObject targets a StatefulSet the chart never renders', () => {
    const f = compliantStack({ values: chartKedaOff });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker', { scaleTargetRef: { kind: 'StatefulSet', name: 'trino-worker' } }));
    expect(trinoFindings(f.app, 'ScaledObjectTarget')).toEqual(['Trino-ScaledObjectTarget[ScaledObject::trino-worker-scaler]']);
    expect(findingPaths(f.app, 'Trino-ScaledObjectTarget[ScaledObject::trino-worker-scaler]')).toEqual(['Stack/Keda/Resource/Default']);
  });

  test.each([
    ['another namespace', scaledObject('trino-worker-scaler', 'trino-worker', {}, 'default')],
    ['the coordinator', scaledObject('trino-scaler', 'trino-coordinator')],
    ['the release-`trino` name while the release is `analytics`', scaledObject('trino-scaler', 'trino-worker')],
  ])('non-compliant: a ScaledObject on %s', (name, obj) => {
    const f = compliantStack({ values: chartKedaOff, release: name.includes('analytics') ? 'analytics' : 'trino' });
    addManifest(f, 'Keda', obj);
    expect(trinoFindings(f.app, 'ScaledObjectTarget')).toEqual([`Trino-ScaledObjectTarget[ScaledObject::${obj.metadata.name}]`]);
  });

  test('compliant: release `analytics` scaled through `analytics-trino-worker`', () => {
    const f = compliantStack({ values: chartKedaOff, release: 'analytics' });
    addManifest(f, 'Keda', scaledObject('trino-scaler', 'analytics-trino-worker'));
    expect(trinoFindings(f.app, 'ScaledObjectTarget')).toEqual([]);
  });

  test('non-compliant: a second ScaledObject on workers the chart\'s server.keda already scales', () => {
    const f = compliantStack();
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker'));
    expect(trinoFindings(f.app, 'ScaledObjectTarget')).toEqual(['Trino-ScaledObjectTarget[ScaledObject::trino-worker-scaler]']);
  });

  test('not applicable: a ScaledObject of another application', () => {
    const f = compliantStack();
    addManifest(f, 'Keda', scaledObject('web', 'web', {}, 'web'));
    expect(trinoFindings(f.app, 'ScaledObjectTarget')).toEqual([]);
  });
});

describe('Trino-ScaledObjectCooldown', () => {
  test('compliant: 300 s', () => {
    expect(trinoFindings(compliantStack().app, 'ScaledObjectCooldown')).toEqual([]);
  });

  test('non-compliant: server.keda.cooldownPeriod 60', () => {
    const f = compliantStack({ values: { server: { keda: { cooldownPeriod: 60 } } } });
    expect(trinoFindings(f.app, 'ScaledObjectCooldown')).toEqual(['Trino-ScaledObjectCooldown[Value::server.keda.cooldownPeriod]']);
  });

  test('non-compliant: a hand-written ScaledObject with cooldownPeriod 60', () => {
    const f = compliantStack({ values: chartKedaOff });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker', { cooldownPeriod: 60 }));
    expect(trinoFindings(f.app, 'ScaledObjectCooldown')).toEqual(['Trino-ScaledObjectCooldown[ScaledObject::trino-worker-scaler]']);
  });

  test('compliant: a hand-written ScaledObject without cooldownPeriod (KEDA default 300)', () => {
    const f = compliantStack({ values: chartKedaOff });
    const obj = scaledObject('trino-worker-scaler', 'trino-worker');
    delete obj.spec.cooldownPeriod;
    addManifest(f, 'Keda', obj);
    expect(trinoFindings(f.app, 'ScaledObjectCooldown')).toEqual([]);
  });
});

describe('Trino-ScaleToZeroRequiredWorkers', () => {
  test('compliant: minReplicaCount 0 with query-manager.required-workers=1', () => {
    expect(trinoFindings(compliantStack().app, 'ScaleToZeroRequiredWorkers')).toEqual([]);
  });

  test('non-compliant: minReplicaCount 0 without required workers', () => {
    const f = compliantStack({ values: { server: { coordinatorExtraConfig: null } } });
    expect(trinoFindings(f.app, 'ScaleToZeroRequiredWorkers')).toEqual(['Trino-ScaleToZeroRequiredWorkers[Value::server.keda.minReplicaCount]']);
  });

  test('non-compliant: minReplicaCount unset (the chart default is 0)', () => {
    const values = compliantValues('my-exchange');
    delete values.server.keda.minReplicaCount;
    delete values.server.coordinatorExtraConfig;
    const f = compliantStack({ replaceValues: values });
    expect(trinoFindings(f.app, 'ScaleToZeroRequiredWorkers')).toEqual(['Trino-ScaleToZeroRequiredWorkers[Value::server.keda.minReplicaCount]']);
  });

  test('non-compliant: minReplicaCount removed with null (rendered empty: KEDA\'s default 0)', () => {
    const f = compliantStack({ values: { server: { coordinatorExtraConfig: null, keda: { minReplicaCount: null } } } });
    expect(trinoFindings(f.app, 'ScaleToZeroRequiredWorkers')).toEqual(['Trino-ScaleToZeroRequiredWorkers[Value::server.keda.minReplicaCount]']);
  });

  test('not applicable: minReplicaCount 1', () => {
    const f = compliantStack({ values: { server: { coordinatorExtraConfig: null, keda: { minReplicaCount: 1 } } } });
    expect(trinoFindings(f.app, 'ScaleToZeroRequiredWorkers')).toEqual([]);
  });

  test('non-compliant: a hand-written ScaledObject with idleReplicaCount 0', () => {
    const f = compliantStack({ values: { server: { coordinatorExtraConfig: null, keda: { enabled: false } } } });
    addManifest(f, 'Keda', scaledObject('keda-scaler-trino-worker', 'trino-worker', { idleReplicaCount: 0 }));
    expect(trinoFindings(f.app, 'ScaleToZeroRequiredWorkers')).toEqual(['Trino-ScaleToZeroRequiredWorkers[ScaledObject::keda-scaler-trino-worker]']);
  });
});

describe('Trino-GracefulShutdownWhenScaling', () => {
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'trino-worker', namespace: 'trino' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'trino-worker' }, minReplicas: 1, maxReplicas: 5 },
  };

  test('compliant: KEDA-scaled workers with worker.gracefulShutdown', () => {
    expect(trinoFindings(compliantStack().app, 'GracefulShutdownWhenScaling')).toEqual([]);
  });

  test('non-compliant: KEDA-scaled workers without graceful shutdown', () => {
    const f = compliantStack({ values: { worker: { gracefulShutdown: null, terminationGracePeriodSeconds: null } } });
    expect(trinoFindings(f.app, 'GracefulShutdownWhenScaling')).toEqual(['Trino-GracefulShutdownWhenScaling[Value::worker.gracefulShutdown.enabled]']);
  });

  test('non-compliant: a HorizontalPodAutoscaler manifest on the workers without graceful shutdown', () => {
    const f = compliantStack({ values: { server: { keda: { enabled: false } }, worker: { gracefulShutdown: { enabled: false } } } });
    addManifest(f, 'Hpa', hpa);
    expect(trinoFindings(f.app, 'GracefulShutdownWhenScaling')).toEqual(['Trino-GracefulShutdownWhenScaling[Value::worker.gracefulShutdown.enabled]']);
  });

  test('not applicable: workers nobody scales', () => {
    const f = compliantStack({ values: { server: { keda: { enabled: false } }, worker: { gracefulShutdown: { enabled: false } } } });
    expect(trinoFindings(f.app, 'GracefulShutdownWhenScaling')).toEqual([]);
  });

  test('non-compliant: a hand-written ScaledObject on the workers without graceful shutdown', () => {
    const f = compliantStack({ values: { ...chartKedaOff, worker: { gracefulShutdown: { enabled: false } } } });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker'));
    expect(trinoFindings(f.app, 'GracefulShutdownWhenScaling')).toEqual(['Trino-GracefulShutdownWhenScaling[Value::worker.gracefulShutdown.enabled]']);
  });

  test('non-compliant: the anchor stack\'s ScaledObject (kind StatefulSet, named like the worker Deployment) is judged as meant', () => {
    const f = compliantStack({ values: { ...chartKedaOff, worker: { gracefulShutdown: { enabled: false } } } });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker', { scaleTargetRef: { kind: 'StatefulSet', name: 'trino-worker' } }));
    expect(trinoFindings(f.app, 'GracefulShutdownWhenScaling')).toEqual(['Trino-GracefulShutdownWhenScaling[Value::worker.gracefulShutdown.enabled]']);
  });

  test('not applicable: a ScaledObject on the workers of another namespace', () => {
    const f = compliantStack({ values: { ...chartKedaOff, worker: { gracefulShutdown: { enabled: false } } } });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker', {}, 'default'));
    expect(trinoFindings(f.app, 'GracefulShutdownWhenScaling')).toEqual([]);
  });

  test('compliant: graceful shutdown configured by hand (preStop hook and shutdown.grace-period)', () => {
    const f = compliantStack({
      values: {
        worker: { gracefulShutdown: { enabled: false }, lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 120'] } } } },
        server: { workerExtraConfig: 'shutdown.grace-period=120s\n' },
      },
    });
    expect(trinoFindings(f.app, 'GracefulShutdownWhenScaling')).toEqual([]);
  });
});

describe('Trino-WorkerReplicasWithScaler', () => {
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'trino-worker', namespace: 'trino' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'trino-worker' }, minReplicas: 1, maxReplicas: 5 },
  };

  test('compliant: the chart\'s own server.keda (the chart omits replicas), even with server.workers set', () => {
    const f = compliantStack({ values: { server: { workers: 3 } } });
    expect(trinoFindings(f.app, 'WorkerReplicasWithScaler')).toEqual([]);
  });

  test('non-compliant: a hand-written ScaledObject on workers whose Deployment gets replicas from server.workers', () => {
    const f = compliantStack({ values: { server: { keda: { enabled: false }, workers: 1 } } });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker'));
    expect(trinoFindings(f.app, 'WorkerReplicasWithScaler')).toEqual(['Trino-WorkerReplicasWithScaler[Value::server.workers]']);
    expect(findingPaths(f.app, 'Trino-WorkerReplicasWithScaler[Value::server.workers]')).toEqual(['Stack/Trino/Resource/Default']);
  });

  test('non-compliant: server.workers left at the chart default (2) is rendered too', () => {
    const f = compliantStack({ values: chartKedaOff });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker'));
    expect(trinoFindings(f.app, 'WorkerReplicasWithScaler')).toEqual(['Trino-WorkerReplicasWithScaler[Value::server.workers]']);
  });

  test('non-compliant: a hand-written HorizontalPodAutoscaler on the workers', () => {
    const f = compliantStack({ values: chartKedaOff });
    addManifest(f, 'Hpa', hpa);
    expect(trinoFindings(f.app, 'WorkerReplicasWithScaler')).toEqual(['Trino-WorkerReplicasWithScaler[Value::server.workers]']);
  });

  test('non-compliant: the anchor stack\'s ScaledObject (kind StatefulSet): the fight starts once its target is fixed', () => {
    const f = compliantStack({ values: { server: { keda: { enabled: false }, workers: 1 } } });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker', { scaleTargetRef: { kind: 'StatefulSet', name: 'trino-worker' } }));
    expect(trinoFindings(f.app, 'WorkerReplicasWithScaler')).toEqual(['Trino-WorkerReplicasWithScaler[Value::server.workers]']);
  });

  test('compliant: the chart\'s server.autoscaling also omits replicas', () => {
    const f = compliantStack({ values: { server: { keda: { enabled: false }, autoscaling: { enabled: true } } } });
    addManifest(f, 'Hpa', hpa);
    expect(trinoFindings(f.app, 'WorkerReplicasWithScaler')).toEqual([]);
  });

  test('not applicable: no separate scaler, or one for another release', () => {
    expect(trinoFindings(compliantStack({ values: chartKedaOff }).app, 'WorkerReplicasWithScaler')).toEqual([]);
    const f = compliantStack({ values: chartKedaOff, release: 'analytics' });
    addManifest(f, 'Keda', scaledObject('trino-worker-scaler', 'trino-worker'));
    expect(trinoFindings(f.app, 'WorkerReplicasWithScaler')).toEqual([]);
  });
});
