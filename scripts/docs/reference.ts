// SPDX-License-Identifier: Apache-2.0
/**
 * Generated blocks of the reference pages (docs/rules.md, sizing.md, capacity.md, performance.md,
 * fault-tolerance.md): rule metadata, sizing tables, rendered defaults of the pools, the file system cache and the
 * exchange. Facts only; the prose is on the pages.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { NagMessageLevel } from 'cdk-nag';
import { CoordinatorPool, FaultTolerantExchange, RetryPolicy, SpotWorkerPool, TrinoCluster, TrinoSizing } from '../../src';
import { describeWindow, parseMaintenanceWindow } from '../../src/capacity/private/maintenance-window';
import { COORDINATOR_POD_TERMINATION_GRACE_PERIOD, DISRUPTION_BUDGETS } from '../../src/capacity/private/node-pool';
import { TRINO_CHART } from '../../src/config/chart';
import { instanceFamilies } from '../../src/config/instance-types';
import {
  CACHE_MANAGER_TRINO_VERSION, COORDINATOR_MEMORY_VOLUME_MAX_SHARE, FILE_SYSTEM_CACHE_CONNECTORS, FILE_SYSTEM_CACHE_DEFAULTS,
  FILE_SYSTEM_CACHE_MOUNT_PATH, POD_STORAGE_ALLOWANCE,
} from '../../src/config/private/file-system-cache';
import {
  ARM64_CMA_MIB, DEFAULT_VM_MEMORY_OVERHEAD_PERCENT, EVICTION_HARD_MIB, KUBE_RESERVED_EPHEMERAL_BYTES, nodeAllocatable,
  nodeEphemeralStorage, NODEFS_EVICTION_PERCENT,
} from '../../src/config/private/node-allocatable';
import { PLUMBING_MANAGED_POLICIES, PLUMBING_REASONS } from '../../src/nag/private/eks-plumbing';
import { TRINO_RULE_GROUPS, TRINO_RULES } from '../../src/nag/rules';
import { parseCfnJson } from '../../src/private/cfn-json';
import { documentedStack, importedClusterStack, pools } from '../doc-stack';

type Blocks = { [name: string]: string | number };
const ROOT = path.join(__dirname, '..', '..');

export const c = (s: string | number) => `\`${s}\``;
export const list = (xs: Array<string | number>) => xs.map(c).join(', ');
export const table = (head: string[], rows: unknown[][], align = head.map(() => '---').join('|')) =>
  [`|${head.map((h) => (h ? ` ${h} ` : ' ')).join('|')}|`, `|${align}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
export const kv = (o: { [k: string]: string }, sep = ': ') => Object.entries(o).map(([k, v]) => c(`${k}${sep}${v}`)).join(', ');
const gib = (mib: number) => (mib / 1024).toFixed(1);
const gibText = (mib: number) => (mib % 1024 === 0 ? `${mib / 1024}` : gib(mib));
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const sizing = (t: string) => TrinoSizing.forInstanceType(new ec2.InstanceType(t));
const spec = (t: string) => TrinoSizing.instanceSpec(new ec2.InstanceType(t));
const props = (lines: string[] | string | undefined): Array<[string, string]> =>
  (Array.isArray(lines) ? lines : (lines ?? '').split('\n')).filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);

function rules(): Blocks {
  const level: { [l: string]: string } = { [NagMessageLevel.ERROR]: 'Error', [NagMessageLevel.WARN]: 'Warning', [NagMessageLevel.INFO]: 'Info' };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const floor: string = require('../../package.json').peerDependencies['aws-cdk-lib'].replace(/^[^0-9]*/, '');
  const details = TRINO_RULE_GROUPS.flatMap((g) => [`### ${g.topic}`, '', ...g.rules.flatMap(({ metadata: m }) => [
    `#### Trino-${m.suffix}`, '', `**${level[m.level]}.** ${m.info}`, '',
    `- **Checks:** ${m.checks}`, `- **Why:** ${m.why}`, `- **Fix:** ${m.fix}`, `- **Findings:** ${m.findings}`, '',
  ])]);
  return Object.fromEntries<string | number>([
    ['rules.chart-version', TRINO_CHART.version], ['rules.info-level', c(level[NagMessageLevel.INFO])], ['rules.cdk-floor', floor],
    ['rules.cdk-minor', floor.split('.').slice(0, 2).join('.')],
    ['rules.table', table(['Rule', 'Level', 'Findings'], TRINO_RULES.map(({ metadata: m }) =>
      [`[\`Trino-${m.suffix}\`](#trino-${m.suffix.toLowerCase()})`, level[m.level], m.findings]))],
    ['rules.details', details.slice(0, -1).join('\n')],
    ['rules.plumbing', table(['Rule', 'Acknowledged when', 'Reason recorded'], Object.entries(PLUMBING_REASONS).map(([rule, reason]) =>
      [c(rule), rule === 'AwsSolutions-IAM4' ? `the policy is one of ${list(PLUMBING_MANAGED_POLICIES)}` : 'always', reason]))],
  ]);
}

