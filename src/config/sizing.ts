// SPDX-License-Identifier: Apache-2.0
import { Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { InstanceSpec } from './instance-spec';
import { lookupInstanceSpec, smallerSizesOfFamily, supportedInstanceTypeNames } from './instance-types';
import { DEFAULT_VM_MEMORY_OVERHEAD_PERCENT, nodeAllocatable } from './private/node-allocatable';

/**
 * Options that tune how TrinoSizing turns an instance type into Trino memory and CPU settings.
 */
export interface TrinoSizingOptions {
  /**
   * Share of the container memory given to the JVM heap (`-Xmx`).
   *
   * The seed's best practice is 70–85% of the memory the Trino pod may use; the rest is for off-heap memory
   * (direct buffers, metaspace, code cache, thread stacks) and the OS.
   *
   * @default 0.8
   */
  readonly heapFraction?: number;

  /**
   * An explicit JVM heap size. Overrides `heapFraction`. Must be at most `TrinoSizing.MAX_HEAP` (238 GiB, under the
   * seed's 256 GB JVM limit) and smaller than the container memory.
   *
   * @default - `heapFraction` of the container memory, capped at `TrinoSizing.MAX_HEAP`
   */
  readonly heap?: Size;

  /**
   * Share of the heap that one query may use on one node (`query.max-memory-per-node`). The remainder of the heap is
   * `memory.heap-headroom-per-node`, for allocations Trino does not track.
   *
   * @default 0.8
   */
  readonly queryMemoryFraction?: number;

  /**
   * The DaemonSet allowance for memory: what the Trino container leaves of the node's allocatable memory for the
   * memory requests of everything else on the node. That is the DaemonSets whose pods run on the Trino nodes (they
   * tolerate the pools' taints: VPC CNI, kube-proxy, EKS Pod Identity agent, CSI node plugins, log and metrics
   * agents) and the Trino pod's own sidecars (the JMX exporter that TrinoKedaScaler's Prometheus metrics add
   * requests 256 MiB). Sum their requests on your cluster and set at least that: with more, Karpenter launches a
   * larger instance type than the pod was sized for, or none.
   *
   * @default Size.gibibytes(1)
   */
  readonly daemonSetMemory?: Size;

  /**
   * The DaemonSet allowance for CPU, in millicores: what the Trino container leaves of the node's allocatable CPU for
   * the CPU requests of the DaemonSets and sidecars on the node (see `daemonSetMemory`; the JMX exporter sidecar
   * requests 100m).
   *
   * @default 500
   */
  readonly daemonSetCpuMillis?: number;

  /**
   * Karpenter's `vmMemoryOverheadPercent` setting (a fraction, its `--vm-memory-overhead-percent` flag or
   * `VM_MEMORY_OVERHEAD_PERCENT` variable): the share of an instance type's memory Karpenter assumes is not
   * available to the node. Set it to what your Karpenter runs with.
   *
   * @default 0.075 (Karpenter's default)
   */
  readonly vmMemoryOverheadPercent?: number;
}

/** The seed's JVM limit is "under 256GB"; 238 GiB is 255.6 × 10^9 bytes, under 256 GB read either way. */
const MAX_HEAP_MIB = 238 * 1024;
const MIN_HEAP_FRACTION = 0.7;
const MAX_HEAP_FRACTION = 0.85;
const MIN_QUERY_FRACTION = 0.5;
const MAX_QUERY_FRACTION = 0.85;
const MIN_CONTAINER_MIB = 2048;
const MIN_CONTAINER_CPU_MILLIS = 1000;

/**
 * Trino memory and CPU settings derived from the instance type a Trino pod runs on, one pod per node.
 *
 * The container's memory and CPU (request = limit, so the pod is Guaranteed and owns its node) are what Karpenter
 * expects the node to offer its pods, minus the DaemonSet allowance (`daemonSetMemory`, `daemonSetCpuMillis`).
 * Karpenter's model of an Amazon Linux 2023 node (what TrinoNodeClass launches) subtracts from the instance memory
 * 64 MiB on Graviton, the VM overhead (7.5%), the kubelet reservation (`11 MiB × the ENI-limited pod count + 255 MiB`)
 * and the eviction threshold (100 MiB); from the vCPUs the kubelet CPU reservation. Karpenter launches the cheapest
 * allowed instance type that holds the pod plus the DaemonSets, so the pod is sized to fit the instance type it is
 * sized for whenever the DaemonSets' requests stay within the allowance.
 *
 * The heap is `heapFraction` of the container, capped at `MAX_HEAP`; `query.max-memory-per-node` is
 * `queryMemoryFraction` of the heap and the rest of the heap is heap headroom.
 *
 * @example
 * const sizing = TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.4xlarge'), {
 *   daemonSetMemory: Size.gibibytes(2), // the DaemonSets of your nodes request up to 2 GiB
 * });
 * // sizing.heap, sizing.queryMaxMemoryPerNode, sizing.containerMemory
 */
export class TrinoSizing {
  /**
   * The largest JVM heap the library configures: 238 GiB (255.6 GB), under the seed's "256GB" JVM limit whether GB
   * is read as 10^9 bytes (256 GB = 238.4 GiB) or as 2^30 bytes.
   */
  public static readonly MAX_HEAP = Size.mebibytes(MAX_HEAP_MIB);

  /**
   * Sizing for a supported instance type (see `TrinoSizing.supportedInstanceTypes()`).
   *
   * @throws if the instance type is not in the table; use `forInstance` for other types
   */
  public static forInstanceType(instanceType: ec2.InstanceType, options: TrinoSizingOptions = {}): TrinoSizing {
    return new TrinoSizing(TrinoSizing.instanceSpec(instanceType), options);
  }

  /**
   * Sizing for any instance, described by its vCPUs, memory and ENI-limited pod count.
   *
   * In Python, pass the spec as an `InstanceSpec(...)` object: a dict in this position is not converted to a struct
   * and fails with a `SerializationError` (see docs/languages.md).
   *
   * @example
   * const sizing = TrinoSizing.forInstance({
   *   instanceType: 'r8g.4xlarge',
   *   vcpus: 16,
   *   memory: Size.gibibytes(128),
   *   architecture: ec2.InstanceArchitecture.ARM_64,
   * }, { daemonSetMemory: Size.gibibytes(2) });
   */
  public static forInstance(spec: InstanceSpec, options: TrinoSizingOptions = {}): TrinoSizing {
    return new TrinoSizing(spec, options);
  }

  /**
   * The instance types in the sizing table: r8g, r8gd, r7g, r7gd, r6g, r6gd, r7i, r6i, r6id, r7a, r6a, m8g, m8gd,
   * m7g, m7gd, m6g, m6gd, m7i, m6i, m6id, m7a and m6a, each from xlarge to 16xlarge. The `d` families have local NVMe
   * instance store (`InstanceSpec.instanceStore`).
   */
  public static supportedInstanceTypes(): string[] {
    return supportedInstanceTypeNames();
  }

  /**
   * The table entry of a supported instance type.
   *
   * @throws if the instance type is not in the table
   */
  public static instanceSpec(instanceType: ec2.InstanceType): InstanceSpec {
    const name = instanceType.toString();
    const spec = lookupInstanceSpec(name);
    if (!spec) {
      throw new Error(
        `Unknown instance type '${name}': TrinoSizing supports ${supportedFamilies()} from xlarge to 16xlarge. ` +
          'Use TrinoSizing.forInstance({ instanceType, vcpus, memory, architecture }) for other instance types.',
      );
    }
    return spec;
  }

  /** The instance this sizing is for. */
  public readonly instance: InstanceSpec;
  /**
   * Memory Karpenter expects a node of this instance to offer its pods (allocatable): the instance memory minus the
   * Graviton CMA reservation, the VM overhead, the kubelet reservation and the eviction threshold.
   */
  public readonly nodeAllocatableMemory: Size;
  /** CPU Karpenter expects a node of this instance to offer its pods, in millicores. */
  public readonly nodeAllocatableCpuMillis: number;
  /** The memory left on the node for DaemonSets and sidecars (`daemonSetMemory`). */
  public readonly daemonSetMemory: Size;
  /** The CPU left on the node for DaemonSets and sidecars, in millicores (`daemonSetCpuMillis`). */
  public readonly daemonSetCpuMillis: number;
  /** The Karpenter VM memory overhead the sizing assumes (`vmMemoryOverheadPercent`). */
  public readonly vmMemoryOverheadPercent: number;
  /** Memory request and limit of the Trino container. */
  public readonly containerMemory: Size;
  /** CPU request and limit of the Trino container, in millicores. */
  public readonly containerCpuMillis: number;
  /** JVM heap (`-Xmx`). */
  public readonly heap: Size;
  /** Whether `MAX_HEAP` lowered the heap below `heapFraction` of the container. */
  public readonly heapCapped: boolean;
  /** `query.max-memory-per-node`: the memory one query may use on this node. */
  public readonly queryMaxMemoryPerNode: Size;
  /** `memory.heap-headroom-per-node`: heap kept for allocations Trino does not track. */
  public readonly heapHeadroom: Size;
  /** Heap as a share of the container memory (0.70–0.85 unless the heap is capped at `MAX_HEAP`). */
  public readonly heapShareOfContainer: number;
  /** `query.max-memory-per-node` as a share of the instance's advertised memory. */
  public readonly queryMemoryShareOfInstance: number;

  private readonly options: TrinoSizingOptions;

  private constructor(spec: InstanceSpec, options: TrinoSizingOptions) {
    const heapFraction = options.heapFraction ?? 0.8;
    const queryFraction = options.queryMemoryFraction ?? 0.8;
    const vmOverhead = options.vmMemoryOverheadPercent ?? DEFAULT_VM_MEMORY_OVERHEAD_PERCENT;
    const daemonSetMiB = wholeMebibytes('daemonSetMemory', options.daemonSetMemory ?? Size.gibibytes(1));
    const daemonSetCpu = options.daemonSetCpuMillis ?? 500;
    checkRange('heapFraction', heapFraction, MIN_HEAP_FRACTION, MAX_HEAP_FRACTION);
    checkRange('queryMemoryFraction', queryFraction, MIN_QUERY_FRACTION, MAX_QUERY_FRACTION);
    checkRange('vmMemoryOverheadPercent', vmOverhead, 0, 0.5);
    checkInteger('daemonSetCpuMillis', daemonSetCpu, 0, 100_000);
    checkInteger('vcpus', spec.vcpus, 1, 1024);
    if (spec.eniLimitedPods !== undefined) checkInteger('eniLimitedPods', spec.eniLimitedPods, 1, 10_000);

    this.options = options;
    this.instance = spec;
    this.vmMemoryOverheadPercent = vmOverhead;
    const node = nodeAllocatable(spec, vmOverhead);
    const containerMiB = node.memoryMiB - daemonSetMiB;
    if (containerMiB < MIN_CONTAINER_MIB) {
      throw new Error(
        `Instance type '${spec.instanceType}' cannot hold a Trino pod with \`daemonSetMemory\` ${formatMiB(daemonSetMiB)}: ` +
          `Karpenter expects it to offer pods ${formatMiB(node.memoryMiB)} (of ${formatMiB(spec.memory.toMebibytes())}), ` +
          `which leaves ${formatMiB(containerMiB)} for Trino; at least ${formatMiB(MIN_CONTAINER_MIB)} is needed. ` +
          `Allowed: \`daemonSetMemory\` up to ${formatMiB(Math.max(0, node.memoryMiB - MIN_CONTAINER_MIB))}, or a larger ` +
          'instance type.',
      );
    }
    const cpuMillis = node.cpuMillis - daemonSetCpu;
    if (cpuMillis < MIN_CONTAINER_CPU_MILLIS) {
      throw new Error(
        `Instance type '${spec.instanceType}' cannot hold a Trino pod with \`daemonSetCpuMillis\` ${daemonSetCpu}: ` +
          `Karpenter expects it to offer pods ${node.cpuMillis}m of ${spec.vcpus} vCPUs, which leaves ${cpuMillis}m for ` +
          `Trino; at least ${MIN_CONTAINER_CPU_MILLIS}m is needed. Allowed: \`daemonSetCpuMillis\` up to ` +
          `${Math.max(0, node.cpuMillis - MIN_CONTAINER_CPU_MILLIS)}, or a larger instance type.`,
      );
    }

    let heapMiB: number;
    let capped = false;
    if (options.heap !== undefined) {
      heapMiB = Math.floor(options.heap.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR }));
      if (heapMiB > MAX_HEAP_MIB) {
        throw new Error(
          `\`heap\` must be at most ${formatMiB(MAX_HEAP_MIB)} (TrinoSizing.MAX_HEAP: the seed keeps the JVM heap under ` +
            `256 GB), got ${formatMiB(heapMiB)}.`,
        );
      }
      if (heapMiB >= containerMiB) {
        throw new Error(
          `\`heap\` (${formatMiB(heapMiB)}) must be smaller than the container memory of '${spec.instanceType}' ` +
            `(${formatMiB(containerMiB)}); allowed: 70–85% of it.`,
        );
      }
    } else {
      const share = Math.floor(containerMiB * heapFraction);
      capped = share > MAX_HEAP_MIB;
      heapMiB = Math.min(share, MAX_HEAP_MIB);
    }
    const queryMiB = Math.floor(heapMiB * queryFraction);

    this.nodeAllocatableMemory = Size.mebibytes(node.memoryMiB);
    this.nodeAllocatableCpuMillis = node.cpuMillis;
    this.daemonSetMemory = Size.mebibytes(daemonSetMiB);
    this.daemonSetCpuMillis = daemonSetCpu;
    this.containerMemory = Size.mebibytes(containerMiB);
    this.containerCpuMillis = cpuMillis;
    this.heap = Size.mebibytes(heapMiB);
    this.heapCapped = capped;
    this.queryMaxMemoryPerNode = Size.mebibytes(queryMiB);
    this.heapHeadroom = Size.mebibytes(heapMiB - queryMiB);
    this.heapShareOfContainer = heapMiB / containerMiB;
    this.queryMemoryShareOfInstance = queryMiB / spec.memory.toMebibytes();
  }

  /**
   * The synth warning for a heap that `MAX_HEAP` holds below 70% of the container, naming the smaller sizes of the
   * same family where the heap keeps 70–85%; undefined when the heap is within the seed's range.
   * @internal
   */
  public _heapCappedWarning(role: string): string | undefined {
    if (!this.heapCapped || this.heapShareOfContainer >= MIN_HEAP_FRACTION) return undefined;
    const containerMiB = this.containerMemory.toMebibytes();
    const heapMiB = this.heap.toMebibytes();
    const better = smallerSizesOfFamily(this.instance.instanceType).filter((t) => {
      try {
        const s = TrinoSizing.forInstanceType(new ec2.InstanceType(t), this.options);
        return s.heapShareOfContainer >= MIN_HEAP_FRACTION;
      } catch {
        return false;
      }
    });
    const maxContainerMiB = Math.floor(MAX_HEAP_MIB / MIN_HEAP_FRACTION);
    return (
      `The ${role} JVM heap is capped at ${formatMiB(MAX_HEAP_MIB)} (under the seed's 256 GB JVM limit), ` +
      `${(this.heapShareOfContainer * 100).toFixed(1)}% of the ${formatMiB(containerMiB)} container on ` +
      `${this.instance.instanceType}, below the seed's 70–85%: ${formatMiB(containerMiB - heapMiB)} stays off-heap, ` +
      'where Trino\'s query memory cannot use it. ' +
      (better.length > 0
        ? `Instance types that fit better (the heap keeps 70–85% there): ${better.join(', ')}.`
        : `Use an instance type whose container is at most ${formatMiB(maxContainerMiB)}.`)
    );
  }
}

