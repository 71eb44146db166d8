// SPDX-License-Identifier: Apache-2.0
/**
 * The file system cache judged on what Kubernetes receives: the real chart 1.42.2 render of the Trino release (cache
 * volume and mount on the coordinator and every worker, ephemeral-storage requests, the catalogs' fs.cache
 * properties against Trino 480's names), and the EC2NodeClass and NodePools against the Karpenter CRDs with CEL.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { cacheStack, types } from './cache-stack';
import { RenderedRelease, renderTrino, stackManifests } from '../../scripts/render/render-stack';
import { CoordinatorPool, SpotWorkerPool } from '../../src';
import { lookupInstanceSpec } from '../../src/config/instance-types';
import { nodeEphemeralStorage } from '../../src/config/private/node-allocatable';
import { chartKeyTypeErrors, unknownChartKeys } from '../conformance/chart-values';
import { kubernetesSchemaErrors } from '../conformance/kubernetes';
import { findTrinoProperty, invalidTrinoPropertyValues, unknownTrinoProperties } from '../conformance/trino-properties';

type Role = 'coordinator' | 'worker';

function render(o: Parameters<typeof cacheStack>[0] = {}) {
  const { stack, trino } = cacheStack(o);
  const template = Template.fromStack(stack).toJSON();
  return { r: renderTrino(template), manifests: stackManifests(template), trino };
}

/** The cache volume of a role's pod and where its Trino container mounts it. */
function cacheVolume(r: RenderedRelease, role: Role) {
  const pod = r.deployment(role).spec.template.spec;
  const mounts = r.trinoContainer(role).volumeMounts.filter((m: any) => m.name === 'fs-cache');
  return { volume: pod.volumes.find((v: any) => v.name === 'fs-cache'), mounts };
}

/** Parses a Kubernetes quantity in Mi. */
const mi = (q: string) => Number(/^(\d+)Mi$/.exec(q)![1]) * 2 ** 20;

