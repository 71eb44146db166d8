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
}

/**
 * Sizes every listed family offers, with their vCPU count and ENI-limited pod count (ENIs × (IPv4 addresses per ENI
 * − 1) + 2). Both are the same in every m and r family of the table: 4 ENIs × 15 addresses up to 2xlarge, 8 × 30 from
 * 4xlarge to 12xlarge, 15 × 50 at 16xlarge (aws/karpenter-provider-aws
 * `pkg/providers/instancetype/zz_generated.vpclimits.go` at v1.14.1, and awslabs/amazon-eks-ami
 * `nodeadm/internal/kubelet/instance-info.jsonl`).
 */
const SIZES: ReadonlyArray<{ size: string; vcpus: number; eniLimitedPods: number }> = [
  { size: 'xlarge', vcpus: 4, eniLimitedPods: 58 },
  { size: '2xlarge', vcpus: 8, eniLimitedPods: 58 },
  { size: '4xlarge', vcpus: 16, eniLimitedPods: 234 },
  { size: '8xlarge', vcpus: 32, eniLimitedPods: 234 },
  { size: '12xlarge', vcpus: 48, eniLimitedPods: 234 },
  { size: '16xlarge', vcpus: 64, eniLimitedPods: 737 },
];

/**
 * The supported families. Memory-optimized (r, 8 GiB per vCPU) families suit workers; general-purpose (m, 4 GiB per
 * vCPU) families suit the coordinator. Graviton (g) families are ARM_64; the trinodb/trino image is multi-arch.
 */
const FAMILIES: ReadonlyArray<FamilyRow> = [
  { family: 'r8g', architecture: ec2.InstanceArchitecture.ARM_64, memoryPerVcpu: 8, processor: 'Graviton4' },
  { family: 'r7g', architecture: ec2.InstanceArchitecture.ARM_64, memoryPerVcpu: 8, processor: 'Graviton3' },
  { family: 'r6g', architecture: ec2.InstanceArchitecture.ARM_64, memoryPerVcpu: 8, processor: 'Graviton2' },
  { family: 'r7i', architecture: ec2.InstanceArchitecture.X86_64, memoryPerVcpu: 8, processor: 'Intel Sapphire Rapids' },
  { family: 'r6i', architecture: ec2.InstanceArchitecture.X86_64, memoryPerVcpu: 8, processor: 'Intel Ice Lake' },
  { family: 'r7a', architecture: ec2.InstanceArchitecture.X86_64, memoryPerVcpu: 8, processor: 'AMD Genoa' },
  { family: 'r6a', architecture: ec2.InstanceArchitecture.X86_64, memoryPerVcpu: 8, processor: 'AMD Milan' },
  { family: 'm8g', architecture: ec2.InstanceArchitecture.ARM_64, memoryPerVcpu: 4, processor: 'Graviton4' },
  { family: 'm7g', architecture: ec2.InstanceArchitecture.ARM_64, memoryPerVcpu: 4, processor: 'Graviton3' },
  { family: 'm6g', architecture: ec2.InstanceArchitecture.ARM_64, memoryPerVcpu: 4, processor: 'Graviton2' },
  { family: 'm7i', architecture: ec2.InstanceArchitecture.X86_64, memoryPerVcpu: 4, processor: 'Intel Sapphire Rapids' },
  { family: 'm6i', architecture: ec2.InstanceArchitecture.X86_64, memoryPerVcpu: 4, processor: 'Intel Ice Lake' },
  { family: 'm7a', architecture: ec2.InstanceArchitecture.X86_64, memoryPerVcpu: 4, processor: 'AMD Genoa' },
  { family: 'm6a', architecture: ec2.InstanceArchitecture.X86_64, memoryPerVcpu: 4, processor: 'AMD Milan' },
];

const TABLE: ReadonlyMap<string, InstanceSpec> = new Map(
  FAMILIES.flatMap((f) =>
    SIZES.map(({ size, vcpus, eniLimitedPods }): [string, InstanceSpec] => {
      const instanceType = `${f.family}.${size}`;
      return [instanceType, {
        instanceType,
        vcpus,
        memory: Size.gibibytes(vcpus * f.memoryPerVcpu),
        architecture: f.architecture,
        eniLimitedPods,
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
export function instanceFamilies(): ReadonlyArray<{ family: string; processor: string; architecture: string }> {
  return FAMILIES.map((f) => ({ family: f.family, processor: f.processor, architecture: f.architecture }));
}