function sizingPage(): Blocks {
  const def = sizing(TrinoCluster.DEFAULT_WORKER_INSTANCE_TYPE);
  const coord = sizing(TrinoCluster.DEFAULT_COORDINATOR_INSTANCE_TYPE);
  const node = nodeAllocatable(def.instance, def.vmMemoryOverheadPercent);
  const maxHeapMiB = TrinoSizing.MAX_HEAP.toMebibytes();
  const all = TrinoSizing.supportedInstanceTypes().map((t) => [t, sizing(t)] as const);
  const capped = all.filter(([, s]) => s._heapCappedWarning('worker') !== undefined).map(([t]) => t.split('.')[1]);
  const big = sizing('r8g.16xlarge');
  return Object.fromEntries<string | number>([
    ['sizing.worker-type', TrinoCluster.DEFAULT_WORKER_INSTANCE_TYPE], ['sizing.coordinator-type', TrinoCluster.DEFAULT_COORDINATOR_INSTANCE_TYPE],
    ['sizing.cma-mib', ARM64_CMA_MIB],
    ['sizing.vm-overhead-percent', DEFAULT_VM_MEMORY_OVERHEAD_PERCENT * 100], ['sizing.eviction-mib', EVICTION_HARD_MIB],
    ['sizing.worker-memory', def.instance.memory.toGibibytes()], ['sizing.node-memory', gib(node.memoryMiB)], ['sizing.node-cma', node.cmaMiB],
    ['sizing.node-vm', node.vmOverheadMiB], ['sizing.node-kubelet', node.kubeReservedMemoryMiB], ['sizing.node-pods', node.kubeReservedPods],
    ['sizing.node-eviction', node.evictionMemoryMiB], ['sizing.node-cpu', `${node.cpuMillis}m`], ['sizing.worker-vcpus', def.instance.vcpus],
    ['sizing.daemonset-memory', gibText(def.daemonSetMemory.toMebibytes())], ['sizing.daemonset-cpu', def.daemonSetCpuMillis],
    ['sizing.max-heap-gib', gibText(maxHeapMiB)], ['sizing.max-heap-gb', ((maxHeapMiB * 2 ** 20) / 1e9).toFixed(1)],
    ['sizing.worker-heap', gib(def.heap.toMebibytes())], ['sizing.worker-query-memory', gib(def.queryMaxMemoryPerNode.toMebibytes())],
    ['sizing.worker-query-share', pct(def.queryMemoryShareOfInstance)], ['sizing.coordinator-heap', gib(coord.heap.toMebibytes())],
    ['sizing.capped-sizes', [...new Set(capped)].join(' and ')], ['sizing.capped-container', gibText(Math.floor(maxHeapMiB / 0.7))],
    ['sizing.capped-share', pct(big.heapShareOfContainer)], ['sizing.capped-container-gib', gib(big.containerMemory.toMebibytes())],
    ['sizing.table', table(['Instance type', 'vCPU', 'Memory (GiB)', 'Arch', 'ENI-limited pods', 'Allocatable CPU', 'Allocatable memory (GiB)',
      'Container CPU', 'Container memory (GiB)', 'Heap (GiB)', 'Heap / container', 'query.max-memory-per-node (GiB)', 'Heap headroom (GiB)',
      'Query memory / instance memory'], all.map(([t, s]) => [t, s.instance.vcpus, s.instance.memory.toGibibytes(), s.instance.architecture,
      s.instance.eniLimitedPods, `${s.nodeAllocatableCpuMillis}m`, gib(s.nodeAllocatableMemory.toMebibytes()), `${s.containerCpuMillis}m`,
      gib(s.containerMemory.toMebibytes()), `${gib(s.heap.toMebibytes())}${s.heapCapped ? ' (capped)' : ''}`, pct(s.heapShareOfContainer),
      gib(s.queryMaxMemoryPerNode.toMebibytes()), gib(s.heapHeadroom.toMebibytes()), pct(s.queryMemoryShareOfInstance)]),
    '---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:')],
    ['sizing.worker-pool-types', SpotWorkerPool.DEFAULT_INSTANCE_TYPES.join(', ')],
    ['sizing.coordinator-pool-types', CoordinatorPool.DEFAULT_INSTANCE_TYPES.join(', ')],
  ]);
}

