// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'crypto';
import { Annotations, AspectPriority, Aspects, CfnOutput, CfnResource, CustomResource, Duration, IAspect, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import type { TrinoCluster } from '../trino-cluster';
import { SmokePlan, smokePlan } from './private/plan';
import { SMOKE_TEST_SCRIPT } from './private/smoke-script';
import { verdictProvider } from './private/verdict';

/**
 * Trino credentials of the smoke test: from an AWS Secrets Manager secret (`secret`) or a Kubernetes Secret in the
 * Trino namespace (`secretName`). Give one of them.
 */
export interface TrinoSmokeTestCredentials {
  /**
   * A Secrets Manager secret whose JSON holds the user name and password (`{"username": "...", "password": "..."}`).
   * It exists before the first deploy, so the test runs on it. The TrinoCluster's SecretProviderClass syncs the two
   * fields into the release's Kubernetes Secret (`<release>-secrets`), which the test's pod reads; Trino's pods mount
   * it too (the Secrets Store CSI driver syncs only what a pod mounts), and its service account may read it.
   *
   * @default - `secretName`
   */
  readonly secret?: secretsmanager.ISecret;

  /**
   * Name of a Kubernetes Secret (in the TrinoCluster's namespace) that holds the user name and password. It must exist
   * when the test runs, so not on the deploy that creates the namespace.
   *
   * @default - `secret`
   */
  readonly secretName?: string;

  /**
   * Key of the user name: the JSON field of `secret`, or the key in the Kubernetes Secret.
   *
   * @default 'username'
   */
  readonly usernameKey?: string;

  /**
   * Key of the password: the JSON field of `secret`, or the key in the Kubernetes Secret.
   *
   * @default 'password'
   */
  readonly passwordKey?: string;
}

/**
 * Properties of a TrinoSmokeTest.
 */
export interface TrinoSmokeTestProps {
  /**
   * The Trino cluster to test. The test runs after its Helm release, the worker autoscaler and every other
   * construct under it.
   */
  readonly trino: TrinoCluster;

  /**
   * Whether to run the smoke test. When false nothing is created (an existing test is removed on the next deploy).
   * The CDK context key `cdk-trino-eks:smokeTest` set to `false` (`cdk deploy -c cdk-trino-eks:smokeTest=false`) turns
   * every smoke test of the app off without a code change.
   *
   * @default true, unless the context key `cdk-trino-eks:smokeTest` is `false`
   */
  readonly enabled?: boolean;

  /**
   * The catalogs to check. Each must be listed by `SHOW CATALOGS`; Hive and Iceberg catalogs on AWS Glue get a
   * scratch schema and table created, written, read back and dropped; the others must answer `SHOW SCHEMAS`.
   * The known-answer query always uses the first tpch catalog.
   *
   * @default - every catalog the Trino chart renders
   */
  readonly catalogs?: string[];

  /**
   * An existing schema (Glue database) for the scratch tables, for catalogs whose `glueDatabases` do not let Trino
   * create one. The test then creates and drops only its table there, in every write-checked catalog.
   *
   * @default - a schema `cdk_trino_eks_smoke_<run>` created and dropped in each Hive and Iceberg catalog
   */
  readonly scratchSchema?: string;

  /**
   * How long CloudFormation waits for the test, from the creation of its pod to its verdict (2–13 minutes: it runs in
   * the kubectl provider's Lambda function, which stops after 15). Cover a cold start: KEDA's poll, a Karpenter node,
   * the image pull and the worker's start (see docs/operations.md).
   *
   * @default Duration.minutes(12)
   */
  readonly timeout?: Duration;

  /**
   * The Trino user name the queries run as, when the cluster has no authentication.
   *
   * @default 'cdk-trino-eks-smoke'
   */
  readonly user?: string;

  /**
   * Credentials, when the coordinator requires password authentication: TrinoCluster `authentication`
   * (`TrinoAuthentication.password`) with an `endpoint`, or the chart value `server.config.authenticationType` with
   * `server.config.https.enabled`. The user must be in the password file (and allowed by the access rules to run the
   * checks: every catalog, and create/drop in the Hive and Iceberg catalogs).
   *
   * - With a TrinoCluster `endpoint`, TLS ends at the load balancer and the coordinator trusts its
   *   `X-Forwarded-Proto` header (`http-server.process-forwarded`). The test runs inside the cluster over plain HTTP
   *   to the coordinator Service and sends `X-Forwarded-Proto: https` with the password, which the coordinator then
   *   checks. The Trino CLI refuses to send a password over `http://`, so in this case the test speaks Trino's client
   *   protocol (`POST /v1/statement`, then each `nextUri`) with `curl`. The coordinator's NetworkPolicy admits the
   *   test's pod as one of the release's own pods.
   * - With `server.config.https.enabled`, the test connects to the HTTPS port with the Trino CLI without verifying the
   *   certificate (the traffic stays in the cluster; the test checks Trino, not the certificate chain).
   *
   * @default - none: the coordinator must not require authentication
   */
  readonly credentials?: TrinoSmokeTestCredentials;
}

const DEFAULT_USER = 'cdk-trino-eks-smoke';
const MIN_TIMEOUT_SECONDS = 120;
const MAX_TIMEOUT_SECONDS = 13 * 60;
/** seconds the pod gets less than the timeout (so Kubernetes stops it before CloudFormation stops waiting) */
const POD_DEADLINE_MARGIN = 60;
/** seconds the script gets less than the timeout (scheduling, image pull, JVM start, cleanup) */
const SCRIPT_MARGIN = 120;

/**
 * A deploy-time smoke test of a TrinoCluster: after the Trino Helm release, a pod running the Trino CLI of the same
 * image queries the coordinator Service, and CloudFormation waits for it and fails the deployment (so it rolls back)
 * when a query fails, with the failing statement and Trino's error as the event reason.
 *
 * The pod runs, one statement per CLI call: a tpch query with a known answer (`count(*)` of `tiny.nation` is 25),
 * timed from submission to its result, first possibly on a cluster at zero workers (a cold start: KEDA, Karpenter,
 * image pull, JVM start) and again warm; `SHOW CATALOGS` with every configured catalog listed; with fault-tolerant
 * execution the session's retry policy and a query with exchanges run under it; on each Hive and Iceberg catalog on
 * AWS Glue a scratch schema and table created, written, read back and dropped; `SHOW SCHEMAS` on the other catalogs.
 *
 * Its verdict travels as the pod's termination message, read by a `KubernetesObjectValue` (which polls until the pod
 * has ended), to a small custom resource that passes `OK` and fails on anything else. The result is in the stack
 * outputs `Result`, `ColdStartSeconds` and `WarmQuerySeconds`, and in the verdict function's log group. It runs
 * again on every deployment that changes the Trino chart values, the Trino role's policy or the test itself (its
 * resources are replaced: a rollback deletes the new pod and leaves the previous result). Scratch objects are dropped
 * on success and failure; the finished pod stays for `kubectl logs` until the next run.
 *
 * @example
 * declare const trinoCluster: TrinoCluster;
 * new trino.TrinoSmokeTest(this, 'SmokeTest', { trino: trinoCluster });
 */
export class TrinoSmokeTest extends Construct {
  /** CDK context key that turns every smoke test of the app off when set to `false`. */
  public static readonly ENABLED_CONTEXT_KEY = 'cdk-trino-eks:smokeTest';
  /**
   * CDK context key whose value is part of the run id: change it (`cdk deploy -c cdk-trino-eks:smokeTestRun=2`) to run
   * the smoke test again without changing Trino, for example after fixing something outside the stack.
   */
  public static readonly RERUN_CONTEXT_KEY = 'cdk-trino-eks:smokeTestRun';

  /** Whether the smoke test runs. */
  public readonly enabled: boolean;
  /** Name of the smoke-test pod (`kubectl logs -n <namespace> <podName>`); undefined when disabled. */
  public readonly podName?: string;
  /** One line: what passed, and the first-query and re-run times; undefined when disabled. */
  public readonly result?: string;
  /** Seconds from submitting the first query to its result (a cold start when workers were at zero); undefined when disabled. */
  public readonly coldStartSeconds?: string;
  /** Seconds of the same query re-run right after; undefined when disabled. */
  public readonly warmQuerySeconds?: string;
  /** Seconds the first query waited for a worker, or `unknown`; undefined when disabled. */
  public readonly workerWaitSeconds?: string;

  private readonly trino: TrinoCluster;
  private readonly props: TrinoSmokeTestProps;
  private readonly timeoutSeconds: number;
  private runIdMemo?: string;
  private planMemo?: SmokePlan;
  /** where the pod reads the user name and password: a Kubernetes Secret and its keys */
  private credentialRefs?: { secretName: string; usernameKey: string; passwordKey: string };

  constructor(scope: Construct, id: string, props: TrinoSmokeTestProps) {
    super(scope, id);
    this.trino = props.trino;
    this.props = props;
    const timeout = props.timeout ?? Duration.minutes(12);
    this.timeoutSeconds = validateTimeout(timeout);
    validateProps(props);

    this.enabled = props.enabled ?? String(this.node.tryGetContext(TrinoSmokeTest.ENABLED_CONTEXT_KEY) ?? 'true') !== 'false';
    if (!this.enabled) {
      Annotations.of(this).addInfo(
        `TrinoSmokeTest is off (${props.enabled === false ? 'enabled: false' : `context ${TrinoSmokeTest.ENABLED_CONTEXT_KEY}=false`}): ` +
          'this deployment does not check that Trino answers queries.',
      );
      return;
    }

    const trino = this.trino;
    const creds = props.credentials;
    if (creds?.secret) {
      // synced by the release's SecretProviderClass into its Kubernetes Secret, next to Trino's own secrets
      const user = trino._syncSecret('SMOKE_TEST_USERNAME', creds.secret, creds.usernameKey ?? 'username', 'TrinoSmokeTest credentials');
      const password = trino._syncSecret('SMOKE_TEST_PASSWORD', creds.secret, creds.passwordKey ?? 'password', 'TrinoSmokeTest credentials');
      this.credentialRefs = { secretName: user.secretName, usernameKey: user.key, passwordKey: password.key };
    } else if (creds?.secretName) {
      this.credentialRefs = { secretName: creds.secretName, usernameKey: creds.usernameKey ?? 'username', passwordKey: creds.passwordKey ?? 'password' };
    }
    this.podName = Lazy.string({ produce: () => this.podNameOf(this.runId()) });

    // 1. The pod, after everything that configures Trino (the chart, its service account and policies, the scaler).
    const pod = new eks.KubernetesManifest(this, 'Pod', {
      cluster: trino.cluster,
      manifest: [Lazy.any({ produce: () => this.podManifest(this.runId()) }) as any],
      // a run never updates a pod (a new run is a new resource, see pinLogicalIds); no prune label on its pod
      prune: false,
    });
    pod.node.addDependency(trino);

    // 2. CloudFormation waits until the pod has ended: its termination message is empty until then.
    const value = new eks.KubernetesObjectValue(this, 'Verdict', {
      cluster: trino.cluster,
      objectType: 'pod',
      objectName: this.podName,
      objectNamespace: trino.namespace,
      jsonPath: '.status.containerStatuses[0].state.terminated.message',
      timeout: Duration.seconds(this.timeoutSeconds),
    });
    value.node.addDependency(pod);

    // 3. The verdict: passes `OK`, fails the deployment with the pod's message otherwise.
    const check = new CustomResource(this, 'Check', {
      serviceToken: verdictProvider(this).serviceToken,
      resourceType: 'Custom::TrinoSmokeTest',
      properties: {
        Result: value.value,
        Pod: this.podName,
        Namespace: trino.namespace,
        RunId: Lazy.string({ produce: () => this.runId() }),
      },
    });
    this.result = check.getAttString('Summary');
    this.coldStartSeconds = check.getAttString('ColdStartSeconds');
    this.warmQuerySeconds = check.getAttString('WarmQuerySeconds');
    this.workerWaitSeconds = check.getAttString('WorkerWaitSeconds');

    new CfnOutput(this, 'Result', {
      value: this.result,
      description: `Trino smoke test: what passed, the first query and its re-run (kubectl logs -n ${trino.namespace} ${this.podName})`,
    });
    new CfnOutput(this, 'ColdStartSeconds', {
      value: this.coldStartSeconds,
      description: 'Trino smoke test: seconds from submitting the first query to its result (from zero workers: a cold start)',
    });
    new CfnOutput(this, 'WarmQuerySeconds', {
      value: this.warmQuerySeconds,
      description: 'Trino smoke test: seconds of the same query re-run right after',
    });

    // Each run is a new pod, value and verdict: logical ids carry the run id (set once the configuration is final).
    const resources = [pod, value, check].map(cfnResourceOf);
    Aspects.of(this).add(new RunIdLogicalIds(this, resources, () => this.runId()), { priority: AspectPriority.MUTATING });

    this.node.addValidation({ validate: () => this.problems() });
  }

  /** What the test runs, from the cluster's final chart values. */
  private plan(): SmokePlan {
    this.planMemo ??= smokePlan(this.trino, this.props.catalogs);
    return this.planMemo;
  }

  /** Synth errors: a cluster that can never run a worker, catalogs that do not exist, credentials that do not fit. */
  private problems(): string[] {
    const plan = this.plan();
    const trino = this.trino;
    const errors: string[] = [];
    if (!plan.workerDeployment) {
      errors.push(
        `TrinoSmokeTest: TrinoCluster '${trino.node.path}' can never have a worker (\`minWorkers\` 0 and no autoscaler: ` +
          'the chart renders no worker Deployment), so every query would wait ' +
          '`query-manager.required-workers-max-wait` and fail. Add a TrinoKedaScaler, set minWorkers to 1 or more, or ' +
          'turn the smoke test off (`enabled: false`).',
      );
    }
    if (plan.unknownCatalogs.length > 0) {
      errors.push(
        `TrinoSmokeTest: \`catalogs\` names ${plan.unknownCatalogs.map((c) => `'${c}'`).join(', ')}, which TrinoCluster ` +
          `'${trino.node.path}' does not configure. Its catalogs: ${plan.rendered.map((c) => c.name).join(', ') || '(none)'}.`,
      );
    }
    if (!plan.tpchCatalog) {
      errors.push(
        `TrinoSmokeTest: TrinoCluster '${trino.node.path}' has no tpch catalog for the known-answer query (the tpch ` +
          'connector generates its rows on the workers: no storage, no IAM). Add `new TpchCatalog()` to its catalogs.',
      );
    }
    const auth = plan.access.authenticationType;
    if (auth && !this.props.credentials) {
      errors.push(
        `TrinoSmokeTest: the coordinator of '${trino.node.path}' requires authentication (server.config.authenticationType ` +
          `'${auth}'): give \`credentials\` (a Secrets Manager secret or a Kubernetes Secret with a user name and password).`,
      );
    }
    const secureHop = plan.access.scheme === 'https' || plan.access.forwardedHttps;
    if (this.props.credentials && (!auth || !secureHop)) {
      errors.push(
        `TrinoSmokeTest: \`credentials\` need a coordinator with password authentication over HTTPS, but '${trino.node.path}' ` +
          `has ${auth ? `authentication '${auth}' without server.config.https.enabled or an \`endpoint\`` : 'no authentication'}: ` +
          'Trino checks a password only on a secure request (HTTPS, or X-Forwarded-Proto: https behind the endpoint). ' +
          'Remove `credentials` or enable both.',
      );
    } else if (this.props.credentials && auth && !auth.split(',').some((t) => t.trim().toUpperCase() === 'PASSWORD')) {
      errors.push(
        `TrinoSmokeTest: \`credentials\` hold a user name and password, but the coordinator of '${trino.node.path}' ` +
          `authenticates with '${auth}' only. Use password authentication, or turn the smoke test off (\`enabled: false\`).`,
      );
    }
    return errors;
  }

  /** A hash of everything the run tests: the final chart values, the Trino role's policy, the pod, and the rerun key. */
  private runId(): string {
    if (this.runIdMemo) return this.runIdMemo;
    const stack = Stack.of(this);
    const trino = this.trino;
    const policy = trino.serviceAccount.role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
    const material = stack.resolve({
      values: trino._renderValues(),
      chart: [trino.chartVersion, trino.releaseName, trino.namespace],
      policy: policy?.document,
      pod: this.podManifest('RUN_ID'),
      rerun: this.node.tryGetContext(TrinoSmokeTest.RERUN_CONTEXT_KEY) ?? null,
      path: this.node.path,
    });
    this.runIdMemo = createHash('sha256').update(JSON.stringify(material)).digest('hex').slice(0, 10);
    return this.runIdMemo;
  }

  private podNameOf(runId: string): string {
    const suffix = `-smoke-${runId}`;
    const base = this.plan().access.serviceName.slice(0, 63 - suffix.length).replace(/-+$/, '');
    return `${base}${suffix}`;
  }

  /** The smoke-test pod for a run id. */
  private podManifest(runId: string): any {
    const plan = this.plan();
    const access = plan.access;
    const trino = this.trino;
    const props = this.props;
    const byCheck = (check: string) => plan.checks.filter((c) => c.check === check).map((c) => c.name).join(' ');
    const env: any[] = [
      { name: 'TRINO_SERVER', value: `${access.scheme}://${access.serviceName}.${trino.namespace}.svc.cluster.local:${access.port}` },
      { name: 'RUN_ID', value: runId },
      { name: 'BUDGET_SECONDS', value: String(this.timeoutSeconds - SCRIPT_MARGIN) },
      { name: 'TPCH_CATALOG', value: plan.tpchCatalog ?? '' },
      { name: 'EXPECT_CATALOGS', value: plan.checks.map((c) => c.name).join(' ') },
      { name: 'READ_CATALOGS', value: byCheck('read') },
      { name: 'WRITE_CATALOGS', value: byCheck('write') },
      { name: 'RETRY_POLICY', value: plan.retryPolicy ?? '' },
      { name: 'SCRATCH_SCHEMA', value: props.scratchSchema ?? '' },
      { name: 'HOME', value: '/tmp' },
      { name: 'TMPDIR', value: '/tmp' },
    ];
    const creds = this.credentialRefs;
    if (creds) {
      const ref = (key: string) => ({ valueFrom: { secretKeyRef: { name: creds.secretName, key } } });
      env.push({ name: 'TRINO_USER', ...ref(creds.usernameKey) });
      env.push({ name: 'TRINO_PASSWORD', ...ref(creds.passwordKey) });
    } else {
      env.push({ name: 'TRINO_USER', value: props.user ?? DEFAULT_USER });
    }
    if (access.scheme === 'https') env.push({ name: 'TRINO_INSECURE', value: 'true' });
    // behind the TLS endpoint: plain HTTP inside the cluster, marked as forwarded from HTTPS so the password is checked
    if (creds && access.scheme === 'http' && access.forwardedHttps) env.push({ name: 'TRINO_FORWARDED_PROTO', value: 'https' });
    const setEnv = env.filter((e) => e.value !== '');

    // Labels no Service, PodDisruptionBudget or anti-affinity of the chart selects (they all name a component);
    // with the chart's or the library's NetworkPolicy on, the labels it admits.
    const labels: { [key: string]: string } = access.networkPolicy
      ? { ...access.networkPolicyLabels }
      : { 'app.kubernetes.io/name': 'trino-smoke-test', 'app.kubernetes.io/instance': trino.releaseName };
    Object.assign(labels, {
      'app.kubernetes.io/component': 'smoke-test',
      'app.kubernetes.io/part-of': 'trino',
      'app.kubernetes.io/managed-by': 'cdk-trino-eks',
    });
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: this.podNameOf(runId), namespace: trino.namespace, labels },
      spec: {
        restartPolicy: 'Never',
        activeDeadlineSeconds: this.timeoutSeconds - POD_DEADLINE_MARGIN,
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 1000,
          runAsGroup: 1000,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        ...(access.imagePullSecrets.length > 0 ? { imagePullSecrets: access.imagePullSecrets } : {}),
        containers: [
          {
            name: 'smoke-test',
            image: access.image,
            imagePullPolicy: access.imagePullPolicy,
            command: ['bash', '-c', SMOKE_TEST_SCRIPT],
            env: setEnv,
            resources: { requests: { cpu: '250m', memory: '768Mi' }, limits: { memory: '768Mi' } },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
            // the script writes its verdict here; if it dies without one, the end of its log takes its place
            terminationMessagePolicy: 'FallbackToLogsOnError',
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          },
        ],
        volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
      },
    };
  }
}

