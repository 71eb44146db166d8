// SPDX-License-Identifier: Apache-2.0
/**
 * Generates docs/fault-tolerance.md from FaultTolerantExchange: the properties, bucket settings and IAM actions in it
 * are read from a synthesized TrinoCluster with a default exchange, and the Trino 480 status of the seed's properties
 * from ../shared/schemas/trino/properties.json. test/docs/fault-tolerance-doc.test.ts fails when the committed page
 * differs from what this renders.
 *
 *   npx ts-node --project tsconfig.dev.json scripts/gen-docs-fault-tolerance.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { FaultTolerantExchange, RetryPolicy, TrinoCluster } from '../src';
import { importedClusterStack } from './doc-stack';
import { parseCfnJson } from '../src/private/cfn-json';

export const FAULT_TOLERANCE_DOC = path.join(__dirname, '..', 'docs', 'fault-tolerance.md');
const PROPERTIES_JSON = path.join(__dirname, '..', '..', 'shared', 'schemas', 'trino', 'properties.json');

/** What a default FaultTolerantExchange renders, read back from the synthesized template. */
interface Rendered {
  readonly trino: TrinoCluster;
  readonly config: Array<[string, string]>;
  readonly exchangeManager: Array<[string, string]>;
  readonly bucket: any;
  readonly bucketResource: any;
  readonly statements: any[];
  readonly queryConfig: Array<[string, string]>;
}

function render(retryPolicy: RetryPolicy): { trino: TrinoCluster; template: Template; values: any } {
  const { stack, cluster } = importedClusterStack('Stack');
  const exchange = new FaultTolerantExchange(stack, 'Exchange', { retryPolicy });
  const trino = new TrinoCluster(stack, 'Trino', { cluster, exchange });
  const template = Template.fromStack(stack);
  const chart = Object.values(template.findResources(eks.HelmChart.RESOURCE_TYPE))[0] as any;
  return { trino, template, values: parseCfnJson(chart.Properties.Values) };
}

function lines(list: string[] | undefined): Array<[string, string]> {
  return (list ?? []).map((l) => {
    const i = l.indexOf('=');
    return [l.slice(0, i), l.slice(i + 1)];
  });
}

function readRendered(): Rendered {
  const task = render(RetryPolicy.TASK);
  const query = render(RetryPolicy.QUERY);
  const values = task.values;
  const placeholder = (v: string) => v.replace(/<ExchangeBucket[0-9A-F]+>/g, '<exchange-bucket>');
  const buckets = task.template.findResources('AWS::S3::Bucket');
  const [bucketId, bucketResource] = Object.entries(buckets).find(([id]) => id.startsWith('ExchangeBucket'))!;
  const statements = Object.values(task.template.findResources('AWS::IAM::Policy'))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => JSON.stringify(s.Resource).includes(bucketId));
  return {
    trino: task.trino,
    config: lines(values.additionalConfigProperties),
    queryConfig: lines(query.values.additionalConfigProperties),
    exchangeManager: [
      ['exchange-manager.name', values.server.exchangeManager.name],
      ['exchange.base-directories', placeholder(values.server.exchangeManager.baseDir)],
      ...lines(values.additionalExchangeManagerProperties),
    ],
    bucket: (bucketResource as any).Properties,
    bucketResource,
    statements,
  };
}

/** Status of a property name in the Trino 480 property list. */
function trinoStatus(name: string): { status: string; replacedBy?: string } {
  const schema = JSON.parse(fs.readFileSync(PROPERTIES_JSON, 'utf-8'));
  const entry = (schema.config as any[]).find((e) => e.name === name);
  if (!entry) throw new Error(`'${name}' is not in ${PROPERTIES_JSON}`);
  return { status: entry.status, replacedBy: entry.replacedBy };
}