function capacity(): Blocks {
  const { nodeClass, workerPool: workers, coordinatorPool: coordinator } = pools('Docs');
  const [w, co] = [workers._object, coordinator._object];
  const nc = nodeClass._object.spec;
  const req = (pool: any, key: string): string[] => pool.spec.template.spec.requirements.find((r: any) => r.key === key).values;
  const taint = (pool: any) => { const t = pool.spec.template.spec.taints[0]; return c(`${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`); };
  const labels = (o: { [k: string]: string }) => kv(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, k === 'karpenter.sh/nodepool' ? '<NodePool name>' : v])));
  const window = describeWindow(parseMaintenanceWindow('maintenanceWindow', coordinator.maintenanceWindow));
  const [closed] = co.spec.disruption.budgets.slice(DISRUPTION_BUDGETS.length);
  const cTgp = coordinator.terminationGracePeriod;
  const podTgps = COORDINATOR_POD_TERMINATION_GRACE_PERIOD.toSeconds();
  const worker = sizing(TrinoCluster.DEFAULT_WORKER_INSTANCE_TYPE);
  const both = (f: (pool: any) => unknown) => [f(w), f(co)];
  const pair = (name: string, [a, b]: unknown[]): any[] => [[`capacity.worker-${name}`, a], [`capacity.coordinator-${name}`, b]];
  const ebs = nc.blockDeviceMappings[0].ebs;
  return Object.fromEntries<string | number>([
    ['capacity.worker-capacity', list(req(w, 'karpenter.sh/capacity-type'))],
    ['capacity.coordinator-capacity', list(req(co, 'karpenter.sh/capacity-type'))],
    ['capacity.worker-type-count', req(w, 'node.kubernetes.io/instance-type').length],
    ...pair('arch', both((x) => list(req(x, 'kubernetes.io/arch')))), ...pair('cpu-limit', both((x) => x.spec.limits.cpu)),
    ...pair('memory-limit', both((x) => x.spec.limits.memory)), ...pair('taint', both(taint)),
    ...pair('labels', both((x) => labels(x.spec.template.metadata.labels))),
    ...pair('node-selector', [labels(workers.nodeSelector), labels(coordinator.nodeSelector)]),
    ...pair('consolidation', both((x) => c(x.spec.disruption.consolidationPolicy))),
    ...DISRUPTION_BUDGETS.map((b): [string, string] => [`capacity.budget-${b.reasons.join('-').toLowerCase()}`, b.nodes]),
    ['capacity.closed-nodes', closed.nodes], ['capacity.closed-schedule', closed.schedule], ['capacity.closed-duration', closed.duration],
    ['capacity.worker-max-nodes', workers.maxNodes], ['capacity.coordinator-max-nodes', coordinator.maxNodes],
    ['capacity.worker-consolidate-after', w.spec.disruption.consolidateAfter],
    ['capacity.coordinator-consolidate-after', co.spec.disruption.consolidateAfter], ['capacity.window', window],
    ['capacity.worker-expire-after', w.spec.template.spec.expireAfter],
    ['capacity.coordinator-expire-after', co.spec.template.spec.expireAfter],
    ['capacity.worker-termination-grace', w.spec.template.spec.terminationGracePeriod],
    ['capacity.coordinator-termination-grace', co.spec.template.spec.terminationGracePeriod],
    ['capacity.worker-termination-grace-human', workers.terminationGracePeriod.toHumanString()],
    ['capacity.coordinator-pod-grace-seconds', podTgps], ['capacity.coordinator-termination-grace-human', cTgp.toHumanString()],
    ['capacity.coordinator-stops-after', Duration.seconds(cTgp.toSeconds() - podTgps).toHumanString()],
    ['capacity.worker-shares', table(['Instance type', 'vCPU', 'Memory (GiB)', 'Worker container CPU', 'Worker container memory (GiB)',
      'Share of the node\'s memory'], req(w, 'node.kubernetes.io/instance-type').map((t) => [t, spec(t).vcpus, spec(t).memory.toGibibytes(),
      `${worker.containerCpuMillis}m`, gib(worker.containerMemory.toMebibytes()), pct(worker.containerMemory.toMebibytes() / spec(t).memory.toMebibytes(), 0)]),
    '---|---:|---:|---:|---:|---:')],
    ['capacity.ami', c(nc.amiSelectorTerms[0].alias)],
    ['capacity.root-volume', `${ebs.volumeSize} ${ebs.volumeType}${ebs.encrypted ? ', encrypted' : ''}`],
    ['capacity.max-pods', nc.kubelet.maxPods], ['capacity.http-tokens', c(`httpTokens: ${nc.metadataOptions.httpTokens}`)],
    ['capacity.hop-limit', nc.metadataOptions.httpPutResponseHopLimit],
  ]);
}

