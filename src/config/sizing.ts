// SPDX-License-Identifier: Apache-2.0
import { Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { InstanceSpec } from './instance-spec';
import { lookupInstanceSpec, supportedInstanceTypeNames } from './instance-types';

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
   * An explicit JVM heap size. Overrides `heapFraction`. Must not exceed 256 GiB (JVM garbage-collection limit)
   * nor the container memory.
   *
   * @default - `heapFraction` of the container memory, capped at 256 GiB
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
   * Memory left on the node for DaemonSets (VPC CNI, kube-proxy, EKS Pod Identity agent, EBS CSI node, monitoring).
   *
   * @default Size.gibibytes(1)
   */
  readonly daemonSetMemory?: Size;

  /**
   * CPU left on the node for DaemonSets, in millicores.
   *
   * @default 500
   */
  readonly daemonSetCpuMillis?: number;

  /**
   * The most pods the node's kubelet runs. EKS reserves `255 MiB + 11 MiB × maxPods` of memory for the kubelet.
   * The EC2NodeClass that SpotWorkerPool creates sets `kubelet.maxPods` to this value.
   *
   * @default 110
   */
  readonly kubeletMaxPods?: number;
}

/** Karpenter's default VM memory overhead (its `vmMemoryOverheadPercent` setting): what EC2 keeps of the memory. */
const VM_MEMORY_OVERHEAD = 0.075;
/** kubelet memory eviction threshold on EKS AMIs (memory.available<100Mi). */
const EVICTION_HARD_MIB = 100;
/** The seed's JVM limit: keep the heap under 256 GB. */
const MAX_HEAP_MIB = 256 * 1024;
const MIN_HEAP_FRACTION = 0.7;
const MAX_HEAP_FRACTION = 0.85;
const MIN_QUERY_FRACTION = 0.5;
const MAX_QUERY_FRACTION = 0.85;

/**
 * Trino memory and CPU settings derived from the instance type a Trino pod runs on, one pod per node.
 *
 * The node's memory is reduced by what EC2 and Kubernetes keep (Karpenter's 7.5% VM overhead, the EKS kubelet
 * reservation `255 MiB + 11 MiB × maxPods`, the 100 MiB eviction threshold) and by a DaemonSet budget; what is left
 * is the container's memory request and limit. The heap is `heapFraction` of that (capped at 256 GiB),
 * `query.max-memory-per-node` is `queryMemoryFraction` of the heap and the rest of the heap is heap headroom.
 * CPU request and limit are the vCPUs minus the EKS kubelet CPU reservation and a DaemonSet budget, so the pod
 * gets the Guaranteed QoS class and owns its node.
 *
 * @example
 * const sizing = TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.4xlarge'));
 * // sizing.heap, sizing.queryMaxMemoryPerNode, sizing.containerMemory
 */
export class TrinoSizing {
  /**
   * The largest JVM heap the library configures (256 GiB).
   */
  public static readonly MAX_HEAP = Size.gibibytes(256);

  /**
   * Sizing for a supported instance type (see `TrinoSizing.supportedInstanceTypes()`).
   *
   * @throws if the instance type is not in the table; use `forInstance` for other types
   */
  public static forInstanceType(instanceType: ec2.InstanceType, options: TrinoSizingOptions = {}): TrinoSizing {
    return new TrinoSizing(TrinoSizing.instanceSpec(instanceType), options);
  }

  /**
   * Sizing for any instance, described by its vCPUs and memory.
   */
  public static forInstance(spec: InstanceSpec, options: TrinoSizingOptions = {}): TrinoSizing {
    return new TrinoSizing(spec, options);
  }

  /**
   * The instance types in the sizing table: r8g, r7g, r6g, r7i, r6i, r7a, r6a, m8g, m7g, m6g, m7i, m6i, m7a and m6a,
   * each from xlarge to 16xlarge.
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
  /** Memory request and limit of the Trino container. */
  public readonly containerMemory: Size;
  /** CPU request and limit of the Trino container, in millicores. */
  public readonly containerCpuMillis: number;
  /** JVM heap (`-Xmx`). */
  public readonly heap: Size;
  /** `query.max-memory-per-node`: the memory one query may use on this node. */
  public readonly queryMaxMemoryPerNode: Size;
  /** `memory.heap-headroom-per-node`: heap kept for allocations Trino does not track. */
  public readonly heapHeadroom: Size;
  /** Heap as a share of the container memory (0.70–0.85 unless capped at 256 GiB). */
  public readonly heapShareOfContainer: number;
  /** `query.max-memory-per-node` as a share of the instance's advertised memory. */
  public readonly queryMemoryShareOfInstance: number;

