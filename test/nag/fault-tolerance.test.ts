// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { compliantStack, coordinatorPool, findingPaths, trinoFindings, workerPool } from './fixtures';

const noRetry = { additionalConfigProperties: ['exchange.compression-enabled=true'] };

describe('Trino-RetryPolicyHasExchange', () => {
  test('compliant: retry-policy=TASK with an exchange manager', () => {
    expect(trinoFindings(compliantStack().app, 'RetryPolicyHasExchange')).toEqual([]);
  });

  test('non-compliant: retry-policy=TASK without an exchange manager', () => {
    const f = compliantStack({ values: { server: { exchangeManager: null } } });
    expect(trinoFindings(f.app, 'RetryPolicyHasExchange')).toEqual(['Trino-RetryPolicyHasExchange[Value::additionalConfigProperties]']);
  });

  test('non-compliant: retry-policy=QUERY in the coordinator extra config without an exchange manager', () => {
    const f = compliantStack({
      values: { ...noRetry, server: { exchangeManager: null, coordinatorExtraConfig: 'retry-policy=QUERY\nquery-manager.required-workers=1\n' } },
    });
    expect(trinoFindings(f.app, 'RetryPolicyHasExchange')).toEqual(['Trino-RetryPolicyHasExchange[Value::server.coordinatorExtraConfig]']);
  });

  test('compliant: retry-policy=NONE and no exchange manager', () => {
    const f = compliantStack({ values: { additionalConfigProperties: ['retry-policy=NONE'], server: { exchangeManager: null } } });
    expect(trinoFindings(f.app, 'RetryPolicyHasExchange')).toEqual([]);
  });
});

describe('Trino-SpotWorkersRetryPolicy', () => {
  test('compliant: Spot workers with retry-policy=TASK', () => {
    expect(trinoFindings(compliantStack().app, 'SpotWorkersRetryPolicy')).toEqual([]);
  });

  test('non-compliant: the worker pool allows Spot and no retry policy is set', () => {
    const f = compliantStack({ values: noRetry });
    expect(trinoFindings(f.app, 'SpotWorkersRetryPolicy')).toEqual(['Trino-SpotWorkersRetryPolicy[NodePool::trino-workers]']);
  });

  test('non-compliant: the worker nodeSelector asks for Spot (no NodePool in the app)', () => {
    const f = compliantStack({ objects: [], values: { ...noRetry, worker: { nodeSelector: { 'karpenter.sh/capacity-type': 'spot' } } } });
    expect(trinoFindings(f.app, 'SpotWorkersRetryPolicy')).toEqual(['Trino-SpotWorkersRetryPolicy[Value::worker.nodeSelector]']);
  });

  test('compliant: On-Demand-only workers need no retry policy', () => {
    const f = compliantStack({ values: noRetry, objects: [workerPool({ capacity: ['on-demand'] }), coordinatorPool()] });
    expect(trinoFindings(f.app, 'SpotWorkersRetryPolicy')).toEqual([]);
  });
});

describe('Trino-ExchangeBucketExpiration', () => {
  test('compliant: a lifecycle rule expires every object of the exchange bucket (referenced through Fn::Join)', () => {
    const f = compliantStack();
    const charts = Template.fromStack(f.stack).findResources('Custom::AWSCDK-EKS-HelmChart');
    expect(Object.values(charts)[0].Properties.Values).toHaveProperty('Fn::Join');
    expect(trinoFindings(f.app, 'ExchangeBucketExpiration')).toEqual([]);
  });

  test('non-compliant: the exchange bucket has no lifecycle rule', () => {
    const f = compliantStack({ exchangeBucketProps: { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true } });
    expect(trinoFindings(f.app, 'ExchangeBucketExpiration')).toEqual(['Trino-ExchangeBucketExpiration']);
    expect(findingPaths(f.app, 'Trino-ExchangeBucketExpiration')).toEqual(['Stack/Exchange/Resource']);
  });

  test('non-compliant: the expiring rule covers another prefix', () => {
    const f = compliantStack({
      exchangeBucketProps: {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        lifecycleRules: [{ prefix: 'tmp/', expiration: Duration.days(1) }],
      },
    });
    expect(trinoFindings(f.app, 'ExchangeBucketExpiration')).toEqual(['Trino-ExchangeBucketExpiration']);
  });

  test('compliant: a rule on the spool prefix, bucket named literally in baseDir', () => {
    const f = compliantStack({
      values: { server: { exchangeManager: { baseDir: 's3://my-exchange/spool/trino' } } },
      exchangeBucketProps: {
        bucketName: 'my-exchange',
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        lifecycleRules: [{ prefix: 'spool/', expiration: Duration.days(2) }],
      },
    });
    expect(trinoFindings(f.app, 'ExchangeBucketExpiration')).toEqual([]);
  });

  test('not applicable: a bucket Trino does not spool to', () => {
    const f = compliantStack({
      values: { server: { exchangeManager: { baseDir: 's3://somewhere-else/spool' } } },
      exchangeBucketProps: { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true },
    });
    expect(trinoFindings(f.app, 'ExchangeBucketExpiration')).toEqual([]);
  });
});

