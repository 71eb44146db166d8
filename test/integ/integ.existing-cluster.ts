// SPDX-License-Identifier: Apache-2.0
/**
 * Integration test of examples/existing-cluster.ts: the sample stack as it is, with AwsSolutionsChecks and
 * TrinoChecks, as an IntegTest case. Its TrinoSmokeTest is the assertion: the deployment fails unless Trino answers
 * the smoke test's queries. `npx projen integ` checks the committed snapshot offline; `npx projen integ:deploy`
 * deploys it, runs the smoke test and destroys it (docs/operations.md).
 *
 * The sample runs the secure configuration (docs/security.md): `integ:deploy` needs its CDK context (`trino:domainName`,
 * `trino:certificateArn`, in cdk.json or `-c`) and, in the target account, the Secrets Manager secrets the sample
 * reads by name (`trino/password-file`, `trino/group-file`, `trino/smoke-test`: docs/security.md#samples).
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { INTEG_REGION, integTestOptions } from './integ-options';
import { buildApp } from '../../examples/existing-cluster';

const app = buildApp(new App());
const stack = app.node.findChild('TrinoExistingCluster') as Stack;
new IntegTest(app, 'TrinoExistingClusterInteg', { testCases: [stack], ...integTestOptions(INTEG_REGION) });
app.synth();
