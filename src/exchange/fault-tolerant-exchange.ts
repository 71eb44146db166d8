// SPDX-License-Identifier: Apache-2.0
import { Annotations, Aws, Duration, RemovalPolicy, Size, SizeRoundingBehavior, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { TrinoCluster } from '../trino-cluster';
import { BaseDirectory, parseBaseDirectories } from './private/base-directory';
import { trinoDataSize, trinoDouble, trinoDuration } from './private/trino-units';

/**
 * What Trino retries when part of a query fails (`retry-policy`). There is no `NONE`: a cluster without a
 * FaultTolerantExchange runs with Trino's default, `retry-policy=NONE`.
 *
 * @see https://trino.io/docs/current/admin/fault-tolerant-execution.html
 */
export enum RetryPolicy {
  /**
   * Retry individual failed tasks. Every exchange between stages is spooled to S3, so a task lost with its worker
   * (a Spot interruption, a consolidated node) is re-run from the spooled input while the rest of the query goes on.
   * For long, large batch queries.
   */
  TASK = 'TASK',

  /**
   * Retry the whole query when it fails. Only results larger than `exchange.deduplication-buffer-size` are spooled.
   * For many small, short queries, where re-running is cheaper than spooling every exchange.
   */
  QUERY = 'QUERY',
}

/**
 * Compression of the data Trino exchanges between nodes and spools to S3 (`exchange.compression-codec`).
 */
export enum ExchangeCompressionCodec {
  /** No compression. */
  NONE = 'NONE',
  /** LZ4: fast, moderate ratio. What the legacy `exchange.compression-enabled=true` selected. */
  LZ4 = 'LZ4',
  /** ZSTD: better ratio, more CPU. */
  ZSTD = 'ZSTD',
}

/**
 * Properties of a FaultTolerantExchange.
 */
export interface FaultTolerantExchangeProps {
  /**
   * What Trino retries when a worker fails.
   *
   * @default RetryPolicy.TASK (the seed's choice for Spot workers and large batch queries)
   */
  readonly retryPolicy?: RetryPolicy;

  /**
   * An existing bucket to spool to. The construct then adds no lifecycle rule, encryption or bucket policy to it:
   * expire abandoned spool objects yourself.
   *
   * @default - a bucket is created when `baseDirectories` is not given either: encrypted (SSE-S3, or SSE-KMS with
   * `encryptionKey`), TLS only, public access blocked, spool objects expired after `spoolExpiration`, deleted with the
   * stack (`removalPolicy`)
   */
  readonly bucket?: s3.IBucket;

  /**
   * Where Trino spools (`exchange.base-directories`): one or more `s3://<bucket>` or `s3://<bucket>/<prefix>` URIs.
   * Several buckets spread the request load when S3 throttles the exchange ("Please reduce your request rate"). The
   * Trino service account gets object access below each prefix. All buckets must be in the stack's region.
   *
   * @default - the root of the exchange bucket (`s3://<bucket name>`)
   */
  readonly baseDirectories?: string[];

  /**
   * Customer managed KMS key. For the bucket the construct creates: SSE-KMS with this key (with an S3 Bucket Key, to
   * keep KMS request costs down). For a given `bucket`: the key its objects are encrypted with. Either way the Trino
   * service account may use the key to encrypt and decrypt (`kms:GenerateDataKey`, `kms:Decrypt`).
   *
   * @default - SSE-S3 for the created bucket; for a given bucket, its own `encryptionKey`, if any
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long spool objects live in the bucket the construct creates. Trino deletes a query's spool data when the query
   * ends; this lifecycle rule removes what a crashed coordinator leaves behind, and aborts incomplete multipart uploads
   * after the same time. Whole days, longer than `longestQueryDuration`.
   *
   * @default Duration.days(1)
   */
  readonly spoolExpiration?: Duration;

  /**
   * The longest query you run. Spool objects must outlive it (a retried task reads its input from the spool), so
   * `spoolExpiration` must be longer.
   *
   * @default - not checked
   */
  readonly longestQueryDuration?: Duration;

  /**
   * Removal policy of the bucket the construct creates. It only holds scratch data.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether to empty the created bucket when the stack deletes it (a custom resource). Needs
   * `removalPolicy: RemovalPolicy.DESTROY`.
   *
   * @default - true when `removalPolicy` is DESTROY
   */
  readonly autoDeleteObjects?: boolean;

  /**
   * Bucket for S3 server access logs of the bucket the construct creates.
   *
   * @default - no access logs
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * Part size of the multipart uploads that write spool files (`exchange.s3.upload.part-size`), and the size of each
   * ranged read. Larger parts mean fewer S3 requests and more buffer memory per exchange partition. Trino accepts
   * 5 MiB to 256 MiB.
   *
   * @default Size.mebibytes(16): the size of one exchange page buffer (`exchange.max-page-storage-size`)
   */
  readonly uploadPartSize?: Size;

  /**
   * Retries of a failed S3 request by the exchange's S3 client (`exchange.s3.max-error-retries`), 0 or more.
   *
   * @default 10
   */
  readonly maxErrorRetries?: number;

  /**
   * Attempts per task before the query fails (`task-retry-attempts-per-task`, 0 to 126). `RetryPolicy.TASK` only.
   *
   * @default 4
   */
  readonly taskRetryAttemptsPerTask?: number;

  /**
   * Attempts per query before it fails (`query-retry-attempts`, 0 or more). `RetryPolicy.QUERY` only.
   *
   * @default 4
   */
  readonly queryRetryAttempts?: number;

  /**
   * Wait before the first retry (`retry-initial-delay`); it grows by `retryDelayScaleFactor` each attempt.
   *
   * @default Duration.seconds(10)
   */
  readonly retryInitialDelay?: Duration;

  /**
   * Longest wait between retries (`retry-max-delay`), at least `retryInitialDelay`.
   *
   * @default Duration.minutes(1)
   */
  readonly retryMaxDelay?: Duration;

  /**
   * Factor the retry delay grows by with each attempt (`retry-delay-scale-factor`), at least 1.
   *
   * @default 2
   */
  readonly retryDelayScaleFactor?: number;

  /**
   * Initial memory estimate of a task (`fault-tolerant-execution-task-memory`), used to pack tasks onto workers.
   * `RetryPolicy.TASK` only.
   *
   * @default - Trino's default (5 GB)
   */
  readonly taskMemory?: Size;

  /**
   * Compression of exchanged and spooled data (`exchange.compression-codec`; the legacy
   * `exchange.compression-enabled` the seed lists is an alias of it).
   *
   * @default ExchangeCompressionCodec.LZ4
   */
  readonly compressionCodec?: ExchangeCompressionCodec;

  /**
   * How long the coordinator keeps trying to reach a worker before it fails the worker's tasks
   * (`query.remote-task.max-error-duration`). With `RetryPolicy.TASK` a shorter value re-schedules the tasks of a lost
   * Spot worker sooner.
   *
   * @default Duration.minutes(1)
   */
  readonly remoteTaskMaxErrorDuration?: Duration;
}

/** S3 actions on the buckets: ListObjectsV2 (listing a query's spool files before reading and deleting them). */
const BUCKET_ACTIONS = ['s3:ListBucket'];
/**
 * S3 actions on spool objects: PutObject (PutObject, CreateMultipartUpload, UploadPart, CompleteMultipartUpload),
 * GetObject (ranged reads), DeleteObject (DeleteObjects at query end), AbortMultipartUpload (a failed writer).
 */
const OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];
/** KMS actions for SSE-KMS objects: a data key for each upload, Decrypt for reads and multipart completion. */
const KMS_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