describe('Trino-ExchangeBucketAbortMultipart', () => {
  const base = { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true };

  test('compliant: a lifecycle rule aborts incomplete uploads on the whole exchange bucket', () => {
    expect(trinoFindings(compliantStack().app, 'ExchangeBucketAbortMultipart')).toEqual([]);
  });

  test('non-compliant: the exchange bucket has no lifecycle rule (the anchor stack)', () => {
    const f = compliantStack({ exchangeBucketProps: base });
    expect(trinoFindings(f.app, 'ExchangeBucketAbortMultipart')).toEqual(['Trino-ExchangeBucketAbortMultipart']);
    expect(findingPaths(f.app, 'Trino-ExchangeBucketAbortMultipart')).toEqual(['Stack/Exchange/Resource']);
  });

  test('non-compliant: an expiration rule alone does not remove incomplete uploads', () => {
    const f = compliantStack({ exchangeBucketProps: { ...base, lifecycleRules: [{ expiration: Duration.days(1) }] } });
    expect(trinoFindings(f.app, 'ExchangeBucketAbortMultipart')).toEqual(['Trino-ExchangeBucketAbortMultipart']);
  });

  test('non-compliant: the abort rule covers another prefix', () => {
    const f = compliantStack({
      exchangeBucketProps: { ...base, lifecycleRules: [{ prefix: 'tmp/', abortIncompleteMultipartUploadAfter: Duration.days(1) }] },
    });
    expect(trinoFindings(f.app, 'ExchangeBucketAbortMultipart')).toEqual(['Trino-ExchangeBucketAbortMultipart']);
  });

  test('compliant: an abort rule on the spool prefix', () => {
    const f = compliantStack({
      exchangeBucketProps: { ...base, lifecycleRules: [{ prefix: 'spool', abortIncompleteMultipartUploadAfter: Duration.days(2) }] },
    });
    expect(trinoFindings(f.app, 'ExchangeBucketAbortMultipart')).toEqual([]);
  });

  test('non-compliant: a later exchange.base-directories in additionalExchangeManagerProperties names the bucket Trino uses', () => {
    const f = compliantStack({
      values: { server: { exchangeManager: { baseDir: 's3://somewhere-else/spool' } } },
      valuesFrom: (stack) => {
        const other = new s3.Bucket(stack, 'Other', base);
        return { additionalExchangeManagerProperties: [`exchange.base-directories=s3://${other.bucketName}/spool`, 'exchange.s3.region=us-west-2'] };
      },
    });
    expect(findingPaths(f.app, 'Trino-ExchangeBucketAbortMultipart')).toEqual(['Stack/Other/Resource']);
  });

  test('not applicable: the exchange-manager properties are not written without server.exchangeManager', () => {
    const f = compliantStack({
      values: { server: { exchangeManager: null }, additionalConfigProperties: ['exchange.compression-enabled=true'] },
      valuesFrom: (stack) => {
        const other = new s3.Bucket(stack, 'Other', base);
        return { additionalExchangeManagerProperties: [`exchange.base-directories=s3://${other.bucketName}/spool`] };
      },
    });
    expect(trinoFindings(f.app, 'ExchangeBucketAbortMultipart')).toEqual([]);
  });
});
