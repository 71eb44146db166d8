// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { nodeCachingPods, typesWithoutInstanceStore } from '../private/file-system-cache';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { candidatePools } from '../private/placement';

export const metadata: TrinoRuleMetadata = {
  suffix: 'FileSystemCacheWithoutInstanceStore',
  level: NagMessageLevel.ERROR,
  info: 'A Trino file system cache is on the ephemeral storage of nodes whose instance types may have no local NVMe.',
  checks:
    'On a Trino Helm release with a catalog that sets `fs.cache.enabled=true`, for the coordinator and the workers ' +
    'when a cache directory is on the node\'s ephemeral storage (a disk-backed emptyDir or the container layer, as in ' +
    'Trino-FileSystemCacheOnRootVolume): every Karpenter NodePool the role can run on allows only instance types with ' +
    'local NVMe instance store, read from its `node.kubernetes.io/instance-type` or ' +
    '`karpenter.k8s.aws/instance-family` requirement (narrowed by the pods\' own selection; the library\'s instance ' +
    'table, else EC2\'s naming: a `d` in the attributes such as r6gd or m5dn, or a storage-optimized family), or ' +
    'requires `karpenter.k8s.aws/instance-local-nvme` (`Gt` or `Exists`).',
  why:
    'With `instanceStorePolicy: RAID0`, Karpenter makes the local NVMe the node\'s ephemeral storage only on types ' +
    'that have one; on the others the ephemeral storage stays the root volume, so a pool that also allows them puts ' +
    'the cache on the root volume of some nodes, and gives those workers no local disk to cache on (aws/karpenter-' +
    'provider-aws pkg/providers/instancetype/types.go, `ephemeralStorage`).',
  fix:
    'Allow only instance types with instance store in the pool (`SpotWorkerPool.NVME_INSTANCE_TYPES`, ' +
    '`CoordinatorPool.NVME_INSTANCE_TYPES`, or a `karpenter.k8s.aws/instance-local-nvme` `Gt 0` requirement); keep a ' +
    'coordinator without instance store on a memory-backed cache volume (TrinoCluster `fileSystemCache` does).',
  findings: '`NodePool::<name>` (it allows instance types without instance store for a role that caches on its nodes)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const caching = nodeCachingPods(ref);
  if (!caching) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  for (const { pod } of caching.pods) {
    if (!pod.constrained) continue;
    for (const pool of candidatePools(pod, caching.pools)) {
      const without = typesWithoutInstanceStore(pod, pool);
      if (without === 'any' || without.length > 0) out.push(finding('NodePool', pool.name));
    }
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
