// SPDX-License-Identifier: Apache-2.0
import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ExchangeCompressionCodec,
  FaultTolerantExchange,
  FaultTolerantExchangeProps,
  RetryPolicy,
  TrinoCluster,
  TrinoClusterProps,
} from '../../src';
import { unknownChartKeys } from '../conformance/chart-values';
import {
  invalidTrinoPropertyValues,
  missingTrinoProperties,
  parsePropertiesText,
  unknownTrinoProperties,
} from '../conformance/trino-properties';
import { importedClusterStack, trinoValues } from '../util';

function synth(exchangeProps: FaultTolerantExchangeProps = {}, clusterProps: Partial<TrinoClusterProps> = {}) {
  const { stack, cluster } = importedClusterStack();
  const exchange = new FaultTolerantExchange(stack, 'Exchange', exchangeProps);
  const trino = new TrinoCluster(stack, 'Trino', { cluster, exchange, ...clusterProps });
  const template = Template.fromStack(stack);
  return { stack, exchange, trino, template, values: trinoValues(template) };
}

/** config.properties shared by both roles, parsed back out of the rendered chart values (duplicates throw). */
function configProperties(values: any): { [k: string]: string } {
  return parsePropertiesText((values.additionalConfigProperties ?? []).join('\n'));
}

/** exchange-manager.properties as the chart writes it: name, base directories, then the additional lines. */
function exchangeManagerProperties(values: any): { [k: string]: string } {
  const em = values.server.exchangeManager;
  return {
    'exchange-manager.name': em.name,
    'exchange.base-directories': em.baseDir,
    ...parsePropertiesText((values.additionalExchangeManagerProperties ?? []).join('\n')),
  };
}

/** Every statement of every IAM policy in the template. */
function statements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p: any) => p.Properties.PolicyDocument.Statement,
  );
}

const asList = (x: any) => (Array.isArray(x) ? x : [x]);
const BUCKET_ARN = { 'Fn::GetAtt': ['ExchangeBucketACE697F0', 'Arn'] };
const OBJECTS_ARN = { 'Fn::Join': ['', [BUCKET_ARN, '/*']] };

describe('exchange bucket (created)', () => {
  const { template } = synth();

  test('is encrypted with S3-managed keys (SSE-S3) by default', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: Match.anyValue(),
    });
  });

  test('blocks all public access', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: Match.anyValue(),
    });
  });

  test('denies every request without TLS (aws:SecureTransport false)', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: 'ExchangeBucketACE697F0' },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: [BUCKET_ARN, OBJECTS_ARN],
          }),
        ]),
      },
    });
  });

  test('expires spool objects and aborts incomplete multipart uploads after 1 day', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireTrinoSpoolData',
            Status: 'Enabled',
            ExpirationInDays: 1,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
    expect(FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION.toDays()).toBe(1);
  });

  test('is deleted with its objects when the stack is deleted (scratch data only)', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: Match.objectLike({ LifecycleConfiguration: Match.anyValue() }),
    });
    template.hasResourceProperties('Custom::S3AutoDeleteObjects', { BucketName: { Ref: 'ExchangeBucketACE697F0' } });
  });

  test('has no access logs by default', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: Match.anyValue(),
      LoggingConfiguration: Match.absent(),
    });
  });
});

describe('exchange bucket overrides', () => {
  test('a customer KMS key: SSE-KMS with a Bucket Key, and the service account may use the key', () => {
    const { stack, cluster } = importedClusterStack();
    const key = new kms.Key(stack, 'Key');
    const exchange = new FaultTolerantExchange(stack, 'Exchange', { encryptionKey: key });
    new TrinoCluster(stack, 'Trino', { cluster, exchange });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
            },
          },
        ],
      },
    });
    const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
    expect(statements(template)).toContainEqual({
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(exchange.encryptionKey).toBe(key);
  });

  test('a longer spoolExpiration sets both lifecycle actions', () => {
    const { template } = synth({ spoolExpiration: Duration.days(3), longestQueryDuration: Duration.hours(48) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 3, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 } })],
      },
    });
  });

  test('RemovalPolicy.RETAIN keeps the bucket and its objects (no auto-delete)', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.RETAIN });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ LifecycleConfiguration: Match.anyValue() }),
    });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('autoDeleteObjects false keeps DESTROY without the custom resource', () => {
    const { template } = synth({ autoDeleteObjects: false });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ LifecycleConfiguration: Match.anyValue() }),
    });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('serverAccessLogsBucket turns on access logs under trino-exchange/', () => {
    const { stack, cluster } = importedClusterStack();
    const logs = s3.Bucket.fromBucketName(stack, 'Logs', 'my-access-logs');
    const exchange = new FaultTolerantExchange(stack, 'Exchange', { serverAccessLogsBucket: logs });
    new TrinoCluster(stack, 'Trino', { cluster, exchange });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: 'my-access-logs', LogFilePrefix: 'trino-exchange/' },
    });
  });
});

