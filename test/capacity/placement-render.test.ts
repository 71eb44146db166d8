// SPDX-License-Identifier: Apache-2.0
/**
 * Placement judged on what Kubernetes receives: the pods of the real chart render against the Karpenter NodePools
 * the stack applies. A pod can land on a pool's nodes when every node selector is a label those nodes get (template
 * labels, `karpenter.sh/nodepool`, or a requirement's single value) and every taint of the pool is tolerated.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { renderTrino, stackManifests } from '../../scripts/render/render-stack';
import { CoordinatorPool, SpotWorkerPool, TrinoCluster } from '../../src';
import { kubernetesSchemaErrors } from '../conformance/kubernetes';
import { importedClusterStack } from '../util';
import { taggedNodeClass } from './pools';

/** Why a pod cannot be placed on a NodePool's nodes; empty when it can. */
function placementProblems(pod: any, nodePool: any): string[] {
  const t = nodePool.spec.template;
  const problems: string[] = [];
  for (const [key, value] of Object.entries<string>(pod.nodeSelector ?? {})) {
    const label = key === 'karpenter.sh/nodepool' ? nodePool.metadata.name : t.metadata?.labels?.[key];
    const req = (t.spec.requirements ?? []).find((x: any) => x.key === key);
    const fromRequirement = req?.operator === 'In' && req.values.length === 1 ? req.values[0] : undefined;
    if (label !== value && fromRequirement !== value) problems.push(`nodeSelector ${key}=${value} is not a label of the pool's nodes`);
  }
  for (const taint of t.spec.taints ?? []) {
    const tolerated = (pod.tolerations ?? []).some(
      (x: any) =>
        (x.key === taint.key || (x.key === undefined && x.operator === 'Exists')) &&
        (x.effect === undefined || x.effect === taint.effect) &&
        (x.operator === 'Exists' || x.value === taint.value),
    );
    if (!tolerated) problems.push(`taint ${taint.key}=${taint.value}:${taint.effect} is not tolerated`);
  }
  return problems;
}

describe('with a Spot worker pool and a coordinator pool', () => {
  const { stack, cluster } = importedClusterStack();
  const nodeClass = taggedNodeClass(stack, cluster);
  const workerPool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: 'us-west-2a' });
  const coordinatorPool = new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass, zone: 'us-west-2a' });
  new TrinoCluster(stack, 'Trino', { cluster, workerPool, coordinatorPool });
  const template = Template.fromStack(stack).toJSON();
  const r = renderTrino(template);
  const pools = stackManifests(template).filter((o) => o.kind === 'NodePool');
  const pool = (name: string) => pools.find((p) => p.metadata.name === name)!;
  const podSpec = (role: 'coordinator' | 'worker') => r.deployment(role).spec.template.spec;

  test('every rendered object conforms to the Kubernetes OpenAPI schema', () => {
    expect(kubernetesSchemaErrors(r.objects)).toEqual([]);
  });

  test('the workers land on the Spot pool only', () => {
    expect(placementProblems(podSpec('worker'), pool(workerPool.nodePoolName))).toEqual([]);
    expect(placementProblems(podSpec('worker'), pool(coordinatorPool.nodePoolName)).length).toBeGreaterThan(0);
    expect(podSpec('worker').nodeSelector['karpenter.sh/capacity-type']).toBe('spot');
  });

  test('the coordinator lands on the On-Demand pool only', () => {
    expect(placementProblems(podSpec('coordinator'), pool(coordinatorPool.nodePoolName))).toEqual([]);
    expect(placementProblems(podSpec('coordinator'), pool(workerPool.nodePoolName)).length).toBeGreaterThan(0);
    expect(podSpec('coordinator').nodeSelector['karpenter.sh/capacity-type']).toBe('on-demand');
  });
});

test('without pools the pods select no nodes and tolerate nothing', () => {
  const { stack, cluster } = importedClusterStack();
  new TrinoCluster(stack, 'Trino', { cluster });
  const r = renderTrino(Template.fromStack(stack).toJSON());
  for (const role of ['coordinator', 'worker'] as const) {
    const spec = r.deployment(role).spec.template.spec;
    expect(spec.nodeSelector).toBeUndefined();
    expect(spec.tolerations).toBeUndefined();
  }
});
