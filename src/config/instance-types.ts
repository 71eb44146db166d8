// SPDX-License-Identifier: Apache-2.0
import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { InstanceSpec } from './instance-spec';

/**
 * One family of the table: all of its sizes have the same memory per vCPU and architecture.
 * @internal
 */
interface FamilyRow {
  readonly family: string;
  readonly architecture: ec2.InstanceArchitecture;
  /** GiB of memory per vCPU */
  readonly memoryPerVcpu: number;
  /** what it is, for docs/sizing.md */
  readonly processor: string;
  /** whether the family has local NVMe instance store (the `d` variants), sized per SIZES.localNvmeGb */
  readonly instanceStore?: boolean;
}

/**
 * Sizes every listed family offers, with their vCPU count and ENI-limited pod count (ENIs × (IPv4 addresses per ENI
 * − 1) + 2). Both are the same in every m and r family of the table: 4 ENIs × 15 addresses up to 2xlarge, 8 × 30 from
 * 4xlarge to 12xlarge, 15 × 50 at 16xlarge (aws/karpenter-provider-aws
 * `pkg/providers/instancetype/zz_generated.vpclimits.go` at v1.14.1, and awslabs/amazon-eks-ami
 * `nodeadm/internal/kubelet/instance-info.jsonl`).
 *
 * `localNvmeGb` is the local NVMe instance store of the families that have one (r8gd, r7gd, r6gd, r6id, m8gd, m7gd,
 * m6gd, m6id), the same in all of them: EC2's `DescribeInstanceTypes` `InstanceStorageInfo.TotalSizeInGB`, in decimal
 * GB (1 × 237 GB at xlarge up to 2 × 1900 GB at 16xlarge). Source: the EC2 API data that aws/karpenter-provider-aws
 * publishes as the `karpenter.k8s.aws/instance-local-nvme` label of each type in
 * `website/content/en/docs/reference/instance-types.md` at v1.14.1 (generated from `DescribeInstanceTypes` by
 * `hack/docs/instancetypes_gen`), which also confirms their vCPUs, memory and ENI-limited pods. AWS documents the
 * volumes per type in the Amazon EC2 Instance Types guide, "Instance store specifications" of its memory-optimized
 * and general-purpose pages (https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html and gp.html); this table was
 * not read from those pages. Karpenter takes this number as the node's
 * ephemeral-storage capacity when the EC2NodeClass has `instanceStorePolicy: RAID0` (`pkg/providers/instancetype/
 * types.go`, `ephemeralStorage`).
 */
const SIZES: ReadonlyArray<{ size: string; vcpus: number; eniLimitedPods: number; localNvmeGb: number }> = [
  { size: 'xlarge', vcpus: 4, eniLimitedPods: 58, localNvmeGb: 237 },
  { size: '2xlarge', vcpus: 8, eniLimitedPods: 58, localNvmeGb: 474 },
  { size: '4xlarge', vcpus: 16, eniLimitedPods: 234, localNvmeGb: 950 },
  { size: '8xlarge', vcpus: 32, eniLimitedPods: 234, localNvmeGb: 1900 },
  { size: '12xlarge', vcpus: 48, eniLimitedPods: 234, localNvmeGb: 2850 },
  { size: '16xlarge', vcpus: 64, eniLimitedPods: 737, localNvmeGb: 3800 },
];

const ARM = ec2.InstanceArchitecture.ARM_64;
const X86 = ec2.InstanceArchitecture.X86_64;

/**
 * The supported families. Memory-optimized (r, 8 GiB per vCPU) families suit workers; general-purpose (m, 4 GiB per
 * vCPU) families suit the coordinator. Graviton (g) families are ARM_64; the trinodb/trino image is multi-arch. The
 * `d` families are their base family with local NVMe instance store (same vCPUs, memory and network interfaces).
 * There is no r7id or m7id in EC2; r8id and m8id have more network interfaces per size than the table's SIZES, so they
 * are not listed.
 */
