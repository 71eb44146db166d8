// SPDX-License-Identifier: Apache-2.0
import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { nodeEphemeralStorage } from './node-allocatable';
import { InstanceStorePolicy } from '../../capacity/trino-node-class';
import type { ITrinoNodePool } from '../../capacity/trino-node-pool';
import { FileSystemCacheOptions } from '../file-system-cache';
import { InstanceSpec } from '../instance-spec';
import { instanceFamilies } from '../instance-types';
import { TrinoSizing } from '../sizing';

/*
 * How Trino 480 runs its file system cache (trinodb/trino at 0ace945c, the 480 release):
 * - lib/trino-filesystem-manager/.../FileSystemModule.java installs AlluxioFileSystemCacheModule for a catalog with
 *   `fs.cache.enabled=true` on every node, the coordinator included; on the coordinator it also binds
 *   ConsistentHashingHostAddressProvider, which gives each file's splits the same preferred workers.
 * - lib/trino-filesystem-cache-alluxio/.../AlluxioConfigurationFactory.java: each directory needs a writable nearest
 *   existing ancestor (`canWrite`), and `fs.cache.max-disk-usage-percentages` is a share of the total space of the file
 *   system that holds the directory (`totalSpace`, `File.getTotalSpace()`).
 * - AlluxioFileSystemCacheConfig.java: `fs.cache.ttl` (default 7d, at least 0s, rounded to seconds for Alluxio),
 *   `fs.cache.page-size` (64kB to 15MB).
 * - docs/src/main/sphinx/object-storage/file-system-cache.md: directories must be specific to each catalog, and the
 *   percentages of directories on one disk must add up to at most 100.
 */

/** Connectors whose catalogs can use the file system cache (Trino 480 file-system-cache.md: Delta Lake, Hive, Iceberg). */
export const FILE_SYSTEM_CACHE_CONNECTORS: readonly string[] = ['hive', 'iceberg', 'delta_lake'];

/** Where the cache volume is mounted in the Trino containers; each catalog caches in `<this>/<catalog>`. */
export const FILE_SYSTEM_CACHE_MOUNT_PATH = '/cache';

/** Defaults of FileSystemCacheOptions. */
export const FILE_SYSTEM_CACHE_DEFAULTS = {
  maxDiskUsagePercentage: 80,
  ttl: Duration.days(7),
  coordinatorMemoryVolumeSize: Size.mebibytes(512),
} as const;

/**
 * What a Trino pod stores on its node's ephemeral storage besides the cache: its container layer (`node.data-dir`
 * `/data/trino`, the launcher's files; heap dumps are off) and its logs, which the kubelet rotates (5 files of 10 MiB
 * per container by default). Added to the cache in the pod's ephemeral-storage request.
 */
export const POD_STORAGE_ALLOWANCE = Size.gibibytes(5);

/** Smallest and largest `fs.cache.page-size` Trino 480 accepts (@MinDataSize("64kB"), @MaxDataSize("15MB")). */
const MIN_PAGE_KIB = 64;
const MAX_PAGE_KIB = 15 * 1024;
/** The share of the coordinator's off-heap memory (container minus heap) the memory-backed cache volume may take. */
export const COORDINATOR_MEMORY_VOLUME_MAX_SHARE = 0.25;

/**
 * Where a role keeps its cache directories.
 * @internal
 */
export interface CacheVolumeModel {
  /** `nvme`: a disk-backed emptyDir on the node's ephemeral storage, the local NVMe; `memory`: a tmpfs emptyDir */
  readonly medium: 'nvme' | 'memory';
  /** nvme: the pod's ephemeral-storage request (the cache on the smallest node plus the allowance), in bytes */
  readonly ephemeralStorageRequestBytes?: number;
  /** memory: the tmpfs size, in MiB */
  readonly memoryMiB?: number;
  /** nvme: the smallest local NVMe of the role's nodes, in bytes (the request's base) */
  readonly smallestDiskBytes?: number;
}

/**
 * The file system cache of a cluster, resolved and checked against its pools.
 * @internal
 */
