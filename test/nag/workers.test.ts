// SPDX-License-Identifier: Apache-2.0
import { compliantStack, compliantValues, coordinatorPool, findingPaths, trinoFindings, WORKER_LABELS, workerBudget, workerPool } from './fixtures';

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

describe('Trino-WorkerDisruptionBudget', () => {
  test('compliant: a budget with maxUnavailable 1 on the worker pods', () => {
    expect(trinoFindings(compliantStack().app, 'WorkerDisruptionBudget')).toEqual([]);
  });

  test('non-compliant: workers on a Karpenter Spot pool without a budget', () => {
    const f = compliantStack({ budgets: [] });
    expect(trinoFindings(f.app, 'WorkerDisruptionBudget')).toEqual(['Trino-WorkerDisruptionBudget']);
    expect(findingPaths(f.app, 'Trino-WorkerDisruptionBudget')).toEqual(['Stack/Trino/Resource/Default']);
  });

  test('non-compliant: workers on an On-Demand-only Karpenter pool without a budget (consolidation and drift evict too)', () => {
    const f = compliantStack({ budgets: [], objects: [workerPool({ capacity: ['on-demand'] }), coordinatorPool()] });
    expect(trinoFindings(f.app, 'WorkerDisruptionBudget')).toEqual(['Trino-WorkerDisruptionBudget']);
  });

  test('non-compliant: no pool in the stack, but the workers select Karpenter capacity by label (the anchor stack\'s shared pool)', () => {
    const values = compliantValues('my-exchange');
    values.worker.nodeSelector = { 'karpenter.k8s.aws/instance-family': 'r8g' };
    const f = compliantStack({ budgets: [], objects: [], replaceValues: values });
    expect(trinoFindings(f.app, 'WorkerDisruptionBudget')).toEqual(['Trino-WorkerDisruptionBudget']);
  });

  test.each([
    ['maxUnavailable 100%', { maxUnavailable: '100%' }],
    ['minAvailable 0', { minAvailable: 0 }],
  ])('non-compliant: a budget on the workers that allows evicting all of them (%s)', (_name, spec) => {
    const f = compliantStack({ budgets: [workerBudget('trino', 'trino', spec)] });
    expect(trinoFindings(f.app, 'WorkerDisruptionBudget')).toEqual(['Trino-WorkerDisruptionBudget[PodDisruptionBudget::trino-worker]']);
  });

  test.each([
    ['minAvailable 50%', { minAvailable: '50%' }],
    ['maxUnavailable 25%', { maxUnavailable: '25%' }],
  ])('compliant: %s', (_name, spec) => {
    const f = compliantStack({ budgets: [workerBudget('trino', 'trino', spec)] });
    expect(trinoFindings(f.app, 'WorkerDisruptionBudget')).toEqual([]);
  });

  test('non-compliant: a budget whose selector matches no worker pod, or in another namespace', () => {
    const coordinatorOnly = workerBudget('trino', 'trino');
    coordinatorOnly.spec.selector.matchLabels['app.kubernetes.io/component'] = 'coordinator';
    for (const budgets of [[coordinatorOnly], [workerBudget('trino', 'default')]]) {
      const f = compliantStack({ budgets });
      expect(trinoFindings(f.app, 'WorkerDisruptionBudget')).toEqual(['Trino-WorkerDisruptionBudget']);
    }
  });

  test('compliant: worker pods annotated karpenter.sh/do-not-disrupt', () => {
    const f = compliantStack({ budgets: [], values: { worker: { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } } });
    expect(trinoFindings(f.app, 'WorkerDisruptionBudget')).toEqual([]);
  });

  test('not applicable: workers on no Karpenter or Spot capacity (nothing in the stack drains their nodes)', () => {
    const f = compliantStack({ budgets: [], objects: [] });
    expect(trinoFindings(f.app, 'WorkerDisruptionBudget')).toEqual([]);
  });

  test('not applicable: no worker Deployment (server.workers 0 without KEDA)', () => {
    const f = compliantStack({ budgets: [], values: { server: { workers: 0, keda: { enabled: false } } } });
    expect(trinoFindings(f.app, 'WorkerDisruptionBudget')).toEqual([]);
  });
});
