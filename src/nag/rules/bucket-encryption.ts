// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { BUCKET_TYPE, usedByTrino } from '../private/buckets';
import { asList, cfnProperties } from '../private/cfn';
import { TrinoRuleMetadata } from '../private/findings';

export const metadata: TrinoRuleMetadata = {
  suffix: 'BucketEncryption',
  level: NagMessageLevel.WARN,
  info: 'An S3 bucket Trino uses does not declare default encryption.',
  checks:
    'On an S3 bucket Trino uses (referenced in a Trino release\'s values, such as the exchange base directory or a ' +
    'catalog location, or granted to the role of the Trino service account): `BucketEncryption` sets a default ' +
    'server-side encryption (SSE-S3, SSE-KMS or DSSE-KMS).',
  why:
    'The seed keeps table data and spooled query data in S3. S3 encrypts new objects with SSE-S3 when nothing is ' +
    'declared, but only a declared configuration is visible to reviews and AWS Config rules, and choosing KMS ' +
    'requires it.',
  fix: 'Set `encryption: s3.BucketEncryption.S3_MANAGED` (or `KMS`) on the bucket.',
  findings: 'none (the bucket is the finding)',
};

const rule = (node: CfnResource): NagRuleResult => {
  if (node.cfnResourceType !== BUCKET_TYPE || !usedByTrino(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const configs = asList(cfnProperties(node).BucketEncryption?.ServerSideEncryptionConfiguration);
  return configs.some((c: any) => c?.ServerSideEncryptionByDefault?.SSEAlgorithm)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
