// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { KubeObject, kubeObjects, nameOf, TrinoChartRef } from './kubernetes';
import { intersect, NodePoolView, PodPlacement, podValues, poolValues, releasePlacement, Values } from './placement';
import { hasReference } from './quantities';
import { propertyLines } from './values';
import { RenderedTrinoRole } from '../../config/chart';
import { lookupInstanceSpec } from '../../config/instance-types';

export const INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
export const INSTANCE_FAMILY = 'karpenter.k8s.aws/instance-family';
export const INSTANCE_LOCAL_NVME = 'karpenter.k8s.aws/instance-local-nvme';

/** A cache directory of a catalog (`fs.cache.directories` of a catalog with `fs.cache.enabled=true`). */
export interface CacheDirectory {
  readonly catalog: string;
  readonly directory: string;
}

/**
 * The cache directories of a release's catalogs. Trino 480 reads the file system cache settings from each catalog's
 * properties (trinodb/trino lib/trino-filesystem-manager FileSystemConfig `fs.cache.enabled`,
 * lib/trino-filesystem-cache-alluxio AlluxioFileSystemCacheConfig `fs.cache.directories`, comma-separated).
 */
export function cacheDirectories(ref: TrinoChartRef): CacheDirectory[] {
  const out: CacheDirectory[] = [];
  for (const [catalog, text] of Object.entries(ref.chart.catalogs)) {
    const props = Object.fromEntries(propertyLines(text));
    if (String(props['fs.cache.enabled'] ?? '').toLowerCase() !== 'true') continue;
    for (const directory of String(props['fs.cache.directories'] ?? '').split(',').map((d) => d.trim())) {
      if (directory) out.push({ catalog, directory });
    }
  }
  return out;
}

/**
 * Where a directory of a role's Trino container lives:
 * - `memory`: a memory-backed emptyDir (tmpfs);
 * - `dedicated`: a volume of another type (a PersistentVolumeClaim, a generic ephemeral volume, a hostPath ...),
 *   storage the user chose, not judged;
 * - `node`: the node's ephemeral storage: a disk-backed emptyDir, or no volume at all (the container's writable
 *   layer). That is the root volume unless the node's EC2NodeClass puts the kubelet on the instance store (RAID0).
 */
export type DirectoryStorage = 'memory' | 'dedicated' | 'node' | 'unknown';

/** The storage of a directory of a role's container, from its extra volumes and mounts (the longest mount prefix). */
export function directoryStorage(role: RenderedTrinoRole, directory: string): DirectoryStorage {
  const mounts = role.volumeMounts.value.filter((m) => m && typeof m.mountPath === 'string' && typeof m.name === 'string');
  if (hasReference([role.volumes.value, role.volumeMounts.value])) return 'unknown';
  const covering = mounts
    .filter((m) => isUnder(directory, m.mountPath))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  if (!covering) return 'node';
  const volume = role.volumes.value.find((v) => v && v.name === covering.name);
  if (!volume) return 'node';
  if (volume.emptyDir !== undefined) return volume.emptyDir?.medium === 'Memory' ? 'memory' : 'node';
  return 'dedicated';
}

function isUnder(directory: string, mountPath: string): boolean {
  const base = mountPath.replace(/\/+$/, '');
  return directory === base || directory.startsWith(`${base}/`) || base === '';
}

/** The EC2NodeClass a NodePool launches its nodes with, when it is applied in the stack; undefined when unknown. */
export function nodeClassOf(node: CfnResource, pool: NodePoolView, cluster: string): KubeObject | undefined {
  const ref = pool.source.obj.spec?.template?.spec?.nodeClassRef;
  if (!ref || hasReference(ref)) return undefined;
  return kubeObjects(node, 'EC2NodeClass', 'karpenter.k8s.aws', cluster).find((c) => nameOf(c.obj) === String(ref.name));
}

/** Whether an EC2NodeClass makes the instance store the nodes' ephemeral storage. */
export function isRaid0(nodeClass: KubeObject): boolean {
  return nodeClass.obj.spec?.instanceStorePolicy === 'RAID0';
}

/**
 * Whether an instance type has local NVMe instance store: from the library's table (EC2 `TotalSizeInGB`), else by
 * EC2's naming: a `d` among the attribute letters after the generation (r6gd, m5dn, x2idn, g4dn) or a
 * storage-optimized family (i3, i4i, im4gn, is4gen, d3).
 */
export function hasInstanceStore(instanceType: string): boolean {
  const spec = lookupInstanceSpec(instanceType);
  if (spec) return spec.instanceStore !== undefined;
  return familyHasInstanceStore(instanceType.split('.')[0]);
}

export function familyHasInstanceStore(family: string): boolean {
  const m = /^([a-z]+)(\d+)([a-z-]*)$/.exec(family);
  if (!m) return false;
  return m[3].includes('d') || ['i', 'im', 'is', 'd'].includes(m[1]);
}

/**
 * The instance types (or families) a pool can launch for these pods that have no instance store; `any` when the pool
 * and the pods do not narrow the types at all (every EC2 type, most without instance store).
 */
export function typesWithoutInstanceStore(pod: PodPlacement, pool: NodePoolView): string[] | 'any' {
  const narrowed = (key: string): Values | 'absent' => {
    const pv = poolValues(pool, key);
    return pv === 'absent' ? 'absent' : intersect(pv, podValues(pod, key));
  };
  const types = narrowed(INSTANCE_TYPE);
  if (types === 'absent') return [];
  if (types !== 'any') return [...types].filter((t) => !hasInstanceStore(t));
  const families = narrowed(INSTANCE_FAMILY);
  if (families === 'absent') return [];
  if (families !== 'any') return [...families].filter((f) => !familyHasInstanceStore(f));
  const nvme = pool.requirements.some((r) => r.key === INSTANCE_LOCAL_NVME
    && (r.operator === 'Exists' || (r.operator === 'Gt' && Number((r.values ?? [])[0]) >= 0)));
  return nvme ? [] : 'any';
}

/**
 * The pods of a release that cache on their nodes' storage (a cache directory not on a memory volume), with those
 * directories, and the release's NodePools; undefined when the release has no cache. Roles whose placement holds an
 * unresolved value are left out (not judged).
 */
export function nodeCachingPods(ref: TrinoChartRef):
{ pools: NodePoolView[]; pods: Array<{ pod: PodPlacement; onNode: CacheDirectory[] }> } | undefined {
  const directories = cacheDirectories(ref);
  if (directories.length === 0) return undefined;
  const { pools, coordinator, worker, unresolved } = releasePlacement(ref);
  const roles = ref.chart.worker.rendered ? [coordinator, worker] : [coordinator];
  const pods = roles
    .filter((pod) => !unresolved[pod.role.role])
    .map((pod) => ({ pod, onNode: directories.filter((d) => directoryStorage(pod.role, d.directory) === 'node') }))
    .filter((p) => p.onNode.length > 0);
  return { pools, pods };
}