describe.each([
  ['coordinator without a pool (memory volume)', {}],
  ['coordinator on NVMe', { coordinatorPool: { instanceTypes: types(CoordinatorPool.NVME_INSTANCE_TYPES) } }],
])('file system cache, %s', (_name, options) => {
  const { r, manifests, trino } = render(options);
  const catalogs = r.catalogs();
  const caching = Object.entries(catalogs).filter(([, p]) => p['fs.cache.enabled'] === 'true');

  test('every rendered object and every manifest (NodePools, EC2NodeClass) conforms to its schema or CRD', () => {
    expect(kubernetesSchemaErrors([...r.objects, ...manifests])).toEqual([]);
    const nodeClass = manifests.find((m) => m.kind === 'EC2NodeClass')!;
    expect(nodeClass.spec.instanceStorePolicy).toBe('RAID0');
  });

  test('the values use only keys of the pinned chart, with their types', () => {
    expect(unknownChartKeys(r.values)).toEqual([]);
    expect(chartKeyTypeErrors(r.values)).toEqual([]);
  });

  test('the Hive and Iceberg catalogs cache, with Trino 480 names and values', () => {
    expect(caching.map(([name]) => name).sort()).toEqual(['hive', 'iceberg']);
    for (const [name, props] of caching) {
      const kind = `catalog-${props['connector.name']}`;
      expect(unknownTrinoProperties(kind, props)).toEqual([]);
      expect(invalidTrinoPropertyValues(kind, props)).toEqual([]);
      // properties.json has no type for these two: check what Trino 480's config classes parse
      // (FileSystemConfig boolean; AlluxioFileSystemCacheConfig List<@Min(0) @Max(100) Integer>)
      expect(findTrinoProperty(kind, 'fs.cache.enabled')).toBeDefined();
      expect(props['fs.cache.max-disk-usage-percentages']).toMatch(/^\d+$/);
      expect(props['fs.cache.directories']).toBe(`/cache/${name}`);
    }
  });

  test('the directories are catalog-specific and their percentages of the one cache file system add up to at most 100', () => {
    const dirs = caching.map(([, p]) => p['fs.cache.directories']);
    expect(new Set(dirs).size).toBe(dirs.length);
    const total = caching.reduce((n, [, p]) => n + Number(p['fs.cache.max-disk-usage-percentages']), 0);
    expect(total).toBeLessThanOrEqual(trino._config.fileSystemCache!.maxDiskUsagePercentage);
    expect(total).toBeLessThanOrEqual(100);
  });

  test.each<Role>(['coordinator', 'worker'])('the %s mounts the cache volume where every cache directory is', (role) => {
    const { volume, mounts } = cacheVolume(r, role);
    expect(volume).toBeDefined();
    expect(mounts).toHaveLength(1);
    for (const [, p] of caching) {
      expect(p['fs.cache.directories'].startsWith(`${mounts[0].mountPath}/`)).toBe(true);
    }
    expect(mounts[0].readOnly).toBeFalsy();
  });

  test('the workers\' cache is a disk-backed emptyDir (the NVMe under RAID0) with an ephemeral-storage request that fits every node of the pool', () => {
    const { volume } = cacheVolume(r, 'worker');
    expect(volume.emptyDir).toEqual({});
    const c = r.trinoContainer('worker');
    const requested = mi(c.resources.requests['ephemeral-storage']);
    expect(c.resources.limits['ephemeral-storage']).toBeUndefined();
    for (const t of SpotWorkerPool.NVME_INSTANCE_TYPES) {
      const eph = nodeEphemeralStorage(lookupInstanceSpec(t)!, true, 0);
      expect(requested).toBeLessThanOrEqual(eph.allocatableBytes);
      // on every type the cache share plus the allowance stays under Karpenter's allocatable
      expect(eph.capacityBytes * 0.8 + 5 * 2 ** 30).toBeLessThanOrEqual(eph.allocatableBytes);
    }
    // cpu and memory requests still equal the limits: Guaranteed QoS
    expect(c.resources.requests.cpu).toBe(c.resources.limits.cpu);
    expect(c.resources.requests.memory).toBe(c.resources.limits.memory);
  });

  test('the coordinator\'s cache is never on its root volume', () => {
    const { volume } = cacheVolume(r, 'coordinator');
    const c = r.trinoContainer('coordinator');
    if (trino._config.fileSystemCache!.coordinator.medium === 'memory') {
      expect(volume.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '512Mi' });
      expect(c.resources.requests['ephemeral-storage']).toBeUndefined();
    } else {
      expect(volume.emptyDir).toEqual({});
      const eph = nodeEphemeralStorage(lookupInstanceSpec('m7gd.2xlarge')!, true, 0);
      expect(mi(c.resources.requests['ephemeral-storage'])).toBeLessThanOrEqual(eph.allocatableBytes);
      const coordinatorPool = manifests.find((m) => m.kind === 'NodePool' && m.metadata.labels['app.kubernetes.io/component'] === 'coordinator')!;
      const typesReq = coordinatorPool.spec.template.spec.requirements.find((q: any) => q.key === 'node.kubernetes.io/instance-type');
      expect(typesReq.values).toEqual(CoordinatorPool.NVME_INSTANCE_TYPES);
    }
  });

  test('the worker NodePool allows only instance-store types, on the RAID0 node class', () => {
    const workerPool = manifests.find((m) => m.kind === 'NodePool' && m.metadata.labels['app.kubernetes.io/component'] === 'worker')!;
    const nodeClass = manifests.find((m) => m.kind === 'EC2NodeClass')!;
    expect(workerPool.spec.template.spec.nodeClassRef.name).toBe(nodeClass.metadata.name);
    const typesReq = workerPool.spec.template.spec.requirements.find((q: any) => q.key === 'node.kubernetes.io/instance-type');
    for (const t of typesReq.values) expect(lookupInstanceSpec(t)?.instanceStore).toBeDefined();
  });
});
