// SPDX-License-Identifier: Apache-2.0
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { InstanceSpec } from '../instance-spec';

/**
 * Karpenter's default `vmMemoryOverheadPercent` (its `--vm-memory-overhead-percent` setting, a fraction): the share of
 * an instance type's memory Karpenter assumes the hypervisor and the kernel keep until it has seen a node of that type.
 * @internal
 */
export const DEFAULT_VM_MEMORY_OVERHEAD_PERCENT = 0.075;

/**
 * Memory reserved on Graviton (arm64) instances for the kernel's contiguous memory allocator, which Karpenter
 * subtracts before the VM overhead.
 * @internal
 */
export const ARM64_CMA_MIB = 64;

/**
 * The kubelet's default hard eviction threshold for memory (`memory.available<100Mi`); TrinoNodeClass sets no
 * `kubelet.evictionHard`.
 * @internal
 */
export const EVICTION_HARD_MIB = 100;

/**
 * What Karpenter expects a node of an instance type to offer its pods, and what it subtracts to get there.
 * @internal
 */
export interface NodeAllocatable {
  /** memory after the Graviton CMA reservation and the VM overhead (Karpenter's node capacity) */
  readonly capacityMemoryMiB: number;
  /** VM overhead Karpenter subtracts */
  readonly vmOverheadMiB: number;
  /** Graviton CMA reservation (0 on x86_64) */
  readonly cmaMiB: number;
  /** pods the kubelet memory reservation is computed for */
  readonly kubeReservedPods: number;
  /** kube-reserved memory: 11 MiB per pod + 255 MiB */
  readonly kubeReservedMemoryMiB: number;
  /** kube-reserved CPU, by vCPU ranges */
  readonly kubeReservedCpuMillis: number;
  /** hard eviction threshold */
  readonly evictionMemoryMiB: number;
  /** system-reserved memory (TrinoNodeClass sets none) */
  readonly systemReservedMemoryMiB: number;
  /** allocatable memory: what the pods of the node may request in total */
  readonly memoryMiB: number;
  /** allocatable CPU */
  readonly cpuMillis: number;
}

/**
 * Karpenter's model of a node's allocatable memory and CPU for the EC2NodeClass that TrinoNodeClass renders
 * (Amazon Linux 2023, no `kubeReserved`, `systemReserved` or `evictionHard`). Karpenter launches the cheapest allowed
 * instance type whose allocatable holds the pending pod plus the DaemonSet pods that would run beside it, so a Trino
 * pod sized above this model makes it pick a larger type, or none.
 *
 * Mirrors aws/karpenter-provider-aws `pkg/providers/instancetype/types.go` at v1.14.1:
 * - `memory()`: the instance's `SizeInMiB`, minus 64 MiB on arm64, minus `ceil(that × VMMemoryOverheadPercent)`;
 * - `kubeReservedResources()`: memory `11 × pods + 255` MiB, CPU 6% of the first core, 1% of the second, 0.5% of
 *   the next two and 0.25% of the rest (each range truncated to whole millicores);
 * - `NewInstanceType()`: for AMI families with `UsesENILimitedMemoryOverhead` (Amazon Linux 2023, see
 *   `pkg/providers/amifamily/resolver.go` `DefaultFamily.FeatureFlags()`), `pods` is `ENILimitedPods()` of the
 *   instance type, NOT `kubelet.maxPods`: the AL2023 EKS AMI's nodeadm reserves kubelet memory for the ENI-limited
 *   pod count too (awslabs/amazon-eks-ami `nodeadm/internal/kubelet/config.go`, `withDefaultReservedResources`);
 * - `evictionThreshold()`: 100 MiB of memory unless `kubelet.evictionHard` sets `memory.available`.
 *
 * Once Karpenter has seen a node of a type, it uses that node's real memory capacity instead of the VM overhead
 * estimate (`pkg/controllers/providers/instancetype/capacity/controller.go`); on Nitro instances that is more than
 * the estimate, so a pod that fits this model keeps fitting.
 * @internal
 */