function supportedFamilies(): string {
  const families = [...new Set(supportedInstanceTypeNames().map((t) => t.split('.')[0]))];
  return families.join(', ');
}

function checkRange(prop: string, v: number, min: number, max: number) {
  if (Token.isUnresolved(v)) return;
  if (!(v >= min && v <= max)) {
    throw new Error(`\`${prop}\` must be between ${min} and ${max}, got: ${v}.`);
  }
}

function checkInteger(prop: string, v: number, min: number, max: number) {
  if (Token.isUnresolved(v)) return;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new Error(`\`${prop}\` must be an integer between ${min} and ${max}, got: ${v}.`);
  }
}

/** A whole number of MiB from a Size, rounded up (an allowance is never understated). */
function wholeMebibytes(prop: string, size: Size): number {
  const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (Token.isUnresolved(mib)) {
    throw new Error(`\`${prop}\` must be a literal size (it sizes the Trino pods at synth time), got a token.`);
  }
  if (!Number.isFinite(mib) || mib < 0) {
    throw new Error(`\`${prop}\` must be a size of at least 0 bytes, got: ${mib} MiB.`);
  }
  return Math.ceil(mib);
}

/** `94925 MiB` → `92.7 GiB` style, for messages. */
function formatMiB(mib: number): string {
  if (mib % 1024 === 0) return `${mib / 1024} GiB`;
  return Math.abs(mib) < 1024 ? `${mib} MiB` : `${(mib / 1024).toFixed(1)} GiB`;
}