const MIN_PART_SIZE = Size.mebibytes(5);
const MAX_PART_SIZE = Size.mebibytes(256);
const MAX_TASK_RETRY_ATTEMPTS = 126;
const SOURCE = 'FaultTolerantExchange';

/**
 * Fault-tolerant execution for a TrinoCluster: an S3 exchange bucket Trino spools intermediate data to, and the
 * Trino settings that go with it, so queries survive losing workers (Spot interruptions, node consolidation).
 *
 * Pass it to `TrinoCluster` as `exchange`. The cluster then writes `exchange-manager.properties` (filesystem exchange
 * manager on S3) on the coordinator and the workers, sets `retry-policy` and the retry settings in `config.properties`,
 * and grants its service account the S3 actions the exchange uses on the spool locations, and nothing else.
 *
 * @example
 * declare const cluster: eks.Cluster;
 * const exchange = new trino.FaultTolerantExchange(this, 'Exchange', {
 *   longestQueryDuration: Duration.hours(6),
 * });
 * new trino.TrinoCluster(this, 'Trino', { cluster, exchange });
 *
 * @see https://trino.io/docs/current/admin/fault-tolerant-execution.html
 */
export class FaultTolerantExchange extends Construct {
  /** The default retry policy. */
  public static readonly DEFAULT_RETRY_POLICY = RetryPolicy.TASK;
  /** The default lifetime of spool objects in the created bucket. */
  public static readonly DEFAULT_SPOOL_EXPIRATION = Duration.days(1);
  /** The default multipart upload part size. */
  public static readonly DEFAULT_UPLOAD_PART_SIZE = Size.mebibytes(16);
  /** The smallest upload part size Trino accepts. */
  public static readonly MIN_UPLOAD_PART_SIZE = MIN_PART_SIZE;
  /** The largest upload part size Trino accepts. */
  public static readonly MAX_UPLOAD_PART_SIZE = MAX_PART_SIZE;