describe('IAM grants of the Trino service account', () => {
  const { template } = synth();

  test('exactly the S3 actions the exchange calls: ListBucket on the bucket, object actions below it', () => {
    const all = statements(template);
    expect(all).toContainEqual({ Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET_ARN });
    expect(all).toContainEqual({
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      Resource: OBJECTS_ARN,
    });
    const exchangeStatements = all.filter((s) => JSON.stringify(s.Resource).includes('ExchangeBucket'));
    expect(exchangeStatements).toHaveLength(2);
  });

  test('no s3:*, no wildcard action, no * resource anywhere in the policies', () => {
    for (const s of statements(template)) {
      for (const action of asList(s.Action)) {
        expect(action).not.toContain('*');
      }
      for (const resource of asList(s.Resource)) expect(resource).not.toBe('*');
    }
  });

  test('no KMS grant without a key', () => {
    expect(JSON.stringify(statements(template))).not.toContain('kms:');
  });
});

describe('rendered Trino configuration', () => {
  test('TASK by default, with the retry limits, LZ4 and the seed\'s 1m remote-task error duration', () => {
    const { values } = synth();
    expect(configProperties(values)).toEqual({
      'retry-policy': 'TASK',
      'task-retry-attempts-per-task': '4',
      'retry-initial-delay': '10s',
      'retry-max-delay': '1m',
      'retry-delay-scale-factor': '2.0',
      'exchange.compression-codec': 'LZ4',
      'query.remote-task.max-error-duration': '1m',
    });
    expect(values.server.coordinatorExtraConfig).toBeUndefined();
    expect(values.server.workerExtraConfig).toBeUndefined();
  });

  test('the exchange manager: filesystem on the bucket root, region, part size and retries', () => {
    const { values } = synth();
    expect(values.server.exchangeManager).toEqual({ name: 'filesystem', baseDir: 's3://<ExchangeBucketACE697F0>' });
    expect(values.additionalExchangeManagerProperties).toEqual([
      'exchange.s3.region=us-west-2',
      'exchange.s3.upload.part-size=16MB',
      'exchange.s3.max-error-retries=10',
    ]);
  });

  test('neither the defunct query.low-memory-killer.delay nor the legacy exchange.compression-enabled', () => {
    const { values } = synth();
    const text = JSON.stringify(values);
    expect(text).not.toContain('low-memory-killer');
    expect(text).not.toContain('compression-enabled');
    expect(text).not.toContain('exchange.s3.iam-role');
  });

  test('every config and exchange-manager property is a Trino 480 name with a valid value', () => {
    for (const props of [
      {},
      { retryPolicy: RetryPolicy.QUERY, queryRetryAttempts: 2 },
      { taskMemory: Size.gibibytes(8), compressionCodec: ExchangeCompressionCodec.ZSTD },
    ]) {
      const { values } = synth(props);
      expect(unknownTrinoProperties('config', configProperties(values))).toEqual([]);
      expect(invalidTrinoPropertyValues('config', configProperties(values))).toEqual([]);
      expect(unknownTrinoProperties('exchange-manager', exchangeManagerProperties(values))).toEqual([]);
      expect(invalidTrinoPropertyValues('exchange-manager', exchangeManagerProperties(values))).toEqual([]);
      expect(missingTrinoProperties('exchange-manager', exchangeManagerProperties(values))).toEqual([]);
      expect(unknownChartKeys(values)).toEqual([]);
    }
  });

  test('RetryPolicy.QUERY: query-retry-attempts instead of task-retry-attempts-per-task', () => {
    const { values, exchange } = synth({ retryPolicy: RetryPolicy.QUERY, queryRetryAttempts: 2 });
    const props = configProperties(values);
    expect(exchange.retryPolicy).toBe(RetryPolicy.QUERY);
    expect(props['retry-policy']).toBe('QUERY');
    expect(props['query-retry-attempts']).toBe('2');
    expect(props['task-retry-attempts-per-task']).toBeUndefined();
  });

  test('overrides: part size, S3 retries, retry limits, task memory, codec, remote-task error duration', () => {
    const { values } = synth({
      uploadPartSize: Size.mebibytes(64),
      maxErrorRetries: 20,
      taskRetryAttemptsPerTask: 8,
      retryInitialDelay: Duration.seconds(5),
      retryMaxDelay: Duration.minutes(2),
      retryDelayScaleFactor: 1.5,
      taskMemory: Size.gibibytes(8),
      compressionCodec: ExchangeCompressionCodec.ZSTD,
      remoteTaskMaxErrorDuration: Duration.seconds(30),
    });
    expect(configProperties(values)).toEqual({
      'retry-policy': 'TASK',
      'task-retry-attempts-per-task': '8',
      'retry-initial-delay': '5s',
      'retry-max-delay': '2m',
      'retry-delay-scale-factor': '1.5',
      'fault-tolerant-execution-task-memory': '8GB',
      'exchange.compression-codec': 'ZSTD',
      'query.remote-task.max-error-duration': '30s',
    });
    expect(values.additionalExchangeManagerProperties).toEqual([
      'exchange.s3.region=us-west-2',
      'exchange.s3.upload.part-size=64MB',
      'exchange.s3.max-error-retries=20',
    ]);
  });

  test('the part size limits Trino accepts are allowed', () => {
    for (const size of [Size.mebibytes(5), Size.mebibytes(256)]) {
      const { values } = synth({ uploadPartSize: size });
      expect(values.additionalExchangeManagerProperties).toContain(
        `exchange.s3.upload.part-size=${size.toMebibytes()}MB`,
      );
    }
  });

  test('in an environment-agnostic stack the exchange region is the deploy-time AWS::Region', () => {
    const stack = new Stack();
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
      clusterName: 'analytics',
      kubectlRoleArn: 'arn:aws:iam::123456789012:role/kubectl',
      openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(
        stack,
        'Oidc',
        'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE',
      ),
    });
    const exchange = new FaultTolerantExchange(stack, 'Exchange');
    new TrinoCluster(stack, 'Trino', { cluster, exchange });
    expect(trinoValues(Template.fromStack(stack)).additionalExchangeManagerProperties).toContain(
      'exchange.s3.region=<AWS::Region>',
    );
  });

  test('a cluster without an exchange has no exchange manager and no retry policy', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster });
    const values = trinoValues(Template.fromStack(stack));
    expect(values.server.exchangeManager).toBeUndefined();
    expect(values.additionalExchangeManagerProperties).toBeUndefined();
    expect(JSON.stringify(values)).not.toContain('retry-policy');
  });
});

