// SPDX-License-Identifier: Apache-2.0
import {
  addManifest, compliantStack, COORDINATOR_TAINT, coordinatorPool, nodePool, trinoFindings, workerPool, ZONE,
} from './fixtures';

describe('Trino-CoordinatorOnDemand', () => {
  test('compliant: the coordinator selects an On-Demand-only NodePool', () => {
    expect(trinoFindings(compliantStack().app, 'CoordinatorOnDemand')).toEqual([]);
  });

  test('compliant: the coordinator pins karpenter.sh/capacity-type on-demand itself', () => {
    const f = compliantStack({
      objects: [],
      values: { coordinator: { nodeSelector: { 'karpenter.sh/capacity-type': 'on-demand' }, tolerations: null } },
    });
    expect(trinoFindings(f.app, 'CoordinatorOnDemand')).toEqual([]);
  });

  test('compliant: the coordinator selects a managed node group by eks.amazonaws.com/capacityType ON_DEMAND', () => {
    const f = compliantStack({ objects: [], values: { coordinator: { nodeSelector: { 'eks.amazonaws.com/capacityType': 'ON_DEMAND' } } } });
    expect(trinoFindings(f.app, 'CoordinatorOnDemand')).toEqual([]);
  });

  test('non-compliant: the coordinator pool allows Spot', () => {
    const f = compliantStack({ objects: [workerPool(), coordinatorPool({ capacity: ['spot', 'on-demand'] })] });
    expect(trinoFindings(f.app, 'CoordinatorOnDemand')).toEqual(['Trino-CoordinatorOnDemand[NodePool::trino-coordinator]']);
  });

  test('compliant: a coordinator pool with no capacity-type requirement (Karpenter launches On-Demand)', () => {
    const pool = nodePool('trino-coordinator', {
      zones: [ZONE],
      labels: { 'trino.io/pool': 'coordinator' },
      taints: [COORDINATOR_TAINT],
    });
    const f = compliantStack({ objects: [workerPool(), pool] });
    expect(trinoFindings(f.app, 'CoordinatorOnDemand')).toEqual([]);
  });

  test('non-compliant: the coordinator nodeSelector asks for Spot and selects no pool', () => {
    const f = compliantStack({
      values: { coordinator: { nodeSelector: { 'karpenter.sh/capacity-type': 'spot' } } },
      objects: [workerPool()],
    });
    expect(trinoFindings(f.app, 'CoordinatorOnDemand')).toEqual(['Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector]']);
  });

  test('non-compliant: nothing selects the coordinator nodes', () => {
    const f = compliantStack({ values: { coordinator: { nodeSelector: null } } });
    expect(trinoFindings(f.app, 'CoordinatorOnDemand')).toEqual(['Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector]']);
  });

  test('non-compliant: required node affinity asks for Spot', () => {
    const f = compliantStack({
      values: {
        coordinator: {
          nodeSelector: null,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }] }],
              },
            },
          },
        },
      },
    });
    expect(trinoFindings(f.app, 'CoordinatorOnDemand')).toEqual(['Trino-CoordinatorOnDemand[Value::coordinator.affinity]']);
  });
});

describe('Trino-CoordinatorNotWorker', () => {
  test('compliant: includeCoordinator false (chart default)', () => {
    expect(trinoFindings(compliantStack().app, 'CoordinatorNotWorker')).toEqual([]);
  });

  test('non-compliant: coordinator.config.nodeScheduler.includeCoordinator true', () => {
    const f = compliantStack({ values: { coordinator: { config: { nodeScheduler: { includeCoordinator: true } } } } });
    expect(trinoFindings(f.app, 'CoordinatorNotWorker')).toEqual([
      'Trino-CoordinatorNotWorker[Value::coordinator.config.nodeScheduler.includeCoordinator]',
    ]);
  });

  test('non-compliant: node-scheduler.include-coordinator=true in additionalConfigProperties (a later line wins)', () => {
    const f = compliantStack({ values: { additionalConfigProperties: ['retry-policy=TASK', 'node-scheduler.include-coordinator=true'] } });
    expect(trinoFindings(f.app, 'CoordinatorNotWorker')).toEqual(['Trino-CoordinatorNotWorker[Value::additionalConfigProperties]']);
  });

  test('compliant: the coordinator extra config turns it back off (last line wins)', () => {
    const f = compliantStack({
      values: {
        coordinator: { config: { nodeScheduler: { includeCoordinator: true } } },
        server: { coordinatorExtraConfig: 'query-manager.required-workers=1\nnode-scheduler.include-coordinator=false\n' },
      },
    });
    expect(trinoFindings(f.app, 'CoordinatorNotWorker')).toEqual([]);
  });
});

describe('Trino-CoordinatorDoNotDisrupt', () => {
  const pdb = (matchLabels: { [k: string]: string }, spec: { [k: string]: any }) => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'trino-coordinator', namespace: 'trino' },
    spec: { selector: { matchLabels }, ...spec },
  });
  const coordinatorLabels = { 'app.kubernetes.io/instance': 'trino', 'app.kubernetes.io/component': 'coordinator' };

  test('compliant: karpenter.sh/do-not-disrupt annotation', () => {
    expect(trinoFindings(compliantStack().app, 'CoordinatorDoNotDisrupt')).toEqual([]);
  });

  test('non-compliant: no annotation and no PodDisruptionBudget', () => {
    const f = compliantStack({ values: { coordinator: { annotations: null } } });
    expect(trinoFindings(f.app, 'CoordinatorDoNotDisrupt')).toEqual(['Trino-CoordinatorDoNotDisrupt[Value::coordinator.annotations]']);
  });

  test('non-compliant: annotation value "false"', () => {
    const f = compliantStack({ values: { coordinator: { annotations: { 'karpenter.sh/do-not-disrupt': 'false' } } } });
    expect(trinoFindings(f.app, 'CoordinatorDoNotDisrupt')).toEqual(['Trino-CoordinatorDoNotDisrupt[Value::coordinator.annotations]']);
  });

  test('compliant: a PodDisruptionBudget with maxUnavailable 0 selects the coordinator pods', () => {
    const f = compliantStack({ values: { coordinator: { annotations: null } } });
    addManifest(f, 'Pdb', pdb(coordinatorLabels, { maxUnavailable: 0 }));
    expect(trinoFindings(f.app, 'CoordinatorDoNotDisrupt')).toEqual([]);
  });

  test.each([
    ['selects no coordinator pod (label `component`)', { component: 'coordinator' }, { maxUnavailable: 0 }],
    ['allows a disruption', coordinatorLabels, { maxUnavailable: 1 }],
  ])('non-compliant: a PodDisruptionBudget that %s', (_name, labels, spec) => {
    const f = compliantStack({ values: { coordinator: { annotations: null } } });
    addManifest(f, 'Pdb', pdb(labels as any, spec));
    expect(trinoFindings(f.app, 'CoordinatorDoNotDisrupt')).toEqual(['Trino-CoordinatorDoNotDisrupt[Value::coordinator.annotations]']);
  });
});