export function renderFaultToleranceDoc(): string {
  const r = readRendered();
  const ns = r.trino.namespace;
  const worker = r.trino.workerDeploymentName;
  const coordinator = r.trino.coordinatorDeploymentName;
  const svc = r.trino.serviceName;
  const release = r.trino.releaseName;
  const partSize = FaultTolerantExchange.DEFAULT_UPLOAD_PART_SIZE.toMebibytes();
  const expirationDays = FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION.toDays();
  const rule = r.bucket.LifecycleConfiguration.Rules[0];
  const killer = trinoStatus('query.low-memory-killer.delay');
  const compression = trinoStatus('exchange.compression-enabled');
  const remoteTask = trinoStatus('query.remote-task.max-error-duration');
  const configMap = Object.fromEntries(r.config);
  const emMap = Object.fromEntries(r.exchangeManager);
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  const out: string[] = [];
  const p = (...l: string[]) => out.push(...l);
  const actions = (s: any) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
  const resource = (s: any) =>
    JSON.stringify(s.Resource).includes('/*') ? '`arn:aws:s3:::<exchange-bucket>/*` (the objects)' : '`arn:aws:s3:::<exchange-bucket>` (the bucket)';

  p('# Fault tolerance: queries that survive losing workers');
  p('');
  p('<!-- GENERATED by scripts/gen-docs-fault-tolerance.ts from src/exchange/fault-tolerant-exchange.ts. Do not edit by hand. -->');
  p('');
  p(
    'Trino workers on Spot instances get interrupted, and Karpenter consolidates nodes away. Without fault-tolerant ' +
      'execution a query fails as soon as one of its workers is gone. `FaultTolerantExchange` turns on Trino\'s ' +
      '[fault-tolerant execution](https://trino.io/docs/current/admin/fault-tolerant-execution.html): Trino spools ' +
      'intermediate data to an S3 bucket (the *exchange*) and retries the work of a lost worker on the others.',
  );
  p('');
  p('```ts');
  p('const exchange = new FaultTolerantExchange(this, \'Exchange\', {');
  p('  longestQueryDuration: Duration.hours(6), // checked against the spool expiration');
  p('});');
  p('new TrinoCluster(this, \'Trino\', { cluster, exchange });');
  p('```');
  p('');
  p('## TASK or QUERY');
  p('');
  p('| `retryPolicy` | What Trino retries | What is spooled to S3 | Use it for |');
  p('|---|---|---|---|');
  p(
    '| `RetryPolicy.TASK` (default) | the failed tasks only; the rest of the query keeps its progress | the output ' +
      'of every stage (all exchanges between workers) | long, large batch queries, Spot workers (the seed\'s choice) |',
  );
  p(
    '| `RetryPolicy.QUERY` | the whole query, from the start | only query results larger than ' +
      '`exchange.deduplication-buffer-size` (32MB by default) | many small, short queries |',
  );
  p('');
  p(
    'With TASK, every exchange between stages goes through S3 instead of worker memory, so queries run somewhat ' +
      'slower and the cluster makes S3 requests (see [cost](#the-cost-of-spooling)); in return a lost worker costs ' +
      'only the re-run of its tasks. With QUERY a lost worker costs the whole query, which is cheap for queries of ' +
      'seconds. There is no `NONE` value: leave `exchange` out for `retry-policy=NONE`. A retry policy without an ' +
      'exchange cannot be configured: `retry-policy` is refused in `additionalConfigProperties`, and a `helmValues` ' +
      'that sets it (in `additionalConfigProperties`, `server.coordinatorExtraConfig` or `server.workerExtraConfig`) ' +
      'with no `server.exchangeManager` fails `cdk synth`.',
  );
  p('');
  p('## What the library configures');
  p('');
  p('`config.properties` on the coordinator and the workers, with the defaults (`RetryPolicy.TASK`):');
  p('');
  p('| Property | Value | Prop |');
  p('|---|---|---|');
  const propOf: { [name: string]: string } = {
    'retry-policy': '`retryPolicy`',
    'task-retry-attempts-per-task': '`taskRetryAttemptsPerTask` (TASK only)',
    'query-retry-attempts': '`queryRetryAttempts` (QUERY only)',
    'retry-initial-delay': '`retryInitialDelay`',
    'retry-max-delay': '`retryMaxDelay`',
    'retry-delay-scale-factor': '`retryDelayScaleFactor`',
    'exchange.compression-codec': '`compressionCodec`',
    'query.remote-task.max-error-duration': '`remoteTaskMaxErrorDuration`',
  };
  for (const [k, v] of r.config) p(`| \`${k}\` | \`${v}\` | ${propOf[k] ?? ''} |`);
  const queryOnly = r.queryConfig.filter(([k]) => !(k in configMap));
  for (const [k, v] of queryOnly) p(`| \`${k}\` | \`${v}\` (with \`RetryPolicy.QUERY\`, instead of \`task-retry-attempts-per-task\`) | ${propOf[k] ?? ''} |`);
  p(
    '| `fault-tolerant-execution-task-memory` | not set (Trino\'s 5GB) | `taskMemory` (TASK only): the initial memory ' +
      'estimate of a task |',
  );
  p('');
  p('`exchange-manager.properties` on the coordinator and the workers (chart values `server.exchangeManager` and `additionalExchangeManagerProperties`):');
  p('');
  p('```properties');
  for (const [k, v] of r.exchangeManager) p(`${k}=${k === 'exchange.s3.region' ? '<the stack\'s region>' : v}`);
  p('```');
  p('');
  p(
    '- `exchange.base-directories` is the root of the bucket the construct creates. `baseDirectories` takes one ' +
      'or more `s3://<bucket>` or `s3://<bucket>/<prefix>` URIs instead, for example several buckets to spread the ' +
      'request load when S3 answers "Please reduce your request rate".',
  );
  p(
    `- \`exchange.s3.upload.part-size\` (\`uploadPartSize\`, ${emMap['exchange.s3.upload.part-size']}) is the part ` +
      'size of the multipart uploads and of each ranged read, and the size of a write buffer per exchange partition. ' +
      `Trino accepts ${FaultTolerantExchange.MIN_UPLOAD_PART_SIZE.toMebibytes()}MB to ` +
      `${FaultTolerantExchange.MAX_UPLOAD_PART_SIZE.toMebibytes()}MB (Trino's default is 5MB); the default matches ` +
      'one exchange page buffer (`exchange.max-page-storage-size`, 16MB).',
  );
  p(
    `- \`exchange.s3.max-error-retries\` (\`maxErrorRetries\`, ${emMap['exchange.s3.max-error-retries']}) is how often ` +
      'the exchange\'s S3 client retries a failed request.',
  );
  p(
    '- No `exchange.s3.iam-role` and no keys: the exchange\'s S3 client uses the AWS SDK default credential chain, so ' +
      'it picks up the service account\'s IRSA role or EKS Pod Identity association.',
  );
  p(
    '- Trino encrypts spooled data itself by default (`external-exchange-encryption-enabled`, one key per query); ' +
      'the bucket encryption below comes on top of that.',
  );
  p('');
  p('The exchange bucket the construct creates:');
  p('');
  const sse = r.bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm;
  p(`- Encryption: \`${sse}\` (SSE-S3); with \`encryptionKey\`, SSE-KMS with that key and an S3 Bucket Key.`);
  p('- TLS only: the bucket policy denies every request with `aws:SecureTransport` false.');
  p('- Public access blocked (all four settings).');
  p(
    `- Lifecycle rule \`${rule.Id}\`: objects expire after ${days(rule.ExpirationInDays)} and incomplete multipart ` +
      `uploads are aborted after ${days(rule.AbortIncompleteMultipartUpload.DaysAfterInitiation)} ` +
      `(\`spoolExpiration\`, default ${days(expirationDays)}, whole days). Trino deletes a query's spool data when ` +
      'the query ends; the rule removes what a crashed coordinator leaves behind. Spool data must outlive the ' +
      'query that wrote it (a retried task reads its input from it), so set `longestQueryDuration` and the construct ' +
      'checks that `spoolExpiration` is longer.',
  );
  p(
    `- Removal: deleted with the stack (\`DeletionPolicy: ${(r.bucketResource as any).DeletionPolicy}\`), objects ` +
      'included (`removalPolicy` DESTROY and `autoDeleteObjects`), since it only holds scratch data; ' +
      '`removalPolicy: RemovalPolicy.RETAIN` keeps it.',
  );
  p(
    '- With your own `bucket` or `baseDirectories` the construct creates no bucket and changes nothing on yours; it ' +
      'warns at synth that you must expire the spool objects yourself.',
  );
  p('');
  p('IAM: the Trino service account gets exactly the S3 actions the exchange calls, on the spool locations only:');
  p('');
  p('| Actions | Resource |');
  p('|---|---|');
  for (const s of r.statements) p(`| ${actions(s).map((a: string) => `\`${a}\``).join(', ')} | ${resource(s)} |`);
  p('');
  p(
    'PutObject covers PutObject, CreateMultipartUpload, UploadPart and CompleteMultipartUpload; GetObject the ranged ' +
      'reads; DeleteObject the DeleteObjects call at query end; ListBucket the listing of a query\'s spool files. ' +
      'With a prefix in `baseDirectories` the object actions are limited to `<bucket>/<prefix>/*`. With a KMS key the ' +
      'service account may also call `kms:GenerateDataKey` and `kms:Decrypt` on that key.',
  );
  p('');
  p(`## The seed's companion properties on Trino ${TrinoCluster.DEFAULT_TRINO_VERSION}`);
  p('');
  p(`| Seed property | Trino ${TrinoCluster.DEFAULT_TRINO_VERSION} | What the library does |`);
  p('|---|---|---|');
  p(
    `| \`query.low-memory-killer.delay=0s\` | ${killer.status} | not set: Trino ${TrinoCluster.DEFAULT_TRINO_VERSION} refuses to start when a ` +
      'defunct property is set. There is no replacement; the low-memory killer policies are ' +
      '`query.low-memory-killer.policy` and `task.low-memory-killer.policy`. |',
  );
  p(
    `| \`exchange.compression-enabled=true\` | ${compression.status}, replaced by \`${compression.replacedBy}\` | ` +
      `sets \`${compression.replacedBy}=${configMap[compression.replacedBy!]}\` (\`compressionCodec\`): the ` +
      'legacy name still works but logs a deprecation warning, and the codec name says what it does. |',
  );
  p(
    `| \`query.remote-task.max-error-duration=1m\` | ${remoteTask.status} | sets it ` +
      `(\`remoteTaskMaxErrorDuration\`, \`${configMap['query.remote-task.max-error-duration']}\`). |`,
  );
  p('');
  p('## The cost of spooling');
  p('');
  p(
    'With TASK every byte exchanged between stages is written to S3 once and read back at least once. What you ' +
      'pay for, per query:',
  );
  p('');
  p(
    `- **PUT requests**: about one per ${partSize} MiB part written (UploadPart), plus one CreateMultipartUpload and ` +
      `one CompleteMultipartUpload per spool file, or a single PutObject for a file under ${partSize} MiB. ` +
      `1 TiB spooled is about ${(1024 * 1024) / partSize} UploadPart requests.`,
  );
  p(
    `- **GET requests**: one ranged GetObject per ${partSize} MiB read, about ${(1024 * 1024) / partSize} per TiB, ` +
      'more when a retried task reads its input again.',
  );
  p('- **LIST and DELETE requests**: a few per exchange to find and remove the spool files when the query ends.');
  p(
    `- **Storage**: spool data lives while its query runs; leftovers live at most ${days(expirationDays)} plus the ` +
      'time S3 takes to apply the lifecycle rule.',
  );
  p(
    '- **No data transfer charge** inside the region (the bucket is in the stack\'s region; keep the cluster there). ' +
      'Each request to an SSE-KMS bucket would call KMS; the S3 Bucket Key the construct turns on for `encryptionKey` ' +
      'avoids most of those calls.',
  );
  p('');
  p(
    'A larger `uploadPartSize` means fewer requests and more memory per exchange partition. Check your request ' +
      'counts with S3 request metrics or Cost Explorer (usage types `Requests-Tier1` for PUT and LIST, ' +
      '`Requests-Tier2` for GET) and prices on the [S3 pricing page](https://aws.amazon.com/s3/pricing/).',
  );
  p('');
  p('## Test it: terminate workers mid-query');
  p('');
  p(
    `The seed's test, written for a cluster deployed with this library (release \`${release}\` in namespace ` +
      `\`${ns}\`: coordinator Service \`${svc}\`, worker Deployment \`${worker}\`). It needs the AWS CLI, kubectl ` +
      'with access to the EKS cluster, the [Trino CLI](https://trino.io/docs/current/client/cli.html) and the SQL ' +
      'files in [`examples/sql/`](../examples/sql/).',
  );
  p('');
  p('1. Connect to the coordinator and check the settings the library wrote:');
  p('');
  p('   ```bash');
  p(`   kubectl -n ${ns} port-forward svc/${svc} 8080:8080 &`);
  p(`   kubectl -n ${ns} exec deploy/${coordinator} -c ${coordinator} -- \\`);
  p('     cat /etc/trino/config.properties /etc/trino/exchange-manager.properties');
  p('   ```');
  p('');
  p(`   \`config.properties\` shows \`retry-policy=${configMap['retry-policy']}\` and the lines above; ` +
    '`exchange-manager.properties` shows `exchange.base-directories=s3://<exchange-bucket>`.');
  p('');
  p('2. Find the buckets (the names are in your stack\'s outputs, or in `aws s3 ls`) and load the tables:');
  p('');
  p('   ```bash');
  p('   export S3_BUCKET=<data bucket> EXCHANGE_BUCKET=<exchange bucket> TPCDS_SCALE=sf10');
  p('   envsubst \'${S3_BUCKET} ${TPCDS_SCALE}\' < examples/sql/tpcds_to_iceberg.sql > /tmp/tpcds_to_iceberg.sql');
  p('   trino --server http://localhost:8080 --user admin --file /tmp/tpcds_to_iceberg.sql');
  p('   ```');
  p('');
  p('   A larger `TPCDS_SCALE` (`sf100`) makes the next query run longer, which leaves more time for step 4.');
  p('');
  p('3. Make sure at least two workers run, then start the long query in the background:');
  p('');
  p('   ```bash');
  p(`   kubectl -n ${ns} get pods -l app.kubernetes.io/instance=${release},app.kubernetes.io/component=worker -o wide`);
  p('   (trino --server http://localhost:8080 --user admin --file examples/sql/iceberg_long_running_join.sql \\');
  p('     > /tmp/join-result.txt; echo "exit code $?") &');
  p('   ```');
  p('');
  p(
    '   With a KEDA scaler and no workers yet, KEDA adds workers for the query; wait until ' +
      `\`kubectl -n ${ns} get deploy ${worker}\` shows two or more ready.`,
  );
  p('');
  p('4. While the query runs (its state is RUNNING at http://localhost:8080/ui/), kill a worker. Pick one way:');
  p('');
  p('   ```bash');
  p(`   POD=$(kubectl -n ${ns} get pods -l app.kubernetes.io/instance=${release},app.kubernetes.io/component=worker \\`);
  p('     -o jsonpath=\'{.items[0].metadata.name}\')');
  p('');
  p('   # a) the worker process dies at once, no graceful shutdown: its running tasks fail');
  p(`   kubectl -n ${ns} delete pod "$POD" --grace-period=0 --force`);
  p('');
  p('   # b) the node disappears, like a Spot reclaim: terminate its EC2 instance');
  p(`   NODE=$(kubectl -n ${ns} get pod "$POD" -o jsonpath='{.spec.nodeName}')`);
  p('   aws ec2 terminate-instances --instance-ids \\');
  p('     "$(kubectl get node "$NODE" -o jsonpath=\'{.spec.providerID}\' | cut -d/ -f5)"');
  p('');
  p('   # c) the node is drained, as Karpenter does on consolidation or a Spot interruption notice');
  p('   kubectl drain "$NODE" --ignore-daemonsets --delete-emptydir-data');
  p('   ```');
  p('');
  p(
    `   The seed scales the Deployment down instead (\`kubectl -n ${ns} scale deployment ${worker} --replicas=1\`). ` +
      'That only works without an autoscaler: with a TrinoKedaScaler, KEDA owns the replica count and scales it ' +
      'back, so delete pods or drain nodes as above. A scale-down or a drain also goes through the worker\'s ' +
      'graceful shutdown when it is enabled, so the worker finishes its tasks first; (a) and (b) are the ones that ' +
      'make tasks fail.',
  );
  p('');
  p('5. Watch the retries and the spool:');
  p('');
  p('   ```bash');
  p('   aws s3 ls "s3://$EXCHANGE_BUCKET/" | head');
  p('   aws s3 ls "s3://$EXCHANGE_BUCKET/" --recursive --summarize | tail -2');
  p('   ```');
  p('');
  p(
    '   - In the Trino UI the cluster overview shows one active worker less. The query\'s page lists, in its stages, ' +
      'the tasks that ran on the lost worker as failed, and new attempts of those tasks on the remaining workers; ' +
      'the query stays RUNNING.',
  );
  p(
    '   - In S3, while the query runs, the bucket holds prefixes named ' +
      '`<random hex>.<query id>.<exchange id>.<task partition>/` (one per task of each stage), with a folder per ' +
      'task attempt below (`0/`, then `1/` and up for retried tasks). The random hex at the front spreads the keys ' +
      'over S3 partitions.',
  );
  p('');
  p('6. When the query ends:');
  p('');
  p(
    '   - the CLI prints `exit code 0` and the result is in `/tmp/join-result.txt`; the query\'s page shows FINISHED, ' +
      'with the failed tasks still listed;',
  );
  p(
    '   - Trino has deleted the query\'s spool prefixes (`aws s3 ls "s3://$EXCHANGE_BUCKET/"` no longer lists its ' +
      'query id); what a crash leaves behind expires with the lifecycle rule;',
  );
  p(
    '   - without an exchange (`retry-policy` NONE) the same test ends with the query FAILED on a remote task ' +
      'error, since nothing can re-run the lost tasks.',
  );
  p('');
  p(
    'The Hive example ([`examples/sql/hive_taxi.sql`](../examples/sql/hive_taxi.sql)) reads the seed\'s taxi data ' +
      'through the `hive` catalog; it needs the Glue database and table the seed\'s Hive setup creates.',
  );
  p('');
  p('To clean up the Iceberg tables:');
  p('');
  p('```sql');
  for (const t of ['warehouse', 'item', 'inventory', 'date_dim']) p(`DROP TABLE iceberg.iceberg_schema.${t};`);
  p('DROP SCHEMA iceberg.iceberg_schema;');
  p('```');
  p('');
  return out.join('\n');
}

if (require.main === module) {
  fs.writeFileSync(FAULT_TOLERANCE_DOC, renderFaultToleranceDoc());
  console.log(`wrote ${path.relative(process.cwd(), FAULT_TOLERANCE_DOC)}`);
}
