// SPDX-License-Identifier: Apache-2.0
import { IntegTestProps } from '@aws-cdk/integ-tests-alpha';

/**
 * The region the integration tests deploy to: it has the Graviton instance types the samples use (m7g for the
 * system nodes and the coordinator, r8g for the Spot workers) and EKS 1.35.
 */
export const INTEG_REGION = 'us-west-2';

/** The IntegTest options both samples share. */
export function integTestOptions(region: string): Omit<IntegTestProps, 'testCases'> {
  return {
    regions: [region],
    // the samples' stacks are replaced as a whole, never updated from an older snapshot
    stackUpdateWorkflow: false,
    // the kubectl and AWS CLI layers change with aws-cdk-lib; the templates are what is reviewed
    diffAssets: false,
    cdkCommandOptions: { destroy: { args: { force: true } } },
    // each TrinoSmokeTest run is a new pod manifest, wait and verdict (their logical ids carry the run id): replacing
    // them on a change of Trino is the design, not a destructive change to review
    allowDestroy: ['Custom::AWSCDK-EKS-KubernetesResource', 'Custom::AWSCDK-EKS-KubernetesObjectValue', 'Custom::TrinoSmokeTest'],
  };
}