export interface FileSystemCacheModel {
  /** the share of each node's cache file system all catalogs together may fill */
  readonly maxDiskUsagePercentage: number;
  /** `fs.cache.ttl` text */
  readonly ttl: string;
  /** `fs.cache.page-size` text, when set */
  readonly pageSize?: string;
  readonly worker: CacheVolumeModel;
  readonly coordinator: CacheVolumeModel;
}

/**
 * What TrinoCluster knows when it resolves the cache.
 * @internal
 */
export interface FileSystemCacheInput {
  readonly options: FileSystemCacheOptions;
  readonly workerPool?: ITrinoNodePool;
  readonly coordinatorPool?: ITrinoNodePool;
  readonly coordinatorSizing: TrinoSizing;
  /** the Trino release (image tag) */
  readonly trinoVersion: string;
}

/**
 * The first Trino release that no longer reads the cache settings from catalog files: they move to a node-level
 * `alluxio` cache manager (`cache-manager.config-files`), and catalogs keep only `fs.cache.enabled` (trinodb/trino
 * docs/src/main/sphinx/release/release-484.md, Hive, Iceberg and Delta Lake sections; issue 29184).
 */
export const CACHE_MANAGER_TRINO_VERSION = 484;

/**
 * Checks the cache options against the pools and returns the model the chart renders.
 * @internal
 */
export function resolveFileSystemCache(input: FileSystemCacheInput): FileSystemCacheModel {
  const o = input.options;
  const release = /^(\d+)/.exec(input.trinoVersion);
  if (!Token.isUnresolved(input.trinoVersion) && release && Number(release[1]) >= CACHE_MANAGER_TRINO_VERSION) {
    throw new Error(
      '`fileSystemCache` renders Trino 480\'s catalog-level cache settings (fs.cache.directories, ' +
        `fs.cache.max-disk-usage-percentages, fs.cache.ttl in each catalog), which Trino ${CACHE_MANAGER_TRINO_VERSION} ` +
        'and later refuse: they moved to a node-level cache manager (cache-manager.config-files). `trinoVersion` ' +
        `is '${input.trinoVersion}'; use a release before ${CACHE_MANAGER_TRINO_VERSION} with \`fileSystemCache\` ` +
        '(see docs/performance.md).',
    );
  }
  const percentage = o.maxDiskUsagePercentage ?? FILE_SYSTEM_CACHE_DEFAULTS.maxDiskUsagePercentage;
  if (Token.isUnresolved(percentage)) {
    throw new Error('`fileSystemCache.maxDiskUsagePercentage` must be a literal number (it is checked against the local disks at synth), got a token.');
  }
  if (!Number.isInteger(percentage) || percentage < 1 || percentage > 100) {
    throw new Error(
      '`fileSystemCache.maxDiskUsagePercentage` must be an integer between 1 and 100 (percent of each node\'s local ' +
        `NVMe file system), got: ${percentage}.`,
    );
  }
  const ttl = trinoDuration('fileSystemCache.ttl', o.ttl ?? FILE_SYSTEM_CACHE_DEFAULTS.ttl);
  const pageSize = o.pageSize === undefined ? undefined : trinoPageSize(o.pageSize);

  if (!input.workerPool) {
    throw new Error(
      '`fileSystemCache` needs `workerPool`: a SpotWorkerPool of instance types with local NVMe instance store ' +
        '(SpotWorkerPool.NVME_INSTANCE_TYPES) whose TrinoNodeClass has `instanceStorePolicy: InstanceStorePolicy.RAID0`. ' +
        'Without it the library cannot tell where the workers\' ephemeral storage is, and the cache would land on ' +
        'their root volume.',
    );
  }
  const worker = nvmeVolume('workerPool', 'workers', input.workerPool, percentage, false);
  const coordinator = input.coordinatorPool
    ? nvmeVolume('coordinatorPool', 'coordinator', input.coordinatorPool, percentage, true)
    : undefined;
  return {
    maxDiskUsagePercentage: percentage,
    ttl,
    pageSize,
    worker: worker!,
    coordinator: coordinator ?? memoryVolume(o, input.coordinatorSizing),
  };
}

