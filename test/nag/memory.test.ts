// SPDX-License-Identifier: Apache-2.0
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { compliantStack, compliantValues, findingPaths, trinoFindings } from './fixtures';
import { TrinoSizing } from '../../src';
import { QUERY_SHARE_MIN } from '../../src/nag/private/memory';

/** Worker values with a heap, container memory, query memory and headroom. */
const worker = (heap: string | null, memory: string, query = '76GB', headroom: string | null = '20GB') => ({
  worker: {
    jvm: { maxHeapSize: heap },
    resources: { requests: { memory }, limits: { memory } },
    config: { query: { maxMemoryPerNode: query }, memory: { heapHeadroomPerNode: headroom } },
  },
});

describe('Trino-HeapShareOfContainer', () => {
  test('compliant: heaps at 80% of the container memory', () => {
    expect(trinoFindings(compliantStack().app, 'HeapShareOfContainer')).toEqual([]);
  });

  test.each([
    ['50% (the anchor stack: 12G of 40Gi is 30%)', '60G'],
    ['92%', '110G'],
  ])('non-compliant: worker heap at %s', (_name, heap) => {
    const f = compliantStack({ values: worker(heap, '120Gi', '40GB', '10GB') });
    expect(trinoFindings(f.app, 'HeapShareOfContainer')).toEqual(['Trino-HeapShareOfContainer[Value::worker.jvm.maxHeapSize]']);
  });

  test('compliant: 70% and 85% are in range', () => {
    expect(trinoFindings(compliantStack({ values: worker('84G', '120Gi', '60GB') }).app, 'HeapShareOfContainer')).toEqual([]);
    expect(trinoFindings(compliantStack({ values: worker('102G', '120Gi') }).app, 'HeapShareOfContainer')).toEqual([]);
  });

  test('non-compliant: the coordinator has no memory limit', () => {
    const f = compliantStack({ values: { coordinator: { resources: null } } });
    expect(trinoFindings(f.app, 'HeapShareOfContainer')).toEqual(['Trino-HeapShareOfContainer[Value::coordinator.resources.limits.memory]']);
  });

  test('compliant: maxHeapPercent 80 instead of maxHeapSize', () => {
    const f = compliantStack({ values: { worker: { jvm: { maxHeapSize: null, maxHeapPercent: 80 } } } });
    expect(trinoFindings(f.app, 'HeapShareOfContainer')).toEqual([]);
  });

  test('non-compliant: no heap size at all (the JVM default is 25% of the container)', () => {
    const f = compliantStack({ values: worker(null, '120Gi', '20GB', '5GB') });
    expect(trinoFindings(f.app, 'HeapShareOfContainer')).toEqual(['Trino-HeapShareOfContainer[Value::worker.jvm.maxHeapSize]']);
  });

  test('compliant: a heap at the 238 GiB cap may be a smaller share (r8g.16xlarge)', () => {
    const f = compliantStack({ values: worker('238G', '470Gi', '190GB', '48GB') });
    expect(trinoFindings(f.app, 'HeapShareOfContainer')).toEqual([]);
  });
});

describe('Trino-HeapAtMost256G', () => {
  test('compliant: 96G and the 238G cap (255.6 GB)', () => {
    expect(trinoFindings(compliantStack().app, 'HeapAtMost256G')).toEqual([]);
    expect(trinoFindings(compliantStack({ values: worker('238G', '300Gi', '190GB', '48GB') }).app, 'HeapAtMost256G')).toEqual([]);
  });

  test('non-compliant: a 256G heap is 274.9 GB, not under 256 GB', () => {
    const f = compliantStack({ values: worker('256G', '320Gi', '204GB', '52GB') });
    expect(trinoFindings(f.app, 'HeapAtMost256G')).toEqual(['Trino-HeapAtMost256G[Value::worker.jvm.maxHeapSize]']);
  });

  test('non-compliant: a 300G worker heap', () => {
    const f = compliantStack({ values: worker('300G', '360Gi', '240GB', '60GB') });
    expect(trinoFindings(f.app, 'HeapAtMost256G')).toEqual(['Trino-HeapAtMost256G[Value::worker.jvm.maxHeapSize]']);
  });

  test('non-compliant: maxHeapPercent of a large container', () => {
    const f = compliantStack({ values: { worker: { jvm: { maxHeapSize: null, maxHeapPercent: 80 }, resources: { requests: { memory: '400Gi' }, limits: { memory: '400Gi' } } } } });
    expect(trinoFindings(f.app, 'HeapAtMost256G')).toEqual(['Trino-HeapAtMost256G[Value::worker.jvm.maxHeapPercent]']);
  });
});

describe('Trino-QueryMemoryPerNode', () => {
  test('compliant: about 80% of the heap', () => {
    expect(trinoFindings(compliantStack().app, 'QueryMemoryPerNode')).toEqual([]);
  });

  test('non-compliant: 90GB of a 96G worker heap', () => {
    const f = compliantStack({ values: worker('96G', '120Gi', '90GB', '6GB') });
    expect(trinoFindings(f.app, 'QueryMemoryPerNode')).toEqual(['Trino-QueryMemoryPerNode[Value::worker.config.query.maxMemoryPerNode]']);
  });

  test('non-compliant: set for both roles in additionalConfigProperties (a later line wins over the chart key)', () => {
    const f = compliantStack({ values: { additionalConfigProperties: ['retry-policy=TASK', 'query.max-memory-per-node=90GB'] } });
    expect(trinoFindings(f.app, 'QueryMemoryPerNode')).toEqual(['Trino-QueryMemoryPerNode[Value::additionalConfigProperties]']);
  });
});