  private constructor(spec: InstanceSpec, options: TrinoSizingOptions) {
    const heapFraction = options.heapFraction ?? 0.8;
    const queryFraction = options.queryMemoryFraction ?? 0.8;
    const maxPods = options.kubeletMaxPods ?? 110;
    const daemonSetMemory = options.daemonSetMemory ?? Size.gibibytes(1);
    const daemonSetCpu = options.daemonSetCpuMillis ?? 500;
    checkRange('heapFraction', heapFraction, MIN_HEAP_FRACTION, MAX_HEAP_FRACTION);
    checkRange('queryMemoryFraction', queryFraction, MIN_QUERY_FRACTION, MAX_QUERY_FRACTION);
    checkInteger('kubeletMaxPods', maxPods, 1, 1024);
    checkInteger('daemonSetCpuMillis', daemonSetCpu, 0, 100_000);
    checkInteger('vcpus', spec.vcpus, 1, 1024);

    this.instance = spec;
    const nodeMiB = spec.memory.toMebibytes();
    const kubeReservedMiB = 255 + 11 * maxPods;
    const containerMiB = Math.floor(
      nodeMiB * (1 - VM_MEMORY_OVERHEAD) - kubeReservedMiB - EVICTION_HARD_MIB - daemonSetMemory.toMebibytes(),
    );
    if (containerMiB < 2048) {
      throw new Error(
        `Instance type '${spec.instanceType}' has ${spec.memory.toGibibytes()} GiB of memory, which leaves ` +
          `${containerMiB} MiB for Trino after the kubelet and DaemonSet reservations; at least 2048 MiB is needed.`,
      );
    }
    const cpuMillis = spec.vcpus * 1000 - kubeReservedCpuMillis(spec.vcpus) - daemonSetCpu;
    if (cpuMillis < 1000) {
      throw new Error(
        `Instance type '${spec.instanceType}' has ${spec.vcpus} vCPUs, which leaves ${cpuMillis}m for Trino after ` +
          'the kubelet and DaemonSet reservations; at least 1000m is needed.',
      );
    }

    let heapMiB: number;
    if (options.heap !== undefined) {
      heapMiB = Math.floor(options.heap.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR }));
      if (heapMiB > MAX_HEAP_MIB) {
        throw new Error(
          `\`heap\` must be at most 256 GiB (the JVM garbage-collection limit the seed's best practices set), got ${formatMiB(heapMiB)}.`,
        );
      }
      if (heapMiB >= containerMiB) {
        throw new Error(
          `\`heap\` (${formatMiB(heapMiB)}) must be smaller than the container memory of '${spec.instanceType}' ` +
            `(${formatMiB(containerMiB)}); allowed: 70–85% of it.`,
        );
      }
    } else {
      heapMiB = Math.min(Math.floor(containerMiB * heapFraction), MAX_HEAP_MIB);
    }
    const queryMiB = Math.floor(heapMiB * queryFraction);

    this.containerMemory = Size.mebibytes(containerMiB);
    this.containerCpuMillis = cpuMillis;
    this.heap = Size.mebibytes(heapMiB);
    this.queryMaxMemoryPerNode = Size.mebibytes(queryMiB);
    this.heapHeadroom = Size.mebibytes(heapMiB - queryMiB);
    this.heapShareOfContainer = heapMiB / containerMiB;
    this.queryMemoryShareOfInstance = queryMiB / nodeMiB;
  }
}

/**
 * EKS AMI kubelet CPU reservation: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% of the rest.
 */
function kubeReservedCpuMillis(vcpus: number): number {
  let m = 0;
  for (let i = 1; i <= vcpus; i++) {
    m += i === 1 ? 60 : i === 2 ? 10 : i <= 4 ? 5 : 2.5;
  }
  return Math.ceil(m);
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

/** `94925 MiB` → `92.7 GiB` style, for messages. */
function formatMiB(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024} GiB` : `${(mib / 1024).toFixed(1)} GiB`;
}
