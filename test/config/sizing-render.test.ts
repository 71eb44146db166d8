// SPDX-License-Identifier: Apache-2.0
/**
 * Sizing judged on what Kubernetes receives: the resources and heap of the real chart render against what Karpenter
 * expects the pools' instance types to offer (src/config/private/node-allocatable.ts, Karpenter's own model).
 */
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { renderTrino } from '../../scripts/render/render-stack';
import { CoordinatorPool, SpotWorkerPool, TrinoCluster, TrinoSizing } from '../../src';
import { lookupInstanceSpec } from '../../src/config/instance-types';
import { nodeAllocatable } from '../../src/config/private/node-allocatable';
import { taggedNodeClass } from '../capacity/pools';
import { importedClusterStack } from '../util';

const mib = (q: string) => {
  const m = /^(\d+)(Mi|Gi)$/.exec(q)!;
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
};
const millis = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);
const heapMib = (jvm: string) => {
  const m = /^-Xmx(\d+)([MG])$/m.exec(jvm.split('\n').map((l) => l.trim()).join('\n'))!;
  return Number(m[1]) * (m[2] === 'G' ? 1024 : 1);
};

test('on the default pools, every rendered pod plus the DaemonSet allowance fits every instance type its pool allows', () => {
  const { stack, cluster } = importedClusterStack();
  const nodeClass = taggedNodeClass(stack, cluster);
  const workerPool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: 'us-west-2a' });
  const coordinatorPool = new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass, zone: 'us-west-2a' });
  const trino = new TrinoCluster(stack, 'Trino', { cluster, workerPool, coordinatorPool });
  const r = renderTrino(Template.fromStack(stack).toJSON());
  for (const [role, pool, sizing] of [
    ['worker', workerPool, trino.workerSizing],
    ['coordinator', coordinatorPool, trino.coordinatorSizing],
  ] as const) {
    const resources = r.trinoContainer(role).resources;
    expect(resources.requests).toEqual(resources.limits);
    for (const type of pool.instanceTypes) {
      const node = nodeAllocatable(lookupInstanceSpec(type.toString())!, sizing.vmMemoryOverheadPercent);
      const memory = mib(resources.requests.memory) + sizing.daemonSetMemory.toMebibytes();
      const cpu = millis(resources.requests.cpu) + sizing.daemonSetCpuMillis;
      expect([role, type.toString(), memory <= node.memoryMiB, cpu <= node.cpuMillis]).toEqual([role, type.toString(), true, true]);
    }
  }
});

test.each(['r6i.16xlarge', 'r7i.16xlarge', 'r8g.16xlarge', 'r8g.4xlarge'])('%s: the rendered heap stays under 256 GB and within the container', (type) => {
  const { stack, cluster } = importedClusterStack();
  new TrinoCluster(stack, 'Trino', { cluster, workerInstanceType: new ec2.InstanceType(type) });
  const r = renderTrino(Template.fromStack(stack).toJSON());
  const heap = heapMib(r.configFile('worker', 'jvm.config')!);
  expect(heap * 2 ** 20).toBeLessThan(256e9);
  expect(heap).toBeLessThanOrEqual(TrinoSizing.MAX_HEAP.toMebibytes());
  const container = mib(r.trinoContainer('worker').resources.limits.memory);
  expect(heap).toBeLessThan(container);
  const perNode = r.properties('worker', 'config.properties')['query.max-memory-per-node'];
  expect(perNode).toMatch(/^\d+(MB|GB)$/);
});
