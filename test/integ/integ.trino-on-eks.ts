// SPDX-License-Identifier: Apache-2.0
/**
 * Integration test of examples/trino-on-eks.ts: the eks-blueprints sample stack (its blueprint, hardening, outputs
 * and TrinoSmokeTest) as an IntegTest case. Its TrinoSmokeTest is the assertion: the deployment fails unless Trino
 * answers the smoke test's queries. `npx projen integ` checks the committed snapshot offline; `npx projen integ:deploy`
 * deploys it, runs the smoke test and destroys it (docs/operations.md).
 *
 * The stack is built as the sample's buildApp builds it, without registering the cdk-nag packs: the sample's
 * acknowledgments name the region as `<AWS::Region>` (an environment-agnostic synth, which test/examples checks),
 * and this test has a region (see below).
 *
 * The sample runs the secure configuration (docs/security.md): `integ:deploy` needs its CDK context (`trino:domainName`,
 * `trino:certificateArn`, in cdk.json or `-c`) and, in the target account, the Secrets Manager secrets the sample
 * reads by name (`trino/password-file`, `trino/group-file`, `trino/smoke-test`: docs/security.md#samples).
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { INTEG_REGION, integTestOptions } from './integ-options';
import { addSmokeTest, addTrinoOutputs, BLUEPRINT_ID, hardenAndAcknowledge, trinoBlueprint } from '../../examples/trino-on-eks';

async function main() {
  // eks-blueprints names the Karpenter instance profile after an md5 of the stack name and region
  // (addons/karpenter/karpenter-v1.js); without a region that is the text of a token, which differs from one run of
  // the asynchronous build to the next, and so would the snapshot. integ-runner sets CDK_DEFAULT_REGION when it deploys.
  process.env.CDK_DEFAULT_REGION ??= INTEG_REGION;
  const app = new App();
  const stack = await trinoBlueprint().buildAsync(app, BLUEPRINT_ID);
  hardenAndAcknowledge(stack);
  addTrinoOutputs(stack);
  addSmokeTest(stack);
  new IntegTest(app, 'TrinoOnEksInteg', { testCases: [stack], ...integTestOptions(INTEG_REGION) });
  app.synth();
}

void main();
