// SPDX-License-Identifier: Apache-2.0
import { SpotWorkerPool, TrinoCluster, TrinoNodeClass } from '../../src';
import { cachePools, cacheStack, types } from '../config/cache-stack';
import { importedClusterStack } from '../util';
import { compliantStack, coordinatorPool, nodePool, trinoFindings, WORKER_TAINT, workerPool, ZONE } from './fixtures';

/** A catalog that caches in `directory` (Trino 480 catalog properties). */
const cachingCatalog = (directory = '/cache/lake') =>
  'connector.name=iceberg\niceberg.catalog.type=glue\nfs.native-s3.enabled=true\nfs.cache.enabled=true\n' +
  `fs.cache.directories=${directory}\nfs.cache.max-disk-usage-percentages=80\n`;

const cacheVolume = (emptyDir: any = {}) => ({
  additionalVolumes: [{ name: 'fs-cache', emptyDir }],
  additionalVolumeMounts: [{ name: 'fs-cache', mountPath: '/cache' }],
});

/** An EC2NodeClass named `trino` (the one the fixture pools reference). */
const ec2NodeClass = (policy?: string) => ({
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'trino' },
  spec: { amiSelectorTerms: [{ alias: 'al2023@latest' }], role: 'nodes', ...(policy ? { instanceStorePolicy: policy } : {}) },
});

/** The fixture's worker pool, with its instance-family requirement replaced. */
function nvmeWorkerPool(families = ['r8gd', 'r7gd']): any {
  const pool = workerPool();
  pool.spec.template.spec.requirements = pool.spec.template.spec.requirements.map((r: any) =>
    r.key === 'karpenter.k8s.aws/instance-family' ? { ...r, values: families } : r);
  return pool;
}

/** The compliant release with a caching catalog, the coordinator caching in memory, the workers on NVMe. */
function cachingStack(o: { workerVolume?: any; coordinatorVolume?: any; objects?: any[]; directory?: string } = {}) {
  return compliantStack({
    values: {
      catalogs: { lake: cachingCatalog(o.directory) },
      coordinator: o.coordinatorVolume === undefined ? cacheVolume({ medium: 'Memory', sizeLimit: '512Mi' }) : o.coordinatorVolume,
      worker: o.workerVolume === undefined ? cacheVolume() : o.workerVolume,
    },
    objects: o.objects ?? [nvmeWorkerPool(), coordinatorPool(), ec2NodeClass('RAID0')],
  });
}

describe('Trino-FileSystemCacheOnRootVolume', () => {
  test('compliant: workers cache on an emptyDir on RAID0 NVMe nodes, the coordinator on a memory volume', () => {
    expect(trinoFindings(cachingStack().app, 'FileSystemCacheOnRootVolume')).toEqual([]);
  });

  test('compliant: a dedicated volume (a PersistentVolumeClaim) for the coordinator', () => {
    const pvc = {
      additionalVolumes: [{ name: 'fs-cache', persistentVolumeClaim: { claimName: 'trino-cache' } }],
      additionalVolumeMounts: [{ name: 'fs-cache', mountPath: '/cache' }],
    };
    expect(trinoFindings(cachingStack({ coordinatorVolume: pvc }).app, 'FileSystemCacheOnRootVolume')).toEqual([]);
  });

  test('not applicable: no catalog caches', () => {
    expect(trinoFindings(compliantStack().app, 'FileSystemCacheOnRootVolume')).toEqual([]);
  });

  test('non-compliant: the EC2NodeClass of the pools does not set instanceStorePolicy RAID0', () => {
    const f = cachingStack({ objects: [nvmeWorkerPool(), coordinatorPool(), ec2NodeClass()] });
    expect(trinoFindings(f.app, 'FileSystemCacheOnRootVolume')).toEqual([
      'Trino-FileSystemCacheOnRootVolume[CacheDirectory::worker:/cache/lake]',
    ]);
  });

  test('a coordinator without a volume (container layer): compliant on a RAID0 node class, non-compliant without', () => {
    const f = cachingStack({
      coordinatorVolume: { additionalVolumes: null, additionalVolumeMounts: null },
      objects: [nvmeWorkerPool(), coordinatorPool(), ec2NodeClass('RAID0')],
    });
    // the coordinator pool uses the same RAID0 node class: its ephemeral storage is the NVMe, but only if it has one
    expect(trinoFindings(f.app, 'FileSystemCacheOnRootVolume')).toEqual([]);
    const g = cachingStack({
      coordinatorVolume: { additionalVolumes: null, additionalVolumeMounts: null },
      objects: [nvmeWorkerPool(), coordinatorPool(), ec2NodeClass()],
    });
    expect(trinoFindings(g.app, 'FileSystemCacheOnRootVolume')).toEqual([
      'Trino-FileSystemCacheOnRootVolume[CacheDirectory::coordinator:/cache/lake]',
      'Trino-FileSystemCacheOnRootVolume[CacheDirectory::worker:/cache/lake]',
    ]);
  });

  test('non-compliant: pods on no Karpenter pool (managed node groups keep the kubelet on the root volume)', () => {
    const f = cachingStack({ objects: [] });
    expect(trinoFindings(f.app, 'FileSystemCacheOnRootVolume')).toEqual([
      'Trino-FileSystemCacheOnRootVolume[CacheDirectory::worker:/cache/lake]',
    ]);
  });

  test('non-compliant: a directory outside the mounted volume is in the container layer', () => {
    const f = cachingStack({ directory: '/tmp/trino-cache', objects: [nvmeWorkerPool(), coordinatorPool(), ec2NodeClass()] });
    expect(trinoFindings(f.app, 'FileSystemCacheOnRootVolume')).toEqual([
      'Trino-FileSystemCacheOnRootVolume[CacheDirectory::coordinator:/tmp/trino-cache]',
      'Trino-FileSystemCacheOnRootVolume[CacheDirectory::worker:/tmp/trino-cache]',
    ]);
  });

  test('not judged: the pools\' EC2NodeClass is not in the stack', () => {
    const f = cachingStack({ objects: [nvmeWorkerPool(), coordinatorPool()] });
    expect(trinoFindings(f.app, 'FileSystemCacheOnRootVolume')).toEqual([]);
  });
});