  /** What Trino retries. */
  public readonly retryPolicy: RetryPolicy;
  /** The exchange bucket: the one created, or the one given. Undefined when only `baseDirectories` were given. */
  public readonly bucket?: s3.IBucket;
  /** The KMS key of the exchange bucket, if any. */
  public readonly encryptionKey?: kms.IKey;
  /** The spool locations (`exchange.base-directories`). */
  public readonly baseDirectories: string[];
  /** Lifetime of spool objects, when the construct created the bucket. */
  public readonly spoolExpiration?: Duration;

  private readonly directories: BaseDirectory[];
  private readonly configProperties: { [name: string]: string };
  private readonly exchangeManagerProperties: { [name: string]: string };

  constructor(scope: Construct, id: string, props: FaultTolerantExchangeProps = {}) {
    super(scope, id);
    this.retryPolicy = props.retryPolicy ?? FaultTolerantExchange.DEFAULT_RETRY_POLICY;
    if (!Object.values(RetryPolicy).includes(this.retryPolicy)) {
      throw new Error(
        `\`retryPolicy\` must be RetryPolicy.TASK or RetryPolicy.QUERY, got: '${this.retryPolicy}'. Leave the exchange out for NONE.`,
      );
    }
    const createBucket = props.bucket === undefined && props.baseDirectories === undefined;
    if (!createBucket) {
      for (const prop of ['spoolExpiration', 'removalPolicy', 'autoDeleteObjects', 'serverAccessLogsBucket'] as const) {
        if (props[prop] !== undefined) {
          throw new Error(
            `\`${prop}\` only applies to the bucket the construct creates; it creates none when \`bucket\` or ` +
              '`baseDirectories` is given. Configure your own bucket instead.',
          );
        }
      }
      if (props.bucket === undefined && props.encryptionKey !== undefined) {
        throw new Error(
          '`encryptionKey` needs `bucket` (the bucket encrypted with it) when `baseDirectories` is given; grant the ' +
            'Trino service account (TrinoCluster.grantPrincipal) the keys of your own buckets.',
        );
      }
    }

    const uploadPartSize = props.uploadPartSize ?? FaultTolerantExchange.DEFAULT_UPLOAD_PART_SIZE;
    validatePartSize(uploadPartSize);
    const maxErrorRetries = props.maxErrorRetries ?? 10;
    validateInteger('maxErrorRetries', maxErrorRetries, 0, undefined);
    const remoteTaskMaxErrorDuration = props.remoteTaskMaxErrorDuration ?? Duration.minutes(1);
    validatePositiveDuration('remoteTaskMaxErrorDuration', remoteTaskMaxErrorDuration);

    if (createBucket) {
      this.spoolExpiration = props.spoolExpiration ?? FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION;
      validateSpoolExpiration(this.spoolExpiration, props.longestQueryDuration);
      const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
      const autoDeleteObjects = props.autoDeleteObjects ?? removalPolicy === RemovalPolicy.DESTROY;
      if (autoDeleteObjects && removalPolicy !== RemovalPolicy.DESTROY) {
        throw new Error(
          `\`autoDeleteObjects\` needs \`removalPolicy\` RemovalPolicy.DESTROY, got: ${removalPolicy}. Set ` +
            '`autoDeleteObjects: false` to keep the bucket and its objects.',
        );
      }
      const bucket = new s3.Bucket(this, 'Bucket', {
        encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
        encryptionKey: props.encryptionKey,
        bucketKeyEnabled: props.encryptionKey ? true : undefined,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        removalPolicy,
        autoDeleteObjects,
        serverAccessLogsBucket: props.serverAccessLogsBucket,
        serverAccessLogsPrefix: props.serverAccessLogsBucket ? 'trino-exchange/' : undefined,
        lifecycleRules: [
          {
            id: 'ExpireTrinoSpoolData',
            expiration: this.spoolExpiration,
            abortIncompleteMultipartUploadAfter: this.spoolExpiration,
          },
        ],
      });
      this.bucket = bucket;
      this.encryptionKey = props.encryptionKey;
    } else {
      this.bucket = props.bucket;
      this.encryptionKey = props.encryptionKey ?? props.bucket?.encryptionKey;
      Annotations.of(this).addWarningV2(
        'cdk-trino-eks:FaultTolerantExchange.noLifecycle',
        'The exchange spools to a bucket the construct did not create, so it adds no lifecycle rule: expire objects ' +
          'under the exchange base directories (and abort incomplete multipart uploads) after longer than your ' +
          'longest query, or spool data abandoned by a failed coordinator stays forever.',
      );
    }

    this.directories = parseBaseDirectories(props.baseDirectories ?? [`s3://${this.bucket!.bucketName}`]);
    this.baseDirectories = this.directories.map((d) => d.uri);

    this.configProperties = {
      'retry-policy': this.retryPolicy,
      ...this.retryLimits(props),
      'exchange.compression-codec': props.compressionCodec ?? ExchangeCompressionCodec.LZ4,
      'query.remote-task.max-error-duration': trinoDuration(remoteTaskMaxErrorDuration),
    };
    this.exchangeManagerProperties = {
      'exchange.s3.region': Stack.of(this).region,
      'exchange.s3.upload.part-size': trinoDataSize(uploadPartSize),
      'exchange.s3.max-error-retries': String(maxErrorRetries),
    };
  }

