// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { asList, cfnProperties, logicalId, referencedIds, stackResources, text } from './cfn';
import { attachesTo, ROLE_POLICY_TYPES, trinoRoles } from './iam';
import { TrinoChartRef, trinoCharts } from './kubernetes';
import { EXCHANGE_BASE_DIRECTORIES, propertyLines, valueAt } from './values';

export const BUCKET_TYPE = 'AWS::S3::Bucket';

/** An `s3://` location split into its bucket (a name or a `<LogicalId>` placeholder) and key prefix. */
export function s3Location(uri: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri.trim());
  return m ? { bucket: m[1], prefix: m[2] } : undefined;
}

/** Whether a bucket text (a name or `<LogicalId>`) names this bucket resource. */
export function namesBucket(bucket: CfnResource, name: string): boolean {
  if (name === `<${logicalId(bucket)}>`) return true;
  const literal = text(cfnProperties(bucket).BucketName);
  return literal !== undefined && literal === name;
}

/**
 * The locations a Trino release spools exchange data to, as exchange-manager.properties lists them: the chart writes
 * the file only when `server.exchangeManager` is set, with `exchange.base-directories` from its `baseDir`, then the
 * lines of `additionalExchangeManagerProperties`, where a later `exchange.base-directories` wins
 * (trinodb/charts charts/trino/templates/configmap-coordinator.yaml and configmap-worker.yaml).
 */
export function exchangeBaseDirectories(ref: TrinoChartRef): string[] {
  const ex = ref.chart.exchangeManager;
  if (!ex) return [];
  const override = propertyLines(valueAt(ref.values, 'additionalExchangeManagerProperties'))
    .filter(([name]) => name === EXCHANGE_BASE_DIRECTORIES)
    .pop();
  if (!override) return ex.value.baseDirectories;
  return override[1].split(',').map((d) => d.trim()).filter((d) => d.length > 0);
}

/** The key prefixes of this bucket that a Trino release spools exchange data to (empty when none). */
export function exchangePrefixes(bucket: CfnResource): string[] {
  return trinoCharts(bucket).flatMap((ref) =>
    exchangeBaseDirectories(ref)
      .map(s3Location)
      .filter((l): l is { bucket: string; prefix: string } => !!l && namesBucket(bucket, l.bucket))
      .map((l) => l.prefix),
  );
}

/**
 * Whether Trino uses this bucket: a Trino release's values reference it (exchange base directory, catalog
 * locations), or a policy on a role of the Trino service account grants access to it.
 */
export function usedByTrino(bucket: CfnResource): boolean {
  const id = logicalId(bucket);
  if (exchangePrefixes(bucket).length > 0) return true;
  if (trinoCharts(bucket).some((c) => referencedIds(JSON.stringify(c.values)).has(id))) return true;
  const roles = trinoRoles(bucket);
  if (roles.ids.size === 0 && roles.names.size === 0) return false;
  return stackResources(bucket)
    .filter((r) => r.cfnResourceType in ROLE_POLICY_TYPES && attachesTo(r, roles))
    .some((policy) => referencedIds(cfnProperties(policy).PolicyDocument).has(id));
}

/** Whether a bucket policy in the stack denies requests without TLS on this bucket. */
export function denyInsecureTransport(bucket: CfnResource): boolean {
  const id = logicalId(bucket);
  return stackResources(bucket, 'AWS::S3::BucketPolicy').some((p) => {
    const props = cfnProperties(p);
    if (!referencedIds(props.Bucket).has(id) && !namesBucket(bucket, text(props.Bucket) ?? '')) return false;
    return asList(props.PolicyDocument?.Statement).some((s: any) => {
      if (s?.Effect !== 'Deny') return false;
      const actions = asList(s.Action).map((a: unknown) => String(a).toLowerCase());
      if (!actions.some((a) => a === '*' || a === 's3:*')) return false;
      const principal = s.Principal;
      if (!(principal === '*' || asList(principal?.AWS).includes('*'))) return false;
      const cond = s.Condition ?? {};
      const secure = cond.Bool?.['aws:SecureTransport'];
      const tls = cond.NumericLessThan?.['s3:TlsVersion'];
      return String(secure).toLowerCase() === 'false' || tls !== undefined;
    });
  });
}
