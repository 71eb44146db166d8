// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { BUCKET_TYPE, exchangePrefixes } from '../private/buckets';
import { asList, cfnProperties } from '../private/cfn';
import { TrinoRuleMetadata } from '../private/findings';

// Upstream behaviour this rule relies on: trinodb/trino plugin/trino-exchange-filesystem/src/main/java/io/trino/plugin/
// exchange/filesystem/s3/S3FileSystemExchangeStorage.java (S3ExchangeStorageWriter) writes a spool file of more than
// one part (`exchange.s3.upload.part-size`) as a multipart upload and aborts it only from its own `abort()`, which a
// killed worker never reaches.
export const metadata: TrinoRuleMetadata = {
  suffix: 'ExchangeBucketAbortMultipart',
  level: NagMessageLevel.WARN,
  info: 'The Trino exchange bucket has no lifecycle rule that aborts incomplete multipart uploads.',
  checks:
    'On an S3 bucket that a Trino release spools to (the bucket of `server.exchangeManager.baseDir`, or of a later ' +
    '`exchange.base-directories` line in `additionalExchangeManagerProperties`, which Trino reads last): an enabled ' +
    'lifecycle rule with `AbortIncompleteMultipartUpload` (`DaysAfterInitiation`) covers every exchange prefix (no ' +
    'prefix, or a prefix of it, and no tag or size filter, which S3 does not allow with that action).',
  why:
    'Trino\'s S3 exchange uploads spool files in parts. A worker killed mid-upload (a Spot interruption, a ' +
    'scale-down, an OOM kill: the failures fault-tolerant execution is for) leaves the upload open: its parts are ' +
    'billed as storage, do not show in listings, and are not removed by expiration rules, which act on objects only. ' +
    'Only an abort rule clears them. The anchor stack\'s exchange bucket has no lifecycle rule at all.',
  fix:
    'Add a lifecycle rule with `abortIncompleteMultipartUploadAfter: Duration.days(1)` on the exchange bucket (with ' +
    'the expiration of ExchangeBucketExpiration; FaultTolerantExchange sets both).',
  findings: 'none (the bucket is the finding)',
};

const rule = (node: CfnResource): NagRuleResult => {
  if (node.cfnResourceType !== BUCKET_TYPE) return NagRuleCompliance.NOT_APPLICABLE;
  const prefixes = exchangePrefixes(node);
  if (prefixes.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const rules = asList(cfnProperties(node).LifecycleConfiguration?.Rules).filter(
    (r: any) =>
      r?.Status === 'Enabled' &&
      r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined &&
      asList(r.TagFilters).length === 0 &&
      !r.ObjectSizeGreaterThan &&
      !r.ObjectSizeLessThan,
  );
  const covered = (prefix: string) => rules.some((r: any) => !r.Prefix || prefix.startsWith(String(r.Prefix)));
  return prefixes.every(covered) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
