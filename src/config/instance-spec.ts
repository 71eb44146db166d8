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
}
