// SPDX-License-Identifier: Apache-2.0
/**
 * Placement judged on what Kubernetes receives: the pods of the real chart render against the Karpenter NodePools
 * the stack applies. A pod can land on a pool's nodes when every node selector is a label those nodes get (template
 * labels, `karpenter.sh/nodepool`, or a requirement's single value) and every taint of the pool is tolerated.
 */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { renderTrino, stackManifests } from '../../scripts/render/render-stack';
import { CoordinatorPool, SpotWorkerPool, TrinoCluster, TrinoKedaScaler } from '../../src';
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

describe('pod grace against the pools\' terminationGracePeriod', () => {
  const synth = (workerGrace: Duration, coordinatorGrace: Duration, helmValues?: any) => () => {
    const { stack, cluster } = importedClusterStack();
    const nodeClass = taggedNodeClass(stack, cluster);
    const workerPool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: 'us-west-2a', terminationGracePeriod: workerGrace });
    const coordinatorPool = new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass, zone: 'us-west-2a', terminationGracePeriod: coordinatorGrace });
    const trino = new TrinoCluster(stack, 'Trino', { cluster, workerPool, coordinatorPool, minWorkers: 0, helmValues });
    new TrinoKedaScaler(stack, 'Scaler', { trino });
    Template.fromStack(stack);
  };

  test('the defaults fit: the scaler\'s worker grace is shorter than the Spot pool\'s', () => {
    expect(synth(SpotWorkerPool.DEFAULT_TERMINATION_GRACE_PERIOD, CoordinatorPool.DEFAULT_TERMINATION_GRACE_PERIOD)).not.toThrow();
  });

  test('a worker grace longer than the pool\'s fails synth', () => {
    expect(synth(Duration.minutes(10), CoordinatorPool.DEFAULT_TERMINATION_GRACE_PERIOD)).toThrow(
      /The worker pods' termination grace \(\d+ s, chart value `worker.terminationGracePeriodSeconds`\) is longer than the `terminationGracePeriod` of `workerPool` 'Stack\/Workers' \(600 s\)/,
    );
  });

  test('a coordinator grace raised through helmValues beyond its pool\'s fails synth', () => {
    const helmValues = { coordinator: { terminationGracePeriodSeconds: 3600 } };
    expect(synth(SpotWorkerPool.DEFAULT_TERMINATION_GRACE_PERIOD, Duration.minutes(30), helmValues)).toThrow(
      /The coordinator pods' termination grace \(3600 s.*`coordinatorPool` 'Stack\/Coordinator' \(1800 s\)/,
    );
  });
});