/**
 * The cache volume of a role on its pool's local NVMe. Undefined when `optional` (the coordinator) and the pool has no
 * instance store at all: the coordinator then uses the memory volume.
 */
function nvmeVolume(prop: string, pods: string, pool: ITrinoNodePool, percentage: number, optional: boolean): CacheVolumeModel | undefined {
  const specs = pool.instanceTypes.map((t) => TrinoSizing.instanceSpec(t));
  const raid0 = pool.nodeClass?.instanceStorePolicy === InstanceStorePolicy.RAID0;
  const withStore = specs.filter((s) => s.instanceStore !== undefined);
  const without = specs.filter((s) => s.instanceStore === undefined);
  // the coordinator may run without local NVMe: it then keeps its cache in memory
  if (optional && (!raid0 || withStore.length === 0)) return undefined;
  if (!raid0) {
    throw new Error(
      `\`fileSystemCache\`: the node class of \`${prop}\` '${pool.node.path}' ` +
        `(${pool.nodeClass ? `'${pool.nodeClass.nodeClassName}'` : 'unknown'}) does not set \`instanceStorePolicy: ` +
        'InstanceStorePolicy.RAID0`, so Karpenter leaves the local NVMe unused and the cache would fill the root ' +
        `volume of the ${pods}' nodes. Set it on the TrinoNodeClass (or declare it with ` +
        'TrinoNodeClass.fromNodeClassAttributes for an EC2NodeClass that sets it).',
    );
  }
  if (without.length > 0) {
    const suggestion = prop === 'workerPool' ? 'SpotWorkerPool.NVME_INSTANCE_TYPES' : 'CoordinatorPool.NVME_INSTANCE_TYPES';
    throw new Error(
      `\`fileSystemCache\`: \`${prop}\` '${pool.node.path}' allows instance types without local NVMe instance store ` +
        `(${without.map((s) => s.instanceType).join(', ')}): their ephemeral storage is the root volume, where the ` +
        `cache must not go. Allow only types with instance store, such as ${suggestion} ` +
        `(${familiesWithStore().join(', ')})` +
        (optional ? ', or only types without it (the coordinator then keeps its cache in memory).' : '.'),
    );
  }
  const share = percentage / 100;
  const allowance = POD_STORAGE_ALLOWANCE.toBytes();
  for (const s of specs) {
    const eph = nodeEphemeralStorage(s, true, 0);
    const cache = Math.ceil(eph.capacityBytes * share);
    if (cache + allowance > eph.allocatableBytes) {
      const max = Math.min(...specs.map(maxPercentage));
      throw new Error(
        `\`fileSystemCache.maxDiskUsagePercentage\` ${percentage} is too large for \`${prop}\`: on ${s.instanceType} the ` +
          `cache would be ${gb(cache)} of its ${gb(eph.capacityBytes)} of local NVMe, and with ` +
          `${POD_STORAGE_ALLOWANCE.toGibibytes()} GiB for the pod's logs and container layer more than the ` +
          `${gb(eph.allocatableBytes)} Karpenter and the kubelet let pods use (the NVMe minus the 10% eviction ` +
          `threshold and 1 GiB reserved): the node would evict the ${pods}. Allowed: at most ${max}.`,
      );
    }
  }
  const smallest = Math.min(...specs.map((s) => s.instanceStore!.toBytes()));
  return {
    medium: 'nvme',
    smallestDiskBytes: smallest,
    ephemeralStorageRequestBytes: Math.ceil(smallest * share) + allowance,
  };
}

/** The largest percentage whose cache and allowance fit the node's allocatable ephemeral storage. */
function maxPercentage(s: InstanceSpec): number {
  const eph = nodeEphemeralStorage(s, true, 0);
  return Math.floor(((eph.allocatableBytes - POD_STORAGE_ALLOWANCE.toBytes()) / eph.capacityBytes) * 100);
}

