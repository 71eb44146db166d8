// SPDX-License-Identifier: Apache-2.0
/**
 * TrinoCluster `fileSystemCache`: the chart values and catalog properties it renders, and the synth errors for a
 * cache that cannot work. What the real chart renders from these values: file-system-cache-render.test.ts.
 */
import { Duration, Size, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { cachePools, cacheStack, types } from './cache-stack';
import {
  CoordinatorPool,
  CustomCatalog,
  HiveCatalog,
  IcebergCatalog,
  InstanceStorePolicy,
  SpotWorkerPool,
  TpchCatalog,
  TrinoCluster,
  TrinoNodeClass,
} from '../../src';
import { parseProperties, trinoValues, importedClusterStack } from '../util';

const GIB = 2 ** 30;
/** the pod's ephemeral-storage request for a cache share of the smallest NVMe, plus the 5 GiB allowance */
const request = (percent: number, smallestGb: number) => `${Math.ceil((Math.ceil(smallestGb * 1e9 * percent / 100) + 5 * GIB) / 2 ** 20)}Mi`;

function values(o: Parameters<typeof cacheStack>[0] = {}) {
  const { stack, trino } = cacheStack(o);
  return { v: trinoValues(Template.fromStack(stack)), trino, stack };
}

const catalog = (v: any, name: string) => parseProperties(v.catalogs[name]);

describe('fileSystemCache defaults (NVMe workers, coordinator without a pool)', () => {
  const { v } = values();

  test('every Hive and Iceberg catalog caches in a directory of its own, sharing 80% of the disk evenly, for 7 days', () => {
    expect(catalog(v, 'hive')).toMatchObject({
      'fs.cache.enabled': 'true',
      'fs.cache.directories': '/cache/hive',
      'fs.cache.max-disk-usage-percentages': '40',
      'fs.cache.ttl': '7d',
    });
    expect(catalog(v, 'iceberg')).toMatchObject({
      'fs.cache.enabled': 'true',
      'fs.cache.directories': '/cache/iceberg',
      'fs.cache.max-disk-usage-percentages': '40',
      'fs.cache.ttl': '7d',
    });
    expect(catalog(v, 'hive')['fs.cache.page-size']).toBeUndefined();
  });

  test('catalogs whose connector cannot cache (tpch, tpcds) get no fs.cache properties', () => {
    for (const name of ['tpch', 'tpcds']) {
      expect(Object.keys(catalog(v, name)).filter((k) => k.startsWith('fs.cache'))).toEqual([]);
    }
  });

  test('workers: a disk-backed emptyDir at /cache (the NVMe under RAID0) and an ephemeral-storage request, no limit', () => {
    expect(v.worker.additionalVolumes).toEqual([{ name: 'fs-cache', emptyDir: {} }]);
    expect(v.worker.additionalVolumeMounts).toEqual([{ name: 'fs-cache', mountPath: '/cache' }]);
    // 80% of the smallest NVMe of the pool (r8gd.4xlarge, 950 GB) plus 5 GiB
    expect(v.worker.resources.requests['ephemeral-storage']).toBe(request(80, 950));
    expect(v.worker.resources.limits['ephemeral-storage']).toBeUndefined();
    // cpu and memory stay Guaranteed
    expect(v.worker.resources.requests.memory).toBe(v.worker.resources.limits.memory);
    expect(v.worker.resources.requests.cpu).toBe(v.worker.resources.limits.cpu);
  });

  test('coordinator off NVMe: a 512 MiB memory-backed emptyDir at /cache, never its root volume', () => {
    expect(v.coordinator.additionalVolumes).toEqual([{ name: 'fs-cache', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } }]);
    expect(v.coordinator.additionalVolumeMounts).toEqual([{ name: 'fs-cache', mountPath: '/cache' }]);
    expect(v.coordinator.resources.requests['ephemeral-storage']).toBeUndefined();
  });
});

