// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { BUCKET_TYPE, exchangePrefixes } from '../private/buckets';
import { asList, cfnProperties } from '../private/cfn';
import { TrinoRuleMetadata } from '../private/findings';

export const metadata: TrinoRuleMetadata = {
  suffix: 'ExchangeBucketExpiration',
  level: NagMessageLevel.WARN,
  info: 'The Trino exchange bucket has no lifecycle rule that expires spooled data.',
  checks:
    'On an S3 bucket that a Trino release spools to (named in `server.exchangeManager.baseDir` as ' +
    '`s3://<bucket>/...`, by reference or by name): an enabled lifecycle rule with an expiration (days or date) ' +
    'covers every exchange prefix (no prefix, or a prefix of it, and no tag or size filter).',
  why:
    'The seed\'s fault-tolerant execution spools intermediate data to S3. Trino deletes it when a query ends, but ' +
    'not after a coordinator crash or a killed query; Trino\'s fault-tolerant execution docs recommend a lifecycle ' +
    'rule to expire what is left behind. The anchor stack\'s exchange bucket has none.',
  fix:
    'Add a lifecycle rule with `expiration` (a day or more, longer than your longest query) and ' +
    '`abortIncompleteMultipartUploadAfter` (FaultTolerantExchange does this).',
  findings: 'none (the bucket is the finding)',
};

const rule = (node: CfnResource): NagRuleResult => {
  if (node.cfnResourceType !== BUCKET_TYPE) return NagRuleCompliance.NOT_APPLICABLE;
  const prefixes = exchangePrefixes(node);
  if (prefixes.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const rules = asList(cfnProperties(node).LifecycleConfiguration?.Rules).filter(
    (r: any) =>
      r?.Status === 'Enabled' &&
      (r.ExpirationInDays !== undefined || r.ExpirationDate !== undefined) &&
      asList(r.TagFilters).length === 0 &&
      !r.ObjectSizeGreaterThan &&
      !r.ObjectSizeLessThan,
  );
  const covered = (prefix: string) => rules.some((r: any) => !r.Prefix || prefix.startsWith(String(r.Prefix)));
  return prefixes.every(covered) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