/** Appends the run id to the logical ids of a run's resources, once the app's configuration is final. */
class RunIdLogicalIds implements IAspect {
  private done = false;
  constructor(
    private readonly owner: IConstruct,
    private readonly resources: CfnResource[],
    private readonly runId: () => string,
  ) {}

  public visit(node: IConstruct): void {
    if (node !== this.owner || this.done) return;
    this.done = true;
    const stack = Stack.of(node);
    const suffix = this.runId().toUpperCase();
    for (const r of this.resources) r.overrideLogicalId(`${stack.getLogicalId(r)}${suffix}`);
  }
}

/** The CloudFormation resource of an L2 (a KubernetesObjectValue keeps its CustomResource as the child `Resource`). */
function cfnResourceOf(c: IConstruct): CfnResource {
  let cur: IConstruct | undefined = c;
  while (cur && !CfnResource.isCfnResource(cur)) cur = cur.node.defaultChild ?? cur.node.tryFindChild('Resource');
  if (!cur) throw new Error(`no CloudFormation resource under ${c.node.path}: report this to cdk-trino-eks`);
  return cur as CfnResource;
}

function validateTimeout(timeout: Duration): number {
  const ms = timeout.toMilliseconds();
  if (Token.isUnresolved(ms)) {
    throw new Error('`timeout` must be a literal Duration: it sizes the pod\'s deadline and the script\'s budget at synth.');
  }
  if (ms % 1000 !== 0 || ms / 1000 < MIN_TIMEOUT_SECONDS || ms / 1000 > MAX_TIMEOUT_SECONDS) {
    throw new Error(
      `Invalid \`timeout\` ${timeout.toHumanString()} (${ms / 1000} s): use whole seconds between ${MIN_TIMEOUT_SECONDS / 60} and ` +
        `${MAX_TIMEOUT_SECONDS / 60} minutes (the kubectl provider's Lambda function, which waits for the pod, stops after 15).`,
    );
  }
  return ms / 1000;
}

