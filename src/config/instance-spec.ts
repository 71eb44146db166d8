// SPDX-License-Identifier: Apache-2.0
import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * Hardware facts about one EC2 instance type, as TrinoSizing needs them.
 */
export interface InstanceSpec {
  /**
   * The instance type name, for example `r8g.4xlarge`.
   */
  readonly instanceType: string;

  /**
   * Number of vCPUs.
   */
  readonly vcpus: number;

  /**
   * Memory of the instance, as EC2 advertises it (for example 128 GiB for r8g.4xlarge).
   */
  readonly memory: Size;

  /**
   * CPU architecture (Graviton types are ARM_64).
   */
  readonly architecture: ec2.InstanceArchitecture;

  /**
   * The instance type's ENI-limited pod count: network interfaces × (IPv4 addresses per interface − 1) + 2, as in
   * the EKS AMI's `eni-max-pods.txt`. Amazon Linux 2023 nodes (what TrinoNodeClass launches) reserve
   * `11 MiB × this + 255 MiB` of memory for the kubelet, whatever `kubelet.maxPods` says, and Karpenter sizes nodes
   * with the same reservation.
   *
   * @default - by vCPUs, as current-generation m, r and c instance types: 58 up to 8 vCPUs, 234 up to 48 vCPUs, 737
   * above (an instance type with fewer interfaces reserves less, which only leaves the node some spare memory)
   */
  readonly eniLimitedPods?: number;

  /**
   * Total size of the instance's local NVMe instance store, as EC2 reports it (`InstanceStorageInfo.TotalSizeInGB`,
   * decimal gigabytes: 950 GB for r8gd.4xlarge). On a `TrinoNodeClass` with `instanceStorePolicy: RAID0`, Karpenter
   * turns it into the node's ephemeral storage, where the Trino file system cache lives (`fileSystemCache`).
   *
   * @default - no instance store: the instance has EBS storage only
   */
  readonly instanceStore?: Size;
}