const FAMILIES: ReadonlyArray<FamilyRow> = [
  { family: 'r8g', architecture: ARM, memoryPerVcpu: 8, processor: 'Graviton4' },
  { family: 'r8gd', architecture: ARM, memoryPerVcpu: 8, processor: 'Graviton4', instanceStore: true },
  { family: 'r7g', architecture: ARM, memoryPerVcpu: 8, processor: 'Graviton3' },
  { family: 'r7gd', architecture: ARM, memoryPerVcpu: 8, processor: 'Graviton3', instanceStore: true },
  { family: 'r6g', architecture: ARM, memoryPerVcpu: 8, processor: 'Graviton2' },
  { family: 'r6gd', architecture: ARM, memoryPerVcpu: 8, processor: 'Graviton2', instanceStore: true },
  { family: 'r7i', architecture: X86, memoryPerVcpu: 8, processor: 'Intel Sapphire Rapids' },
  { family: 'r6i', architecture: X86, memoryPerVcpu: 8, processor: 'Intel Ice Lake' },
  { family: 'r6id', architecture: X86, memoryPerVcpu: 8, processor: 'Intel Ice Lake', instanceStore: true },
  { family: 'r7a', architecture: X86, memoryPerVcpu: 8, processor: 'AMD Genoa' },
  { family: 'r6a', architecture: X86, memoryPerVcpu: 8, processor: 'AMD Milan' },
  { family: 'm8g', architecture: ARM, memoryPerVcpu: 4, processor: 'Graviton4' },
  { family: 'm8gd', architecture: ARM, memoryPerVcpu: 4, processor: 'Graviton4', instanceStore: true },
  { family: 'm7g', architecture: ARM, memoryPerVcpu: 4, processor: 'Graviton3' },
  { family: 'm7gd', architecture: ARM, memoryPerVcpu: 4, processor: 'Graviton3', instanceStore: true },
  { family: 'm6g', architecture: ARM, memoryPerVcpu: 4, processor: 'Graviton2' },
  { family: 'm6gd', architecture: ARM, memoryPerVcpu: 4, processor: 'Graviton2', instanceStore: true },
  { family: 'm7i', architecture: X86, memoryPerVcpu: 4, processor: 'Intel Sapphire Rapids' },
  { family: 'm6i', architecture: X86, memoryPerVcpu: 4, processor: 'Intel Ice Lake' },
  { family: 'm6id', architecture: X86, memoryPerVcpu: 4, processor: 'Intel Ice Lake', instanceStore: true },
  { family: 'm7a', architecture: X86, memoryPerVcpu: 4, processor: 'AMD Genoa' },
  { family: 'm6a', architecture: X86, memoryPerVcpu: 4, processor: 'AMD Milan' },
];

const TABLE: ReadonlyMap<string, InstanceSpec> = new Map(
  FAMILIES.flatMap((f) =>
    SIZES.map(({ size, vcpus, eniLimitedPods, localNvmeGb }): [string, InstanceSpec] => {
      const instanceType = `${f.family}.${size}`;
      return [instanceType, {
        instanceType,
        vcpus,
        memory: Size.gibibytes(vcpus * f.memoryPerVcpu),
        architecture: f.architecture,
        eniLimitedPods,
        ...(f.instanceStore ? { instanceStore: Size.bytes(localNvmeGb * 1e9) } : {}),
      }];
    }),
  ),
);

/**
 * The instance types whose sizing the library knows, in table order (family, then size).
 * @internal
 */
export function supportedInstanceTypeNames(): string[] {
  return [...TABLE.keys()];
}

/**
 * The spec of a supported instance type, or undefined.
 * @internal
 */
export function lookupInstanceSpec(instanceType: string): InstanceSpec | undefined {
  return TABLE.get(instanceType);
}

/**
 * The smaller sizes of the same family as a supported instance type, largest first (empty for types outside the
 * table).
 * @internal
 */
export function smallerSizesOfFamily(instanceType: string): string[] {
  const [family, size] = instanceType.split('.');
  const index = SIZES.findIndex((s) => s.size === size);
  if (index < 0 || !FAMILIES.some((f) => f.family === family)) return [];
  return SIZES.slice(0, index).map((s) => `${family}.${s.size}`).reverse();
}

/**
 * The families in the table with their processor, for docs.
 * @internal
 */
export function instanceFamilies(): ReadonlyArray<{
  family: string;
  processor: string;
  architecture: string;
  instanceStore: boolean;
}> {
  return FAMILIES.map((f) => ({
    family: f.family,
    processor: f.processor,
    architecture: f.architecture,
    instanceStore: f.instanceStore === true,
  }));
}
