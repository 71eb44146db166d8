// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { isRaid0, nodeCachingPods, nodeClassOf } from '../private/file-system-cache';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { candidatePools } from '../private/placement';

export const metadata: TrinoRuleMetadata = {
  suffix: 'FileSystemCacheOnRootVolume',
  level: NagMessageLevel.ERROR,
  info: 'A Trino file system cache directory is on the root volume of the coordinator\'s or the workers\' nodes.',
  checks:
    'On a Trino Helm release, for each directory of `fs.cache.directories` of a catalog with `fs.cache.enabled=true`, ' +
    'on the coordinator and the workers: where the Trino container keeps it (`<role>.additionalVolumeMounts` and ' +
    '`<role>.additionalVolumes`). A memory-backed emptyDir, or a volume of another kind than emptyDir (a ' +
    'PersistentVolumeClaim, a generic ephemeral volume, a hostPath), passes. A disk-backed emptyDir, or no volume ' +
    '(the container\'s writable layer), is on the node\'s ephemeral storage: it passes only when every Karpenter ' +
    'NodePool the role can run on launches its nodes with an EC2NodeClass of the stack that sets ' +
    '`instanceStorePolicy: RAID0` (the kubelet\'s directory on the local NVMe). A role that runs on no NodePool of ' +
    'the stack has its ephemeral storage on the root volume; a NodePool whose EC2NodeClass is not in the stack is not ' +
    'judged.',
  why:
    'Trino\'s file system cache fills its directories up to its size limit: on the root volume (100 GiB by default, ' +
    'shared with the OS, the container images and the logs) it takes the space the node needs and the kubelet evicts ' +
    'pods under disk pressure; and a gp3 volume\'s baseline (3,000 IOPS, 125 MiB/s) is no fast local disk, where ' +
    'Trino\'s documentation expects "performance benefits can be minimal". It says: "avoid using the root partition ' +
    'and disk of the node" (trinodb/trino docs/src/main/sphinx/object-storage/file-system-cache.md).',
  fix:
    'Use TrinoCluster\'s `fileSystemCache` with a SpotWorkerPool of `SpotWorkerPool.NVME_INSTANCE_TYPES` on a ' +
    'TrinoNodeClass with `instanceStorePolicy: InstanceStorePolicy.RAID0`; by hand, set `instanceStorePolicy: RAID0` ' +
    'on the EC2NodeClass of the pools and mount an emptyDir at the cache directories (a memory-backed one on a ' +
    'coordinator without instance store).',
  findings: '`CacheDirectory::<role>:<directory>` (the directory is on the root volume of that role\'s nodes)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const caching = nodeCachingPods(ref);
  if (!caching) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  for (const { pod, onNode } of caching.pods) {
    const role = pod.role.role;
    const candidates = pod.constrained ? candidatePools(pod, caching.pools) : [];
    const classes = candidates.map((p) => nodeClassOf(node, p, ref.cluster));
    // a NodePool whose EC2NodeClass is not in the stack: its storage is unknown, not judged
    const rootVolume = candidates.length === 0 || classes.some((c) => c !== undefined && !isRaid0(c));
    if (!rootVolume) continue;
    for (const d of onNode) out.push(finding('CacheDirectory', `${role}:${d.directory}`));
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
