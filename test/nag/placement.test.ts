// SPDX-License-Identifier: Apache-2.0
import { compliantStack, coordinatorPool, trinoFindings, workerPool, ZONE } from './fixtures';

describe('Trino-SingleZone', () => {
  test('compliant: both pools pin the same zone', () => {
    expect(trinoFindings(compliantStack().app, 'SingleZone')).toEqual([]);
  });

  test('non-compliant: the worker pool allows two zones', () => {
    const f = compliantStack({ objects: [workerPool({ zones: [ZONE, 'us-west-2b'] }), coordinatorPool()] });
    expect(trinoFindings(f.app, 'SingleZone')).toEqual(['Trino-SingleZone[NodePool::trino-workers]']);
  });

  test('non-compliant: the pools pin different zones', () => {
    const f = compliantStack({ objects: [workerPool({ zones: ['us-west-2b'] }), coordinatorPool()] });
    expect(trinoFindings(f.app, 'SingleZone')).toEqual(['Trino-SingleZone[Zones::us-west-2a+us-west-2b]']);
  });

  test('non-compliant: no pool and no zone selection (the anchor stack)', () => {
    const f = compliantStack({ objects: [], values: { coordinator: { nodeSelector: null }, worker: { nodeSelector: null } } });
    expect(trinoFindings(f.app, 'SingleZone')).toEqual([
      'Trino-SingleZone[Value::coordinator.nodeSelector]',
      'Trino-SingleZone[Value::worker.nodeSelector]',
    ]);
  });

  test('compliant: no pool, both roles select the zone themselves', () => {
    const zone = { nodeSelector: { 'topology.kubernetes.io/zone': ZONE } };
    const f = compliantStack({ objects: [], values: { coordinator: zone, worker: zone } });
    expect(trinoFindings(f.app, 'SingleZone')).toEqual([]);
  });

  test('compliant: a multi-zone pool narrowed to one zone by the worker nodeSelector', () => {
    const f = compliantStack({
      objects: [workerPool({ zones: [ZONE, 'us-west-2b'] }), coordinatorPool()],
      values: { worker: { nodeSelector: { 'topology.kubernetes.io/zone': ZONE } } },
    });
    expect(trinoFindings(f.app, 'SingleZone')).toEqual([]);
  });
});

describe('Trino-WorkersOnSpot', () => {
  test('compliant: the worker pool allows Spot', () => {
    expect(trinoFindings(compliantStack().app, 'WorkersOnSpot')).toEqual([]);
  });

  test('non-compliant: the worker pool is On-Demand only', () => {
    const f = compliantStack({ objects: [workerPool({ capacity: ['on-demand'] }), coordinatorPool()] });
    expect(trinoFindings(f.app, 'WorkersOnSpot')).toEqual(['Trino-WorkersOnSpot[NodePool::trino-workers]']);
  });

  test('non-compliant: the workers pin capacity-type on-demand (the data-on-eks v2 values)', () => {
    const f = compliantStack({ values: { worker: { nodeSelector: { 'karpenter.sh/capacity-type': 'on-demand' } } } });
    expect(trinoFindings(f.app, 'WorkersOnSpot')).toEqual(['Trino-WorkersOnSpot[Value::worker.nodeSelector]']);
  });

  test('not applicable: workers that select no pool', () => {
    const f = compliantStack({ objects: [], values: { worker: { nodeSelector: null } } });
    expect(trinoFindings(f.app, 'WorkersOnSpot')).toEqual([]);
  });
});