  /**
   * Connects the exchange to a Trino cluster: exchange manager and retry settings into its configuration, S3 (and KMS)
   * access for its service account.
   * @internal
   */
  public _bind(trino: TrinoCluster): void {
    trino._config.setExchange(this.baseDirectories, this.exchangeManagerProperties, SOURCE);
    for (const [name, value] of Object.entries(this.configProperties)) {
      trino._config.setConfigProperty(name, value, 'both', SOURCE);
    }
    this.grantSpoolAccess(trino.serviceAccount);
  }

  /**
   * The `config.properties` entries the exchange sets on the coordinator and the workers.
   * @internal
   */
  public _configProperties(): { [name: string]: string } {
    return { ...this.configProperties };
  }

  /**
   * The `exchange-manager.properties` entries besides the manager name and base directories.
   * @internal
   */
  public _exchangeManagerProperties(): { [name: string]: string } {
    return { ...this.exchangeManagerProperties };
  }

  private retryLimits(props: FaultTolerantExchangeProps): { [name: string]: string } {
    const task = this.retryPolicy === RetryPolicy.TASK;
    const wrongPolicy = (prop: string, policy: RetryPolicy) =>
      new Error(`\`${prop}\` only applies with \`retryPolicy\` RetryPolicy.${policy}, got: RetryPolicy.${this.retryPolicy}.`);
    if (task && props.queryRetryAttempts !== undefined) throw wrongPolicy('queryRetryAttempts', RetryPolicy.QUERY);
    if (!task && props.taskRetryAttemptsPerTask !== undefined) {
      throw wrongPolicy('taskRetryAttemptsPerTask', RetryPolicy.TASK);
    }
    if (!task && props.taskMemory !== undefined) throw wrongPolicy('taskMemory', RetryPolicy.TASK);

    const out: { [name: string]: string } = {};
    if (task) {
      const attempts = props.taskRetryAttemptsPerTask ?? 4;
      validateInteger('taskRetryAttemptsPerTask', attempts, 0, MAX_TASK_RETRY_ATTEMPTS);
      out['task-retry-attempts-per-task'] = String(attempts);
    } else {
      const attempts = props.queryRetryAttempts ?? 4;
      validateInteger('queryRetryAttempts', attempts, 0, undefined);
      out['query-retry-attempts'] = String(attempts);
    }
    const initial = props.retryInitialDelay ?? Duration.seconds(10);
    const max = props.retryMaxDelay ?? Duration.minutes(1);
    validatePositiveDuration('retryInitialDelay', initial);
    validatePositiveDuration('retryMaxDelay', max);
    if (!initial.isUnresolved() && !max.isUnresolved()) {
      if (max.toMilliseconds() < initial.toMilliseconds()) {
        throw new Error(
          `\`retryMaxDelay\` (${max.toHumanString()}) must be at least \`retryInitialDelay\` (${initial.toHumanString()}).`,
        );
      }
    }
    const factor = props.retryDelayScaleFactor ?? 2;
    if (!Token.isUnresolved(factor) && !(Number.isFinite(factor) && factor >= 1)) {
      throw new Error(`\`retryDelayScaleFactor\` must be a number of at least 1, got: ${factor}.`);
    }
    out['retry-initial-delay'] = trinoDuration(initial);
    out['retry-max-delay'] = trinoDuration(max);
    out['retry-delay-scale-factor'] = trinoDouble(factor);
    if (props.taskMemory !== undefined) {
      if (!props.taskMemory.isUnresolved() && props.taskMemory.toBytes() < 1024 * 1024) {
        throw new Error(`\`taskMemory\` must be at least 1 MiB, got: ${props.taskMemory.toBytes()} bytes.`);
      }
      out['fault-tolerant-execution-task-memory'] = trinoDataSize(props.taskMemory);
    }
    return out;
  }