export function nodeAllocatable(spec: InstanceSpec, vmMemoryOverheadPercent: number): NodeAllocatable {
  const cmaMiB = spec.architecture === ec2.InstanceArchitecture.ARM_64 ? ARM64_CMA_MIB : 0;
  const memMiB = spec.memory.toMebibytes() - cmaMiB;
  // Same float operations as Karpenter's Go: ceil(bytes × percent / 1024 / 1024).
  const vmOverheadMiB = Math.ceil((memMiB * 1024 * 1024 * vmMemoryOverheadPercent) / 1024 / 1024);
  const capacityMemoryMiB = memMiB - vmOverheadMiB;
  const kubeReservedPods = spec.eniLimitedPods ?? defaultEniLimitedPods(spec.vcpus);
  const kubeReservedMemoryMiB = 11 * kubeReservedPods + 255;
  const kubeReservedCpuMillis = kubeReservedCpu(spec.vcpus * 1000);
  return {
    capacityMemoryMiB,
    vmOverheadMiB,
    cmaMiB,
    kubeReservedPods,
    kubeReservedMemoryMiB,
    kubeReservedCpuMillis,
    evictionMemoryMiB: EVICTION_HARD_MIB,
    systemReservedMemoryMiB: 0,
    memoryMiB: capacityMemoryMiB - kubeReservedMemoryMiB - EVICTION_HARD_MIB,
    cpuMillis: spec.vcpus * 1000 - kubeReservedCpuMillis,
  };
}

/**
 * The ENI-limited pod count (`ENIs × (IPv4 addresses per ENI − 1) + 2`) of current-generation m, r and c instance
 * types with this many vCPUs: 4 ENIs × 15 addresses up to 8 vCPUs, 8 × 30 up to 48 vCPUs, 15 × 50 above. For an
 * instance type with fewer ENIs or addresses this overstates the reservation, which only makes the pod smaller.
 * @internal
 */
export function defaultEniLimitedPods(vcpus: number): number {
  if (vcpus <= 8) return 4 * (15 - 1) + 2;
  if (vcpus <= 48) return 8 * (30 - 1) + 2;
  return 15 * (50 - 1) + 2;
}

/** Karpenter's kube-reserved CPU for a node with this many millicores (`kubeReservedResources`). */
function kubeReservedCpu(cpuMillis: number): number {
  const ranges: Array<[number, number, number]> = [
    [0, 1000, 0.06],
    [1000, 2000, 0.01],
    [2000, 4000, 0.005],
    [4000, 2 ** 31, 0.0025],
  ];
  let reserved = 0;
  for (const [start, end, percentage] of ranges) {
    if (cpuMillis >= start) {
      const r = cpuMillis < end ? cpuMillis - start : end - start;
      reserved += Math.trunc(r * percentage);
    }
  }
  return reserved;
}

/**
 * Karpenter's kube-reserved ephemeral storage (`kubeReservedResources`: `ephemeral-storage: 1Gi`), which the AL2023
 * nodeadm reserves too.
 * @internal
 */
export const KUBE_RESERVED_EPHEMERAL_BYTES = 2 ** 30;

/**
 * The kubelet's default hard eviction threshold for the node file system (`nodefs.available<10%`), in percent; Karpenter
 * subtracts it from the ephemeral-storage capacity (`evictionThreshold`), and TrinoNodeClass sets no
 * `kubelet.evictionHard`.
 * @internal
 */
export const NODEFS_EVICTION_PERCENT = 10;

/**
 * What Karpenter expects a node of an instance type to offer its pods as ephemeral storage (emptyDir volumes,
 * container layers and logs).
 * @internal
 */
export interface NodeEphemeralStorage {
  /** whether the node's ephemeral storage is its local NVMe instance store (RAID0 policy and a type that has one) */
  readonly onInstanceStore: boolean;
  /** Karpenter's ephemeral-storage capacity, in bytes */
  readonly capacityBytes: number;
  /** what Karpenter subtracts: kube-reserved 1 GiB plus the 10% eviction threshold, in bytes */
  readonly reservedBytes: number;
  /** allocatable ephemeral storage: what the pods of the node may request in total, in bytes */
  readonly allocatableBytes: number;
}

/**
 * Karpenter's model of a node's ephemeral storage (aws/karpenter-provider-aws `pkg/providers/instancetype/types.go`
 * at v1.14.1): `ephemeralStorage()` takes `InstanceStorageInfo.TotalSizeInGB` as `<n>G` (decimal) when the
 * EC2NodeClass has `instanceStorePolicy: RAID0` and the type has instance store, else the root volume size;
 * `kubeReservedResources()` reserves 1 GiB and `evictionThreshold()` 10% of the capacity, rounded up.
 * @internal
 */
export function nodeEphemeralStorage(spec: InstanceSpec, raid0: boolean, rootVolumeBytes: number): NodeEphemeralStorage {
  const onInstanceStore = raid0 && spec.instanceStore !== undefined;
  const capacityBytes = onInstanceStore ? spec.instanceStore!.toBytes() : rootVolumeBytes;
  const reservedBytes = KUBE_RESERVED_EPHEMERAL_BYTES + Math.ceil((capacityBytes / 100) * NODEFS_EVICTION_PERCENT);
  return { onInstanceStore, capacityBytes, reservedBytes, allocatableBytes: capacityBytes - reservedBytes };
}
