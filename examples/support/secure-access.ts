// SPDX-License-Identifier: Apache-2.0
/**
 * What both TypeScript samples share for secure access (docs/security.md): the CDK context keys with their offline
 * placeholders, the sample access rules, and the reasons of the acknowledgments secure access brings.
 * examples/python/app.py has the same in Python.
 */
import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { AccessControlRules, CatalogAccess, SecretsStoreCsiDriver, SystemInformationAccess, TablePrivilege } from '../../src';

/** Placeholders of the CDK context keys, so that the sample synthesizes offline; set the keys to deploy. */
export const CONTEXT_DEFAULTS = {
  'trino:domainName': 'trino.example.com',
  'trino:certificateArn': 'arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000000',
  'trino:passwordSecretName': 'trino/password-file',
  'trino:groupSecretName': 'trino/group-file',
  'trino:smokeTestSecretName': 'trino/smoke-test',
};

/** A CDK context value of the sample, or its placeholder. */
export function contextValue(scope: Construct, key: keyof typeof CONTEXT_DEFAULTS): string {
  return String(scope.node.tryGetContext(key) ?? CONTEXT_DEFAULTS[key]);
}

/**
 * The sample's access rules: `admins` use every catalog and own every schema; `analysts` read the hive and iceberg
 * tables and see nothing else; everyone else is denied. The user `admin` may read system information (the Web UI's
 * cluster overview, `system.runtime`; Trino's system information rules match users, not groups).
 */
export function sampleAccessRules(): AccessControlRules {
  return {
    catalogs: [
      { group: 'admins', allow: CatalogAccess.ALL },
      { group: 'analysts', catalog: 'hive|iceberg', allow: CatalogAccess.READ_ONLY },
      { allow: CatalogAccess.NONE },
    ],
    schemas: [{ group: 'admins', owner: true }],
    tables: [
      { group: 'admins', privileges: [TablePrivilege.SELECT, TablePrivilege.INSERT, TablePrivilege.DELETE, TablePrivilege.UPDATE, TablePrivilege.OWNERSHIP] },
      { group: 'analysts', catalog: 'hive|iceberg', privileges: [TablePrivilege.SELECT] },
    ],
    systemInformation: [{ user: 'admin', allow: [SystemInformationAccess.READ] }],
  };
}

/** Resources of the AWS Load Balancer Controller's IAM policy (aws-cdk-lib AlbController) that cdk-nag reports. */
export const ALB_CONTROLLER_RESOURCES = [
  '*',
  'arn:<AWS::Partition>:ec2:*:*:security-group/*',
  ...['targetgroup/*/*', 'loadbalancer/net/*/*', 'loadbalancer/app/*/*', 'listener/net/*/*/*', 'listener/app/*/*/*',
    'listener-rule/net/*/*/*', 'listener-rule/app/*/*/*'].map((r) => `arn:<AWS::Partition>:elasticloadbalancing:*:*:${r}`),
];
export const ALB_CONTROLLER_REASON =
  "The AWS Load Balancer Controller's published IAM policy: it creates and manages load balancers, listeners, target " +
  'groups and security groups whose names it cannot know in advance (describe actions have no resource-level ' +
  'permissions); its write actions are limited by the elbv2.k8s.aws/cluster tag conditions.';
export const SHARED_SECRET_ROTATION_REASON =
  "The internal shared secret signs Trino's internal requests; every pod must switch to a new value together, so a " +
  'Secrets Manager rotation under running pods would split the cluster. Rotate it by hand: put-secret-value, then ' +
  'restart both Deployments (docs/security.md).';

/**
 * The Secrets Store CSI driver and its AWS provider (the library's SecretsStoreCsiDriver: the provider chart with its driver, Secret sync
 * and rotation on) as an eks-blueprints add-on, under the id TrinoAddOn waits for. The blueprints' own
 * SecretsStoreAddOn downloads the provider's manifest from GitHub at synth (so the sample would not synthesize
 * offline) and pins provider 0.3.11, which predates EKS Pod Identity (`usePodIdentity`).
 */
export class SecretsStoreCsiDriverAddOn {
  public readonly id = 'SecretsStoreCsiDriver';
  public deploy(clusterInfo: { cluster: eks.ICluster }): Promise<Construct> {
    const driver = new SecretsStoreCsiDriver(Stack.of(clusterInfo.cluster), 'SecretsStoreCsiDriver', { cluster: clusterInfo.cluster });
    return Promise.resolve(driver.chart);
  }
}