  private grantSpoolAccess(grantee: iam.IGrantable) {
    const bucketArn = (name: string) =>
      this.bucket && name === this.bucket.bucketName ? this.bucket.bucketArn : `arn:${Aws.PARTITION}:s3:::${name}`;
    const bucketArns = [...new Set(this.directories.map((d) => bucketArn(d.bucket)))];
    const objectArns = this.directories.map((d) => `${bucketArn(d.bucket)}/${d.prefix ? `${d.prefix}/` : ''}*`);
    iam.Grant.addToPrincipal({ grantee, actions: BUCKET_ACTIONS, resourceArns: bucketArns });
    iam.Grant.addToPrincipal({ grantee, actions: OBJECT_ACTIONS, resourceArns: objectArns });
    this.encryptionKey?.grant(grantee, ...KMS_ACTIONS);
  }
}

function validatePartSize(size: Size) {
  if (size.isUnresolved()) return;
  let bytes: number;
  try {
    bytes = size.toBytes({ rounding: SizeRoundingBehavior.NONE });
  } catch {
    bytes = NaN;
  }
  const min = MIN_PART_SIZE.toBytes();
  const max = MAX_PART_SIZE.toBytes();
  if (!Number.isInteger(bytes) || bytes % 1024 !== 0 || bytes < min || bytes > max) {
    throw new Error(
      '`uploadPartSize` must be whole KiB between 5 MiB and 256 MiB (what Trino accepts for ' +
        `exchange.s3.upload.part-size), got: ${size.toBytes()} bytes.`,
    );
  }
}

function validateInteger(prop: string, value: number, min: number, max: number | undefined) {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `${min} or more` : `between ${min} and ${max}`;
    throw new Error(`\`${prop}\` must be an integer ${range}, got: ${value}.`);
  }
}

function validatePositiveDuration(prop: string, d: Duration) {
  if (d.isUnresolved()) return;
  if (d.toMilliseconds() <= 0) {
    throw new Error(`\`${prop}\` must be longer than 0, got: ${d.toHumanString()}.`);
  }
}

function validateSpoolExpiration(expiration: Duration, longestQuery: Duration | undefined) {
  if (expiration.isUnresolved()) return;
  const ms = expiration.toMilliseconds();
  if (ms <= 0 || ms % Duration.days(1).toMilliseconds() !== 0) {
    throw new Error(
      `\`spoolExpiration\` must be a whole number of days, at least 1 (S3 lifecycle rules count days), got: ${expiration.toHumanString()}.`,
    );
  }
  if (longestQuery === undefined || longestQuery.isUnresolved()) return;
  if (ms <= longestQuery.toMilliseconds()) {
    throw new Error(
      `\`spoolExpiration\` (${expiration.toHumanString()}) must be longer than \`longestQueryDuration\` ` +
        `(${longestQuery.toHumanString()}): S3 would delete spool data a running query still needs to retry tasks.`,
    );
  }
}