describe('Trino-FileSystemCacheWithoutInstanceStore', () => {
  test('compliant: the worker pool allows only instance-store families', () => {
    expect(trinoFindings(cachingStack().app, 'FileSystemCacheWithoutInstanceStore')).toEqual([]);
  });

  test('compliant: a karpenter.k8s.aws/instance-local-nvme requirement', () => {
    const pool = workerPool();
    pool.spec.template.spec.requirements = [
      ...pool.spec.template.spec.requirements.filter((r: any) => r.key !== 'karpenter.k8s.aws/instance-family'),
      { key: 'karpenter.k8s.aws/instance-local-nvme', operator: 'Gt', values: ['100'] },
    ];
    const f = cachingStack({ objects: [pool, coordinatorPool(), ec2NodeClass('RAID0')] });
    expect(trinoFindings(f.app, 'FileSystemCacheWithoutInstanceStore')).toEqual([]);
  });

  test('non-compliant: the worker pool allows families without instance store (r8g, r7g)', () => {
    const f = cachingStack({ objects: [workerPool(), coordinatorPool(), ec2NodeClass('RAID0')] });
    expect(trinoFindings(f.app, 'FileSystemCacheWithoutInstanceStore')).toEqual([
      'Trino-FileSystemCacheWithoutInstanceStore[NodePool::trino-workers]',
    ]);
  });

  test('non-compliant: a pool that does not narrow the instance types at all', () => {
    const pool = nodePool('trino-workers', {
      capacity: ['spot'], zones: [ZONE], labels: { 'trino.io/pool': 'workers' }, taints: [WORKER_TAINT],
    });
    pool.spec.template.spec.requirements = pool.spec.template.spec.requirements.filter(
      (r: any) => r.key !== 'karpenter.k8s.aws/instance-family');
    const f = cachingStack({ objects: [pool, coordinatorPool(), ec2NodeClass('RAID0')] });
    expect(trinoFindings(f.app, 'FileSystemCacheWithoutInstanceStore')).toEqual([
      'Trino-FileSystemCacheWithoutInstanceStore[NodePool::trino-workers]',
    ]);
  });

  test('compliant: a pool listing instance types, narrowed by the workers to instance-store ones', () => {
    const g = compliantStack({
      values: {
        catalogs: { lake: cachingCatalog() },
        coordinator: cacheVolume({ medium: 'Memory', sizeLimit: '512Mi' }),
        worker: { ...cacheVolume(), nodeSelector: { 'trino.io/pool': 'workers', 'karpenter.k8s.aws/instance-family': 'r8gd' } },
      },
      objects: [nvmeWorkerPool(['r8gd', 'r8g']), coordinatorPool(), ec2NodeClass('RAID0')],
    });
    expect(trinoFindings(g.app, 'FileSystemCacheWithoutInstanceStore')).toEqual([]);
  });

  test('not applicable: the coordinator caches in memory, so its pool of m-types without NVMe is fine', () => {
    expect(trinoFindings(cachingStack().app, 'FileSystemCacheWithoutInstanceStore')).toEqual([]);
  });
});

describe('the library\'s stacks and the file system cache rules', () => {
  test('TrinoCluster fileSystemCache on NVMe workers, coordinator in memory: both rules pass', () => {
    const { app } = cacheStack();
    expect(trinoFindings(app, 'FileSystemCache')).toEqual([]);
    expect(trinoFindings(app).filter((n) => n.includes('FileSystemCache'))).toEqual([]);
  });

  test('a coordinator on NVMe passes too', () => {
    const { app } = cacheStack({ coordinatorPool: { instanceTypes: types(['m7gd.2xlarge']) } });
    expect(trinoFindings(app).filter((n) => n.includes('FileSystemCache'))).toEqual([]);
  });

  test('the cache properties and volume moved onto EBS-only workers through helmValues are found', () => {
    const { app, stack, cluster } = importedClusterStack();
    const { workerPool: nvme } = cachePools(stack, cluster);
    // the pool validates the cache; helmValues then point the workers at another pool's nodes
    const nodeClass = TrinoNodeClass.fromNodeClassAttributes(stack, 'PlainClass', { nodeClassName: 'plain' });
    const plain = new SpotWorkerPool(stack, 'PlainPool', { cluster, nodeClass, zone: 'us-west-2a', nodePoolName: 'plain' });
    new TrinoCluster(stack, 'Trino', {
      cluster,
      workerPool: nvme,
      fileSystemCache: {},
      helmValues: { worker: { nodeSelector: plain.nodeSelector, tolerations: [{ key: 'trino.io/role', operator: 'Equal', value: 'worker', effect: 'NoSchedule' }] } },
    });
    expect(trinoFindings(app).filter((n) => n.includes('FileSystemCache'))).toEqual([
      'Trino-FileSystemCacheWithoutInstanceStore[NodePool::plain]',
    ]);
  });
});