describe('fileSystemCache overrides', () => {
  test('maxDiskUsagePercentage, ttl and pageSize render as Trino values', () => {
    const { v } = values({
      cluster: { fileSystemCache: { maxDiskUsagePercentage: 60, ttl: Duration.hours(36), pageSize: Size.kibibytes(512) } },
    });
    expect(catalog(v, 'hive')).toMatchObject({
      'fs.cache.max-disk-usage-percentages': '30',
      'fs.cache.ttl': '36h',
      'fs.cache.page-size': '512kB',
    });
    expect(v.worker.resources.requests['ephemeral-storage']).toBe(request(60, 950));
  });

  test.each([
    [Duration.days(1), '1d'],
    [Duration.minutes(90), '90m'],
    [Duration.seconds(45), '45s'],
  ])('ttl %s renders as %s', (ttl, text) => {
    const { v } = values({ cluster: { fileSystemCache: { ttl } } });
    expect(catalog(v, 'iceberg')['fs.cache.ttl']).toBe(text);
  });

  test('pageSize in whole MiB renders in MB', () => {
    const { v } = values({ cluster: { fileSystemCache: { pageSize: Size.mebibytes(4) } } });
    expect(catalog(v, 'iceberg')['fs.cache.page-size']).toBe('4MB');
  });

  test('coordinatorMemoryVolumeSize sizes the coordinator\'s tmpfs', () => {
    const { v } = values({ cluster: { fileSystemCache: { coordinatorMemoryVolumeSize: Size.gibibytes(1) } } });
    expect(v.coordinator.additionalVolumes[0].emptyDir).toEqual({ medium: 'Memory', sizeLimit: '1024Mi' });
  });

  test('a coordinator on NVMe keeps its cache on its NVMe, and requests it', () => {
    const { v } = values({
      coordinatorPool: { instanceTypes: types(CoordinatorPool.NVME_INSTANCE_TYPES) },
    });
    expect(v.coordinator.additionalVolumes).toEqual([{ name: 'fs-cache', emptyDir: {} }]);
    expect(v.coordinator.resources.requests['ephemeral-storage']).toBe(request(80, 474));
  });

  test('a coordinator pool without instance store keeps the memory volume', () => {
    const { v } = values({ coordinatorPool: {} });
    expect(v.coordinator.additionalVolumes[0].emptyDir.medium).toBe('Memory');
  });

  test('a catalog opts out with fileSystemCache: false; the others share the whole percentage', () => {
    const { v } = values({
      cluster: { catalogs: [new HiveCatalog({ fileSystemCache: false }), new IcebergCatalog()] },
    });
    expect(Object.keys(catalog(v, 'hive')).filter((k) => k.startsWith('fs.cache'))).toEqual([]);
    expect(catalog(v, 'iceberg')['fs.cache.max-disk-usage-percentages']).toBe('80');
  });

  test('catalogs added later share the disk too, and a Delta Lake custom catalog caches', () => {
    const { stack, trino } = cacheStack({ cluster: { catalogs: [new IcebergCatalog()] } });
    trino.addCatalog(new IcebergCatalog({ name: 'lake' }));
    trino.addCatalog(new CustomCatalog({
      name: 'delta',
      connectorName: 'delta_lake',
      properties: { 'hive.metastore': 'glue' },
    }));
    trino.addCatalog(new CustomCatalog({ name: 'pg', connectorName: 'postgresql' }));
    const v = trinoValues(Template.fromStack(stack));
    expect(trino._config.cachingCatalogs()).toEqual(['iceberg', 'lake', 'delta']);
    for (const name of ['iceberg', 'lake', 'delta']) {
      expect(catalog(v, name)['fs.cache.max-disk-usage-percentages']).toBe('26');
      expect(catalog(v, name)['fs.cache.directories']).toBe(`/cache/${name}`);
    }
    expect(catalog(v, 'pg')['fs.cache.enabled']).toBeUndefined();
  });

  test('an existing EC2NodeClass declared with RAID0 works', () => {
    const { stack, cluster } = importedClusterStack();
    const nodeClass = TrinoNodeClass.fromNodeClassAttributes(stack, 'Nvme', {
      nodeClassName: 'nvme',
      instanceStorePolicy: InstanceStorePolicy.RAID0,
    });
    const workerPool = new SpotWorkerPool(stack, 'Workers', {
      cluster, nodeClass, zone: 'us-west-2a', instanceTypes: types(['r7gd.8xlarge']),
    });
    new TrinoCluster(stack, 'Trino', { cluster, workerPool, fileSystemCache: { maxDiskUsagePercentage: 50 } });
    const v = trinoValues(Template.fromStack(stack));
    expect(v.worker.resources.requests['ephemeral-storage']).toBe(request(50, 1900));
  });

  test('without fileSystemCache nothing changes: no fs.cache properties, no volumes, no ephemeral-storage request', () => {
    const { stack, cluster } = importedClusterStack();
    const { workerPool } = cachePools(stack, cluster);
    new TrinoCluster(stack, 'Trino', { cluster, workerPool });
    const v = trinoValues(Template.fromStack(stack));
    expect(JSON.stringify(v.catalogs)).not.toContain('fs.cache');
    expect(v.worker.additionalVolumes).toBeUndefined();
    expect(v.coordinator.additionalVolumes).toBeUndefined();
    expect(v.worker.resources.requests['ephemeral-storage']).toBeUndefined();
  });

  test('fileSystemCache with no catalog that caches warns and mounts nothing', () => {
    const { stack } = cacheStack({ cluster: { catalogs: [new TpchCatalog()] } });
    Annotations.fromStack(stack).hasWarning('/Stack/Trino', Match.stringLikeRegexp('no catalog caches'));
    const v = trinoValues(Template.fromStack(stack));
    expect(v.worker.additionalVolumes).toBeUndefined();
  });
});