/** The Trino 480 status of a property (../shared/schemas/trino/properties.json). */
function trinoStatus(name: string): { status: string; replacedBy?: string } {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, '..', 'shared', 'schemas', 'trino', 'properties.json'), 'utf-8'));
  const entry = (schema.config as any[]).find((e) => e.name === name);
  if (!entry) throw new Error(`'${name}' is not in properties.json`);
  return entry;
}

function faultTolerance(): Blocks {
  const { stack, cluster } = importedClusterStack('Stack');
  new TrinoCluster(stack, 'Trino', { cluster, exchange: new FaultTolerantExchange(stack, 'Exchange', { retryPolicy: RetryPolicy.TASK }) });
  const template = Template.fromStack(stack);
  const values = parseCfnJson((Object.values(template.findResources(eks.HelmChart.RESOURCE_TYPE))[0] as any).Properties.Values);
  const configMap = Object.fromEntries(props(values.additionalConfigProperties));
  const emMap = Object.fromEntries(props(values.additionalExchangeManagerProperties));
  const [bucketId, bucket] = Object.entries<any>(template.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('ExchangeBucket'))!;
  const rule = bucket.Properties.LifecycleConfiguration.Rules[0];
  const statements = Object.values<any>(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement)
    .filter((st: any) => JSON.stringify(st.Resource).includes(bucketId));
  const partSize = FaultTolerantExchange.DEFAULT_UPLOAD_PART_SIZE.toMebibytes();
  const spool = FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION.toDays();
  const compression = trinoStatus('exchange.compression-enabled');
  return Object.fromEntries<string | number>([
    ['ft.part-size', emMap['exchange.s3.upload.part-size']], ['ft.min-part-size', `${FaultTolerantExchange.MIN_UPLOAD_PART_SIZE.toMebibytes()}MB`],
    ['ft.max-part-size', `${FaultTolerantExchange.MAX_UPLOAD_PART_SIZE.toMebibytes()}MB`],
    ['ft.max-error-retries', emMap['exchange.s3.max-error-retries']],
    ['ft.sse', c(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm)],
    ['ft.rule-id', c(rule.Id)], ['ft.expiration', days(rule.ExpirationInDays)],
    ['ft.abort', days(rule.AbortIncompleteMultipartUpload.DaysAfterInitiation)], ['ft.spool-expiration', days(spool)],
    ['ft.deletion-policy', c(`DeletionPolicy: ${bucket.DeletionPolicy}`)],
    ['ft.iam', table(['Actions', 'Resource'], statements.map((st: any) => [list([st.Action].flat()), JSON.stringify(st.Resource).includes('/*')
      ? '`arn:aws:s3:::<exchange-bucket>/*` (the objects)' : '`arn:aws:s3:::<exchange-bucket>` (the bucket)']))],
    ['trino.version', TrinoCluster.DEFAULT_TRINO_VERSION], ['ft.killer-status', trinoStatus('query.low-memory-killer.delay').status],
    ['ft.compression-status', compression.status], ['ft.compression-replacement', c(compression.replacedBy!)],
    ['ft.compression-setting', c(`${compression.replacedBy}=${configMap[compression.replacedBy!]}`)],
    ['ft.remote-task-status', trinoStatus('query.remote-task.max-error-duration').status], ['ft.part-size-mib', partSize],
    ['ft.requests-per-tib', (1024 * 1024) / partSize],
  ]);
}

/** The Kubernetes names of a default TrinoCluster (release `trino` in namespace `trino`). */
export function names(): Blocks {
  const { stack, cluster } = importedClusterStack('Names');
  const trino = new TrinoCluster(stack, 'Trino', { cluster });
  return {
    'names.release': c(trino.releaseName),
    'names.namespace': c(trino.namespace),
    'names.service': c(trino.serviceName),
    'names.worker': c(trino.workerDeploymentName),
  };
}