describe('an existing bucket or base directories', () => {
  test('a given bucket: nothing created, spool at its root, grants on it, a warning to expire spool data', () => {
    const { stack, cluster } = importedClusterStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Spool', 'my-spool');
    const exchange = new FaultTolerantExchange(stack, 'Exchange', { bucket });
    new TrinoCluster(stack, 'Trino', { cluster, exchange });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).not.toContainEqual(
      expect.stringMatching(/^Exchange/),
    );
    expect(trinoValues(template).server.exchangeManager).toEqual({ name: 'filesystem', baseDir: 's3://my-spool' });
    const all = statements(template);
    const bucketArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-spool']] };
    expect(all).toContainEqual({ Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn });
    expect(all).toContainEqual(
      expect.objectContaining({
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-spool/*']] },
      }),
    );
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Exchange',
      Match.stringLikeRegexp('adds no lifecycle rule: expire objects'),
    );
    expect(exchange.spoolExpiration).toBeUndefined();
  });

  test('a given bucket encrypted with a customer key: KMS grant on that key', () => {
    const { stack, cluster } = importedClusterStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-west-2:123456789012:key/abcd');
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Spool', { bucketName: 'my-spool', encryptionKey: key });
    const exchange = new FaultTolerantExchange(stack, 'Exchange', { bucket });
    new TrinoCluster(stack, 'Trino', { cluster, exchange });
    expect(statements(Template.fromStack(stack))).toContainEqual({
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: 'arn:aws:kms:us-west-2:123456789012:key/abcd',
    });
  });

  test('base directories on two buckets, one with a prefix: listed in order, object grants below each prefix', () => {
    const { stack, values, template } = synth({ baseDirectories: ['s3://spool-a/trino/', 's3://spool-b'] });
    expect(values.server.exchangeManager.baseDir).toBe('s3://spool-a/trino,s3://spool-b');
    const arn = (suffix: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${suffix}`]] });
    const all = statements(template);
    expect(all).toContainEqual({ Effect: 'Allow', Action: 's3:ListBucket', Resource: [arn('spool-a'), arn('spool-b')] });
    expect(all).toContainEqual(
      expect.objectContaining({ Action: expect.arrayContaining(['s3:PutObject']), Resource: [arn('spool-a/trino/*'), arn('spool-b/*')] }),
    );
    Annotations.fromStack(stack).hasWarning('/Stack/Exchange', Match.stringLikeRegexp('adds no lifecycle rule'));
  });

  test('a prefix in the given bucket through its (token) name', () => {
    const { stack, cluster } = importedClusterStack();
    const bucket = new s3.Bucket(stack, 'Spool');
    const exchange = new FaultTolerantExchange(stack, 'Exchange', {
      bucket,
      baseDirectories: [`s3://${bucket.bucketName}/exchange`],
    });
    new TrinoCluster(stack, 'Trino', { cluster, exchange });
    const template = Template.fromStack(stack);
    const id = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    expect(trinoValues(template).server.exchangeManager.baseDir).toBe(`s3://<${id}>/exchange`);
    expect(statements(template)).toContainEqual(
      expect.objectContaining({
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/exchange/*']] },
      }),
    );
  });
});

describe('bad input', () => {
  const { stack: keyStack } = importedClusterStack();
  const key = new kms.Key(keyStack, 'Key');
  const bucket = s3.Bucket.fromBucketName(keyStack, 'B', 'my-spool');

  test.each<[string, FaultTolerantExchangeProps, RegExp]>([
    [
      'spool expiration not longer than the longest query',
      { spoolExpiration: Duration.days(1), longestQueryDuration: Duration.hours(30) },
      /^`spoolExpiration` \(1 day\) must be longer than `longestQueryDuration` \(1 day 6 hours\): S3 would delete spool data a running query still needs/,
    ],
    [
      'spool expiration equal to the longest query',
      { spoolExpiration: Duration.days(2), longestQueryDuration: Duration.days(2) },
      /^`spoolExpiration` \(2 days\) must be longer than `longestQueryDuration` \(2 days\)/,
    ],
    [
      'spool expiration in hours',
      { spoolExpiration: Duration.hours(12) },
      /^`spoolExpiration` must be a whole number of days, at least 1 \(S3 lifecycle rules count days\), got: 12 hours\.$/,
    ],
    [
      'a base directory that is not s3://',
      { baseDirectories: ['hdfs://namenode/exchange'] },
      /^`baseDirectories` entry 'hdfs:\/\/namenode\/exchange' is not an S3 URI; allowed: 's3:\/\/<bucket>' or 's3:\/\/<bucket>\/<prefix>'/,
    ],
    [
      'a base directory without scheme',
      { baseDirectories: ['my-bucket/exchange'] },
      /^`baseDirectories` entry 'my-bucket\/exchange' is not an S3 URI/,
    ],
    [
      'an invalid bucket name',
      { baseDirectories: ['s3://My_Bucket'] },
      /^`baseDirectories` entry 's3:\/\/My_Bucket' has an invalid S3 bucket name 'My_Bucket'/,
    ],
    [
      'a comma inside a base directory',
      { baseDirectories: ['s3://a-bucket,s3://b-bucket'] },
      /^`baseDirectories` entry 's3:\/\/a-bucket,s3:\/\/b-bucket' contains a comma or whitespace/,
    ],
    [
      'an empty path segment',
      { baseDirectories: ['s3://a-bucket//x'] },
      /^`baseDirectories` entry 's3:\/\/a-bucket\/\/x' has an empty path segment/,
    ],
    ['no base directory', { baseDirectories: [] }, /^`baseDirectories` must list at least one `s3:\/\/` URI/],
    [
      'the same base directory twice',
      { baseDirectories: ['s3://a-bucket/x', 's3://a-bucket/x/'] },
      /^`baseDirectories` lists 's3:\/\/a-bucket\/x' twice/,
    ],
    [
      'a part size below 5 MiB',
      { uploadPartSize: Size.mebibytes(4) },
      /^`uploadPartSize` must be whole KiB between 5 MiB and 256 MiB \(what Trino accepts for exchange.s3.upload.part-size\), got: 4194304 bytes\.$/,
    ],
    [
      'a part size above 256 MiB',
      { uploadPartSize: Size.mebibytes(257) },
      /^`uploadPartSize` must be whole KiB between 5 MiB and 256 MiB .*got: 269484032 bytes\.$/,
    ],
    ['negative S3 retries', { maxErrorRetries: -1 }, /^`maxErrorRetries` must be an integer 0 or more, got: -1\.$/],
    ['fractional S3 retries', { maxErrorRetries: 1.5 }, /^`maxErrorRetries` must be an integer 0 or more, got: 1\.5\.$/],
    [
      'negative task retry attempts',
      { taskRetryAttemptsPerTask: -1 },
      /^`taskRetryAttemptsPerTask` must be an integer between 0 and 126, got: -1\.$/,
    ],
    [
      'too many task retry attempts',
      { taskRetryAttemptsPerTask: 127 },
      /^`taskRetryAttemptsPerTask` must be an integer between 0 and 126, got: 127\.$/,
    ],
    [
      'negative query retry attempts',
      { retryPolicy: RetryPolicy.QUERY, queryRetryAttempts: -2 },
      /^`queryRetryAttempts` must be an integer 0 or more, got: -2\.$/,
    ],
    [
      'query retry attempts with TASK',
      { queryRetryAttempts: 3 },
      /^`queryRetryAttempts` only applies with `retryPolicy` RetryPolicy\.QUERY, got: RetryPolicy\.TASK\.$/,
    ],
    [
      'task retry attempts with QUERY',
      { retryPolicy: RetryPolicy.QUERY, taskRetryAttemptsPerTask: 3 },
      /^`taskRetryAttemptsPerTask` only applies with `retryPolicy` RetryPolicy\.TASK, got: RetryPolicy\.QUERY\.$/,
    ],
    [
      'task memory with QUERY',
      { retryPolicy: RetryPolicy.QUERY, taskMemory: Size.gibibytes(4) },
      /^`taskMemory` only applies with `retryPolicy` RetryPolicy\.TASK/,
    ],
    [
      'a max retry delay below the initial delay',
      { retryInitialDelay: Duration.minutes(2), retryMaxDelay: Duration.minutes(1) },
      /^`retryMaxDelay` \(1 minute\) must be at least `retryInitialDelay` \(2 minutes\)\.$/,
    ],
    [
      'a retry delay scale factor below 1',
      { retryDelayScaleFactor: 0.5 },
      /^`retryDelayScaleFactor` must be a number of at least 1, got: 0\.5\.$/,
    ],
    [
      'a zero retry initial delay',
      { retryInitialDelay: Duration.seconds(0) },
      /^`retryInitialDelay` must be longer than 0, got: 0 seconds\.$/,
    ],
    [
      'a zero remote-task error duration',
      { remoteTaskMaxErrorDuration: Duration.seconds(0) },
      /^`remoteTaskMaxErrorDuration` must be longer than 0/,
    ],
    [
      'auto-delete on a retained bucket',
      { removalPolicy: RemovalPolicy.RETAIN, autoDeleteObjects: true },
      /^`autoDeleteObjects` needs `removalPolicy` RemovalPolicy.DESTROY, got: retain\./,
    ],
    [
      'a spool expiration for a bucket the construct does not create',
      { bucket, spoolExpiration: Duration.days(2) },
      /^`spoolExpiration` only applies to the bucket the construct creates; it creates none when `bucket` or `baseDirectories` is given/,
    ],
    [
      'a removal policy with base directories',
      { baseDirectories: ['s3://spool-a'], removalPolicy: RemovalPolicy.DESTROY },
      /^`removalPolicy` only applies to the bucket the construct creates/,
    ],
    [
      'an encryption key with base directories only',
      { baseDirectories: ['s3://spool-a'], encryptionKey: key },
      /^`encryptionKey` needs `bucket` \(the bucket encrypted with it\) when `baseDirectories` is given/,
    ],
    [
      'retry policy NONE',
      { retryPolicy: 'NONE' as RetryPolicy },
      /^`retryPolicy` must be RetryPolicy.TASK or RetryPolicy.QUERY, got: 'NONE'\. Leave the exchange out for NONE\.$/,
    ],
  ])('%s', (_name, props, message) => {
    const stack = new Stack();
    expect(() => new FaultTolerantExchange(stack, 'Exchange', props)).toThrow(message);
  });
});

describe('a retry policy needs an exchange', () => {
  test.each<[string, { [key: string]: any }, RegExp]>([
    [
      'retry-policy=TASK in additionalConfigProperties',
      { additionalConfigProperties: ['retry-policy=TASK'] },
      /`retry-policy=TASK` is set in chart values `additionalConfigProperties` but `server.exchangeManager` is empty: fault-tolerant execution needs an exchange manager\. Pass a FaultTolerantExchange as the TrinoCluster `exchange` prop/,
    ],
    [
      'retry-policy: QUERY in the coordinator extra config',
      { server: { coordinatorExtraConfig: 'query.client.timeout=30m\nretry-policy: QUERY\n' } },
      /`retry-policy=QUERY` is set in chart values `server.coordinatorExtraConfig` but `server.exchangeManager` is empty/,
    ],
    [
      'retry-policy=task in the worker extra config',
      { server: { workerExtraConfig: 'retry-policy = task' } },
      /`retry-policy=task` is set in chart values `server.workerExtraConfig`/,
    ],
  ])('without an exchange, %s fails synth', (_name, helmValues, message) => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster, helmValues });
    expect(() => Template.fromStack(stack)).toThrow(message);
  });

  test('with an exchange, removing server.exchangeManager through helmValues fails synth', () => {
    const { stack, cluster } = importedClusterStack();
    const exchange = new FaultTolerantExchange(stack, 'Exchange');
    new TrinoCluster(stack, 'Trino', { cluster, exchange, helmValues: { server: { exchangeManager: null } } });
    expect(() => Template.fromStack(stack)).toThrow(
      /`retry-policy=TASK` is set in chart values `additionalConfigProperties` but `server.exchangeManager` is empty/,
    );
  });

  test('retry-policy=NONE through helmValues is fine', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster, helmValues: { additionalConfigProperties: ['retry-policy=NONE'] } });
    expect(trinoValues(Template.fromStack(stack)).additionalConfigProperties).toEqual(['retry-policy=NONE']);
  });

  test('the typed additionalConfigProperties cannot set retry-policy', () => {
    const { stack, cluster } = importedClusterStack();
    expect(
      () => new TrinoCluster(stack, 'Trino', { cluster, additionalConfigProperties: { 'retry-policy': 'TASK' } }),
    ).toThrow(/`additionalConfigProperties` cannot set 'retry-policy': it is managed by FaultTolerantExchange/);
  });

  test('a retry limit in additionalConfigProperties that contradicts the exchange names both', () => {
    const { stack, cluster } = importedClusterStack();
    const exchange = new FaultTolerantExchange(stack, 'Exchange', { taskRetryAttemptsPerTask: 6 });
    expect(
      () =>
        new TrinoCluster(stack, 'Trino', {
          cluster,
          exchange,
          additionalConfigProperties: { 'task-retry-attempts-per-task': '2' },
        }),
    ).toThrow(
      /Conflicting values for Trino property 'task-retry-attempts-per-task': '2' \(from additionalConfigProperties\) and '6' \(from FaultTolerantExchange\)/,
    );
  });

  test('one exchange per cluster', () => {
    const { stack, cluster } = importedClusterStack();
    const exchange = new FaultTolerantExchange(stack, 'Exchange');
    const trino = new TrinoCluster(stack, 'Trino', { cluster, exchange });
    expect(() => exchange._bind(trino)).toThrow(/A Trino cluster has one exchange manager; FaultTolerantExchange tried to set a second one/);
  });
});