describe('fileSystemCache bad input', () => {
  test('no workerPool: the library cannot tell where the workers\' ephemeral storage is', () => {
    expect(() => cacheStack({ workerPool: false })).toThrow(
      /`fileSystemCache` needs `workerPool`: a SpotWorkerPool of instance types with local NVMe instance store \(SpotWorkerPool.NVME_INSTANCE_TYPES\)/,
    );
  });

  test('a worker node class without instanceStorePolicy RAID0', () => {
    expect(() => cacheStack({ nodeClass: { instanceStorePolicy: undefined } })).toThrow(
      /`fileSystemCache`: the node class of `workerPool` 'Stack\/Workers' \('.*'\) does not set `instanceStorePolicy: InstanceStorePolicy.RAID0`/,
    );
  });

  test('an existing node class declared by name only (its policy unknown)', () => {
    const { stack, cluster } = importedClusterStack();
    const nodeClass = TrinoNodeClass.fromNodeClassName(stack, 'Nvme', 'nvme');
    const workerPool = new SpotWorkerPool(stack, 'Workers', {
      cluster, nodeClass, zone: 'us-west-2a', instanceTypes: types(SpotWorkerPool.NVME_INSTANCE_TYPES),
    });
    expect(() => new TrinoCluster(stack, 'Trino', { cluster, workerPool, fileSystemCache: {} })).toThrow(
      /the node class of `workerPool` 'Stack\/Workers' \('nvme'\) does not set `instanceStorePolicy/,
    );
  });

  test('a worker pool with instance types without instance store', () => {
    expect(() => cacheStack({ workerPool: { instanceTypes: types(['r8gd.4xlarge', 'r8g.4xlarge', 'r7g.4xlarge']) } })).toThrow(
      /`fileSystemCache`: `workerPool` 'Stack\/Workers' allows instance types without local NVMe instance store \(r8g.4xlarge, r7g.4xlarge\): their ephemeral storage is the root volume.*SpotWorkerPool.NVME_INSTANCE_TYPES \(r8gd, r7gd, r6gd, r6id, m8gd, m7gd, m6gd, m6id\)\./,
    );
  });

  test('a coordinator pool mixing types with and without instance store', () => {
    expect(() => cacheStack({ coordinatorPool: { instanceTypes: types(['m7gd.2xlarge', 'm7g.2xlarge']) } })).toThrow(
      /`coordinatorPool` 'Stack\/Coordinator' allows instance types without local NVMe instance store \(m7g.2xlarge\).*or only types without it \(the coordinator then keeps its cache in memory\)/,
    );
  });

  test('a cache larger than the local disk allows', () => {
    expect(() => cacheStack({ cluster: { fileSystemCache: { maxDiskUsagePercentage: 95 } } })).toThrow(
      /`fileSystemCache.maxDiskUsagePercentage` 95 is too large for `workerPool`: on r8gd.4xlarge the cache would be 902.5 GB of its 950.0 GB of local NVMe, and with 5 GiB for the pod's logs and container layer more than the 853.9 GB Karpenter and the kubelet let pods use .* Allowed: at most 89\./,
    );
  });

  test('a cache larger than the coordinator\'s local disk allows', () => {
    // 89% fits the workers' 950 GB but not the coordinator's 474 GB with the 5 GiB allowance
    expect(() => cacheStack({
      coordinatorPool: { instanceTypes: types(CoordinatorPool.NVME_INSTANCE_TYPES) },
      cluster: { fileSystemCache: { maxDiskUsagePercentage: 89 } },
    })).toThrow(/`fileSystemCache.maxDiskUsagePercentage` 89 is too large for `coordinatorPool`: on m7gd.2xlarge .*Allowed: at most 88\./);
  });

  test.each([0, 101, 12.5, -5])('maxDiskUsagePercentage %s', (p) => {
    expect(() => cacheStack({ cluster: { fileSystemCache: { maxDiskUsagePercentage: p } } })).toThrow(
      new RegExp(`\`fileSystemCache.maxDiskUsagePercentage\` must be an integer between 1 and 100 .*got: ${p}\\.`),
    );
  });

  test('maxDiskUsagePercentage from a token', () => {
    expect(() => cacheStack({ cluster: { fileSystemCache: { maxDiskUsagePercentage: Token.asNumber({ Ref: 'P' }) } } })).toThrow(
      /`fileSystemCache.maxDiskUsagePercentage` must be a literal number/,
    );
  });

  test.each<[string, Duration, RegExp]>([
    ['shorter than a second', Duration.millis(500), /`fileSystemCache.ttl` must be a whole number of seconds.*got 500 millis/],
    ['zero (the cache would be off)', Duration.seconds(0), /`fileSystemCache.ttl` must be a whole number of seconds, at least 1 \(0 turns the cache off\), got 0 seconds/],
    ['a fraction of a second', Duration.millis(1500), /`fileSystemCache.ttl` must be a whole number of seconds.*got 1 second 500 millis/],
    ['a token', Duration.seconds(Token.asNumber({ Ref: 'Ttl' })), /`fileSystemCache.ttl` must be a literal duration such as Duration.days\(7\), got a token/],
  ])('ttl %s', (_name, ttl, message) => {
    expect(() => cacheStack({ cluster: { fileSystemCache: { ttl } } })).toThrow(message);
  });

  test.each<[Size, RegExp]>([
    [Size.kibibytes(32), /`fileSystemCache.pageSize` must be a whole number of KiB from 64 KiB to 15 MiB \(Trino's limits\), got 32 KiB/],
    [Size.mebibytes(16), /got 16384 KiB/],
  ])('pageSize %s', (pageSize, message) => {
    expect(() => cacheStack({ cluster: { fileSystemCache: { pageSize } } })).toThrow(message);
  });

  test('a coordinator memory volume larger than a quarter of the coordinator\'s off-heap memory', () => {
    expect(() => cacheStack({ cluster: { fileSystemCache: { coordinatorMemoryVolumeSize: Size.gibibytes(4) } } })).toThrow(
      /`fileSystemCache.coordinatorMemoryVolumeSize` must be a whole number of MiB from 64 MiB to \d+ MiB, got 4096 MiB: the volume is memory of the coordinator container \(m7g.2xlarge/,
    );
  });

  test('a Trino release that moved the cache settings to the node-level cache manager (484 and later)', () => {
    expect(() => cacheStack({ cluster: { trinoVersion: '484' } })).toThrow(
      /`fileSystemCache` renders Trino 480's catalog-level cache settings .* which Trino 484 and later refuse: they moved to a node-level cache manager \(cache-manager.config-files\). `trinoVersion` is '484'/,
    );
    expect(() => cacheStack({ cluster: { trinoVersion: '483' } })).not.toThrow();
  });

  test('a catalog that asks for the cache on a cluster without one', () => {
    const { stack, cluster } = importedClusterStack();
    expect(() => new TrinoCluster(stack, 'Trino', { cluster, catalogs: [new IcebergCatalog({ fileSystemCache: true })] })).toThrow(
      /catalog 'iceberg' sets `fileSystemCache: true`, but the TrinoCluster has no `fileSystemCache`/,
    );
  });

  test('a catalog that sets fs.cache properties the cluster renders for it', () => {
    expect(() => cacheStack({
      cluster: { catalogs: [new HiveCatalog({ additionalProperties: { 'fs.cache.ttl': '1d' } })] },
    })).toThrow(/catalog 'hive' sets fs.cache.ttl, which the TrinoCluster's `fileSystemCache` renders for it/);
  });

  test('more caching catalogs than the percentage can be split into', () => {
    const { app } = cacheStack({
      cluster: {
        fileSystemCache: { maxDiskUsagePercentage: 2 },
        catalogs: [new IcebergCatalog({ name: 'a' }), new IcebergCatalog({ name: 'b' }), new IcebergCatalog({ name: 'c' })],
      },
    });
    expect(() => app.synth()).toThrow(
      /`fileSystemCache.maxDiskUsagePercentage` 2 cannot be split among the 3 caching catalogs \(a, b, c\)/,
    );
  });
});