describe('Trino-HeapHeadroom', () => {
  test('compliant: query memory + headroom = heap', () => {
    expect(trinoFindings(compliantStack().app, 'HeapHeadroom')).toEqual([]);
  });

  test('non-compliant: 80GB + 20GB > 96G', () => {
    const f = compliantStack({ values: worker('96G', '120Gi', '80GB', '20GB') });
    expect(trinoFindings(f.app, 'HeapHeadroom')).toEqual(['Trino-HeapHeadroom[Value::worker.config.query.maxMemoryPerNode]']);
  });

  test('non-compliant: Trino\'s default headroom (30% of the heap) leaves no room for 76GB of 96G', () => {
    const f = compliantStack({ values: worker('96G', '120Gi', '76GB', null) });
    expect(trinoFindings(f.app, 'HeapHeadroom')).toEqual(['Trino-HeapHeadroom[Value::worker.config.query.maxMemoryPerNode]']);
  });

  test('compliant: the default headroom with 60GB of a 96G heap', () => {
    const f = compliantStack({ values: worker('96G', '120Gi', '60GB', null) });
    expect(trinoFindings(f.app, 'HeapHeadroom')).toEqual([]);
  });

  test('non-compliant: a zero heap headroom', () => {
    const f = compliantStack({ values: worker('96G', '120Gi', '76GB', '0GB') });
    expect(trinoFindings(f.app, 'HeapHeadroom')).toEqual(['Trino-HeapHeadroom[Value::worker.config.memory.heapHeadroomPerNode]']);
  });

  test.each([
    ['-Xmx with a Trino unit', { worker: { jvm: { maxHeapSize: '96GB' } } }, 'worker.jvm.maxHeapSize'],
    ['a data size with a JVM unit', { coordinator: { config: { query: { maxMemoryPerNode: '19G' } } } }, 'coordinator.config.query.maxMemoryPerNode'],
  ])('non-compliant: invalid size (%s)', (_name, values, key) => {
    const f = compliantStack({ values });
    expect(trinoFindings(f.app, 'HeapHeadroom')).toEqual([`Trino-HeapHeadroom[Value::${key}]`]);
  });
});

describe('Trino-QueryMemoryPerNodeLow', () => {
  test('compliant: about 80% of the heap', () => {
    expect(trinoFindings(compliantStack().app, 'QueryMemoryPerNodeLow')).toEqual([]);
  });

  test('non-compliant: 40GB of a 96G worker heap (42%)', () => {
    const f = compliantStack({ values: worker('96G', '120Gi', '40GB', '20GB') });
    expect(trinoFindings(f.app, 'QueryMemoryPerNodeLow')).toEqual(['Trino-QueryMemoryPerNodeLow[Value::worker.config.query.maxMemoryPerNode]']);
    expect(findingPaths(f.app, 'Trino-QueryMemoryPerNodeLow[Value::worker.config.query.maxMemoryPerNode]')).toEqual(['Stack/Trino/Resource/Default']);
  });

  test('non-compliant: the chart default (1GB) on the chart default heap (8G)', () => {
    const values = compliantValues('my-exchange');
    delete values.worker.jvm;
    delete values.worker.config;
    const f = compliantStack({ replaceValues: values });
    expect(trinoFindings(f.app, 'QueryMemoryPerNodeLow')).toEqual(['Trino-QueryMemoryPerNodeLow[Value::worker.config.query.maxMemoryPerNode]']);
  });

  test('compliant: exactly half of the heap (the anchor stack\'s workers: 6GB of 12G)', () => {
    const f = compliantStack({ values: worker('12G', '15Gi', '6GB', '1.6GB') });
    expect(trinoFindings(f.app, 'QueryMemoryPerNodeLow')).toEqual([]);
  });

  test('non-compliant: set low for both roles in additionalConfigProperties (a later line wins over the chart key)', () => {
    const f = compliantStack({ values: { additionalConfigProperties: ['retry-policy=TASK', 'query.max-memory-per-node=8GB'] } });
    expect(trinoFindings(f.app, 'QueryMemoryPerNodeLow')).toEqual(['Trino-QueryMemoryPerNodeLow[Value::additionalConfigProperties]']);
  });

  test('not applicable: a coordinator that only schedules, with little query memory', () => {
    const f = compliantStack({ values: { coordinator: { config: { query: { maxMemoryPerNode: '2GB' } } } } });
    expect(trinoFindings(f.app, 'QueryMemoryPerNodeLow')).toEqual([]);
  });

  test('non-compliant: a coordinator that also runs tasks (include-coordinator=true), with little query memory', () => {
    const f = compliantStack({
      values: { coordinator: { config: { query: { maxMemoryPerNode: '2GB' }, nodeScheduler: { includeCoordinator: true } } } },
    });
    expect(trinoFindings(f.app, 'QueryMemoryPerNodeLow')).toEqual(['Trino-QueryMemoryPerNodeLow[Value::coordinator.config.query.maxMemoryPerNode]']);
  });

  test('the bound is TrinoSizing\'s smallest queryMemoryFraction', () => {
    const type = new ec2.InstanceType('r8g.4xlarge');
    expect(() => TrinoSizing.forInstanceType(type, { queryMemoryFraction: QUERY_SHARE_MIN })).not.toThrow();
    expect(() => TrinoSizing.forInstanceType(type, { queryMemoryFraction: QUERY_SHARE_MIN - 0.01 })).toThrow(/queryMemoryFraction/);
  });
});
