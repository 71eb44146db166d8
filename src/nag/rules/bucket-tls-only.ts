// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { BUCKET_TYPE, denyInsecureTransport, usedByTrino } from '../private/buckets';
import { TrinoRuleMetadata } from '../private/findings';

export const metadata: TrinoRuleMetadata = {
  suffix: 'BucketTlsOnly',
  level: NagMessageLevel.ERROR,
  info: 'An S3 bucket Trino uses accepts requests without TLS.',
  checks:
    'On an S3 bucket Trino uses (as in BucketEncryption): a bucket policy in the stack denies `s3:*` to every ' +
    'principal when `aws:SecureTransport` is false (or `s3:TlsVersion` is too low).',
  why:
    'Trino reads tables and writes spooled query data over the network; the bucket should refuse plain HTTP. The ' +
    'anchor stack\'s buckets have no TLS-only policy.',
  fix: 'Set `enforceSSL: true` on the bucket.',
  findings: 'none (the bucket is the finding)',
};

const rule = (node: CfnResource): NagRuleResult => {
  if (node.cfnResourceType !== BUCKET_TYPE || !usedByTrino(node)) return NagRuleCompliance.NOT_APPLICABLE;
  return denyInsecureTransport(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