function validateProps(props: TrinoSmokeTestProps) {
  const identifier = /^[a-z][a-z0-9_]{0,62}$/;
  for (const c of props.catalogs ?? []) {
    if (!Token.isUnresolved(c) && !identifier.test(c)) {
      throw new Error(`Invalid catalog ${JSON.stringify(c)} in \`catalogs\`: use a catalog name (a lowercase letter, then lowercase letters, digits or underscores).`);
    }
  }
  if (props.catalogs && props.catalogs.length === 0) {
    throw new Error('`catalogs` is empty: list at least one catalog, or leave it out to check every catalog.');
  }
  const schema = props.scratchSchema;
  if (schema !== undefined && !Token.isUnresolved(schema) && !/^[a-z0-9_]{1,255}$/.test(schema)) {
    throw new Error(
      `Invalid \`scratchSchema\` ${JSON.stringify(schema)}: use 1–255 lowercase letters, digits or underscores (a Glue database name).`,
    );
  }
  const user = props.user;
  if (user !== undefined && !Token.isUnresolved(user) && !/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/.test(user)) {
    throw new Error(`Invalid \`user\` ${JSON.stringify(user)}: use letters, digits, '.', '_', '@' or '-', starting with a letter or digit.`);
  }
  if (user !== undefined && props.credentials) {
    throw new Error('Give either `user` or `credentials`: with credentials the user name comes from the Secret.');
  }
  const creds = props.credentials;
  if (creds) {
    if ((creds.secret === undefined) === (creds.secretName === undefined)) {
      throw new Error(
        '`credentials`: give either `secret` (a Secrets Manager secret with the user name and password) or `secretName` ' +
          '(a Kubernetes Secret in the Trino namespace).',
      );
    }
    if (creds.secretName !== undefined && !Token.isUnresolved(creds.secretName) && !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(creds.secretName)) {
      throw new Error(`Invalid \`credentials.secretName\` ${JSON.stringify(creds.secretName)}: use a Kubernetes Secret name (lowercase RFC 1123 subdomain).`);
    }
    for (const [prop, key] of [['usernameKey', creds.usernameKey], ['passwordKey', creds.passwordKey]] as const) {
      if (key !== undefined && !Token.isUnresolved(key) && !/^[-._a-zA-Z0-9]{1,253}$/.test(key)) {
        throw new Error(`Invalid \`credentials.${prop}\` ${JSON.stringify(key)}: use a Secret key (letters, digits, '-', '_' or '.').`);
      }
    }
  }
}
