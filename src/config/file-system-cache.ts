// SPDX-License-Identifier: Apache-2.0
import { Duration, Size } from 'aws-cdk-lib';

/**
 * Trino's file system cache (Alluxio, `fs.cache.*`): copies of the S3 files that queries read, kept on the local NVMe
 * of the Trino nodes, so repeated reads of the same files skip S3.
 *
 * The cache lives on each node's ephemeral storage, which must be its local NVMe instance store: the workers need a
 * `workerPool` whose node class has `instanceStorePolicy: InstanceStorePolicy.RAID0` and whose instance types all have
 * instance store (`SpotWorkerPool.NVME_INSTANCE_TYPES`). The coordinator needs the cache directories too (Trino
 * requires them on every node, and the coordinator is what sends each file's splits to the same workers): on a
 * `coordinatorPool` of the same kind (`CoordinatorPool.NVME_INSTANCE_TYPES`) it keeps its cache on its NVMe; anywhere
 * else on a small memory-backed volume (`coordinatorMemoryVolumeSize`), never on the root volume.
 *
 * Every Hive and Iceberg catalog of the cluster caches unless it sets `fileSystemCache: false`.
 *
 * @example
 * const cache: trino.FileSystemCacheOptions = {
 *   maxDiskUsagePercentage: 70,
 *   ttl: Duration.days(1),
 * };
 */
export interface FileSystemCacheOptions {
  /**
   * How much of each node's local NVMe file system the cache may fill, in percent (an integer). Trino 480 keeps one
   * cache per catalog, so the share is split evenly among the caching catalogs
   * (`fs.cache.max-disk-usage-percentages`, a share of the file system each node has: larger instance types cache
   * more). The share plus the pod's own logs and container layer must stay within what Karpenter lets pods use of the
   * smallest node (the local NVMe minus the kubelet's 10% eviction threshold and 1 GiB).
   *
   * @default 80
   */
  readonly maxDiskUsagePercentage?: number;

  /**
   * How long a cached file stays in the cache after it was written (`fs.cache.ttl`), in whole seconds (Alluxio keeps
   * it in seconds), at least 1 second.
   *
   * @default Duration.days(7) (Trino's default)
   */
  readonly ttl?: Duration;

  /**
   * The unit the cache reads and stores (`fs.cache.page-size`): each miss reads at least this much from S3. Between
   * 64 KiB and 15 MiB, in whole KiB.
   *
   * @default - Trino's default, 1 MiB
   */
  readonly pageSize?: Size;

  /**
   * Size of the memory-backed volume (tmpfs) that holds the coordinator's cache directories when the coordinator does
   * not run on local NVMe (no `coordinatorPool` of instance-store types with `InstanceStorePolicy.RAID0`). The
   * coordinator reads only table metadata (Iceberg metadata and manifest files) through the cache; its share of this
   * volume is `maxDiskUsagePercentage`. The volume's pages count against the coordinator container's memory, so it
   * may take at most a quarter of what the coordinator's heap leaves of the container.
   *
   * @default Size.mebibytes(512)
   */
  readonly coordinatorMemoryVolumeSize?: Size;
}