function performance(): Blocks {
  const { trino, values, nodeClass } = documentedStack();
  const caching = trino._config.cachingCatalogs();
  const share = FILE_SYSTEM_CACHE_DEFAULTS.maxDiskUsagePercentage;
  const memMiB = FILE_SYSTEM_CACHE_DEFAULTS.coordinatorMemoryVolumeSize.toMebibytes();
  const gb = (bytes: number) => (bytes / 1e9).toFixed(1);
  const smallest = spec(SpotWorkerPool.NVME_INSTANCE_TYPES[0]);
  const coordSizing = trino.coordinatorSizing;
  const offHeapMiB = coordSizing.containerMemory.toMebibytes() - coordSizing.heap.toMebibytes();
  const families = instanceFamilies().filter((f) => f.instanceStore).map((f) => f.family);
  const allow = POD_STORAGE_ALLOWANCE.toBytes();
  const sizes = [...new Set(TrinoSizing.supportedInstanceTypes().map((t) => t.split('.')[1]))].map((size) => {
    const eph = nodeEphemeralStorage(spec(`${families[0]}.${size}`), true, 0);
    const cache = Math.ceil(eph.capacityBytes * share / 100);
    return [size, gb(eph.capacityBytes), gb(eph.allocatableBytes), `${gb(cache)}${cache + allow <= eph.allocatableBytes ? '' : ' (does not fit)'}`,
      `${Math.ceil((cache + allow) / 2 ** 20)}Mi`, Math.floor(((eph.allocatableBytes - allow) / eph.capacityBytes) * 100)];
  });
  return Object.fromEntries<string | number>([
    ['trino.app-version', TRINO_CHART.appVersion], ['perf.connectors', FILE_SYSTEM_CACHE_CONNECTORS.join(', ')],
    ['perf.families', families.join(', ')], ['perf.caching', caching.map(c).join(' and ')],
    ['perf.instance-store-policy', c(`instanceStorePolicy: ${nodeClass._object.spec.instanceStorePolicy}`)], ['perf.first-catalog', c(caching[0])],
    ['perf.share', share], ['perf.ttl-days', FILE_SYSTEM_CACHE_DEFAULTS.ttl.toDays()], ['perf.memory-volume-mib', memMiB],
    ['perf.volume', c(values.worker.additionalVolumes[0].name)], ['perf.mount-path', c(FILE_SYSTEM_CACHE_MOUNT_PATH)],
    ['perf.catalog-dir', c(`${FILE_SYSTEM_CACHE_MOUNT_PATH}/<catalog>`)],
    ['perf.coordinator-nvme-types', CoordinatorPool.NVME_INSTANCE_TYPES.join(', ')],
    ['perf.coordinator-nvme-gb', gb(spec(CoordinatorPool.NVME_INSTANCE_TYPES[0]).instanceStore!.toBytes())],
    ['perf.memory-volume-share', COORDINATOR_MEMORY_VOLUME_MAX_SHARE * 100],
    ['perf.coordinator-off-heap-mib', offHeapMiB], ['perf.memory-volume-max-mib', Math.floor(offHeapMiB * COORDINATOR_MEMORY_VOLUME_MAX_SHARE)],
    ['perf.caching-count', caching.length], ['perf.catalog-share', c(`fs.cache.max-disk-usage-percentages=${Math.floor(share / caching.length)}`)],
    ['perf.allowance-gib', POD_STORAGE_ALLOWANCE.toGibibytes()], ['perf.worker-request', values.worker.resources.requests['ephemeral-storage']],
    ['perf.smallest-type', smallest.instanceType], ['perf.smallest-nvme-gb', gb(smallest.instanceStore!.toBytes())],
    ['perf.kube-reserved-gib', KUBE_RESERVED_EPHEMERAL_BYTES / 2 ** 30], ['perf.nodefs-eviction', NODEFS_EVICTION_PERCENT],
    ['perf.smallest-allocatable-gb', gb(nodeEphemeralStorage(smallest, true, 0).allocatableBytes)],
    ['perf.table', table(['Size', 'Local NVMe (GB)', 'Karpenter allocatable (GB)', `Cache at ${share}% (GB)`, `Pod request at ${share}%`,
      'Largest `maxDiskUsagePercentage`'], sizes, '---|---:|---:|---:|---:|---:')],
    ['perf.openmetrics-name', c(`JMX_io_trino_filesystem_alluxio_NAME_${caching[0]}_TYPE_AlluxioCacheStats_ATTRIBUTE_CacheReads_AllTime_Total`)],
    ['perf.exporter-name', c(`io_trino_filesystem_alluxio_AlluxioCacheStats_CacheReads_AllTime_Total{name="${caching[0]}",catalog="${caching[0]}"}`)],
    ['perf.cache-manager-version', CACHE_MANAGER_TRINO_VERSION],
  ]);
}

export async function referenceBlocks(): Promise<Blocks> {
  return { ...names(), ...rules(), ...sizingPage(), ...capacity(), ...faultTolerance(), ...performance() };
}
