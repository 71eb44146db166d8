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

/** Sizes every listed family offers, with their vCPU count (EC2: the same in every m and r family). */
const SIZES: ReadonlyArray<[string, number]> = [
  ['xlarge', 4],
  ['2xlarge', 8],
  ['4xlarge', 16],
  ['8xlarge', 32],
  ['12xlarge', 48],
  ['16xlarge', 64],
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
    SIZES.map(([size, vcpus]): [string, InstanceSpec] => {
      const instanceType = `${f.family}.${size}`;
      return [instanceType, {
        instanceType,
        vcpus,
        memory: Size.gibibytes(vcpus * f.memoryPerVcpu),
        architecture: f.architecture,
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
 * The families in the table with their processor, for docs.
 * @internal
 */
export function instanceFamilies(): ReadonlyArray<{ family: string; processor: string; architecture: string }> {
  return FAMILIES.map((f) => ({ family: f.family, processor: f.processor, architecture: f.architecture }));
}
