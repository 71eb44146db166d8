// SPDX-License-Identifier: Apache-2.0
import { compliantStack, trinoFindings, WORKER_LABELS } from './fixtures';

describe('Trino-WorkerOnePodPerNode', () => {
  test('compliant: required anti-affinity on kubernetes.io/hostname matching the worker pod labels', () => {
    expect(trinoFindings(compliantStack().app, 'WorkerOnePodPerNode')).toEqual([]);
  });

  test('non-compliant: no anti-affinity', () => {
    const f = compliantStack({ values: { worker: { affinity: null } } });
    expect(trinoFindings(f.app, 'WorkerOnePodPerNode')).toEqual(['Trino-WorkerOnePodPerNode[Value::worker.affinity]']);
  });

  test('non-compliant: the anchor stack\'s topology spread on `component: worker` matches no worker pod', () => {
    const f = compliantStack({
      values: {
        worker: {
          affinity: null,
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { component: 'worker' } } },
          ],
        },
      },
    });
    expect(trinoFindings(f.app, 'WorkerOnePodPerNode')).toEqual(['Trino-WorkerOnePodPerNode[Value::worker.affinity]']);
  });

  test('compliant: a hostname topology spread (maxSkew 1, DoNotSchedule) whose selector matches the worker pods', () => {
    const f = compliantStack({
      values: {
        worker: {
          affinity: null,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['worker'] }] },
            },
          ],
        },
      },
    });
    expect(trinoFindings(f.app, 'WorkerOnePodPerNode')).toEqual([]);
  });

  test('non-compliant: the selector names release `trino` but the release is `analytics`', () => {
    const f = compliantStack({ release: 'analytics' });
    expect(trinoFindings(f.app, 'WorkerOnePodPerNode')).toEqual(['Trino-WorkerOnePodPerNode[Value::worker.affinity]']);
  });

  test('compliant: release `analytics` with its own instance label', () => {
    const f = compliantStack({
      release: 'analytics',
      values: {
        worker: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  labelSelector: { matchLabels: { ...WORKER_LABELS, 'app.kubernetes.io/instance': 'analytics' } },
                  topologyKey: 'kubernetes.io/hostname',
                },
              ],
            },
          },
        },
      },
    });
    expect(trinoFindings(f.app, 'WorkerOnePodPerNode')).toEqual([]);
  });

  test('non-compliant: anti-affinity on the zone, not the node', () => {
    const f = compliantStack({
      values: {
        worker: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: WORKER_LABELS }, topologyKey: 'topology.kubernetes.io/zone' },
              ],
            },
          },
        },
      },
    });
    expect(trinoFindings(f.app, 'WorkerOnePodPerNode')).toEqual(['Trino-WorkerOnePodPerNode[Value::worker.affinity]']);
  });
});

describe('Trino-WorkerRequestsEqualLimits', () => {
  test('compliant: requests equal limits (`15` = `15000m`)', () => {
    expect(trinoFindings(compliantStack().app, 'WorkerRequestsEqualLimits')).toEqual([]);
  });

  test('compliant: limits only (Kubernetes sets requests to the limits)', () => {
    const f = compliantStack({ values: { worker: { resources: { requests: null } } } });
    expect(trinoFindings(f.app, 'WorkerRequestsEqualLimits')).toEqual([]);
  });

  test('non-compliant: the memory request is below the limit', () => {
    const f = compliantStack({ values: { worker: { resources: { requests: { memory: '100Gi' } } } } });
    expect(trinoFindings(f.app, 'WorkerRequestsEqualLimits')).toEqual([
      'Trino-WorkerRequestsEqualLimits[Value::worker.resources.requests.memory]',
    ]);
  });

  test('non-compliant: requests without limits (the data-on-eks CPU request 4, limit 6 pattern included)', () => {
    const f = compliantStack({ values: { worker: { resources: { limits: null } } } });
    expect(trinoFindings(f.app, 'WorkerRequestsEqualLimits')).toEqual([
      'Trino-WorkerRequestsEqualLimits[Value::worker.resources.limits.cpu]',
      'Trino-WorkerRequestsEqualLimits[Value::worker.resources.limits.memory]',
    ]);
    const g = compliantStack({ values: { worker: { resources: { requests: { cpu: '4' }, limits: { cpu: '6' } } } } });
    expect(trinoFindings(g.app, 'WorkerRequestsEqualLimits')).toEqual(['Trino-WorkerRequestsEqualLimits[Value::worker.resources.requests.cpu]']);
  });
});

describe('Trino-WorkerToleratesPoolTaints', () => {
  test('compliant: the workers tolerate the taint of the pool they select', () => {
    expect(trinoFindings(compliantStack().app, 'WorkerToleratesPoolTaints')).toEqual([]);
  });

  test('non-compliant: the workers select the dedicated pool without its toleration', () => {
    const f = compliantStack({ values: { worker: { tolerations: null } } });
    expect(trinoFindings(f.app, 'WorkerToleratesPoolTaints')).toEqual(['Trino-WorkerToleratesPoolTaints[NodePool::trino-workers]']);
  });

  test('non-compliant: a toleration for another value of the key', () => {
    const f = compliantStack({
      values: { worker: { tolerations: [{ key: 'trino.io/dedicated', operator: 'Equal', value: 'coordinator', effect: 'NoSchedule' }] } },
    });
    expect(trinoFindings(f.app, 'WorkerToleratesPoolTaints')).toEqual(['Trino-WorkerToleratesPoolTaints[NodePool::trino-workers]']);
  });

  test('compliant: an `Exists` toleration on the key', () => {
    const f = compliantStack({ values: { worker: { tolerations: [{ key: 'trino.io/dedicated', operator: 'Exists' }] } } });
    expect(trinoFindings(f.app, 'WorkerToleratesPoolTaints')).toEqual([]);
  });

  test('not applicable: workers that select no pool are not checked against tainted pools', () => {
    const f = compliantStack({ values: { worker: { nodeSelector: null, tolerations: null } } });
    expect(trinoFindings(f.app, 'WorkerToleratesPoolTaints')).toEqual([]);
  });
});