function memoryVolume(o: FileSystemCacheOptions, sizing: TrinoSizing): CacheVolumeModel {
  const size = o.coordinatorMemoryVolumeSize ?? FILE_SYSTEM_CACHE_DEFAULTS.coordinatorMemoryVolumeSize;
  const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (Token.isUnresolved(mib)) {
    throw new Error('`fileSystemCache.coordinatorMemoryVolumeSize` must be a literal size, got a token.');
  }
  const offHeapMiB = sizing.containerMemory.toMebibytes() - sizing.heap.toMebibytes();
  const maxMiB = Math.floor(offHeapMiB * COORDINATOR_MEMORY_VOLUME_MAX_SHARE);
  if (!Number.isInteger(mib) || mib < 64 || mib > maxMiB) {
    throw new Error(
      `\`fileSystemCache.coordinatorMemoryVolumeSize\` must be a whole number of MiB from 64 MiB to ${maxMiB} MiB, got ` +
        `${mib} MiB: the volume is memory of the coordinator container (${sizing.instance.instanceType}: ` +
        `${sizing.containerMemory.toMebibytes()} MiB, ${offHeapMiB} MiB of it outside the heap), and may take at most a ` +
        'quarter of what the heap leaves. Put the coordinator on local NVMe (a CoordinatorPool of ' +
        'CoordinatorPool.NVME_INSTANCE_TYPES with InstanceStorePolicy.RAID0) for a larger coordinator cache.',
    );
  }
  return { medium: 'memory', memoryMiB: mib };
}

/** A Duration as an airlift Duration string in its largest whole unit (`7d`, `12h`, `30m`, `45s`). */
export function trinoDuration(prop: string, d: Duration): string {
  let seconds: number;
  try {
    seconds = d.toSeconds();
  } catch {
    throw new Error(`\`${prop}\` must be a whole number of seconds (Alluxio keeps the TTL in seconds), got ${d.toHumanString()}.`);
  }
  if (Token.isUnresolved(seconds)) {
    throw new Error(`\`${prop}\` must be a literal duration such as Duration.days(7), got a token.`);
  }
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(
      `\`${prop}\` must be a whole number of seconds, at least 1 (0 turns the cache off), got ${d.toHumanString()}.`,
    );
  }
  for (const [unit, n] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (seconds % n === 0) return `${seconds / n}${unit}`;
  }
  return `${seconds}s`;
}

/** A page size as an airlift DataSize (`1MB`, `512kB`; units of 1024). */
function trinoPageSize(size: Size): string {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (Token.isUnresolved(kib)) throw new Error('`fileSystemCache.pageSize` must be a literal size, got a token.');
  if (!Number.isInteger(kib) || kib < MIN_PAGE_KIB || kib > MAX_PAGE_KIB) {
    throw new Error(
      `\`fileSystemCache.pageSize\` must be a whole number of KiB from 64 KiB to 15 MiB (Trino's limits), got ${kib} KiB.`,
    );
  }
  return kib % 1024 === 0 ? `${kib / 1024}MB` : `${kib}kB`;
}

/** The share each of `catalogs` caching catalogs gets of the total percentage. */
export function catalogShare(model: FileSystemCacheModel, catalogs: number): number {
  return Math.floor(model.maxDiskUsagePercentage / Math.max(1, catalogs));
}

function familiesWithStore(): string[] {
  return instanceFamilies().filter((f) => f.instanceStore).map((f) => f.family);
}

function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/**
 * The `fs.cache.*` properties of one caching catalog (Trino 480 names, checked against
 * ../shared/schemas/trino/properties.json by the tests): a directory of its own under the cache volume, and its share
 * of the volume's file system.
 * @internal
 */
export function catalogCacheProperties(model: FileSystemCacheModel, catalog: string, catalogs: number): { [k: string]: string } {
  return {
    'fs.cache.enabled': 'true',
    'fs.cache.directories': `${FILE_SYSTEM_CACHE_MOUNT_PATH}/${catalog}`,
    'fs.cache.max-disk-usage-percentages': String(catalogShare(model, catalogs)),
    'fs.cache.ttl': model.ttl,
    ...(model.pageSize ? { 'fs.cache.page-size': model.pageSize } : {}),
  };
}
